// The test run StrykerJS repeats for every mutant (`npm run mutation`): only the fast unit tests that
// sit beside the code, none of the HTTP or real-program tests under test/, one worker.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    // counts class-validator calls through vi.mock, which needs the file's own module graph (isolate below)
    exclude: ['src/core/input/validate-once.spec.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // one module graph for all files: importing kubernetes-models and the rules per file costs
    // seconds, paid again for every mutant otherwise (135 s -> 29 s for the ambassador specs)
    isolate: false,
    reporters: ['default'],
  },
});
