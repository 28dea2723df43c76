import { defineConfig } from 'vitest/config';

/**
 * Files that replace a module with vi.mock. Each project runs on workers of
 * its own (vitest recycles the workers between projects when files are not
 * isolated), so the mock reaches no other file.
 */
const MOCKING = ['test/compare/compare-errors.test.ts'];

export default defineConfig({
  test: {
    // Loading nodejieba's dictionary takes 1–2 s alone and more on a loaded two-core machine;
    // a test that does it twice must not fail on time when the assertion holds.
    testTimeout: 30_000,
    setupFiles: ['vitest.setup.ts'],
    // The files of a worker share its modules: the dictionaries, lexicons and models load once per worker,
    // not once per file (a third of the suite's time). Set here: vitest reads it from the root, not from a project.
    isolate: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          exclude: ['**/node_modules/**', '**/dist/**', ...MOCKING],
          // The seeds analyzed once for every test file that only reads the tables (test/helpers/seed-analysis.ts).
          globalSetup: ['test/helpers/seed-analysis.ts'],
        },
      },
      { extends: true, test: { name: 'mocking', include: MOCKING } },
    ],
  },
});
