import { describe, expect, it } from 'vitest';
import type { PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import type { TargetDto } from '../../request/target.js';
import { presetParamSchema } from '../param-schema.js';
import { customSidecarPreset } from './custom.preset.js';
import { invalidRequestOf } from '../../../../test/support/request-errors.js';
import {
  containerNamed,
  podSpecOf,
  restrictedProblems,
  schemaProblems,
} from '../../../../test/support/pod-template.js';
import { composeBundle } from '../../../../test/support/validated.js';

const request = (
  sidecar: Partial<PresetItem> = {},
  target: TargetDto = { kubernetesVersion: '1.33' },
): BundleRequest => ({
  app: { name: 'reports', image: 'ghcr.io/acme/reports:3.0.1', ports: [{ name: 'http', containerPort: 8080 }] },
  sidecars: [{ preset: 'custom', name: 'uploader', image: 'ghcr.io/acme/uploader:2.1.0', ...sidecar }],
  target,
});
/** Puts a log-forwarder "logs" first, sharing the app's /var/log/reports (volume logs-logs). */
const withLogForwarder = (req: BundleRequest) =>
  req.sidecars!.unshift({
    preset: 'log-forwarder',
    name: 'logs',
    logDir: '/var/log/reports',
    output: { type: 'stdout' },
  });
const failure = (req: BundleRequest) => invalidRequestOf(() => composeBundle(req));
const uploader = (req: BundleRequest) => containerNamed(podSpecOf(composeBundle(req)), 'uploader');

describe('custom sidecar preset', () => {
  it('runs the given image, command, args, env and ports', () => {
    const c = uploader(
      request({
        command: ['/bin/uploader'],
        args: ['--watch', '/data/out'],
        env: [
          { name: 'BUCKET', value: 'reports' },
          { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'uploader', key: 'token' } } },
          { name: 'REGION', valueFrom: { configMapKeyRef: { name: 'cloud', key: 'region', optional: true } } },
        ],
        ports: [
          { name: 'metrics', containerPort: 9400 },
          { containerPort: 9401, protocol: 'UDP' },
        ],
      }),
    );
    expect(c.image).toBe('ghcr.io/acme/uploader:2.1.0');
    expect(c.command).toEqual(['/bin/uploader']);
    expect(c.args).toEqual(['--watch', '/data/out']);
    expect(c.env).toEqual([
      { name: 'BUCKET', value: 'reports' },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'uploader', key: 'token' } } },
      { name: 'REGION', valueFrom: { configMapKeyRef: { name: 'cloud', key: 'region', optional: true } } },
    ]);
    expect(c.ports).toEqual([
      { name: 'metrics', containerPort: 9400, protocol: 'TCP' },
      { containerPort: 9401, protocol: 'UDP' },
    ]);
  });

  it('gets the restricted defaults: uid/gid 65534, read-only root, small resources', () => {
    const bundle = composeBundle(request());
    const spec = podSpecOf(bundle);
    const c = containerNamed(spec, 'uploader');
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 65534,
      runAsGroup: 65534,
    });
    expect(c.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } });
    expect(restrictedProblems(spec, ['uploader'])).toEqual([]);
    expect(schemaProblems(bundle.manifests)).toEqual([]);
  });

  it('takes the user, group, resources and writable paths it is given', () => {
    const spec = podSpecOf(
      composeBundle(
        request({
          runAsUser: 1001,
          runAsGroup: 1002,
          writablePaths: ['/tmp', '/var/cache/uploader'],
          resources: { limits: { memory: '512Mi', cpu: '1' } },
        }),
      ),
    );
    const c = containerNamed(spec, 'uploader');
    expect(c.securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1002, readOnlyRootFilesystem: true });
    expect(c.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '512Mi', cpu: '1' } });
    for (const path of ['/tmp', '/var/cache/uploader']) {
      const mount = c.volumeMounts!.find((m) => m.mountPath === path)!;
      expect(mount.readOnly).toBeFalsy();
      expect(spec.volumes!.find((v) => v.name === mount.name)).toEqual({ name: mount.name, emptyDir: {} });
    }
  });

  it('may have a writable root filesystem when asked', () => {
    expect(uploader(request({ readOnlyRootFilesystem: false })).securityContext?.readOnlyRootFilesystem).toBe(false);
  });

  it('refuses root at the restricted level and allows it, without runAsNonRoot, at baseline', () => {
    expect(failure(request({ runAsUser: 0 })).errors[0]).toMatchObject({
      pointer: '/sidecars/0/runAsUser',
      detail: expect.stringContaining('restricted'),
    });
    const c = uploader(request({ runAsUser: 0 }, { kubernetesVersion: '1.33', podSecurity: 'baseline' }));
    expect(c.securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
  });

  it('needs an image', () => {
    const req = request();
    delete req.sidecars![0].image;
    expect(failure(req).errors.map((e) => e.pointer)).toContain('/sidecars/0/image');
    const schema = presetParamSchema(customSidecarPreset);
    expect(schema.required).toEqual(expect.arrayContaining(['preset', 'name', 'image']));
  });

  it('shares an emptyDir with the app when appMountPath is given', () => {
    const spec = podSpecOf(
      composeBundle(
        request({
          mounts: [{ volume: 'outbox', mountPath: '/data/out', readOnly: true, appMountPath: '/var/reports' }],
        }),
      ),
    );
    const appMount = containerNamed(spec, 'reports').volumeMounts!.find((m) => m.mountPath === '/var/reports')!;
    expect(appMount).toEqual({ name: 'outbox', mountPath: '/var/reports' });
    expect(containerNamed(spec, 'uploader').volumeMounts).toContainEqual({
      name: 'outbox',
      mountPath: '/data/out',
      readOnly: true,
    });
    expect(spec.volumes).toContainEqual({ name: 'outbox', emptyDir: {} });
  });

  it("reuses the app's volume at appMountPath, e.g. the log directory another sidecar shares", () => {
    const req = request({
      mounts: [{ volume: 'logs-copy', mountPath: '/logs', readOnly: true, appMountPath: '/var/log/reports' }],
    });
    withLogForwarder(req);
    const spec = podSpecOf(composeBundle(req));
    const shared = containerNamed(spec, 'reports').volumeMounts!.filter((m) => m.mountPath === '/var/log/reports');
    expect(shared).toHaveLength(1);
    expect(containerNamed(spec, 'uploader').volumeMounts).toContainEqual({
      name: shared[0].name,
      mountPath: '/logs',
      readOnly: true,
    });
    expect(containerNamed(spec, 'logs').volumeMounts!.some((m) => m.name === shared[0].name)).toBe(true);
    expect(spec.volumes!.some((v) => v.name === 'logs-copy')).toBe(false);
  });

  it("takes the app's volume at appMountPath even when the named volume exists elsewhere in the pod", () => {
    const req = request({
      mounts: [
        { volume: 'outbox', mountPath: '/data/out', appMountPath: '/var/reports' },
        { volume: 'outbox', mountPath: '/logs', readOnly: true, appMountPath: '/var/log/reports' },
      ],
    });
    withLogForwarder(req);
    const spec = podSpecOf(composeBundle(req));
    expect(containerNamed(spec, 'uploader').volumeMounts).toEqual([
      { name: 'outbox', mountPath: '/data/out' },
      { name: 'logs-logs', mountPath: '/logs', readOnly: true },
    ]);
    expect(containerNamed(spec, 'reports').volumeMounts).toEqual([
      { name: 'reports-tmp', mountPath: '/tmp' },
      { name: 'logs-logs', mountPath: '/var/log/reports' },
      { name: 'outbox', mountPath: '/var/reports' },
    ]);
  });

  it('mounts a volume by name without the app: an emptyDir shared between helpers', () => {
    const req = request({ mounts: [{ volume: 'scratch', mountPath: '/work' }] });
    req.sidecars!.push({
      preset: 'custom',
      name: 'compactor',
      image: 'ghcr.io/acme/compactor:1.0.0',
      mounts: [{ volume: 'scratch', mountPath: '/in', readOnly: true }],
    });
    const spec = podSpecOf(composeBundle(req));
    expect(spec.volumes!.filter((v) => v.name === 'scratch')).toEqual([{ name: 'scratch', emptyDir: {} }]);
    expect(containerNamed(spec, 'compactor').volumeMounts).toContainEqual({
      name: 'scratch',
      mountPath: '/in',
      readOnly: true,
    });
    expect(containerNamed(spec, 'reports').volumeMounts!.some((m) => m.name === 'scratch')).toBe(false);
  });

  it('shares a volume another helper owns with the app at appMountPath', () => {
    const req = request({
      mounts: [{ volume: 'content-repo', mountPath: '/index/source', readOnly: true, appMountPath: '/srv/extra' }],
    });
    req.sidecars!.unshift({
      preset: 'git-sync',
      name: 'content',
      repo: 'https://github.com/acme/docs.git',
      mountPath: '/srv/docs',
    });
    const spec = podSpecOf(composeBundle(req));
    const repoVolume = containerNamed(spec, 'reports').volumeMounts!.find((m) => m.mountPath === '/srv/docs')!.name;
    expect(repoVolume).toBe('content-repo');
    expect(containerNamed(spec, 'reports').volumeMounts).toContainEqual({
      name: 'content-repo',
      mountPath: '/srv/extra',
    });
    expect(containerNamed(spec, 'uploader').volumeMounts).toContainEqual({
      name: 'content-repo',
      mountPath: '/index/source',
      readOnly: true,
    });
    expect(spec.volumes!.filter((v) => v.name === 'content-repo')).toHaveLength(1);
  });

  it("mounts the StatefulSet's claim by its name without adding a pod volume", () => {
    const req = request({ mounts: [{ volume: 'data', mountPath: '/backup/source', readOnly: true }] });
    req.app.workload = 'StatefulSet';
    req.app.storage = { mountPath: '/var/lib/reports', size: '1Gi' };
    const bundle = composeBundle(req);
    const spec = podSpecOf(bundle);
    expect(containerNamed(spec, 'uploader').volumeMounts).toContainEqual({
      name: 'data',
      mountPath: '/backup/source',
      readOnly: true,
    });
    expect((spec.volumes ?? []).some((v) => v.name === 'data')).toBe(false);
    expect(schemaProblems(bundle.manifests)).toEqual([]);
  });

  it('passes probes through and checks that a named probe port is its own', () => {
    const c = uploader(
      request({
        ports: [{ name: 'health', containerPort: 8081 }],
        probes: {
          readiness: { httpGet: { path: '/ready', port: 'health' }, periodSeconds: 5 },
          liveness: { exec: { command: ['/bin/check'] } },
        },
      }),
    );
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'health' }, periodSeconds: 5 });
    expect(c.livenessProbe).toEqual({ exec: { command: ['/bin/check'] } });

    const err = failure(request({ probes: { readiness: { httpGet: { path: '/', port: 'http' } } } }));
    expect(err.errors[0]).toMatchObject({
      pointer: '/sidecars/0/probes/readiness/httpGet/port',
      detail: expect.stringContaining('"http"'),
    });
  });

  it('places a startup probe on the native sidecar at 1.33 and on the container at 1.28', () => {
    const probes = { startup: { tcpSocket: { port: 9000 }, failureThreshold: 30 } };
    const ports = [{ containerPort: 9000 }];
    for (const kubernetesVersion of ['1.28', '1.33']) {
      const spec = podSpecOf(composeBundle(request({ probes, ports }, { kubernetesVersion })));
      const c = containerNamed(spec, 'uploader');
      expect(c.startupProbe).toEqual({ tcpSocket: { port: 9000 }, failureThreshold: 30 });
      expect(c.restartPolicy).toBe(kubernetesVersion === '1.33' ? 'Always' : undefined);
    }
  });

  it.each([
    [{ image: 'has space:1' }, '/sidecars/0/image'],
    [{ runAsUser: -1 }, '/sidecars/0/runAsUser'],
    [{ env: [{ name: 'A', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }, '/sidecars/0/env/0'],
    [{ env: [{ name: 'A' }] }, '/sidecars/0/env/0'],
    [{ env: [{ name: 'A', valueFrom: {} }] }, '/sidecars/0/env/0/valueFrom'],
    [
      {
        env: [
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
        ],
      },
      '/sidecars/0/env/1/name',
    ],
    [
      { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'Bad_Name', key: 'k' } } }] },
      '/sidecars/0/env/0/valueFrom/secretKeyRef/name',
    ],
    [{ ports: [{ containerPort: 70000 }] }, '/sidecars/0/ports/0/containerPort'],
    [{ ports: [{ name: 'way-too-long-port-name', containerPort: 9000 }] }, '/sidecars/0/ports/0/name'],
    [{ ports: [{ containerPort: 9000 }, { containerPort: 9000 }] }, '/sidecars/0/ports/1/containerPort'],
    [
      { ports: [{ containerPort: 9000 }, { name: 'm', containerPort: 9001 }, { name: 'm', containerPort: 9002 }] },
      '/sidecars/0/ports/2/name',
    ],
    [{ ports: [{ containerPort: 8080 }] }, '/sidecars/0/ports/0/containerPort'],
    [{ mounts: [{ volume: 'Data', mountPath: '/d' }] }, '/sidecars/0/mounts/0/volume'],
    [{ mounts: [{ volume: 'd', mountPath: 'relative' }] }, '/sidecars/0/mounts/0/mountPath'],
    [
      {
        mounts: [
          { volume: 'a', mountPath: '/d' },
          { volume: 'b', mountPath: '/d' },
        ],
      },
      '/sidecars/0/mounts/1/mountPath',
    ],
    [{ mounts: [{ volume: 'a', mountPath: '/d' }], writablePaths: ['/tmp', '/d'] }, '/sidecars/0/writablePaths/1'],
    [{ mounts: [{ volume: 'other', mountPath: '/d', appMountPath: 'var/out' }] }, '/sidecars/0/mounts/0/appMountPath'],
    [{ probes: { liveness: { httpGet: { port: 9000 }, exec: { command: ['x'] } } } }, '/sidecars/0/probes/liveness'],
    [{ probes: { liveness: {} } }, '/sidecars/0/probes/liveness'],
    [{ probes: { liveness: { tcpSocket: { port: 0 } } } }, '/sidecars/0/probes/liveness/tcpSocket/port'],
    [{ volumes: [] }, '/sidecars/0/volumes'],
  ])('rejects %j with a pointer to the field', (params, pointer) => {
    expect(failure(request(params)).errors.map((e) => e.pointer)).toContain(pointer);
  });

  it('refuses a port the app listens on, naming the app', () => {
    expect(failure(request({ ports: [{ containerPort: 8080 }] })).errors[0].detail).toContain('"reports"');
  });

  it('documents its nested lists and port references (a number or a name) in its parameter schema', () => {
    const schema = presetParamSchema(customSidecarPreset) as {
      properties: Record<string, unknown>;
      $defs: Record<string, { properties: Record<string, unknown> }>;
    };
    for (const [field, item] of [
      ['env', 'CustomEnvVar'],
      ['ports', 'CustomPort'],
      ['mounts', 'CustomMount'],
    ]) {
      expect(schema.properties[field]).toMatchObject({ type: 'array', items: { $ref: `#/$defs/${item}` } });
      expect(schema.$defs[item]).toBeDefined();
    }
    expect(schema.$defs.HttpGet.properties.port).toEqual({
      description: 'port number or port name',
      example: 'http',
      oneOf: [
        { type: 'integer', minimum: 1, maximum: 65535 },
        { type: 'string', pattern: '^(?=.*[a-z])(?!.*--)[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$' },
      ],
    });
  });
});

// The messages and edge values of the custom sidecar, each asserted whole.
describe('custom sidecar preset: messages and edge values', () => {
  it.each([
    [
      {
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
          { name: 'A', value: '3' },
        ],
      },
      { pointer: '/sidecars/0/env/2/name', detail: 'env var A is set twice' },
    ],
    [
      { ports: [{ name: 'm', containerPort: 9001 }, { containerPort: 9002 }, { name: 'm', containerPort: 9003 }] },
      { pointer: '/sidecars/0/ports/2/name', detail: 'port name "m" is used twice' },
    ],
    [
      { ports: [{ containerPort: 9001 }, { containerPort: 9002 }, { containerPort: 9001, protocol: 'TCP' }] },
      { pointer: '/sidecars/0/ports/2/containerPort', detail: 'port 9001/TCP is declared twice' },
    ],
    [
      { mounts: [{ volume: 'a', mountPath: '/d' }], writablePaths: ['/d'] },
      { pointer: '/sidecars/0/writablePaths/0', detail: '/d is mounted twice' },
    ],
    [{ env: [{ name: 'A' }] }, { pointer: '/sidecars/0/env/0', detail: 'give exactly one of value or valueFrom' }],
    [
      {
        env: [
          { name: 'A', value: '1' },
          { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' }, configMapKeyRef: { name: 'c', key: 'k' } } },
        ],
      },
      { pointer: '/sidecars/0/env/1/valueFrom', detail: 'give exactly one of secretKeyRef or configMapKeyRef' },
    ],
    [
      { probes: { liveness: { httpGet: { port: 9000 }, exec: { command: ['x'] } } } },
      {
        pointer: '/sidecars/0/probes/liveness',
        detail: 'a probe needs exactly one of httpGet, tcpSocket or exec (got httpGet, exec)',
      },
    ],
    [
      { probes: { startup: {} } },
      { pointer: '/sidecars/0/probes/startup', detail: 'a probe needs exactly one of httpGet, tcpSocket or exec' },
    ],
    [
      { probes: { liveness: { tcpSocket: { port: 'admin' } } } },
      {
        pointer: '/sidecars/0/probes/liveness/tcpSocket/port',
        detail: `no port named "admin" in this container's ports`,
      },
    ],
    [
      {
        ports: [
          { name: 'health', containerPort: 9001 },
          { containerPort: 9002 },
          { name: 'metrics', containerPort: 9003 },
        ],
        probes: { readiness: { httpGet: { path: '/', port: 'admin' } } },
      },
      {
        pointer: '/sidecars/0/probes/readiness/httpGet/port',
        detail: `no port named "admin" in this container's ports (health, metrics)`,
      },
    ],
  ])('refuses %j, saying what is wrong where', (params, error) => {
    expect(failure(request(params)).errors).toEqual([error]);
  });

  it('takes ports without names, and one number over two protocols', () => {
    const c = uploader(
      request({
        ports: [{ containerPort: 9001 }, { containerPort: 9002 }, { containerPort: 9001, protocol: 'UDP' }],
      }),
    );
    expect(c.ports).toEqual([
      { containerPort: 9001, protocol: 'TCP' },
      { containerPort: 9002, protocol: 'TCP' },
      { containerPort: 9001, protocol: 'UDP' },
    ]);
  });

  it("leaves the image's entrypoint and arguments for empty lists, and keeps an optional false", () => {
    const c = uploader(
      request({
        command: [],
        args: [],
        env: [
          { name: 'A', valueFrom: { configMapKeyRef: { name: 'cloud', key: 'region' } } },
          { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: false } } },
        ],
      }),
    );
    expect(c.command).toBeUndefined();
    expect(c.args).toBeUndefined();
    // toStrictEqual: no optional key at all (not even an undefined one) when the request gives none
    expect(c.env).toStrictEqual([
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'cloud', key: 'region' } } },
      { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: false } } },
    ]);
    expect(c.ports).toBeUndefined();
    expect(c.startupProbe).toBeUndefined();
  });

  it('runs as the given user and group, keeping runAsNonRoot and a read-only root unless told', () => {
    const c = uploader(request({ runAsUser: 1001, runAsGroup: 0, readOnlyRootFilesystem: true }));
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1001,
      runAsGroup: 0,
    });
    const baseline = { kubernetesVersion: '1.33', podSecurity: 'baseline' } as const;
    expect(uploader(request({ runAsUser: 1001 }, baseline)).securityContext?.runAsNonRoot).toBe(true);
    expect(failure(request({ runAsUser: 0 })).errors).toEqual([
      expect.objectContaining({ pointer: '/sidecars/0/runAsUser' }),
    ]);
  });

  it('mounts a new emptyDir once for a volume name, writable unless readOnly', () => {
    const spec = podSpecOf(
      composeBundle(
        request({
          mounts: [
            { volume: 'scratch', mountPath: '/scratch', readOnly: false },
            { volume: 'scratch', mountPath: '/scratch-again' },
          ],
        }),
      ),
    );
    expect(containerNamed(spec, 'uploader').volumeMounts).toEqual([
      { name: 'scratch', mountPath: '/scratch' },
      { name: 'scratch', mountPath: '/scratch-again' },
    ]);
    expect(spec.volumes!.filter((v) => v.name === 'scratch')).toEqual([{ name: 'scratch', emptyDir: {} }]);
  });

  it("mounts a claim by the storage's own name, and shares the claim with the app at appMountPath", () => {
    const req = request({
      mounts: [
        { volume: 'db', mountPath: '/backup/source', readOnly: true },
        { volume: 'db', mountPath: '/backup/again', appMountPath: '/var/lib/reports-view' },
      ],
    });
    req.app.workload = 'StatefulSet';
    req.app.storage = { name: 'db', mountPath: '/var/lib/reports', size: '1Gi' };
    const bundle = composeBundle(req);
    const spec = podSpecOf(bundle);
    expect(containerNamed(spec, 'uploader').volumeMounts).toEqual([
      { name: 'db', mountPath: '/backup/source', readOnly: true },
      { name: 'db', mountPath: '/backup/again' },
    ]);
    expect(containerNamed(spec, 'reports').volumeMounts!.filter((m) => m.name === 'db')).toEqual([
      { name: 'db', mountPath: '/var/lib/reports' },
      { name: 'db', mountPath: '/var/lib/reports-view' },
    ]);
    expect((spec.volumes ?? []).map((v) => v.name)).not.toContain('db');
    expect(schemaProblems(bundle.manifests)).toEqual([]);
  });
});
