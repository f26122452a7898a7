// Long-running real programs for end-to-end tests: started in their own process group so that
// stopping one also stops its workers (nginx), with their output kept for failure messages.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OUTPUT_LIMIT = 64 * 1024;

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  /** stdout and stderr so far (the last 64 KiB) */
  output(): string;
  /** undefined while running; the exit code, or null when killed by a signal */
  exitCode(): number | null | undefined;
}

export class ProcessGroup {
  private readonly running: RunningProcess[] = [];
  private readonly outputDirs: string[] = [];

  start(
    name: string,
    command: string,
    args: string[],
    options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
  ): RunningProcess {
    // Output goes to a file, as a container runtime gives a program a pipe or a file: nginx opens
    // /dev/stdout, which fails on the socket pair Node would use for a pipe.
    const dir = mkdtempSync(join(tmpdir(), `${name}-output-`));
    this.outputDirs.push(dir);
    const file = join(dir, 'output');
    const fd = openSync(file, 'w');
    const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    let exit: { code: number | null } | undefined;
    child.on('exit', (code) => {
      exit = { code };
    });
    child.on('error', (err) => {
      appendFileSync(file, `spawn error: ${err.message}\n`);
      exit ??= { code: null };
    });
    const output = () => {
      const text = readFileSync(file, 'utf8');
      return text.length > OUTPUT_LIMIT ? text.slice(-OUTPUT_LIMIT) : text;
    };
    const proc: RunningProcess = { name, child, output, exitCode: () => exit?.code };
    this.running.push(proc);
    return proc;
  }

  /** Stops every process this group started: SIGTERM to its process group, SIGKILL after 3 s. */
  async stopAll(): Promise<void> {
    await Promise.all(this.running.splice(0).map((p) => stop(p)));
    for (const dir of this.outputDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Stops one process (and its process group): SIGTERM, SIGKILL after 3 s. */
export async function stop(p: RunningProcess): Promise<void> {
  const pid = p.child.pid;
  if (pid === undefined) return;
  if (p.exitCode() === undefined) {
    const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
    signalGroup(pid, 'SIGTERM');
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 3000).unref());
    if ((await Promise.race([exited, timer])) === 'timeout') {
      signalGroup(pid, 'SIGKILL');
      await exited;
    }
  }
  // Whatever is left of the group (nginx workers of a master that died) goes too.
  signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Waits until 127.0.0.1:port accepts connections; fails with the program's output if it exits or
 * takes over `timeoutMs`.
 */
export async function waitForPort(port: number, proc: RunningProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode() !== undefined)
      throw new Error(`${proc.name} exited (${proc.exitCode()}) before listening on ${port}:\n${proc.output()}`);
    if (await canConnect(port)) return;
    if (Date.now() > deadline)
      throw new Error(`${proc.name} did not listen on ${port} within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
