import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Loading nodejieba's dictionary takes 1–2 s alone and more on a loaded two-core machine;
    // a test that does it twice must not fail on time when the assertion holds.
    testTimeout: 30_000,
  },
});
