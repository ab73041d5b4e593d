// @ts-check
/**
 * `npm run mutation`: mutation testing of the numerics (issue #8 item 7) against the fast suites
 * (vitest.mutation.config.ts). Not part of `npm test`. Reports go to reports/mutation/ (ignored
 * by git except README.md, the written summary). While iterating, scope and reuse results:
 *   npm run mutation -- --mutate src/numerics/logspace.ts --incremental
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/losses/**/*.ts',
    'src/numerics/**/*.ts',
    'src/margins/certificate.ts',
    'src/optimizers/logmoments.ts',
    'src/optimizers/direction.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  ignorePatterns: ['dist', 'reports', '.ci'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 90, low: 85, break: null },
};
export default config;
