// Runs real exporters the way a generated bundle would: the exact args and env of an adapter
// container (Secret references resolved from a map the test gives), next to a real program on a
// free loopback port. Every process started here is stopped by stopAll(); every wait is bounded.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import type { Bundle } from '../../src/core/model/bundle.js';
import { requireProgram } from './programs.js';

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningProgram {
  name: string;
  child: ChildProcess;
  /** stdout and stderr so far (the last 64 KiB), for failure messages */
  output(): string;
  exited(): boolean;
}

const running = new Set<RunningProgram>();

/** Starts a program with exactly `env` (plus PATH), collecting its output. */
export function startProgram(
  path: string,
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): RunningProgram {
  const child = spawn(path, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-65536);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let done = false;
  child.once('exit', () => {
    done = true;
  });
  child.once('error', (err) => {
    done = true;
    out += `\n[spawn error] ${err.message}`;
  });
  const program: RunningProgram = { name: path, child, output: () => out, exited: () => done };
  running.add(program);
  return program;
}

/** Stops every program started by startProgram: SIGTERM, then SIGKILL after 3 s. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(async (p) => {
      running.delete(p);
      if (p.exited() || p.child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
      p.child.kill('SIGTERM');
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
    }),
  );
}

export interface HttpResult {
  status: number;
  body: string;
}

export async function httpGet(url: string, timeoutMs = 3000): Promise<HttpResult> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: await res.text() };
}

/**
 * Polls `url` until it answers 200 and `ready(body)` holds; fails after `timeoutMs` with the
 * program's output, or at once if the program has exited.
 */
export async function waitForHttp(
  url: string,
  program: RunningProgram,
  ready: (body: string) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (program.exited()) throw new Error(`${program.name} exited before ${url} answered:\n${program.output()}`);
    try {
      const res = await httpGet(url, 1000);
      if (res.status === 200 && ready(res.body)) return res.body;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last}); ${program.name} said:\n${program.output()}`);
}

/** Polls until `port` on 127.0.0.1 accepts a TCP connection (bounded, like waitForHttp). */
export async function waitForTcp(port: number, program: RunningProgram, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (program.exited()) throw new Error(`${program.name} exited before listening on ${port}:\n${program.output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${program.name} not listening on ${port} after ${timeoutMs} ms:\n${program.output()}`);
}

/** How an adapter container runs: its args and its environment with Secret references resolved. */
export interface ContainerInvocation {
  args: string[];
  env: Record<string, string>;
}

/**
 * The args and env of container `name` in the bundle's workload, exactly as generated. Env values
 * from secretKeyRef are looked up in `secrets` ("<secretName>/<key>" -> value), as the kubelet would
 * from the Secret; any other valueFrom is an error (the test would not run what the pod runs).
 */
export function containerInvocation(
  bundle: Bundle,
  name: string,
  secrets: Record<string, string> = {},
): ContainerInvocation {
  const workload = bundle.manifests.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet') as any;
  const spec = workload.spec.template.spec;
  const container = [...spec.containers, ...(spec.initContainers ?? [])].find((c: any) => c.name === name);
  if (!container) throw new Error(`no container "${name}" in the bundle`);
  if (container.command) throw new Error(`container "${name}" overrides the image's command; run that command instead`);
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.secretKeyRef) {
      const ref = `${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`;
      if (!(ref in secrets)) throw new Error(`the test gives no Secret value for ${ref} (env ${e.name})`);
      env[e.name] = secrets[ref];
    } else
      throw new Error(
        `env ${e.name} of "${name}" comes from ${JSON.stringify(e.valueFrom)}, which the test cannot resolve`,
      );
  }
  return { args: [...(container.args ?? [])], env };
}

/**
 * THE one adaptation of a generated invocation for running it on this machine: the exporter's
 * listen address ":<port>" (all interfaces, as in the pod's own network namespace) becomes
 * "127.0.0.1:<port>", so a test never opens a port beyond loopback. Nothing else is changed.
 */
export function onLoopback(invocation: ContainerInvocation): ContainerInvocation {
  const flag = '--web.listen-address=:';
  const matching = invocation.args.filter((a) => a.startsWith(flag));
  if (matching.length !== 1)
    throw new Error(`expected exactly one ${flag}<port> argument, got ${JSON.stringify(invocation.args)}`);
  return {
    ...invocation,
    args: invocation.args.map((a) =>
      a.startsWith(flag) ? `--web.listen-address=127.0.0.1:${a.slice(flag.length)}` : a,
    ),
  };
}

/** The flags a Go exporter lists in its --help ("-name" lines). */
export function helpFlags(program: string): Set<string> {
  const res = spawnSync(program, ['--help'], { encoding: 'utf8', timeout: 10_000 });
  const text = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  const flags = new Set([...text.matchAll(/^\s+--?([a-z0-9][a-z0-9._-]*)/gim)].map((m) => m[1]));
  if (!flags.has('web.listen-address'))
    throw new Error(`could not read the flags of ${program} from its --help:\n${text}`);
  return flags;
}

/** The "--name=value" args whose flag `program` does not list in its --help. */
export function flagsUnknownTo(program: string, args: string[]): string[] {
  const known = helpFlags(program);
  return args.filter((arg) => {
    const m = /^--?([^=]+)(=|$)/.exec(arg);
    return !m || !known.has(m[1]);
  });
}

export interface MetricsCheck {
  /** promtool's exit status: 0 clean, 3 lint problems only, 1 unparseable */
  status: number | null;
  /** one line per problem promtool reports */
  problems: string[];
}

/** `promtool check metrics` on the exposition text, through stdin. */
export function promtoolCheckMetrics(text: string): MetricsCheck {
  const promtool = requireProgram('promtool');
  const res = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 20_000 });
  const problems = `${res.stdout ?? ''}\n${res.stderr ?? ''}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return { status: res.status, problems };
}

/** Samples of a metric family without labels, e.g. value('nginx_up') -> 1. */
export function sampleValue(text: string, metric: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${metric} `) || l.startsWith(`${metric}{`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * Problems that make the exposition invalid. promtool also lints metric naming (exit status 3,
 * e.g. `counter metrics should have "_total" suffix`): those name a metric family the exporter
 * serves, are the exporter's own naming choices, and do not stop Prometheus from ingesting it, so
 * they are not counted here; a parse error (status 1) or any other line is.
 */
export function expositionErrors(check: MetricsCheck, text: string): string[] {
  if (check.status !== 0 && check.status !== 3) return [`promtool exited with ${check.status}`, ...check.problems];
  const families = new Set(
    text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ')[2]),
  );
  return check.problems.filter((line) => !families.has(line.split(' ')[0]));
}
