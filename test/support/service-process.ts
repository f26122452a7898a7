// The service as a real process, as production runs it: compiled from src/ (what `nest build` does
// with tsconfig.build.json) and started with `node main.js`, with its settings in the environment.
// The build goes under node_modules/.cache, keyed by a digest of the sources, so that the test files
// that need it share one compile, and the compiled code finds the project's node_modules.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { freePort } from './ports.js';
import { type ProcessGroup, type RunningProcess, waitForPort } from './processes.js';
import { REPO_ROOT } from './programs.js';

const CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'pod-patterns-service');

function sourceFiles(
  dir: string,
  wanted = (name: string) => name.endsWith('.ts') && !name.endsWith('.spec.ts'),
): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? sourceFiles(join(dir, e.name), wanted) : wanted(e.name) ? [join(dir, e.name)] : [],
    )
    .sort();
}

/** The asset folders nest-cli.json lists ("<dir>/**\/*" under sourceRoot), which `nest build` copies into dist. */
function nestAssets(): { from: string; to: string }[] {
  const nest = JSON.parse(readFileSync(join(REPO_ROOT, 'nest-cli.json'), 'utf8'));
  return (nest.compilerOptions?.assets ?? []).map((asset: string | { include: string }) => {
    const dir = String(typeof asset === 'string' ? asset : asset.include).replace(/\/\*\*\/\*$/, '');
    return { from: join(REPO_ROOT, nest.sourceRoot, dir), to: dir };
  });
}

/**
 * The compiled service's dist/ folder (main.js in it), built once per version of the sources,
 * beside links to package.json and examples/, which it reads as the image's /app holds them.
 */
export function compiledService(): string {
  const hash = createHash('sha256');
  const assets = nestAssets().flatMap(({ from }) => sourceFiles(from, () => true));
  for (const file of [
    ...sourceFiles(join(REPO_ROOT, 'src')),
    ...assets,
    join(REPO_ROOT, 'nest-cli.json'),
    join(REPO_ROOT, 'tsconfig.json'),
    join(REPO_ROOT, 'tsconfig.build.json'),
    join(REPO_ROOT, 'package-lock.json'),
  ]) {
    hash.update(relative(REPO_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  const dir = join(CACHE, hash.digest('hex').slice(0, 16));
  const dist = join(dir, 'dist');
  if (existsSync(join(dist, 'main.js'))) return dist;
  mkdirSync(CACHE, { recursive: true });
  // test files running side by side wait for one compile instead of each running the same one
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (existsSync(join(dist, 'main.js'))) return dist;
      // left by a run that was killed mid-compile
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (existsSync(join(dist, 'main.js'))) return dist;
    const building = `${dir}.${process.pid}.tmp`;
    execFileSync(
      join(REPO_ROOT, 'node_modules/.bin/tsc'),
      ['-p', join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', join(building, 'dist')],
      { stdio: 'pipe' },
    );
    for (const { from, to } of nestAssets()) cpSync(from, join(building, 'dist', to), { recursive: true });
    for (const entry of ['package.json', 'examples']) symlinkSync(join(REPO_ROOT, entry), join(building, entry));
    renameSync(building, dir);
    return dist;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface ServiceProcess {
  proc: RunningProcess;
  port: number;
  base: string;
  /** the service's output so far, one entry per line */
  lines(): string[];
}

/** Starts the compiled service on a free loopback port with `env` as its settings; resolves once it listens. */
export async function startService(
  processes: ProcessGroup,
  name: string,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const dir = compiledService();
  const port = await freePort();
  const proc = processes.start(name, join(REPO_ROOT, 'node_modules/.bin/node'), [join(dir, 'main.js')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
  });
  await waitForPort(port, proc, 60_000);
  return {
    proc,
    port,
    base: `http://127.0.0.1:${port}`,
    lines: () =>
      proc
        .output()
        .split('\n')
        .filter((line) => line !== ''),
  };
}
