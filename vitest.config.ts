import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
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
  },
});
