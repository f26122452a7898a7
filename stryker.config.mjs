// Mutation testing of src/core (`npm run mutation`; not part of the CI command: it is slow).
// Incremental: reports/stryker-incremental.json (committed) keeps each mutant's verdict, so a rerun
// tests only the mutants in code or tests that changed. One folder at a time:
// `npm run mutation -- --mutate 'src/core/presets/**/*.ts,!src/core/**/*.spec.ts'`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
// The tests run from a sandbox copy of the repository; shared/ stays beside the real one.
process.env.POD_PATTERNS_SHARED_DIR ??= join(root, '..', 'shared');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // Globs, not file names, so files moving between folders of src/core stay covered.
  mutate: ['src/core/**/*.ts', '!src/core/**/*.spec.ts', '!src/core/**/*.testing.ts'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // Two cores shared with the rest of the machine.
  concurrency: 1,
  timeoutMS: 20_000,
  // the first run of every unit test, instrumented, on one worker: minutes on a loaded machine
  dryRunTimeoutMinutes: 30,
  // a static mutant (a module-level constant) needs every test rerun: too slow for what it finds
  ignoreStatic: true,
  ignorePatterns: ['tools', 'dist'],
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
