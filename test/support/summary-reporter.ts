// Prints one closing line, "N passed, N failed[, N skipped]", that CI logs and people can grep.
// A test that did not run because its set-up failed (a beforeAll that threw: a missing program) is
// failed, not skipped: only a test the suite itself marks skip or todo, or one a name filter left out,
// counts as skipped.
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';

/** The test's suites and module, innermost first. */
function ancestors(test: TestCase): (TestSuite | TestModule)[] {
  const out: (TestSuite | TestModule)[] = [];
  for (let p: TestSuite | TestModule | undefined = test.parent; p; p = p.type === 'module' ? undefined : p.parent)
    out.push(p);
  return out;
}

/** Set-up failed around the test: a hook or the module itself reported an error. */
function setUpFailed(test: TestCase): boolean {
  return ancestors(test).some((p) => p.errors().length > 0);
}

export function verdict(test: TestCase): 'passed' | 'failed' | 'skipped' {
  const state = test.result().state;
  if (state === 'passed' || state === 'failed') return state;
  const chosen = test.options.mode === 'skip' || test.options.mode === 'todo';
  // skipped or never finished although it was meant to run, with a failure around it
  return !chosen && setUpFailed(test) ? 'failed' : state === 'pending' ? 'failed' : 'skipped';
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of modules) {
      const tests = [...module.children.allTests()];
      for (const test of tests) counts[verdict(test)]++;
      // a file that failed before declaring any test (an import that threw) is one failure
      if (module.state() === 'failed' && !tests.length) counts.failed++;
    }
    const { passed, failed, skipped } = counts;
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
