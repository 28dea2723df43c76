/**
 * The five seed reports analyzed once, and once more compared, for the whole
 * run (vitest's globalSetup): every analysis loads the tokenizer's dictionary
 * and runs the whole pipeline, and most tests only read its tables. Tests
 * read these folders and never write into them; a test that writes takes a
 * copy (copyOfSeedAnalysis in seed-folders.ts). The teardown checks that nobody wrote.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { compareFolder } from '../../src/compare/compare.js';
import { writeCompareResult } from '../../src/compare/write.js';
import { runAnalysis } from '../../src/pipeline/analyze.js';
import { SEED_DIR } from './seeds.js';
import type {} from './seed-folders.js';

/** Digest of every file's path and bytes under `dir`. */
function digestOf(dir: string): string {
  const hash = createHash('sha256');
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort()) {
    hash.update(f).update('\0').update(readFileSync(f)).update('\0');
  }
  return hash.digest('hex');
}

export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), 'fazhi-seed-analysis-'));
  const analysis = join(root, 'analysis');
  const comparison = join(root, 'comparison');
  await runAnalysis(SEED_DIR, analysis);
  cpSync(analysis, comparison, { recursive: true });
  writeCompareResult(compareFolder(comparison), comparison);
  project.provide('seedAnalysis', analysis);
  project.provide('seedComparison', comparison);
  const before = digestOf(root);
  return () => {
    const after = digestOf(root);
    rmSync(root, { recursive: true, force: true });
    assert.equal(after, before, 'a test wrote into the shared seed analysis: tests take copyOfSeedAnalysis() before writing');
  };
}
