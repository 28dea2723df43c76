/**
 * How `fazhi analyze` ends on an error: the user's mistake (a --meta table it
 * cannot use, a --dict that is not YAML) exits 2 with a message; a failure that is not theirs (an output
 * table that cannot be written) exits 1 with the stack. The tests run as root,
 * which may write anywhere, so a table is made unwritable by a directory where
 * its temporary file (`<table>.partial`, see CsvWriter) would go.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEED_DIR, SEED_FILES } from '../helpers/seeds.js';
import { assertBuilt } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const ONE_SEED = join(SEED_DIR, SEED_FILES[0]!);

function analyze(args: string[]) {
  return spawnSync(process.execPath, [CLI, 'analyze', ONE_SEED, '-q', ...args], { encoding: 'utf8', cwd: ROOT });
}

beforeAll(() => {
  // The CLI runs from the compiled output, as a user runs it.
  assertBuilt();
}, 120_000);

describe('fazhi analyze, exit status on an error', { timeout: 60_000 }, () => {
  it('exits 2 with the message, no stack, for a --meta table without a "file" or "doc_id" column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-exit-'));
    const meta = join(dir, 'meta.csv');
    writeFileSync(meta, `name,county\n${SEED_FILES[0]},万州区\n`);
    const r = analyze(['--out', join(dir, 'out'), '--meta', meta]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `fazhi: metadata file ${meta}: no "file" (文件名) or "doc_id" column (each report's file name as manifest.csv lists it, or its doc_id); ` +
        'the standard columns are file, title, township, county, city, province, admin_level, report_year, published, division_code, place_note\n',
    );
    expect(existsSync(join(dir, 'out', 'documents.csv'))).toBe(false);
  });

  it('exits 2 for a --meta row whose report_year is not a year, naming the row', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-exit-'));
    const meta = join(dir, 'meta.csv');
    writeFileSync(meta, `file,report_year\n${SEED_FILES[0]},二〇二三\n`);
    const r = analyze(['--out', join(dir, 'out'), '--meta', meta]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`fazhi: metadata file ${meta}, row 2: report_year "二〇二三" is not a year\n`);
  });

  it('exits 2 with the message for a --dict that is not valid YAML, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-exit-'));
    const dict = join(dir, 'my.yml');
    writeFileSync(dict, 'rule_of_law:\n  - [普法\n');
    const r = analyze(['--out', join(dir, 'out'), '--dict', dict]);
    expect(r.status).toBe(2);
    expect(r.stderr.startsWith(`fazhi: ${dict}: invalid YAML`), r.stderr).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 with the stack when an output table cannot be written', () => {
    const out = mkdtempSync(join(tmpdir(), 'fazhi-exit-'));
    mkdirSync(join(out, 'sentences.csv.partial'));
    const r = analyze(['--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/EISDIR.*sentences\.csv\.partial/);
    expect(r.stderr).toMatch(/\n\s+at /);
    // No table that looks finished is left behind.
    expect(existsSync(join(out, 'sentences.csv'))).toBe(false);
  });
});
