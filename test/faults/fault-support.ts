// Shared pieces of the fault-injection tests: the app stand-in mapping and bounded waiting.
import { join } from 'node:path';
import { expect } from 'vitest';
import { NODE, type PodRunner, type ProgramFor } from '../support/pod-runner.js';
import { REPO_ROOT } from '../support/programs.js';

export const STANDINS = join(REPO_ROOT, 'test', 'support', 'standins');
export const APP_STANDIN = 'stand-in';

/** The app container runs the stand-in app (its image is not available), with test-only STANDIN_* settings. */
export function appStandin(env: Record<string, string>): ProgramFor {
  return () => ({ argv: [NODE, join(STANDINS, 'app.mjs')], env });
}

/** Polls `check` until it holds, failing after `timeoutMs` with `what`. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The pod, and each of `containers`, was Ready at every moment from `from` to `to` (ms since the pod started). */
export function expectReadyThroughout(runner: PodRunner, from: number, to: number, containers: string[]): void {
  expect(runner.notReadyBetween(from, to), 'the pod').toEqual([]);
  for (const name of containers) expect(runner.notReadyBetween(from, to, name), name).toEqual([]);
}
