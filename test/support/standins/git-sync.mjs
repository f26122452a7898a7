// STAND-IN for git-sync v4.4 (no Debian package exists), with the behaviour the pod's probes and
// the app depend on, copied from upstream main.go:
// - the HTTP server on --http-bind starts before the first sync; "/" answers 503 until the first
//   sync of THIS process has succeeded, then 200 (getRepoReady()), whatever is on the volume;
// - a sync every --period: the ref's commit is checked out into <root>/.worktrees/<hash> and the
//   link <root>/<link> is swapped to it atomically (a new symlink renamed over the old one), so
//   the app never sees a half-written checkout and the link stays on the volume across restarts;
// - a failed sync is retried at the next period; with --max-failures=-1 the process never exits
//   for failures, otherwise it exits 1 after more than that many in a row (and --one-time exits 0
//   after one successful sync).
// It uses the git program of this machine (git-sync runs git too). Durations are multiplied by
// STANDIN_TIME_SCALE (a test-only setting).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const flag = (name, fallback) => {
  const arg = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (!arg) return fallback;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : 'true';
};
const scale = Number(process.env.STANDIN_TIME_SCALE ?? '1');
const repo = flag('repo');
const ref = flag('ref', 'HEAD');
const root = flag('root', process.env.GITSYNC_ROOT ?? '/git');
const link = flag('link', 'current');
const oneTime = flag('one-time', 'false') === 'true';
const maxFailures = Number(flag('max-failures', '0'));
const httpBind = flag('http-bind');
const log = (msg) => process.stderr.write(`[git-sync stand-in] ${msg}\n`);

/** Go duration (h, m, s, ms) -> milliseconds, scaled. */
function duration(text) {
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/([0-9.]+)(ms|h|m|s)/g))
    ms += Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit];
  return ms * scale;
}
const period = duration(flag('period', '10s'));

let syncedOnce = false;
let failures = 0;

async function sync() {
  const { stdout } = await run('git', ['ls-remote', repo, ref], { timeout: 20_000 });
  const hash = stdout.split(/\s+/)[0];
  if (!hash) throw new Error(`ref ${ref} not found in ${repo}`);
  const linkPath = join(root, link);
  const current = existsSync(linkPath) ? readlinkSync(linkPath) : undefined;
  const target = join('.worktrees', hash);
  if (current !== target) {
    const dir = join(root, target);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(root, '.worktrees'), { recursive: true });
    await run('git', ['clone', '--quiet', '--depth=1', ...(ref === 'HEAD' ? [] : ['--branch', ref]), repo, dir], {
      timeout: 60_000,
    });
    const tmp = join(root, `.${link}.tmp`);
    rmSync(tmp, { force: true });
    symlinkSync(target, tmp);
    renameSync(tmp, linkPath);
    log(`updated ${link} -> ${target}`);
  }
}

async function loop() {
  for (;;) {
    try {
      await sync();
      syncedOnce = true;
      failures = 0;
      if (oneTime) process.exit(0);
    } catch (err) {
      failures += 1;
      log(`sync failed (${failures} in a row): ${String(err.message).split('\n')[0]}`);
      if (oneTime || (maxFailures >= 0 && failures > maxFailures)) process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, period));
  }
}

if (httpBind) {
  const port = Number(httpBind.split(':').pop());
  createServer((req, res) => {
    res.writeHead(syncedOnce ? 200 : 503);
    res.end();
  }).listen(port, httpBind.split(':')[0] || '0.0.0.0');
}
process.on('SIGTERM', () => process.exit(0));
void loop();
