import { defineConfig } from 'vitest/config';

/**
 * The fast suites Stryker runs against each mutant (`npm run mutation`): the foundation and
 * optimizer properties, without the long claim suites. cli.test.ts is left out: it runs the
 * CLI in child processes, where Stryker cannot switch mutants on, so it can kill nothing.
 */
export default defineConfig({
  test: {
    include: ['properties/foundation/**/*.test.ts', 'properties/optimizers/**/*.test.ts'],
    exclude: ['properties/foundation/cli.test.ts'],
    setupFiles: ['properties/setup.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
