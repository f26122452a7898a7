import { describe, expect, it } from 'vitest';
import type { NativeSidecarMode, PresetItem } from '../../model/request.js';
import type { BundleRequest } from '../../request/bundle.js';
import { invalidRequestOf } from '../../../../test/support/request-errors.js';
import {
  allContainers,
  containerNamed,
  podSpecOf,
  restrictedProblems,
  schemaProblems,
} from '../../../../test/support/pod-template.js';
import { bundleParts, composeBundle } from '../../../../test/support/validated.js';

const request = (
  sidecar: Partial<PresetItem> = {},
  kubernetesVersion = '1.33',
  nativeSidecars: NativeSidecarMode = 'auto',
): BundleRequest => ({
  app: {
    name: 'docs-site',
    image: 'nginxinc/nginx-unprivileged:1.27-alpine',
    ports: [{ name: 'http', containerPort: 8080 }],
  },
  sidecars: [
    {
      preset: 'git-sync',
      name: 'content',
      repo: 'https://github.com/acme/docs.git',
      ref: 'main',
      mountPath: '/usr/share/nginx/html',
      ...sidecar,
    },
  ],
  target: { kubernetesVersion, nativeSidecars },
});

const failure = (req: BundleRequest) => invalidRequestOf(() => composeBundle(req));

/** git-sync's flags as a map, from --flag=value args. */
const flags = (args: string[] = []) =>
  Object.fromEntries(args.map((a) => /^--([a-z-]+)(?:=(.*))?$/.exec(a)!).map((m) => [m[1], m[2] ?? true]));

describe('git-sync preset', () => {
  it('at 1.28 syncs once in an init container before the app, then keeps syncing in a regular container', () => {
    const bundle = composeBundle(request({}, '1.28'));
    const spec = podSpecOf(bundle);
    expect(spec.initContainers!.map((c) => c.name)).toEqual(['content-init']);
    const init = spec.initContainers![0];
    expect(init.restartPolicy).toBeUndefined();
    expect(flags(init.args)).toMatchObject({
      'one-time': true,
      repo: 'https://github.com/acme/docs.git',
      ref: 'main',
      root: '/git',
    });
    expect(flags(init.args).period).toBeUndefined();

    expect(spec.containers.map((c) => c.name)).toEqual(['docs-site', 'content']);
    const sync = containerNamed(spec, 'content');
    expect(sync.restartPolicy).toBeUndefined();
    expect(flags(sync.args)['one-time']).toBeUndefined();
    expect(flags(sync.args)).toMatchObject({ period: '60s', 'http-bind': ':8099' });
    // The init container fills the same volume the regular one keeps up to date.
    const repoVolume = (c: typeof init) => c.volumeMounts!.find((m) => m.mountPath === '/git')!.name;
    expect(repoVolume(init)).toBe(repoVolume(sync));
    expect(bundle.summary.containers.filter((c) => c.preset === 'git-sync').map((c) => c.placement)).toEqual([
      'init',
      'container',
    ]);
  });

  it('at 1.33 is a native sidecar whose startup probe holds the app until the first sync', () => {
    const spec = podSpecOf(composeBundle(request({}, '1.33')));
    expect(spec.initContainers!.map((c) => c.name)).toEqual(['content']);
    expect(spec.containers.map((c) => c.name)).toEqual(['docs-site']);
    const sync = spec.initContainers![0];
    expect(sync.restartPolicy).toBe('Always');
    expect(flags(sync.args)['one-time']).toBeUndefined();
    // The link appears with the first sync and stays on the emptyDir across restarts.
    const port = Number(String(flags(sync.args)['http-bind']).replace(/^:/, ''));
    expect(sync.startupProbe?.exec).toEqual({ command: ['test', '-e', `/git/${flags(sync.args).link}`] });
    expect(sync.ports).toEqual([{ containerPort: port, protocol: 'TCP' }]);
  });

  it.each(['1.28', '1.33'])(
    'has no probe that depends on the remote: readiness and liveness only ask that git-sync listens (%s)',
    (version) => {
      const spec = podSpecOf(composeBundle(request({}, version)));
      const sync = [...(spec.initContainers ?? []), ...spec.containers].find((c) => c.name === 'content')!;
      // git-sync's "/" answers 503 until the current process has synced once: a restart during a
      // git outage would make the pod NotReady and restart-loop git-sync.
      for (const probe of [sync.startupProbe, sync.readinessProbe, sync.livenessProbe])
        expect(probe?.httpGet).toBeUndefined();
      expect(sync.readinessProbe?.tcpSocket).toEqual({ port: 8099 });
      expect(sync.livenessProbe?.tcpSocket).toEqual({ port: 8099 });
    },
  );

  it('with nativeSidecars "never" at 1.33 falls back to the one-time init container', () => {
    const spec = podSpecOf(composeBundle(request({}, '1.33', 'never')));
    expect(spec.initContainers!.map((c) => [c.name, c.restartPolicy])).toEqual([['content-init', undefined]]);
    expect(flags(spec.initContainers![0].args)['one-time']).toBe(true);
    expect(spec.containers.map((c) => c.name)).toEqual(['docs-site', 'content']);
  });

  it.each(['1.28', '1.33'])(
    'mounts the checkout read-only in the app and tells it where the content is (%s)',
    (version) => {
      const spec = podSpecOf(composeBundle(request({ link: 'site' }, version)));
      const app = containerNamed(spec, 'docs-site');
      const mount = app.volumeMounts!.find((m) => m.mountPath === '/usr/share/nginx/html')!;
      expect(mount.readOnly).toBe(true);
      expect(spec.volumes!.find((v) => v.name === mount.name)).toEqual({ name: mount.name, emptyDir: {} });
      for (const c of allContainers(spec).filter((c) => c.name.startsWith('content'))) {
        expect(c.volumeMounts!.find((m) => m.name === mount.name)).toEqual({ name: mount.name, mountPath: '/git' });
        expect(flags(c.args)).toMatchObject({ root: '/git', link: 'site' });
      }
      expect(app.env).toContainEqual({ name: 'CONTENT_PATH', value: '/usr/share/nginx/html/site' });
    },
  );

  it('passes ref, period and depth through as v4 flags', () => {
    const sync = containerNamed(
      podSpecOf(composeBundle(request({ ref: 'v1.2.0', period: '5m', depth: 0 }))),
      'content',
    );
    expect(flags(sync.args)).toMatchObject({
      repo: 'https://github.com/acme/docs.git',
      ref: 'v1.2.0',
      period: '5m',
      depth: '0',
      link: 'current',
    });
  });

  it('defaults ref to HEAD, period to 60s and depth to 1', () => {
    const sync = containerNamed(podSpecOf(composeBundle(request({ ref: undefined }))), 'content');
    expect(flags(sync.args)).toMatchObject({ ref: 'HEAD', period: '60s', depth: '1' });
  });

  it('takes the same defaults for a null ref, period and depth (JSON null means left out)', () => {
    const sync = containerNamed(
      podSpecOf(composeBundle(request({ ref: null, period: null, depth: null } as never))),
      'content',
    );
    expect(flags(sync.args)).toMatchObject({ ref: 'HEAD', period: '60s', depth: '1' });
  });

  it('lets the caller name the path variable, and refuses a name the app already sets', () => {
    const spec = podSpecOf(composeBundle(request({ envName: 'DOCS_ROOT' })));
    expect(containerNamed(spec, 'docs-site').env).toContainEqual({
      name: 'DOCS_ROOT',
      value: '/usr/share/nginx/html/current',
    });

    const req = request();
    req.app.env = [{ name: 'CONTENT_PATH', value: '/srv' }];
    expect(failure(req).errors[0]).toMatchObject({
      pointer: '/sidecars/0/envName',
      detail: expect.stringContaining('CONTENT_PATH'),
    });
  });

  it.each([
    'https://bot:s3cret@github.com/acme/docs.git',
    'https://ghp_abcdef0123456789@github.com/acme/docs.git',
    'ssh://git:hunter2@git.example.com/acme/docs.git',
  ])('refuses credentials written into the URL: %s', (repo) => {
    const err = failure(request({ repo }));
    expect(err.errors).toHaveLength(1);
    expect(err.errors[0].pointer).toBe('/sidecars/0/repo');
    expect(err.errors[0].detail).toMatch(/Secret/);
    expect(err.errors[0].detail).not.toContain('s3cret');
  });

  it.each([
    'ssh://git@git.example.com:2222/acme/docs.git',
    'git@github.com:acme/docs.git',
    'git://git.example.com/docs.git',
  ])('accepts %s', (repo) => {
    expect(() => composeBundle(request({ repo }))).not.toThrow();
  });

  it.each(['github.com/acme/docs', 'ftp://example.com/docs.git', 'https://github.com/acme docs.git'])(
    'rejects the malformed URL %s',
    (repo) => {
      expect(failure(request({ repo })).errors[0].pointer).toBe('/sidecars/0/repo');
    },
  );

  it('takes basic-auth credentials only from a Secret, in every git-sync container', () => {
    const bundle = composeBundle(
      request({ auth: { type: 'basic', secretName: 'docs-git', passwordKey: 'token' } }, '1.28'),
    );
    const spec = podSpecOf(bundle);
    for (const name of ['content-init', 'content']) {
      const env = containerNamed(spec, name).env!;
      expect(env).toEqual([
        { name: 'GITSYNC_USERNAME', valueFrom: { secretKeyRef: { name: 'docs-git', key: 'username' } } },
        { name: 'GITSYNC_PASSWORD', valueFrom: { secretKeyRef: { name: 'docs-git', key: 'token' } } },
      ]);
    }
    expect(bundle.manifests.some((o) => o.kind === 'Secret')).toBe(false);
  });

  it('mounts an SSH key from a Secret volume read-only and points git-sync at it', () => {
    const spec = podSpecOf(
      composeBundle(
        request({ repo: 'git@github.com:acme/docs.git', auth: { type: 'ssh', secretName: 'docs-deploy-key' } }),
      ),
    );
    const sync = containerNamed(spec, 'content');
    const mount = sync.volumeMounts!.find((m) => m.mountPath === '/etc/git-secret')!;
    expect(mount.readOnly).toBe(true);
    // the key's volume is named after the item and its purpose
    expect(mount.name).toBe('content-git-secret');
    const volume = spec.volumes!.find((v) => v.name === mount.name)!;
    expect(volume.secret).toEqual({
      secretName: 'docs-deploy-key',
      defaultMode: 0o400,
      items: [
        { key: 'ssh', path: 'ssh' },
        { key: 'known_hosts', path: 'known_hosts' },
      ],
    });
    expect(sync.env).toEqual(
      expect.arrayContaining([
        { name: 'GITSYNC_SSH_KEY_FILE', value: '/etc/git-secret/ssh' },
        { name: 'GITSYNC_SSH_KNOWN_HOSTS', value: 'true' },
        { name: 'GITSYNC_SSH_KNOWN_HOSTS_FILE', value: '/etc/git-secret/known_hosts' },
      ]),
    );
    // The key never reaches the app.
    expect(containerNamed(spec, 'docs-site').volumeMounts!.some((m) => m.name === mount.name)).toBe(false);
  });

  it('can skip host key checking for SSH, and then needs no known_hosts key', () => {
    const spec = podSpecOf(
      composeBundle(
        request({ repo: 'git@github.com:acme/docs.git', auth: { type: 'ssh', secretName: 'k', verifyHostKey: false } }),
      ),
    );
    expect(spec.volumes!.find((v) => v.secret)!.secret!.items).toEqual([{ key: 'ssh', path: 'ssh' }]);
    expect(containerNamed(spec, 'content').env).toContainEqual({ name: 'GITSYNC_SSH_KNOWN_HOSTS', value: 'false' });
  });

  it.each([
    [{ type: 'ssh', secretName: 'k' }, 'https://github.com/acme/docs.git', '/sidecars/0/auth/type'],
    [{ type: 'basic', secretName: 'k' }, 'git@github.com:acme/docs.git', '/sidecars/0/auth/type'],
    [{ type: 'basic', secretName: 'k' }, 'http://git.internal/docs.git', '/sidecars/0/auth/type'],
    [
      { type: 'basic', secretName: 'k', sshKeyKey: 'id' },
      'https://github.com/acme/docs.git',
      '/sidecars/0/auth/sshKeyKey',
    ],
    [{ type: 'token', secretName: 'k' }, 'https://github.com/acme/docs.git', '/sidecars/0/auth/type'],
    [{ type: 'basic', secretName: 'Docs_Creds' }, 'https://github.com/acme/docs.git', '/sidecars/0/auth/secretName'],
    [
      { type: 'basic', secretName: 'k', password: 'inline' },
      'https://github.com/acme/docs.git',
      '/sidecars/0/auth/password',
    ],
  ])('rejects auth %j for %s', (auth, repo, pointer) => {
    expect(failure(request({ repo, auth })).errors.map((e) => e.pointer)).toContain(pointer);
  });

  it.each([
    [{ mountPath: 'html' }, '/sidecars/0/mountPath'],
    [{ period: 'every minute' }, '/sidecars/0/period'],
    [{ depth: -1 }, '/sidecars/0/depth'],
    [{ link: '../escape' }, '/sidecars/0/link'],
    [{ ref: 'main..dev' }, '/sidecars/0/ref'],
    [{ envName: 'content-path' }, '/sidecars/0/envName'],
    [{ httpPort: 80 }, '/sidecars/0/httpPort'],
  ])('rejects %j with a pointer to the field', (params, pointer) => {
    expect(failure(request(params)).errors.map((e) => e.pointer)).toContain(pointer);
  });

  it('refuses an HTTP port the app already listens on', () => {
    const err = failure(request({ httpPort: 8080 }));
    expect(err.errors[0]).toMatchObject({
      pointer: '/sidecars/0/httpPort',
      detail: expect.stringContaining('docs-site'),
    });
  });

  it('refuses a mountPath where the app already has another volume', () => {
    const req = request({ mountPath: '/tmp' });
    expect(failure(req).errors[0].pointer).toBe('/sidecars/0/mountPath');
  });

  it.each(['1.28', '1.33'])(
    'runs as git-sync uid/gid 65533 with restricted defaults and a writable HOME (%s)',
    (version) => {
      const bundle = composeBundle(request({ auth: { type: 'basic', secretName: 'docs-git' } }, version));
      const spec = podSpecOf(bundle);
      const helpers = allContainers(spec).filter((c) => c.name.startsWith('content'));
      for (const c of helpers) {
        expect(c.securityContext).toMatchObject({ runAsUser: 65533, runAsGroup: 65533, readOnlyRootFilesystem: true });
        const tmp = c.volumeMounts!.find((m) => m.mountPath === '/tmp')!;
        expect(spec.volumes!.find((v) => v.name === tmp.name)!.emptyDir).toBeDefined();
        expect(c.resources?.limits?.memory).toBeDefined();
      }
      expect(
        restrictedProblems(
          spec,
          helpers.map((c) => c.name),
        ),
      ).toEqual([]);
      expect(schemaProblems(bundle.manifests)).toEqual([]);
    },
  );
});

// Every flag, probe, env var and egress need git-sync gets, as values.
describe('git-sync preset: the values it writes', () => {
  const common = ['--repo=https://github.com/acme/docs.git', '--ref=v2', '--root=/git', '--link=live', '--depth=0'];

  it('gives the init and the long-running container their full argument lists', () => {
    const spec = podSpecOf(
      composeBundle(request({ ref: 'v2', link: 'live', depth: 0, period: '2m', httpPort: 8100 }, '1.28')),
    );
    expect(containerNamed(spec, 'content-init').args).toEqual([...common, '--one-time']);
    expect(containerNamed(spec, 'content').args).toEqual([
      ...common,
      '--period=2m',
      '--max-failures=-1',
      '--http-bind=:8100',
    ]);
    expect(containerNamed(spec, 'content-init').ports).toBeUndefined();
    expect(containerNamed(spec, 'content').ports).toEqual([{ containerPort: 8100, protocol: 'TCP' }]);
  });

  it('probes with its timings: the link for startup, the port for readiness and liveness', () => {
    const sync = containerNamed(podSpecOf(composeBundle(request({ link: 'live', httpPort: 8100 }))), 'content');
    expect(sync.startupProbe).toEqual({
      exec: { command: ['test', '-e', '/git/live'] },
      periodSeconds: 2,
      failureThreshold: 150,
    });
    expect(sync.readinessProbe).toEqual({ tcpSocket: { port: 8100 }, periodSeconds: 5, failureThreshold: 3 });
    expect(sync.livenessProbe).toEqual({ tcpSocket: { port: 8100 }, periodSeconds: 30, failureThreshold: 3 });
    expect(sync.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '256Mi' } });
    expect(sync.volumeMounts!.map((m) => [m.mountPath, m.readOnly ?? false])).toEqual([
      ['/git', false],
      ['/tmp', false],
    ]);
  });

  it('tells the app the checkout path without the slashes that end mountPath', () => {
    const app = containerNamed(podSpecOf(composeBundle(request({ mountPath: '/srv/content//' }))), 'docs-site');
    expect(app.env).toEqual([{ name: 'CONTENT_PATH', value: '/srv/content/current' }]);
  });

  it.each([
    ['https://github.com/acme/docs.git', 443, 'github.com'],
    ['http://git.internal/docs.git', 80, 'git.internal'],
    ['https://git.example.com:8443/docs.git', 8443, 'git.example.com'],
    ['ssh://git@git.example.com/acme/docs.git', 22, 'git.example.com'],
    ['ssh://git@git.example.com:2222/acme/docs.git', 2222, 'git.example.com'],
    ['git://git.example.com/docs.git', 9418, 'git.example.com'],
    ['git@github.com:acme/docs.git', 22, 'github.com'],
    // scp-like: a "://" inside the path is no scheme
    ['git@github.com:acme/docs://x.git', 22, 'github.com'],
    ['https://[2001:db8::1]/docs.git', 443, '[2001:db8::1]'],
  ])('declares the one remote it connects to: %s', (repo, port, host) => {
    const content = bundleParts(request({ repo })).helpers.find((h) => h.name === 'content')!;
    expect(content.egress).toEqual([{ port, protocol: 'TCP', purpose: `repository ${host}` }]);
  });

  it('passes each Secret key of ssh auth, and the ssh env in order', () => {
    const spec = podSpecOf(
      composeBundle(
        request({
          repo: 'git@github.com:acme/docs.git',
          auth: { type: 'ssh', secretName: 'deploy', sshKeyKey: 'id_ed25519', knownHostsKey: 'hosts' },
        }),
      ),
    );
    expect(spec.volumes!.find((v) => v.secret)!.secret!.items).toEqual([
      { key: 'id_ed25519', path: 'ssh' },
      { key: 'hosts', path: 'known_hosts' },
    ]);
    expect(containerNamed(spec, 'content').env).toEqual([
      { name: 'GITSYNC_SSH', value: 'true' },
      { name: 'GITSYNC_SSH_KEY_FILE', value: '/etc/git-secret/ssh' },
      { name: 'GITSYNC_SSH_KNOWN_HOSTS', value: 'true' },
      { name: 'GITSYNC_SSH_KNOWN_HOSTS_FILE', value: '/etc/git-secret/known_hosts' },
    ]);
    const off = podSpecOf(
      composeBundle(
        request({
          repo: 'ssh://git@git.example.com/docs.git',
          auth: { type: 'ssh', secretName: 'deploy', verifyHostKey: false },
        }),
      ),
    );
    expect(containerNamed(off, 'content').env).toEqual([
      { name: 'GITSYNC_SSH', value: 'true' },
      { name: 'GITSYNC_SSH_KEY_FILE', value: '/etc/git-secret/ssh' },
      { name: 'GITSYNC_SSH_KNOWN_HOSTS', value: 'false' },
    ]);
  });

  it('takes the basic-auth user name from the key it is told', () => {
    const spec = podSpecOf(
      composeBundle(request({ auth: { type: 'basic', secretName: 'creds', usernameKey: 'user' } })),
    );
    expect(containerNamed(spec, 'content').env).toEqual([
      { name: 'GITSYNC_USERNAME', valueFrom: { secretKeyRef: { name: 'creds', key: 'user' } } },
      { name: 'GITSYNC_PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
    ]);
    expect(spec.volumes!.some((v) => v.secret)).toBe(false);
  });

  it.each([
    [
      { type: 'basic', secretName: 'k' },
      'git@github.com:acme/docs.git',
      '/sidecars/0/auth/type',
      'basic auth needs an https:// repository URL; git@github.com:acme/docs.git uses SSH (use type "ssh")',
    ],
    [
      { type: 'basic', secretName: 'k' },
      'git://git.example.com/docs.git',
      '/sidecars/0/auth/type',
      'basic auth needs an https:// repository URL; git://git.example.com/docs.git uses the git protocol, which has no authentication',
    ],
    [
      { type: 'basic', secretName: 'k' },
      'http://git.internal/docs.git',
      '/sidecars/0/auth/type',
      'basic auth over http:// would send the password in clear; use https://',
    ],
    [
      { type: 'ssh', secretName: 'k' },
      'git://git.example.com/docs.git',
      '/sidecars/0/auth/type',
      'ssh auth needs an ssh:// or user@host:path repository URL; git://git.example.com/docs.git is not one',
    ],
    [
      { type: 'ssh', secretName: 'k' },
      'http://git.internal/docs.git',
      '/sidecars/0/auth/type',
      'ssh auth needs an ssh:// or user@host:path repository URL; http://git.internal/docs.git is not one',
    ],
    [
      { type: 'ssh', secretName: 'k', usernameKey: 'u' },
      'git@github.com:acme/docs.git',
      '/sidecars/0/auth/usernameKey',
      'usernameKey does not apply to auth type "ssh"',
    ],
    [
      { type: 'ssh', secretName: 'k', passwordKey: 'p' },
      'ssh://git@github.com/acme/docs.git',
      '/sidecars/0/auth/passwordKey',
      'passwordKey does not apply to auth type "ssh"',
    ],
    [
      { type: 'basic', secretName: 'k', knownHostsKey: 'h' },
      'https://github.com/acme/docs.git',
      '/sidecars/0/auth/knownHostsKey',
      'knownHostsKey does not apply to auth type "basic"',
    ],
    [
      { type: 'basic', secretName: 'k', verifyHostKey: false },
      'https://github.com/acme/docs.git',
      '/sidecars/0/auth/verifyHostKey',
      'verifyHostKey does not apply to auth type "basic"',
    ],
  ])('refuses auth %j for %s, saying why', (auth, repo, pointer, detail) => {
    expect(failure(request({ repo, auth })).errors).toEqual([{ pointer, detail }]);
  });

  // The URL grammar refuses these before the preset sees them (a user name only for ssh and git,
  // never a password), so the preset's own check of the parsed URL never fires for a validated item.
  it.each([
    'https://bot@github.com/acme/docs.git',
    'http://bot@git.internal/docs.git',
    'git://bot:pw@git.example.com/docs.git',
    'ssh://git:hunter2@git.example.com/acme/docs.git',
  ])('refuses a user or password in the URL of %s, naming the Secret to use', (repo) => {
    expect(failure(request({ repo })).errors).toEqual([
      {
        pointer: '/sidecars/0/repo',
        detail:
          'repo must be a git URL such as https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git; credentials never go in the URL: put them in a Secret and name it in auth',
      },
    ]);
  });

  it('takes a user name in an ssh or git URL (it names the account, not a credential)', () => {
    for (const repo of ['ssh://git@git.example.com/docs.git', 'git://bot@git.example.com/docs.git'])
      expect(() => composeBundle(request({ repo }))).not.toThrow();
  });
});
