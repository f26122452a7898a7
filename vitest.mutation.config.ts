// The test run StrykerJS repeats for every mutant (`npm run mutation`): only the fast unit tests that
// sit beside the code, none of the HTTP or real-program tests under test/, one worker.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
