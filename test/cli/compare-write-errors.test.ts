/**
 * `fazhi compare` in its analysis folder when a file cannot be written. The
 * tests run as root, which may write anywhere, so a file is made unwritable
 * by a directory where its temporary file (`<table>.partial`, see CsvWriter)
 * would go.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerCompareCommand } from '../../src/cli/compare-command.js';
import { readCsv } from '../../src/output/csv.js';
import { seedAnalysis } from '../helpers/seed-folders.js';

let analysis = '';

beforeAll(() => {
  // The seeds analyzed once for the run: read only, copied by folderWith.
  analysis = seedAnalysis();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A copy of the analysis folder with a directory at each of `blocked` (so that a file of that name cannot be created). */
function folderWith(blocked: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-cmp-wr-'));
  cpSync(analysis, dir, { recursive: true });
  for (const b of blocked) mkdirSync(join(dir, b));
  return dir;
}

/** `fazhi compare DIR --jobs 2` in place (sentences.csv rewritten while the tables are written): its error and stderr; exit() is not expected. */
async function compareInPlace(dir: string): Promise<{ error: Error | null; stderr: string; exited: boolean }> {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  let exited = false;
  vi.spyOn(process, 'exit').mockImplementation((() => {
    exited = true;
    throw new Error('exit');
  }) as never);
  const program = new Command();
  program.exitOverride();
  registerCompareCommand(program);
  let error: Error | null = null;
  try {
    await program.parseAsync(['compare', dir, '--jobs', '2'], { from: 'user' });
  } catch (e) {
    error = e as Error;
  }
  return { error, stderr, exited };
}

describe('fazhi compare, a file that cannot be written', { timeout: 60_000 }, () => {
  it('a table: throws its error on (exit 1 with the stack), not exit 2 as for a wrong option', async () => {
    const dir = folderWith(['profiles.csv.partial']);
    const r = await compareInPlace(dir);
    expect(r.exited).toBe(false);
    expect(r.error?.message).toMatch(/EISDIR.*profiles\.csv\.partial/);
  });

  it('sentences.csv (the shared_with column): throws its error on, after every table is written', async () => {
    const dir = folderWith(['sentences.csv.partial']);
    const before = readFileSync(join(dir, 'sentences.csv'));
    const r = await compareInPlace(dir);
    expect(r.exited).toBe(false);
    expect(r.error?.message).toMatch(/EISDIR.*sentences\.csv\.partial/);
    for (const f of ['profiles.csv', 'similarity.csv', 'boilerplate.csv', 'compare.json']) expect(existsSync(join(dir, f)), f).toBe(true);
    // The analysis table is as it was: no shared_with column half-added.
    expect(readFileSync(join(dir, 'sentences.csv')).equals(before)).toBe(true);
    expect(Object.keys(readCsv(before.toString('utf8'))[0]!)).not.toContain('shared_with');
  });

  it('both: throws the table\'s error and still says that sentences.csv failed too', async () => {
    const dir = folderWith(['profiles.csv.partial', 'sentences.csv.partial']);
    const r = await compareInPlace(dir);
    expect(r.exited).toBe(false);
    expect(r.error?.message).toMatch(/EISDIR.*profiles\.csv\.partial/);
    expect(r.stderr).toMatch(/shared_with.*sentences\.csv.*EISDIR.*sentences\.csv\.partial/);
  });
});
