import { defineConfig } from 'vitest/config';
import SummaryReporter from './properties/summaryReporter.js';

export default defineConfig({
  test: {
    include: ['properties/**/*.test.ts'],
    setupFiles: ['properties/setup.ts'],
    globalSetup: ['properties/globalBuild.ts'],
    // Property suites are CPU-bound; two workers match the 2-core CI machines.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', new SummaryReporter()],
  },
});
