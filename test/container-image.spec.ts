// No Docker engine runs on the build machines, so the Dockerfile's runtime stage is proven by
// doing what it does: a production-only install, the compiled app, an unprivileged user, and
// the stage's CMD. Any runtime import of a dev dependency, or a file the image lacks, fails here.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/ports.js';
import { ProcessGroup, waitForPort } from './support/processes.js';
import { REPO_ROOT } from './support/programs.js';
import { compiledService } from './support/service-process.js';

interface RuntimeStage {
  copies: string[];
  user: string;
  cmd: string[];
  env: Record<string, string>;
}

/** The last stage of the Dockerfile: what it copies from the build stage, its USER, ENV and CMD. */
function runtimeStage(dockerfile: string): RuntimeStage {
  const stages = dockerfile.split(/^FROM /m);
  const last = stages[stages.length - 1];
  const copies = [...last.matchAll(/^COPY --from=build \/app\/(\S+) /gm)].map((m) => m[1]);
  const user = /^USER (\S+)/m.exec(last)?.[1] ?? '';
  const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(last)?.[1] ?? '[]') as string[];
  const env = Object.fromEntries(
    [...(/^ENV (.*)$/m.exec(last)?.[1] ?? '').matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]),
  );
  return { copies, user, cmd, env };
}

const stage = runtimeStage(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const processes = new ProcessGroup();
let imageRoot: string;
let port: number;
let pid: number;

beforeAll(async () => {
  imageRoot = mkdtempSync(join(tmpdir(), 'pod-patterns-image-'));
  chmodSync(imageRoot, 0o755);
  // the build stage: compile (what `nest build` does with tsconfig.build.json; the compile the
  // service-process tests share, done once per version of the sources, with the assets
  // nest-cli.json lists), then production deps
  cpSync(compiledService(), join(imageRoot, 'dist'), { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(REPO_ROOT, file), join(imageRoot, file));
  execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: imageRoot,
    stdio: 'pipe',
  });
  for (const copied of stage.copies) {
    if (!existsSync(join(imageRoot, copied)))
      cpSync(join(REPO_ROOT, copied), join(imageRoot, copied), { recursive: true });
  }
  port = await freePort();
  const [uid, gid] = stage.user.split(':');
  const asUser =
    process.getuid?.() === 0 ? ['setpriv', `--reuid=${uid}`, `--regid=${gid ?? uid}`, '--clear-groups', '--'] : [];
  const node = join(REPO_ROOT, 'node_modules/.bin/node');
  const [program, ...args] = [...asUser, node, ...stage.cmd.slice(1)];
  const proc = processes.start('service', program, args, {
    cwd: imageRoot,
    env: { PATH: process.env.PATH, ...stage.env, PORT: String(port), HOST: '127.0.0.1' },
  });
  await waitForPort(port, proc, 30_000);
  pid = proc.child.pid!;
}, 240_000);

afterAll(async () => {
  await processes.stopAll();
  if (imageRoot) rmSync(imageRoot, { recursive: true, force: true });
}, 120_000);

describe('the container image (Dockerfile runtime stage, reproduced without Docker)', () => {
  it('runs as the unprivileged user the Dockerfile names', () => {
    expect(stage.user).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    expect(stage.cmd[0]).toBe('node');
    // the Node flags (the heap cap) are those `npm start` gives the service
    const start = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } })
      .scripts.start;
    expect(stage.cmd.slice(1, -1)).toEqual(
      /node ((?:--\S+ )*)dist\/main\.js/.exec(start)![1].split(' ').filter(Boolean),
    );
    expect(stage.cmd.slice(1, -1)).toEqual(['--max-old-space-size=128']);
    if (process.getuid?.() === 0) {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      // setpriv replaces itself with node: the listening process is the one we started
      expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe(stage.user.split(':')[0]);
    }
  });

  it('has no dev dependency installed', () => {
    expect(existsSync(join(imageRoot, 'node_modules', 'vitest'))).toBe(false);
    expect(existsSync(join(imageRoot, 'node_modules', '@nestjs', 'cli'))).toBe(false);
  });

  it('serves health, docs and a bundle from the production install', async () => {
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/docs/openapi.json`)).status).toBe(200);
    const example = readFileSync(join(REPO_ROOT, 'examples', 'orders-logging-egress.json'), 'utf8');
    const res = await fetch(`${base}/v1/bundles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: example,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { manifests: { kind: string }[] };
    expect(body.manifests.map((m) => m.kind)).toContain('Deployment');
  });
});
