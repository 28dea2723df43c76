/**
 * The folders test/helpers/seed-analysis.ts (the globalSetup) analyzes the
 * seeds into, for the test files: read them, or write into a copy.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `fazhi analyze` of the seeds: the analysis tables only. */
    seedAnalysis: string;
    /** The same analysis, then `fazhi compare` in place. */
    seedComparison: string;
  }
}

/** A folder the globalSetup provided; a project without it (the vi.mock one) gets none. */
function provided(key: 'seedAnalysis' | 'seedComparison'): string {
  const dir = inject(key);
  assert.ok(dir && existsSync(dir), `${key}: no shared analysis of the seeds in this project (vitest.config.ts globalSetup: test/helpers/seed-analysis.ts)`);
  return dir;
}

/** The shared analysis of the seeds (read only). */
export const seedAnalysis = (): string => provided('seedAnalysis');
/** The shared analysis of the seeds, compared in place (read only). */
export const seedComparison = (): string => provided('seedComparison');

/** A copy of the shared analysis (compared or not) at PARENT/analysis, the test's own to write into; PARENT is a new folder of the test's. */
export function copyOfSeedAnalysis(parent: string, { compared = false } = {}): string {
  const dir = join(parent, 'analysis');
  cpSync(compared ? seedComparison() : seedAnalysis(), dir, { recursive: true });
  return dir;
}
