import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { invalidRequestOf } from '../../../test/support/request-errors.js';
import type { TargetDto } from '../request/target.js';
import { configChecksum, PodBuilder, sha256, type HelperSpec } from './pod-builder.js';
import { resolveTarget } from './target.js';

const hex = (text: string) => createHash('sha256').update(text).digest('hex');

function pod(target?: TargetDto): PodBuilder {
  return new PodBuilder('shop', 'web', resolveTarget(target), {
    name: 'shop',
    image: 'shop:1',
    ports: [{ name: 'http', containerPort: 8080 }],
  });
}

const resources = { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } };
const spec = (over: Partial<HelperSpec> = {}): HelperSpec => ({
  item: { preset: 'http-egress', name: 'egress' },
  role: 'ambassador',
  image: 'nginx',
  resources,
  ...over,
});
const probe = (path: string) => ({ httpGet: { path, port: 8080 } });

describe('PodBuilder.addHelper', () => {
  it('a long-running helper on 1.29+ is a native sidecar: restartPolicy Always, with its probes', () => {
    const p = pod({ kubernetesVersion: '1.29' });
    const c = p.addHelper(
      spec({ startupProbe: probe('/s'), readinessProbe: probe('/r'), livenessProbe: probe('/l'), ports: [] }),
    );
    expect(c).toEqual({
      name: 'egress',
      image: 'docker.io/nginxinc/nginx-unprivileged:1.27.4-alpine',
      imagePullPolicy: 'IfNotPresent',
      resources,
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: 101,
        runAsGroup: 101,
      },
      restartPolicy: 'Always',
      startupProbe: probe('/s'),
      readinessProbe: probe('/r'),
      livenessProbe: probe('/l'),
    });
    expect(p.helperSummaries).toEqual([
      { name: 'egress', role: 'ambassador', preset: 'http-egress', placement: 'native-sidecar' },
    ]);
    expect(p.initContainers).toEqual([c]);
    expect(p.regularHelpers).toEqual([]);
  });

  it('before 1.29 (or with nativeSidecars never) the same helper is a regular container, startup probe kept', () => {
    for (const target of [
      { kubernetesVersion: '1.28' },
      { kubernetesVersion: '1.33', nativeSidecars: 'never' as const },
    ]) {
      const p = pod(target);
      const c = p.addHelper(spec({ startupProbe: probe('/s'), readinessProbe: probe('/r') }));
      expect(c.restartPolicy).toBeUndefined();
      expect(c.startupProbe).toEqual(probe('/s'));
      expect(c.readinessProbe).toEqual(probe('/r'));
      expect(p.helperSummaries[0]!.placement).toBe('container');
      expect(p.regularHelpers).toEqual([c]);
      expect(p.initContainers).toEqual([]);
      expect('startupProbe' in p.addHelper(spec({ item: { preset: 'x', name: 'plain' } }))).toBe(false);
    }
  });

  it('an adapter stays a regular container even where native sidecars exist', () => {
    const p = pod({ kubernetesVersion: '1.33' });
    const c = p.addHelper(spec({ role: 'adapter', startupProbe: probe('/s') }));
    expect(c.restartPolicy).toBeUndefined();
    expect(c.startupProbe).toEqual(probe('/s'));
    expect(p.helperSummaries[0]!.placement).toBe('container');
  });

  it('an init helper is named <item>-init (or its containerName), runs once, has no readiness or liveness probe', () => {
    const p = pod({ kubernetesVersion: '1.33' });
    const a = p.addHelper(spec({ lifecycle: 'init', readinessProbe: probe('/r'), livenessProbe: probe('/l') }));
    expect(a.name).toBe('egress-init');
    expect(a.restartPolicy).toBeUndefined();
    expect(a.readinessProbe).toBeUndefined();
    expect(a.livenessProbe).toBeUndefined();
    const b = p.addHelper(
      spec({ lifecycle: 'init', containerName: 'clone', item: { preset: 'git-sync', name: 'repo' } }),
    );
    expect(b.name).toBe('clone');
    expect(p.helperSummaries.map((s) => [s.name, s.placement])).toEqual([
      ['egress-init', 'init'],
      ['clone', 'init'],
    ]);
    // init containers and native sidecars interleave in the order added
    const c = p.addHelper(spec({ item: { preset: 'http-egress', name: 'late' } }));
    expect(p.initContainers.map((x) => x.name)).toEqual(['egress-init', 'clone', c.name]);
  });

  it('uses the item image, or a caller-supplied image and user, through the registry mirror', () => {
    const p = pod({ registryMirror: 'mirror.corp:5000/' });
    expect(p.addHelper(spec()).image).toBe('mirror.corp:5000/nginxinc/nginx-unprivileged:1.27.4-alpine');
    const own = p.addHelper(
      spec({
        item: { preset: 'custom', name: 'own', image: 'ghcr.io/acme/tool:2' },
        image: { image: 'unused:1', runAsUser: 4000, runAsGroup: 4001 },
      }),
    );
    expect(own.image).toBe('mirror.corp:5000/acme/tool:2');
    expect(own.securityContext).toMatchObject({ runAsUser: 4000, runAsGroup: 4001 });
    expect(p.image('busybox')).toBe('mirror.corp:5000/library/busybox:1.37.0');
    expect(p.image('busybox', 'quay.io/x/y:1')).toBe('mirror.corp:5000/x/y:1');
    expect(pod().image('busybox')).toBe('docker.io/library/busybox:1.37.0');
  });

  it('passes command, args, env, ports and mounts through, and gives each writable path its own emptyDir', () => {
    const p = pod();
    const c = p.addHelper(
      spec({
        command: ['nginx'],
        args: ['-g', 'daemon off;'],
        env: [{ name: 'A', value: '1' }],
        ports: [{ name: 'egress', containerPort: 15001 }],
        volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d' }],
        writablePaths: ['/tmp', '/var/cache/nginx'],
      }),
    );
    expect(c.command).toEqual(['nginx']);
    expect(c.args).toEqual(['-g', 'daemon off;']);
    expect(c.env).toEqual([{ name: 'A', value: '1' }]);
    expect(c.ports).toEqual([{ name: 'egress', containerPort: 15001 }]);
    expect(c.volumeMounts).toEqual([
      { name: 'conf', mountPath: '/etc/nginx/conf.d' },
      { name: 'egress-tmp', mountPath: '/tmp' },
      { name: 'egress-var-cache-nginx', mountPath: '/var/cache/nginx' },
    ]);
    expect(p.volumeList).toEqual([
      { name: 'egress-tmp', emptyDir: {} },
      { name: 'egress-var-cache-nginx', emptyDir: {} },
    ]);
    expect(p.allPorts()).toEqual([
      { container: 'shop', port: { name: 'http', containerPort: 8080 } },
      { container: 'egress', port: { name: 'egress', containerPort: 15001 } },
    ]);
  });

  it('leaves out what the helper does not have (no empty lists)', () => {
    const c = pod().addHelper(spec({ env: [], ports: [] }));
    expect(Object.keys(c).sort()).toEqual(
      ['image', 'imagePullPolicy', 'name', 'resources', 'restartPolicy', 'securityContext'].sort(),
    );
  });
});

describe('PodBuilder resources: the preset defaults with the item overrides', () => {
  const withOverride = (override: HelperSpec['item']['resources']) =>
    pod().addHelper(spec({ item: { preset: 'http-egress', name: 'egress', resources: override } })).resources;

  it('keeps the defaults without an override, and merges the members an override sets', () => {
    expect(withOverride(undefined)).toEqual(resources);
    expect(withOverride({ requests: { cpu: '10m', memory: undefined } })).toEqual({
      requests: { cpu: '10m', memory: '64Mi' },
      limits: { memory: '128Mi' },
    });
  });

  it('a request above the default limit raises that limit to the request', () => {
    expect(withOverride({ requests: { memory: '256Mi' } })).toEqual({
      requests: { cpu: '50m', memory: '256Mi' },
      limits: { memory: '256Mi' },
    });
  });

  it('a limit below the default request lowers that request to the limit', () => {
    expect(withOverride({ limits: { memory: '32Mi' } })).toEqual({
      requests: { cpu: '50m', memory: '32Mi' },
      limits: { memory: '32Mi' },
    });
  });

  it('leaves both alone when the user set both sides, and when the request equals the limit', () => {
    expect(withOverride({ requests: { memory: '1Gi' }, limits: { memory: '512Mi' } })).toEqual({
      requests: { cpu: '50m', memory: '1Gi' },
      limits: { memory: '512Mi' },
    });
    expect(withOverride({ requests: { memory: '128Mi' } })).toEqual({
      requests: { cpu: '50m', memory: '128Mi' },
      limits: { memory: '128Mi' },
    });
  });

  it('leaves out an empty requests or limits map', () => {
    const p = pod();
    const c = p.addHelper(
      spec({ resources: { limits: { memory: '64Mi' } }, item: { preset: 'x', name: 'x', resources: {} } }),
    );
    expect(c.resources).toEqual({ limits: { memory: '64Mi' } });
    const d = p.addHelper(
      spec({ resources: { requests: { cpu: '5m' } }, item: { preset: 'y', name: 'y', resources: { limits: {} } } }),
    );
    expect(d.resources).toEqual({ requests: { cpu: '5m' } });
  });
});

describe('PodBuilder volumes, mounts and env of the app', () => {
  it('adds a volume once; a different volume under the same name is a request error', () => {
    const p = pod();
    p.ownedBy({ kind: 'sidecar', name: 'a', preset: 'log-forwarder' }, () => {
      p.addVolume({ name: 'logs', emptyDir: {} });
      p.addVolume({ name: 'logs', emptyDir: {} });
    });
    expect(p.volumeList).toEqual([{ name: 'logs', emptyDir: {} }]);
    expect(p.hasVolume('logs')).toBe(true);
    expect(p.hasVolume('other')).toBe(false);
    p.ownedBy({ kind: 'sidecar', name: 'b', preset: 'log-forwarder' }, () =>
      p.addVolume({ name: 'logs', emptyDir: {} }),
    );
    expect(p.owned.map((o) => o.volumes)).toEqual([['logs'], []]);
    const e = invalidRequestOf(() => p.addVolume({ name: 'logs', emptyDir: { medium: 'Memory' } }));
    expect(e.errors).toEqual([{ pointer: '', detail: 'two helpers need different volumes named "logs"' }]);
  });

  it('mounts in the app once per path; another volume at a taken path is an error at the pointer', () => {
    const p = pod();
    p.mountInMain({ name: 'logs', mountPath: '/var/log' }, '/sidecars/0/logDir');
    p.mountInMain({ name: 'logs', mountPath: '/var/log' }, '/sidecars/0/logDir');
    expect(p.main.volumeMounts).toEqual([{ name: 'logs', mountPath: '/var/log' }]);
    const e = invalidRequestOf(() => p.mountInMain({ name: 'other', mountPath: '/var/log' }, '/sidecars/1/logDir'));
    expect(e.errors).toEqual([
      { pointer: '/sidecars/1/logDir', detail: 'the app already mounts volume "logs" at /var/log' },
    ]);
  });

  it('shares a directory through the volume the app already mounts there, or a new emptyDir', () => {
    const p = pod();
    p.ownedBy({ kind: 'sidecar', name: 'logs', preset: 'log-forwarder' }, () => {
      expect(p.shareWithMain('/var/log/app', 'logs-app', '/sidecars/0/logDir')).toBe('logs-app');
    });
    expect(p.shareWithMain('/var/log/app', 'another', '/sidecars/1/logDir')).toBe('logs-app');
    expect(p.volumeList).toEqual([{ name: 'logs-app', emptyDir: {} }]);
    expect(p.main.volumeMounts).toEqual([{ name: 'logs-app', mountPath: '/var/log/app' }]);
    expect(p.owned[0]!.appMounts).toEqual(['/var/log/app']);
  });

  it('adds an env var to the app unless the app already sets that name', () => {
    const p = pod();
    p.ownedBy({ kind: 'ambassador', name: 'egress', preset: 'http-egress' }, () =>
      p.addMainEnv({ name: 'HTTP_PROXY', value: 'http://127.0.0.1:15001' }, '/ambassadors/0'),
    );
    expect(p.main.env).toEqual([{ name: 'HTTP_PROXY', value: 'http://127.0.0.1:15001' }]);
    expect(p.owned[0]!.appEnv).toEqual(['HTTP_PROXY']);
    const e = invalidRequestOf(() => p.addMainEnv({ name: 'HTTP_PROXY', value: 'x' }, '/ambassadors/1'));
    expect(e.errors).toEqual([
      {
        pointer: '/ambassadors/1',
        detail: "the app already sets env var HTTP_PROXY; choose another name for the helper's variable",
      },
    ]);
  });
});

describe('PodBuilder config files', () => {
  it('adds ConfigMap <app>-<owner> with sorted keys, its volume and the checksum annotation', () => {
    const p = pod();
    let file: unknown;
    p.ownedBy({ kind: 'ambassador', name: 'egress', preset: 'http-egress' }, () => {
      file = p.addConfigFiles('egress', { 'z.conf': 'z', 'a.conf': 'a' });
    });
    expect(file).toEqual({ name: 'shop-egress', volumeName: 'egress-config' });
    expect(p.configMapList).toEqual([{ name: 'shop-egress', owner: 'egress', data: { 'a.conf': 'a', 'z.conf': 'z' } }]);
    expect(Object.keys(p.configMapList[0]!.data)).toEqual(['a.conf', 'z.conf']);
    expect(p.volumeList).toEqual([{ name: 'egress-config', configMap: { name: 'shop-egress' } }]);
    expect(p.podAnnotations).toEqual({ 'checksum/config-egress': hex('{"a.conf":"a","z.conf":"z"}') });
    expect(p.owned[0]).toMatchObject({
      configOwners: ['egress'],
      volumes: ['egress-config'],
      podAnnotations: { 'checksum/config-egress': hex('{"a.conf":"a","z.conf":"z"}') },
    });
  });

  it('lists ConfigMaps by name; a second file set for the same owner replaces the first', () => {
    const p = pod();
    p.addConfigFiles('zeta', { f: '1' });
    p.ownedBy({ kind: 'adapter', name: 'alpha', preset: 'x' }, () => {
      p.addConfigFiles('alpha', { f: '1' });
      p.addConfigFiles('alpha', { f: '2' });
    });
    expect(p.configMapList.map((c) => [c.name, c.data.f])).toEqual([
      ['shop-alpha', '2'],
      ['shop-zeta', '1'],
    ]);
    expect(p.owned[0]!.configOwners).toEqual(['alpha']);
  });

  it('sorts file names and ConfigMaps whatever order they come in (sorted, reversed or mixed)', () => {
    const p = pod();
    p.addConfigFiles('alpha', { 'a.conf': '1', 'c.conf': '3', 'b.conf': '2' });
    p.addConfigFiles('beta', { 'a.conf': '1', 'b.conf': '2' });
    p.addConfigFiles('gamma', { 'b.conf': '2', 'a.conf': '1' });
    expect(p.configMapList.map((c) => [c.name, Object.keys(c.data)])).toEqual([
      ['shop-alpha', ['a.conf', 'b.conf', 'c.conf']],
      ['shop-beta', ['a.conf', 'b.conf']],
      ['shop-gamma', ['a.conf', 'b.conf']],
    ]);
  });

  it('computes the checksum over JSON with sorted keys and U+2028/U+2029 escaped as Go writes them', () => {
    expect(configChecksum({ b: '2', a: '1' })).toBe(hex('{"a":"1","b":"2"}'));
    expect(configChecksum({ x: 'l\u2028p\u2029' })).toBe(hex('{"x":"l\\u2028p\\u2029"}'));
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('PodBuilder.volumeNameFor', () => {
  it('slugs the path: leading slashes gone, case folded, punctuation runs to one dash, root for nothing', () => {
    const p = pod();
    expect(p.volumeNameFor('logs', '//Var/Log/My_App.d/')).toBe('logs-var-log-my-app-d');
    expect(p.volumeNameFor('logs', '/')).toBe('logs-root');
    expect(p.volumeNameFor('logs', '/srv/a__b//c')).toBe('logs-srv-a-b-c');
    expect(p.volumeNameFor('logs', 'config')).toBe('logs-config');
    expect(p.volumeNameFor('logs', 'config')).toBe('logs-config');
  });

  it('a path that folds to a name another path holds gets a hash of owner and path', () => {
    const p = pod();
    expect(p.volumeNameFor('w', '/p')).toBe('w-p');
    expect(p.volumeNameFor('w', '/P')).toBe(`w-p-${hex('w\u0000/P').slice(0, 8)}`);
    expect(p.volumeNameFor('w', '/p')).toBe('w-p');
  });

  it('keeps names within 63 characters: 50 characters, no trailing dash, and 8 hex of the whole name', () => {
    const p = pod();
    const path = `/${'a'.repeat(45)}/${'b'.repeat(30)}`;
    const full = `helper-${'a'.repeat(45)}-${'b'.repeat(30)}`;
    const name = p.volumeNameFor('helper', path);
    expect(name).toBe(`${full.slice(0, 50)}-${hex(full).slice(0, 8)}`);
    // the cut lands on the dash after the a's: it is dropped
    const cutAtDash = p.volumeNameFor('h', `/${'a'.repeat(47)}/${'b'.repeat(20)}`);
    const fullDash = `h-${'a'.repeat(47)}-${'b'.repeat(20)}`;
    expect(fullDash[49]).toBe('-');
    expect(cutAtDash).toBe(`${fullDash.slice(0, 49)}-${hex(fullDash).slice(0, 8)}`);
    expect(cutAtDash.length).toBeLessThanOrEqual(63);
    // an owner with a run of dashes where the cut lands: the whole run goes
    const dashes = `${'d'.repeat(48)}--${'e'.repeat(20)}`;
    const fullRun = `${dashes}-x`;
    expect(p.volumeNameFor(dashes, 'x')).toBe(`${'d'.repeat(48)}-${hex(fullRun).slice(0, 8)}`);
    // 63 characters exactly stays as it is
    const exact = p.volumeNameFor('o', `/${'c'.repeat(61)}`);
    expect(exact).toBe(`o-${'c'.repeat(61)}`);
  });
});

describe('PodBuilder.volumeNameFor collisions near the length limit', () => {
  it('a colliding name is cut to 50 characters, its dash run dropped, before the hash of owner and path', () => {
    const p = pod();
    // 53 characters: not cut on its own; the cut of the collision lands on the "--" of the owner
    const owner = `${'a'.repeat(48)}--b`;
    expect(p.volumeNameFor(owner, '/p')).toBe(`${owner}-p`);
    expect(p.volumeNameFor(owner, '/P')).toBe(`${'a'.repeat(48)}-${hex(`${owner}\u0000/P`).slice(0, 8)}`);
  });

  it('a long name that collides after its own cut is cut again, never past 63 characters', () => {
    const p = pod();
    const owner = 'o'.repeat(40);
    const path = `/${'q'.repeat(30)}`;
    const full = `${owner}-${'q'.repeat(30)}`;
    const first = p.volumeNameFor(owner, path);
    expect(first).toBe(`${full.slice(0, 50)}-${hex(full).slice(0, 8)}`);
    const second = p.volumeNameFor(owner, path.toUpperCase());
    expect(second).toBe(`${full.slice(0, 50)}-${hex(`${owner}\u0000${path.toUpperCase()}`).slice(0, 8)}`);
    expect(second.length).toBe(59);
  });
});

describe('PodBuilder records what each helper added', () => {
  it('keeps service ports, front ports, annotations, objects and egress per helper, as a copy', () => {
    const p = pod();
    const helper = { kind: 'ambassador' as const, name: 'proxy', preset: 'reverse-proxy' };
    p.ownedBy(helper, () => {
      p.addHelper(spec({ item: { preset: 'reverse-proxy', name: 'proxy' } }));
      p.addServicePort({ name: 'metrics', port: 9113 });
      p.addFrontServicePort({ name: 'https', port: 443 }, 'http');
      p.addFrontServicePort({ name: 'h2', port: 8443 });
      p.addPodAnnotation('a', '1');
      p.addServiceAnnotation('s', '2');
      p.addObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } });
      p.declareEgress({ port: 443, protocol: 'TCP', purpose: 'upstream' });
    });
    p.addPodAnnotation('app-only', '3');
    p.addServiceAnnotation('app-only', '4');
    p.declareEgress({ port: 53, protocol: 'UDP', purpose: 'dns' });
    p.addServicePort({ name: 'app', port: 80 });
    expect(p.owned).toEqual([
      {
        helper,
        containers: ['proxy'],
        volumes: [],
        appEnv: [],
        appMounts: [],
        configOwners: [],
        servicePorts: [{ name: 'metrics', port: 9113 }],
        frontServicePorts: [
          { name: 'https', port: 443 },
          { name: 'h2', port: 8443 },
        ],
        replacesServicePorts: ['http'],
        podAnnotations: { a: '1' },
        serviceAnnotations: { s: '2' },
        objects: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }],
        egress: [{ port: 443, protocol: 'TCP', purpose: 'upstream' }],
      },
    ]);
    expect(p.servicePorts).toEqual([
      { name: 'metrics', port: 9113 },
      { name: 'app', port: 80 },
    ]);
    expect(p.frontServicePorts.map((x) => x.name)).toEqual(['https', 'h2']);
    expect(p.replacedAppServicePorts).toEqual(['http']);
    expect(p.podAnnotations).toEqual({ a: '1', 'app-only': '3' });
    expect(p.serviceAnnotations).toEqual({ s: '2', 'app-only': '4' });
    expect(p.extraObjects).toHaveLength(1);
    expect(p.egress).toEqual([
      { port: 443, protocol: 'TCP', purpose: 'upstream' },
      { port: 53, protocol: 'UDP', purpose: 'dns' },
    ]);
    p.addFinding({ rule: 'r', severity: 'warning', message: 'm' } as never);
    expect(p.findings).toHaveLength(1);
  });

  it('records nothing for the app outside ownedBy, and stops recording when the helper throws', () => {
    const p = pod();
    expect(() =>
      p.ownedBy({ kind: 'sidecar', name: 'bad', preset: 'x' }, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    p.addMainEnv({ name: 'A', value: '1' }, '/x');
    p.addVolume({ name: 'v', emptyDir: {} });
    expect(p.owned).toEqual([]);
  });
});
