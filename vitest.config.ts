import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The seeds analysed once for every test file that only reads the tables (test/helpers/seed-analysis.ts).
    globalSetup: ['test/helpers/seed-analysis.ts'],
    setupFiles: ['test/helpers/yield-between-tests.ts'],
    // Loading nodejieba's dictionary takes 1–2 s alone and more on a loaded two-core machine;
    // a test that does it twice must not fail on time when the assertion holds.
    testTimeout: 30_000,
  },
});
