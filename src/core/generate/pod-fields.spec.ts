import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../model/errors.js';
import { PodBuilder } from '../compose/pod-builder.js';
import { resolveTarget } from '../compose/target.js';
import type { AppDto } from '../request/app.js';
import { composeBundle, type RequestBody as BundleRequest } from '../../../test/support/validated.js';

const APP: AppDto = { name: 'web', image: 'ghcr.io/acme/web:1.0.0', ports: [{ name: 'http', containerPort: 8080 }] };

/** The field errors of a request composeBundle refuses. */
function refused(request: BundleRequest) {
  try {
    composeBundle(request);
  } catch (error) {
    if (error instanceof InvalidRequestError) return error.errors;
    throw error;
  }
  throw new Error('the request was not refused');
}
const podSpec = (request: BundleRequest) =>
  (composeBundle(request).manifests.find((o) => o.kind === 'Deployment') as any).spec.template.spec;

describe('scheduling fields', () => {
  it('are refused at their pointers where the API server would refuse them', () => {
    const errors = refused({
      app: {
        ...APP,
        tolerations: [
          { key: 'a', operator: 'Exists', value: 'x' },
          { value: 'x' },
          { key: 'b', effect: 'NoSchedule', tolerationSeconds: 5 },
        ],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }],
            },
          },
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                topologyKey: 'kubernetes.io/hostname',
                labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] },
              },
            ],
          },
        },
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 },
        ],
      },
    });
    expect(errors.map((e) => e.pointer)).toEqual([
      '/app/tolerations/0/value',
      '/app/tolerations/1/operator',
      '/app/tolerations/2/tolerationSeconds',
      '/app/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/values',
      '/app/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/labelSelector/matchExpressions/0/values',
      '/app/topologySpreadConstraints/0/minDomains',
    ]);
    for (const e of errors) expect(e.detail).toMatch(/;|needs|takes/);
  });

  it('refuses matchLabelKeys the API server would refuse, and a repeated spread, at their pointers', () => {
    const selector = { matchLabels: { 'app.kubernetes.io/name': 'web' } };
    const errors = refused({
      app: {
        ...APP,
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 10,
                podAffinityTerm: {
                  topologyKey: 'zone',
                  labelSelector: selector,
                  matchLabelKeys: ['app.kubernetes.io/name'],
                },
              },
            ],
          },
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { topologyKey: 'kubernetes.io/hostname', mismatchLabelKeys: ['tenant'] },
              {
                topologyKey: 'kubernetes.io/hostname',
                labelSelector: selector,
                matchLabelKeys: ['pod-template-hash', 'tenant'],
                mismatchLabelKeys: ['tenant'],
              },
            ],
          },
        },
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
          { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector },
          {
            maxSkew: 3,
            topologyKey: 'zone',
            whenUnsatisfiable: 'ScheduleAnyway',
            matchLabelKeys: ['pod-template-hash'],
          },
        ],
      },
    });
    expect(errors).toEqual([
      {
        pointer:
          '/app/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm/matchLabelKeys/0',
        detail:
          '"app.kubernetes.io/name" is in both matchLabelKeys and labelSelector, which the API server refuses (matchLabelKeys adds the key to the selector itself); remove it from one of them',
      },
      {
        pointer: '/app/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/mismatchLabelKeys',
        detail:
          'mismatchLabelKeys is only allowed beside a labelSelector (the API server refuses it alone): add a labelSelector, or remove mismatchLabelKeys',
      },
      {
        pointer: '/app/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/1/matchLabelKeys/1',
        detail:
          '"tenant" is in both matchLabelKeys and mismatchLabelKeys (a pod cannot both share and differ in it); remove it from one of them',
      },
      {
        pointer: '/app/topologySpreadConstraints/2/matchLabelKeys',
        detail:
          'matchLabelKeys is only allowed beside a labelSelector (the API server refuses it alone): add a labelSelector, or remove matchLabelKeys',
      },
      {
        pointer: '/app/topologySpreadConstraints/2/topologyKey',
        detail:
          'topologyKey "zone" with whenUnsatisfiable "ScheduleAnyway" is already constrained by topologySpreadConstraints[0]; merge the two, or use another topologyKey',
      },
    ]);
  });

  it('accepts matchLabelKeys apart from the selector and one spread per topologyKey and whenUnsatisfiable', () => {
    const selector = { matchLabels: { 'app.kubernetes.io/name': 'web' } };
    const spec = podSpec({
      app: {
        ...APP,
        replicas: 3,
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { topologyKey: 'kubernetes.io/hostname', labelSelector: selector, matchLabelKeys: ['pod-template-hash'] },
            ],
          },
        },
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
          {
            maxSkew: 1,
            topologyKey: 'zone',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: selector,
            matchLabelKeys: ['pod-template-hash'],
          },
        ],
      },
    });
    expect(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys).toEqual([
      'pod-template-hash',
    ]);
    expect(spec.topologySpreadConstraints.map((c: any) => c.whenUnsatisfiable)).toEqual([
      'ScheduleAnyway',
      'DoNotSchedule',
    ]);
  });

  it('land in the pod spec as given, and nothing when not given', () => {
    const spec = podSpec({
      app: { ...APP, imagePullSecrets: [{ name: 'regcred' }], priorityClassName: 'high', nodeSelector: { a: 'b' } },
    });
    expect(spec).toMatchObject({
      imagePullSecrets: [{ name: 'regcred' }],
      priorityClassName: 'high',
      nodeSelector: { a: 'b' },
    });
    const bare = podSpec({ app: APP });
    for (const key of [
      'imagePullSecrets',
      'nodeSelector',
      'tolerations',
      'affinity',
      'topologySpreadConstraints',
      'priorityClassName',
    ])
      expect(bare).not.toHaveProperty(key);
  });
});

describe('app.volumes', () => {
  it('refuses a name or path the app already has, saying what it clashes with', () => {
    const errors = refused({
      app: {
        ...APP,
        workload: 'StatefulSet',
        storage: { mountPath: '/data', size: '1Gi' },
        secretMounts: [{ secretName: 'keys', mountPath: '/etc/keys' }],
        volumes: [
          { name: 'data', mountPath: '/cache', emptyDir: {} },
          { name: 'keys', mountPath: '/etc/keys', emptyDir: {} },
          { name: 'scratch', mountPath: '/tmp', emptyDir: {} },
        ],
      },
    });
    expect(errors).toEqual([
      { pointer: '/app/volumes/0/name', detail: expect.stringContaining('is the volume of app.storage') },
      {
        pointer: '/app/volumes/1/mountPath',
        detail: expect.stringContaining('(app.secretMounts); choose another mountPath'),
      },
      { pointer: '/app/volumes/2/mountPath', detail: expect.stringContaining('the writable /tmp') },
    ]);
  });

  it("keeps the names the builder makes for the app's own volumes clear of them", () => {
    // "web-tmp" is the name /tmp's emptyDir would get
    const spec = podSpec({ app: { ...APP, volumes: [{ name: 'web-tmp', mountPath: '/srv/tmp', emptyDir: {} }] } });
    const names = spec.volumes.map((v: { name: string }) => v.name);
    expect(names).toContain('web-tmp');
    expect(new Set(names).size).toBe(names.length);
    expect(spec.containers[0].volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/tmp').name).not.toBe(
      'web-tmp',
    );
  });

  it('is mounted into a custom sidecar that names it, and a helper volume of the same name is refused at the app volume', () => {
    const spec = podSpec({
      app: {
        ...APP,
        volumes: [{ name: 'shared', mountPath: '/srv/shared', persistentVolumeClaim: { claimName: 'c' } }],
      },
      sidecars: [
        { preset: 'custom', name: 'tool', image: 'busybox:1.36', mounts: [{ volume: 'shared', mountPath: '/in' }] },
      ],
    });
    const tool = [...(spec.initContainers ?? []), ...spec.containers].find((c: { name: string }) => c.name === 'tool');
    expect(tool.volumeMounts).toEqual([{ name: 'shared', mountPath: '/in' }]);
    expect(spec.volumes.filter((v: { name: string }) => v.name === 'shared')).toEqual([
      { name: 'shared', persistentVolumeClaim: { claimName: 'c' } },
    ]);
    // a helper's own volume goes round the app's name ("logs-config" is what its config volume is called)
    const withHelper = podSpec({
      app: { ...APP, volumes: [{ name: 'logs-config', mountPath: '/srv/x', emptyDir: {} }] },
      sidecars: [{ preset: 'log-forwarder', name: 'logs', logDir: '/var/log/web', output: { type: 'stdout' } }],
    });
    const names = withHelper.volumes.map((v: { name: string }) => v.name);
    expect(names.filter((n: string) => n === 'logs-config')).toHaveLength(1);
    expect(names.some((n: string) => n.startsWith('logs-config-'))).toBe(true);
  });

  it('a helper adding a volume under a name the request gave is refused at the app volume', () => {
    const pod = new PodBuilder('web', undefined, resolveTarget({}), { name: 'web', image: 'x' });
    pod.reserveVolumeName('cache', '/app/volumes/0/name');
    pod.addVolume({ name: 'cache', emptyDir: {} });
    expect(() =>
      pod.ownedBy({ kind: 'sidecar', name: 'tool', preset: 'custom' }, () =>
        pod.addVolume({ name: 'cache', emptyDir: {} }),
      ),
    ).toThrow(
      expect.objectContaining({
        errors: [
          {
            pointer: '/app/volumes/0/name',
            detail: 'sidecar "tool" adds a volume of its own named "cache"; give the app\'s volume another name',
          },
        ],
      }),
    );
  });
});
