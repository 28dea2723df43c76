/**
 * fazhi export xlsx and dfm on a real analysis: the five bundled reports,
 * analyzed and compared once into a temporary folder, with trends.csv.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareTerms } from '../../src/compare/input.js';
import { placeStems, wholePlaceName } from '../../src/compare/place-terms.js';
import { readCsv } from '../../src/output/csv.js';
import { trends, writeTrends } from '../../src/explore/trends.js';
import { exportDfm } from '../../src/export/dfm.js';
import { exportXlsx } from '../../src/export/xlsx.js';
import { hasFixedDates } from '../helpers/zip-dates.js';
import { assertBuilt } from '../helpers/cli.js';
import { copyOfSeedAnalysis } from '../helpers/seed-folders.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const root = mkdtempSync(join(tmpdir(), 'fazhi-export-'));
/** The seeds analyzed and compared once for the run, copied here to gain trends.csv. */
const dir = copyOfSeedAnalysis(root, { compared: true });
const table = (name: string) => readCsv(readFileSync(join(dir, name), 'utf8'));

beforeAll(() => {
  // The CLI runs from the compiled output, as a user runs it.
  assertBuilt();
  writeTrends(trends(dir), dir);
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Each document's term counts as compare counts them, straight from the
 * tokens column of sentences.csv: a place name's stem (高梁 of 高梁镇) counted
 * as the whole name its sentence holds.
 */
function tokenCounts(): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const stems = placeStems();
  for (const r of table('sentences.csv')) {
    let m = out.get(r.doc_id!);
    if (!m) out.set(r.doc_id!, (m = new Map()));
    if (r.kind !== 'sentence') continue;
    const tokens = r.tokens!.split(' ').filter(Boolean).map((t) => wholePlaceName(t, r.text!, stems));
    for (const t of compareTerms(tokens, new Set())) m.set(t, (m.get(t) ?? 0) + 1);
  }
  return out;
}

function python(): string | null {
  const r = spawnSync('python3', ['-c', 'import scipy.io'], { encoding: 'utf8' });
  return r.status === 0 ? 'python3' : null;
}

describe('export dfm', () => {
  let out: string;
  beforeAll(() => {
    out = join(root, 'dfm');
    exportDfm(dir, out);
  });

  it('writes Matrix Market whose counts are the tokens column of sentences.csv, documents as rows in docvars.csv order', () => {
    const mtx = readFileSync(join(out, 'dfm.mtx'), 'utf8').split('\n');
    expect(mtx[0]).toBe('%%MatrixMarket matrix coordinate integer general');
    const body = mtx.filter((l) => l && !l.startsWith('%'));
    const [rows, cols, nnz] = body[0]!.split(' ').map(Number);
    const features = readFileSync(join(out, 'features.txt'), 'utf8').split('\n').slice(0, -1);
    const docvars = readCsv(readFileSync(join(out, 'docvars.csv'), 'utf8'));
    expect(cols).toBe(features.length);
    expect(rows).toBe(docvars.length);
    expect(body.length - 1).toBe(nnz);
    expect(new Set(features).size).toBe(features.length);
    expect(docvars.map((d) => d.doc_id)).toEqual(table('documents.csv').map((d) => d.doc_id).sort());
    expect(docvars[0]!.title).toBe(table('documents.csv').find((d) => d.doc_id === docvars[0]!.doc_id)!.title);
    const expected = tokenCounts();
    const got = new Map<string, Map<string, number>>();
    for (const line of body.slice(1)) {
      const [i, j, v] = line.split(' ').map(Number) as [number, number, number];
      const doc = docvars[i - 1]!.doc_id!;
      if (!got.has(doc)) got.set(doc, new Map());
      got.get(doc)!.set(features[j - 1]!, v);
    }
    expect(got).toEqual(expected);
  });

  it('scipy reads it back with the same shape and row sums', () => {
    const py = python();
    if (!py) {
      console.warn('test/export/export.test.ts: scipy check skipped: python3 with scipy not found (apt-get install python3-scipy)');
      return;
    }
    const r = spawnSync(py, ['-c', 'import sys, scipy.io; m = scipy.io.mmread(sys.argv[1]).tocsr(); print(m.shape[0], m.shape[1], m.nnz); print(" ".join(str(int(x)) for x in m.sum(axis=1).A1))', join(out, 'dfm.mtx')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const [shape, sums] = r.stdout.trim().split('\n') as [string, string];
    const docvars = readCsv(readFileSync(join(out, 'docvars.csv'), 'utf8'));
    const features = readFileSync(join(out, 'features.txt'), 'utf8').split('\n').slice(0, -1);
    const counts = tokenCounts();
    const nnz = [...counts.values()].reduce((s, m) => s + m.size, 0);
    expect(shape).toBe(`${docvars.length} ${features.length} ${nnz}`);
    const rowSums = docvars.map((d) => [...counts.get(d.doc_id!)!.values()].reduce((s, n) => s + n, 0));
    expect(sums.split(' ').map(Number)).toEqual(rowSums);
  });

  it('the same folder gives the same files, byte for byte', () => {
    const again = join(root, 'dfm-again');
    exportDfm(dir, again);
    for (const f of ['dfm.mtx', 'features.txt', 'docvars.csv']) expect(readFileSync(join(again, f))).toEqual(readFileSync(join(out, f)));
  });
});

describe('export xlsx', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    await exportXlsx(dir, join(root, 'out.xlsx'));
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(root, 'out.xlsx'));
  });
  const rowsOf = (name: string) => {
    const ws = wb.getWorksheet(name)!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    return rows;
  };

  it('has a sheet per table, each with a frozen header row', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['documents', 'profiles', 'profiles_long', 'keyness', 'trends', 'codebook', 'about']);
    for (const ws of wb.worksheets) expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(wb.getWorksheet('documents')!.getColumn(3).width).toBeGreaterThan(20);
  });

  it('stores numbers as numbers and codes as text', () => {
    const [header, ...rows] = rowsOf('documents');
    const docs = table('documents.csv');
    expect(rows.length).toBe(docs.length);
    const col = (name: string) => header!.indexOf(name);
    for (const r of rows) {
      const d = docs.find((x) => x.doc_id === r[col('doc_id')])!;
      expect(r[col('n_units')]).toBe(Number(d.n_units));
      expect(r[col('report_year')]).toBe(Number(d.report_year));
      expect(r[col('division_code')]).toBe(d.division_code);
      expect(r[col('title')]).toBe(d.title);
    }
  });

  it('profiles in long form hold every non-zero number of profiles.csv', () => {
    const profiles = table('profiles.csv');
    const long = rowsOf('profiles_long').slice(1);
    const expected: unknown[][] = [];
    // The measures: n_docs and the columns after it (before it, the unit's place, document variables and years).
    const measures = Object.keys(profiles[0]!).slice(Object.keys(profiles[0]!).indexOf('n_docs'));
    expect(measures.length).toBeGreaterThan(100);
    for (const p of profiles) {
      for (const [k, v] of Object.entries(p)) {
        if (!measures.includes(k) || k === 'doc_ids' || v === '' || Number(v) === 0) continue;
        expected.push([p.unit, k, Number(v)]);
      }
    }
    expect(long).toEqual(expected);
  });

  it('has the codebook of themes (ids, parents, labels) and functions', () => {
    const rows = rowsOf('codebook');
    expect(rows[0]).toEqual(['kind', 'id', 'parent', 'label', 'name', 'n_cues', 'cues']);
    const publicity = rows.find((r) => r[1] === 'pub_print')!;
    expect(publicity.slice(0, 4)).toEqual(['theme', 'pub_print', 'publicity', '宣传品']);
    expect(rows.find((r) => r[1] === 'leadership')![2]).toBeUndefined();
    expect(rows.filter((r) => r[0] === 'function').map((r) => r[1])).toEqual(['measure', 'outcome', 'shortcoming', 'plan', 'suggestion', 'other']);
  });

  it('the same folder gives the same workbook, byte for byte', async () => {
    await exportXlsx(dir, join(root, 'again.xlsx'));
    expect(readFileSync(join(root, 'again.xlsx')).equals(readFileSync(join(root, 'out.xlsx')))).toBe(true);
    expect(await hasFixedDates(join(root, 'out.xlsx'))).toBe(true);
  });

  it('continues a table too long for a sheet on the next sheets and says so', async () => {
    const file = join(root, 'split.xlsx');
    const result = await exportXlsx(dir, file, { rowsPerSheet: 100 });
    const long = result.tables.find((t) => t.table === 'profiles_long')!;
    expect(long.sheets.length).toBe(Math.ceil(long.rows / 100));
    const split = new ExcelJS.Workbook();
    await split.xlsx.readFile(file);
    let total = 0;
    for (const name of long.sheets) {
      const ws = split.getWorksheet(name)!;
      expect(ws.getRow(1).values).toEqual([undefined, 'unit', 'variable', 'value']);
      total += ws.rowCount - 1;
    }
    expect(total).toBe(long.rows);
    const about: unknown[][] = [];
    split.getWorksheet('about')!.eachRow((r) => about.push((r.values as unknown[]).slice(1)));
    expect(String(about.find((r) => r[0] === 'profiles_long')![4])).toContain(`continued over ${long.sheets.length} sheets`);
    expect(String(about.find((r) => r[0] === 'association')![4])).toContain('left out');
  });
});

describe('bad output paths', () => {
  it('a missing folder: a clear message, exit 2, nothing written', () => {
    const missing = join(root, 'no-such-folder');
    for (const args of [['export', 'xlsx', dir, '--out', join(missing, 'a.xlsx')], ['export', 'dfm', dir, '--out', join(missing, 'dfm')], ['trends', dir, '--out', join(missing, 'x')], ['promises', dir, '--out', join(missing, 'x')]]) {
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`${missing} does not exist`);
    }
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(root).filter((f) => f.includes('partial'))).toEqual([]);
  }, 60_000);

  it('a folder without an analysis: exit 2 naming the file', () => {
    const empty = mkdtempSync(join(root, 'empty-'));
    const r = spawnSync(process.execPath, [CLI, 'export', 'xlsx', empty, '--out', join(root, 'e.xlsx')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(join(empty, 'documents.csv'));
    expect(existsSync(join(root, 'e.xlsx'))).toBe(false);
  }, 30_000);
});
