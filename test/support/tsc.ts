// The project's own tsc, run on a consumer project. Its whole outcome (exit code, stdout, stderr) is
// returned: a tsc that is missing or crashes must fail the test, not read as "no type error".
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hiddenPrograms, REPO_ROOT } from './programs.js';

export const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

export interface TscResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runTsc(args: string[], cwd: string): Promise<TscResult> {
  if (!existsSync(TSC) || hiddenPrograms().includes('tsc'))
    throw new Error(`tsc is not installed (${TSC} is missing); run \`npm ci\` in the repository`);
  return new Promise((resolve) => {
    execFile(process.execPath, [TSC, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
