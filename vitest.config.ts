import { configDefaults, defineConfig } from 'vitest/config';

/** Measures CPU time per request: run on its own, after the rest (see its header). */
const ALONE = ['test/bounded-cost.e2e.spec.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    // a hang guard, not a speed target: two files share the cores, and the machine is often shared too
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker less than the cores: on a 2-core machine one file at a time,
    // while most files wait on child processes (helm, nginx, the pod runner, the compiled service)
    // far more than they compute. Two files side by side keep both cores busy.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
          exclude: [...configDefaults.exclude, ...ALONE],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Thread CPU time grows when another process shares the core (the same request: 150 ms alone,
        // 250-280 ms beside the rest of the suite), so the budget is measured as a benchmark is: alone.
        extends: true,
        test: { name: 'alone', include: ALONE, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
