// A small app with ambassadors, composed the way the service composes every request, and a way to
// run a real program on what it generated.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from '../../src/core/model/bundle.js';
import type { PresetItem } from '../../src/core/model/request.js';
import type { TargetDto } from '../../src/core/request/target.js';
import type { ContainerFs } from './container-fs.js';
import { requireProgram } from './programs.js';
import { composeBundle } from './validated.js';

export function bundleWithAmbassadors(
  ambassadors: PresetItem[],
  target: TargetDto = { kubernetesVersion: '1.33' },
): Bundle {
  return composeBundle({
    app: { name: 'shop', image: 'ghcr.io/acme/shop:1.0.0', ports: [{ name: 'http', containerPort: 8080 }] },
    ambassadors,
    target,
  });
}

export interface ProgramResult {
  status: number | null;
  output: string;
}

/**
 * Runs a Debian program to completion (bounded), stdout and stderr together. Its output goes to a
 * file, as a container runtime gives a program a pipe or a file: nginx opens /dev/stdout, which
 * fails on the socket pair Node would use for a pipe.
 */
export function runProgram(program: string, args: string[], timeoutMs = 20_000): ProgramResult {
  const dir = mkdtempSync(join(tmpdir(), 'program-output-'));
  const file = join(dir, 'output');
  const fd = openSync(file, 'w');
  try {
    const r = spawnSync(requireProgram(program), args, { stdio: ['ignore', fd, fd], timeout: timeoutMs });
    if (r.error) throw r.error;
    return { status: r.status, output: readFileSync(file, 'utf8') };
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The container's own command line on this machine (paths in its volumes mapped): program name and args. */
export function containerCommand(fs: ContainerFs): { program: string; args: string[] } {
  const [program, ...args] = fs.commandLine();
  return { program, args };
}
