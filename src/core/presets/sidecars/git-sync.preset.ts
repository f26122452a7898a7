// Sidecar: git-sync (v4) keeps a checkout of a repository in an emptyDir that the app mounts
// read-only. The app never starts on an empty directory: as a native sidecar its startup probe
// holds the app back until the first sync; without native sidecars a one-time init container
// does the first sync.
import { Type } from '../../model/class-metadata.js';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { IIoK8sApiCoreV1EnvVar as EnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IIoK8sApiCoreV1VolumeMount as VolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { HelperSpec, PodBuilder } from '../../compose/pod-builder.js';
import { InvalidRequestError } from '../../model/errors.js';
import {
  DNS1123_SUBDOMAIN,
  ABSOLUTE_PATH,
  ENV_NAME,
  GO_DURATION,
  HOST,
  IPV4_ADDRESS,
  IPV6_ADDRESS,
  PORT_NUMBER,
} from '../../model/grammars.js';
import { assertPortFree } from '../port-check.js';
import { PresetParams, type Preset } from '../preset.js';
import { secretEnv } from '../secret-ref.js';
import { defaultEnvName } from '../ambassadors/loopback.js';
import { Doc } from '../../model/validators.js';

export const GIT_AUTH_TYPES = ['basic', 'ssh'] as const;

/** https://host/path, http://, ssh://[user@]host[:port]/path, git://host/path, or scp-like user@host:path */
// (user names only for ssh and git, never a password: credentials go in auth; a host name whose
// last label is a number is read as IPv4 by URL parsers)
const GIT_REPO = new RegExp(
  `^((https?://|(ssh|git)://([A-Za-z0-9._~-]+@)?)(${IPV4_ADDRESS}|(?!([A-Za-z0-9-]+\\.)*(0[xX][0-9A-Fa-f]*|[0-9]+)(:|/|$))${HOST}|\\[(${IPV6_ADDRESS})\\])(:${PORT_NUMBER})?(/\\S*)?|[A-Za-z0-9._-]+@${HOST}:\\S+)$`,
);
/** branch, tag or commit hash (git check-ref-format, simplified) */
const GIT_REF = /^(?!.*\.\.)(?!.*\/\/)(?!.*\.lock$)(?!\/)(?!.*\/$)[A-Za-z0-9._/-]+$/;
/** the symlink's name under the root: one path segment */
const LINK_NAME = /^(?!\.\.?$)[A-Za-z0-9._-]+$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Where git-sync keeps the repository and publishes the link (the shared emptyDir). */
const ROOT = '/git';
const SECRET_DIR = '/etc/git-secret';
/** git-sync's HOME is /tmp in its image; git writes its config there. */
const WRITABLE = ['/tmp'];

export class GitSyncAuth {
  @IsIn(GIT_AUTH_TYPES)
  @Doc('basic: user name and password (or token) from a Secret; ssh: a private key from a Secret')
  type: (typeof GIT_AUTH_TYPES)[number];

  @IsString()
  @MaxLength(253)
  @Matches(DNS1123_SUBDOMAIN, { message: '$property must be a Secret name (DNS-1123 subdomain)' })
  @Doc("the Secret (in the app's namespace) that holds the credentials")
  secretName: string;

  @IsOptional()
  @IsString()
  @MaxLength(253)
  @Matches(SECRET_KEY, { message: '$property must be a Secret key ([-._a-zA-Z0-9]+)' })
  @Doc('basic: the Secret key holding the user name (default "username")')
  usernameKey?: string;

  @IsOptional()
  @IsString()
  @MaxLength(253)
  @Matches(SECRET_KEY, { message: '$property must be a Secret key ([-._a-zA-Z0-9]+)' })
  @Doc('basic: the Secret key holding the password or token (default "password")')
  passwordKey?: string;

  @IsOptional()
  @IsString()
  @MaxLength(253)
  @Matches(SECRET_KEY, { message: '$property must be a Secret key ([-._a-zA-Z0-9]+)' })
  @Doc('ssh: the Secret key holding the private key (default "ssh")')
  sshKeyKey?: string;

  @IsOptional()
  @IsString()
  @MaxLength(253)
  @Matches(SECRET_KEY, { message: '$property must be a Secret key ([-._a-zA-Z0-9]+)' })
  @Doc('ssh: the Secret key holding the known_hosts lines (default "known_hosts")')
  knownHostsKey?: string;

  @IsOptional()
  @IsBoolean()
  @Doc("ssh: check the server's host key against known_hosts (default true)")
  verifyHostKey?: boolean;
}

export class GitSyncParams extends PresetParams {
  @IsString()
  @MaxLength(2048)
  @Matches(GIT_REPO, {
    message:
      '$property must be a git URL such as https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git; credentials never go in the URL: put them in a Secret and name it in auth',
  })
  @Doc('repository URL (https, ssh, git or user@host:path); credentials go in auth, never in the URL')
  repo: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(GIT_REF, { message: '$property must be a branch, tag or commit hash' })
  @Doc('branch, tag or commit hash to sync')
  ref: string = 'HEAD';

  @IsString()
  @Matches(ABSOLUTE_PATH, { message: '$property must be an absolute path' })
  @Doc("where the app sees the repository's volume (read-only); the checkout is at <mountPath>/<link>")
  mountPath: string;

  @IsOptional()
  @IsString()
  @Matches(GO_DURATION, { message: '$property must be a Go duration such as 30s, 5m or 1h' })
  @Doc('time between syncs (Go duration)')
  period: string = '60s';

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000000)
  @Doc('shallow clone depth; 0 fetches the full history')
  depth: number = 1;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(LINK_NAME, { message: '$property must be a single file name such as current' })
  @Doc('name of the symlink under mountPath that points at the current checkout')
  link: string = 'current';

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => GitSyncAuth)
  @Doc('credentials from a Secret (basic or ssh)')
  auth?: GitSyncAuth;

  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(65535)
  @Doc("git-sync's HTTP port (its liveness probe connects to it)")
  httpPort: number = 8099;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  @Matches(ENV_NAME, { message: '$property must be an upper-case env var name such as CONTENT_PATH' })
  @Doc("env var the app gets with the checkout's path (default <NAME>_PATH)")
  envName?: string;
}

export const gitSyncPreset: Preset<GitSyncParams> = {
  kind: 'sidecar',
  id: 'git-sync',
  title: 'Git sync (git-sync v4)',
  description:
    'Keeps a checkout of a git repository in a volume that the app mounts read-only at mountPath; the checkout is at <mountPath>/<link> (the app gets that path in an env var). The first sync completes before the app starts: a native sidecar with a startup probe where the target has native sidecars, otherwise a one-time init container. Credentials come from a Secret.',
  params: GitSyncParams,
  example: {
    preset: 'git-sync',
    name: 'content',
    repo: 'https://github.com/acme/docs.git',
    ref: 'main',
    mountPath: '/usr/share/nginx/html',
    period: '60s',
  },
  apply(pod, p, ctx) {
    checkRepo(p, ctx.pointer);
    const port = p.httpPort;
    assertPortFree(pod, port, 'TCP', `${ctx.pointer}/httpPort`);

    const repoVolume = pod.volumeNameFor(p.name, 'repo');
    pod.addVolume({ name: repoVolume, emptyDir: {} });
    pod.mountInMain({ name: repoVolume, mountPath: p.mountPath, readOnly: true }, `${ctx.pointer}/mountPath`);
    const link = p.link;
    const envName = p.envName ?? defaultEnvName(p.name, 'PATH');
    pod.addMainEnv({ name: envName, value: `${p.mountPath.replace(/\/+$/, '')}/${link}` }, `${ctx.pointer}/envName`);

    const auth = authWiring(pod, p);
    const remote = repoRemote(p.repo);
    pod.declareEgress({ port: remote.port, protocol: 'TCP', purpose: `repository ${remote.host}` });
    // A fresh copy per container: the init and the long-running container share no objects.
    const common = () => ({
      item: p,
      role: 'sidecar' as const,
      image: 'gitSync' as const,
      env: structuredClone(auth.env),
      volumeMounts: [{ name: repoVolume, mountPath: ROOT }, ...structuredClone(auth.mounts)],
      writablePaths: WRITABLE,
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '256Mi' } },
    });
    const syncArgs = [`--repo=${p.repo}`, `--ref=${p.ref}`, `--root=${ROOT}`, `--link=${link}`, `--depth=${p.depth}`];

    if (!ctx.target.useNativeSidecars) {
      // No native sidecars: a one-shot clone must finish before the app starts.
      pod.addHelper({ ...common(), lifecycle: 'init', args: [...syncArgs, '--one-time'] });
    }
    pod.addHelper({
      ...common(),
      // Once the first sync is done, a failed fetch is retried at the next period instead of
      // restarting the container and its backoff.
      args: [...syncArgs, `--period=${p.period}`, '--max-failures=-1', `--http-bind=:${port}`],
      ports: [{ containerPort: port, protocol: 'TCP' }],
      ...gitSyncProbes(`${ROOT}/${link}`, port),
    });
  },
};

/**
 * Probes that never depend on the remote. git-sync's "/" answers 503 until the first sync of the
 * current process has succeeded, even with a good checkout already on the volume (getRepoReady()
 * in main.go, v4.4): probing it would take the pod out of its Service, and restart-loop git-sync,
 * whenever git-sync restarts while the remote is down.
 * - startup: the link exists on the emptyDir, which the first sync creates and a restart keeps;
 *   as a native sidecar this still holds the app until the first sync (test and sh are in the
 *   image, Dockerfile.in stages coreutils and bash).
 * - readiness and liveness: the process listens on its HTTP port (a native sidecar's readiness
 *   counts toward the pod's, so it asks nothing of the remote).
 */
export function gitSyncProbes(
  linkPath: string,
  port: number,
): Pick<HelperSpec, 'startupProbe' | 'readinessProbe' | 'livenessProbe'> {
  return {
    startupProbe: { exec: { command: ['test', '-e', linkPath] }, periodSeconds: 2, failureThreshold: 150 },
    readinessProbe: { tcpSocket: { port }, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { tcpSocket: { port }, periodSeconds: 30, failureThreshold: 3 },
  };
}

const SCHEME_PORTS: Record<string, number> = { https: 443, http: 80, ssh: 22, git: 9418 };

/** The host and port git connects to: the URL's own port, or its scheme's (scp-like user@host:path is SSH). */
function repoRemote(repo: string): { host: string; port: number } {
  const scheme = /^([a-z]+):\/\//.exec(repo)?.[1];
  if (!scheme) return { host: /@([^:]+):/.exec(repo)?.[1] ?? repo, port: 22 };
  const url = new URL(repo);
  return { host: url.hostname, port: url.port ? Number(url.port) : SCHEME_PORTS[scheme] };
}

/** Refuses credentials inside the URL and auth that does not fit the URL's transport. */
function checkRepo(p: GitSyncParams, base: string): void {
  const repo = p.repo;
  const scheme = /^([a-z]+):\/\//.exec(repo)?.[1];
  const fail = (pointer: string, detail: string) => {
    throw new InvalidRequestError([{ pointer: `${base}${pointer}`, detail }]);
  };
  if (scheme) {
    let url: URL;
    try {
      url = new URL(repo);
    } catch {
      return fail('/repo', 'must be a valid URL');
    }
    if (url.password || ((scheme === 'https' || scheme === 'http') && url.username)) {
      fail(
        '/repo',
        'credentials must not be written into the URL (they would be stored in the pod spec in clear); put them in a Secret and name it in auth (type "basic" with username/password keys, or "ssh" with a private key)',
      );
    }
  }
  const transport = scheme === 'https' || scheme === 'http' ? 'http' : scheme === 'git' ? 'git' : 'ssh';
  const auth = p.auth;
  if (!auth) return;
  if (auth.type === 'basic' && transport !== 'http')
    fail(
      '/auth/type',
      `basic auth needs an https:// repository URL; ${repo} uses ${transport === 'ssh' ? 'SSH (use type "ssh")' : 'the git protocol, which has no authentication'}`,
    );
  if (auth.type === 'basic' && scheme === 'http')
    fail('/auth/type', 'basic auth over http:// would send the password in clear; use https://');
  if (auth.type === 'ssh' && transport !== 'ssh')
    fail('/auth/type', `ssh auth needs an ssh:// or user@host:path repository URL; ${repo} is not one`);
  const foreign: (keyof GitSyncAuth)[] =
    auth.type === 'basic' ? ['sshKeyKey', 'knownHostsKey', 'verifyHostKey'] : ['usernameKey', 'passwordKey'];
  for (const key of foreign) {
    if (auth[key] !== undefined) fail(`/auth/${key}`, `${key} does not apply to auth type "${auth.type}"`);
  }
}

/** Env and mounts that hand the Secret's credentials to git-sync; nothing secret is inlined. */
function authWiring(pod: PodBuilder, p: GitSyncParams): { env: EnvVar[]; mounts: VolumeMount[] } {
  const auth = p.auth;
  if (!auth) return { env: [], mounts: [] };
  if (auth.type === 'basic') {
    return {
      env: [
        secretEnv('GITSYNC_USERNAME', { secretName: auth.secretName, key: auth.usernameKey ?? 'username' }),
        secretEnv('GITSYNC_PASSWORD', { secretName: auth.secretName, key: auth.passwordKey ?? 'password' }),
      ],
      mounts: [],
    };
  }
  const verify = auth.verifyHostKey ?? true;
  const volume = pod.volumeNameFor(p.name, 'git-secret');
  pod.addVolume({
    name: volume,
    secret: {
      secretName: auth.secretName,
      // 0400: ssh refuses keys others can read; the pod's fsGroup still lets git-sync read it.
      defaultMode: 0o400,
      items: [
        { key: auth.sshKeyKey ?? 'ssh', path: 'ssh' },
        ...(verify ? [{ key: auth.knownHostsKey ?? 'known_hosts', path: 'known_hosts' }] : []),
      ],
    },
  });
  return {
    env: [
      // --ssh is implied by the URL from v4.1 on but still needed by v4.0 images.
      { name: 'GITSYNC_SSH', value: 'true' },
      { name: 'GITSYNC_SSH_KEY_FILE', value: `${SECRET_DIR}/ssh` },
      { name: 'GITSYNC_SSH_KNOWN_HOSTS', value: String(verify) },
      ...(verify ? [{ name: 'GITSYNC_SSH_KNOWN_HOSTS_FILE', value: `${SECRET_DIR}/known_hosts` }] : []),
    ],
    mounts: [{ name: volume, mountPath: SECRET_DIR, readOnly: true }],
  };
}
