/**
 * Document variables (--meta), compare --by any column, association.csv,
 * keyness corrections and kwic, on the five bundled reports analyzed with a
 * --meta table of our own (pilot = yes/no). The statistics are checked
 * against scipy's values on real tables (test/fixtures/stats/scipy.json,
 * made by scripts/stats-fixtures.py).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { runAnalysis } from '../../src/pipeline/analyze.js';
import { compareFolder } from '../../src/compare/compare.js';
import { writeCompareResult } from '../../src/compare/write.js';
import { CompareOptionError } from '../../src/compare/input.js';
import { logLikelihood, chiSquare1Pvalue } from '../../src/compare/keyness.js';
import { groupKeyOf } from '../../src/compare/groups.js';
import { benjaminiHochberg, chiSquareTest, fisherExact2x2, monteCarloChiSquare } from '../../src/explore/statistics.js';
import { kwic, KwicError } from '../../src/explore/kwic.js';
import { kwicTerminalLines } from '../../src/explore/kwic-write.js';
import stringWidth from 'string-width';
import { SEED_DIR, SEED_FILES } from '../helpers/seeds.js';
import { hasFixedDates } from '../helpers/zip-dates.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const SCIPY = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/stats/scipy.json'), 'utf8')) as {
  tables: Array<{ variable: string; table: number[][]; chi2: number; p_value: number; df: number; expected: number[][]; cramers_v: number; adjusted_residuals: number[][]; fisher_p_value?: number }>;
  keyness: Array<{ table: number[][]; G2: number; p_value: number }>;
  benjamini_hochberg: { p_values: number[]; adjusted: number[] };
};

function csv(path: string): Array<Record<string, string>> {
  return Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
}

function close(actual: number, expected: number, rel = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-300, Math.abs(expected)) + 1e-15);
}

describe('statistics agree with scipy on real contingency tables', () => {
  it('χ², df, p, expected counts, Cramér\'s V and adjusted residuals (chi2_contingency, association)', () => {
    expect(SCIPY.tables.length).toBeGreaterThanOrEqual(10);
    for (const t of SCIPY.tables) {
      const r = chiSquareTest(t.table);
      close(r.chi2, t.chi2);
      expect(r.df).toBe(t.df);
      close(r.pValue, t.p_value, 1e-8);
      close(r.cramersV, t.cramers_v);
      t.expected.forEach((row, i) => row.forEach((e, j) => close(r.expected[i]![j]!, e)));
      t.adjusted_residuals.forEach((row, i) => row.forEach((e, j) => close(r.residuals[i]![j]!, e, 1e-8)));
    }
  });

  it("Fisher's exact test of the 2×2 tables (fisher_exact, two-sided)", () => {
    const two = SCIPY.tables.filter((t) => t.fisher_p_value !== undefined);
    expect(two.length).toBeGreaterThanOrEqual(4);
    for (const t of two) close(fisherExact2x2(t.table[0]![0]!, t.table[0]![1]!, t.table[1]![0]!, t.table[1]![1]!), t.fisher_p_value!, 1e-9);
  });

  it('keyness G² and its p-value (chi2_contingency, lambda_="log-likelihood")', () => {
    for (const k of SCIPY.keyness) {
      const [[a, b], [c, d]] = k.table as [[number, number], [number, number]];
      const g2 = logLikelihood(a, b, c, d);
      close(g2, k.G2, 1e-9);
      close(chiSquare1Pvalue(g2), k.p_value, 1e-9);
    }
  });

  it('Benjamini–Hochberg (false_discovery_control)', () => {
    const adjusted = benjaminiHochberg(SCIPY.benjamini_hochberg.p_values);
    SCIPY.benjamini_hochberg.adjusted.forEach((e, i) => close(adjusted[i]!, e, 1e-12));
  });

  it('the Monte-Carlo χ² is seeded, and agrees with χ² on a table with large expected counts', () => {
    const measure = SCIPY.tables.find((t) => t.variable === 'measure')!;
    const rows = measure.table as Array<[number, number]>;
    const p1 = monteCarloChiSquare(rows, 2000, 42);
    expect(monteCarloChiSquare(rows, 2000, 42)).toBe(p1);
    // p = 0.00104: about 2 of 2000 draws as extreme; the simulation's standard error is √(p/2000) ≈ 0.0007.
    expect(Math.abs(p1 - measure.p_value)).toBeLessThan(0.003);
    const publicity = SCIPY.tables.find((t) => t.variable === 'publicity' && t.table.length === 2)!;
    const p2 = monteCarloChiSquare(publicity.table as Array<[number, number]>, 2000, 7);
    expect(Math.abs(p2 - publicity.p_value)).toBeLessThan(0.03);
  });
});

describe('document variables, --by, association, keyness and kwic on the bundled reports', () => {
  let dir = '';
  const PILOT: Record<string, string> = { [SEED_FILES[0]!]: 'yes', [SEED_FILES[1]!]: 'no', [SEED_FILES[2]!]: 'yes', [SEED_FILES[3]!]: 'no' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fazhi-explore-'));
    const meta = join(dir, 'frame.csv');
    // Chinese header for the file column; the fifth report has no row (no pilot value).
    writeFileSync(meta, '文件名,pilot,region\n' + Object.entries(PILOT).map(([f, p], i) => `${f},${p},${i % 2 ? 'east' : 'west'}`).join('\n') + '\n');
    await runAnalysis(SEED_DIR, join(dir, 'out'), { metaFile: meta, jobs: 1 });
  }, 120_000);

  it('carries every --meta column into documents.csv after fazhi\'s own columns', () => {
    const header = readFileSync(join(dir, 'out/documents.csv'), 'utf8').split(/\r?\n/)[0]!.split(',');
    expect(header.slice(-3)).toEqual(['script', 'pilot', 'region']);
    const docs = csv(join(dir, 'out/documents.csv'));
    for (const d of docs) expect(d.pilot).toBe(PILOT[d.file!] ?? '');
  });

  it('matches a --meta table by doc_id, and refuses a variable named like one of fazhi\'s columns', async () => {
    const docs = csv(join(dir, 'out/documents.csv'));
    const byId = join(dir, 'by-id.csv');
    writeFileSync(byId, `doc_id,省,pilot\n${docs[4]!.doc_id},四川省,yes\n`);
    await runAnalysis(SEED_DIR, join(dir, 'by-id'), { metaFile: byId, jobs: 1 });
    const rows = csv(join(dir, 'by-id/documents.csv'));
    expect(rows.map((r) => r.pilot)).toEqual(['', '', '', '', 'yes']);
    expect(rows[4]!.province).toBe('四川省');
    const clash = join(dir, 'clash.csv');
    writeFileSync(clash, `file,n_units\n${SEED_FILES[0]},3\n`);
    await expect(runAnalysis(SEED_DIR, join(dir, 'clash'), { metaFile: clash, jobs: 1 })).rejects.toThrow(/"n_units" clashes with fazhi's own column/);
  }, 120_000);

  it('groups by a --meta column: association.csv has the yes/no contingency of each function and theme', () => {
    const result = compareFolder(join(dir, 'out'), { by: 'pilot' });
    expect(result.units.filter((u) => !u.ungrouped).map((u) => u.id)).toEqual(['no', 'yes']);
    const plan = result.association.filter((r) => r.kind === 'function' && r.variable === 'plan');
    expect(plan.map((r) => r.group)).toEqual(['no', 'yes']);
    // The yes/no table reproduces the sentences.csv counts of the four reports with a pilot value.
    const sentences = csv(join(dir, 'out/sentences.csv')).filter((s) => s.kind === 'sentence');
    const docs = new Map(csv(join(dir, 'out/documents.csv')).map((d) => [d.doc_id!, d.pilot!]));
    for (const r of plan) {
      const own = sentences.filter((s) => docs.get(s.doc_id!) === r.group);
      expect(r.n_sentences).toBe(own.length);
      expect(r.n_with).toBe(own.filter((s) => s.function === 'plan').length);
    }
    // Two groups: residuals mirror each other; p_adjusted is never below p_value.
    expect(plan[0]!.residual).toBeCloseTo(-plan[1]!.residual, 10);
    for (const r of result.association) if (Number.isFinite(r.p_value)) expect(r.p_adjusted).toBeGreaterThanOrEqual(r.p_value - 1e-15);
    // Small expected counts in a 2×2 table are tested exactly.
    expect(result.association.some((r) => r.test === 'fisher_exact')).toBe(true);
  });

  it('profiles.csv and clusters.csv carry the document variables: a report\'s own, a group\'s where all its reports agree', () => {
    const docs = csv(join(dir, 'out/documents.csv'));
    const variables = ['title', 'admin_level', 'report_year', 'published', 'division_code', 'place_note', 'script', 'pilot', 'region'];
    const byDoc = compareFolder(join(dir, 'out'));
    expect(byDoc.profiles.columns.slice(0, 6 + variables.length)).toEqual(['unit', 'township', 'county', 'city', 'province', ...variables, 'years']);
    expect(byDoc.variables).toEqual(variables);
    for (const d of docs) {
      const row = byDoc.profiles.rows.find((r) => r.unit === d.doc_id)!;
      for (const v of variables) expect(String(row[v]), `${d.doc_id} ${v}`).toBe(d[v]);
    }
    // The fifth report has no row in the frame: no pilot.
    expect(byDoc.profiles.rows.map((r) => r.pilot)).toEqual(docs.map((d) => PILOT[d.file!] ?? ''));

    // Grouped: the value every report of the group has, else empty.
    const docOf = new Map(docs.map((d) => [d.doc_id!, d]));
    for (const by of ['report_year', 'admin_level', 'region']) {
      const grouped = compareFolder(join(dir, 'out'), { by });
      for (const row of grouped.profiles.rows) {
        const members = String(row.doc_ids).split(';').map((id) => docOf.get(id)!);
        for (const v of variables) {
          const values = new Set(members.map((m) => m[v]));
          expect(String(row[v]), `--by ${by} ${row.unit} ${v}`).toBe(values.size === 1 ? [...values][0] : '');
        }
      }
    }
    const years = compareFolder(join(dir, 'out'), { by: 'report_year' });
    // 2021: two reports, both pilots in the west, with different titles.
    const y2021 = years.profiles.rows.find((r) => r.unit === '2021')!;
    expect([y2021.n_docs, y2021.pilot, y2021.region, y2021.title, y2021.report_year]).toEqual([2, 'yes', 'west', '', '2021']);
    // One report per row of clusters.csv when compared by report: its variables beside its cluster.
    const out = join(dir, 'compared-by-document');
    writeCompareResult(byDoc, out);
    const clusters = csv(join(out, 'clusters.csv'));
    for (const c of clusters) expect(c.pilot).toBe(PILOT[docOf.get(c.unit!)!.file!] ?? '');
    expect(Object.keys(csv(join(out, 'profiles.csv'))[0]!)).toEqual(byDoc.profiles.columns);
  });

  it('crosses columns (township × report_year) with groupKeyOf, and names the columns when one does not exist', () => {
    const row = csv(join(dir, 'out/documents.csv'))[0]!;
    expect(groupKeyOf(row, ['township', 'report_year'])).toBe(`${row.province}/${row.county}/${row.township} × ${row.report_year}`);
    expect(groupKeyOf({ ...row, report_year: '' }, ['township', 'report_year'])).toBeNull();
    const result = compareFolder(join(dir, 'out'), { by: 'township,report_year' });
    expect(result.units.every((u) => u.id.includes(' × '))).toBe(true);
    expect(() => compareFolder(join(dir, 'out'), { by: 'pilott' })).toThrow(CompareOptionError);
    expect(() => compareFolder(join(dir, 'out'), { by: 'pilott' })).toThrow(/no column pilott; its columns are doc_id, .*pilot, region/);
  });

  it('keyness lists whole words significant after correction, place names kept whole', () => {
    const result = compareFolder(join(dir, 'out'), { by: 'document' });
    expect(result.keyness.length).toBeGreaterThan(0);
    for (const k of result.keyness) {
      expect([...k.term].length).toBeGreaterThanOrEqual(2);
      expect(k.term).not.toMatch(/^[\p{N}.]+$/u);
      expect(k.p_adjusted).toBeLessThanOrEqual(0.05);
      expect(k.p_adjusted).toBeGreaterThanOrEqual(k.p_value);
    }
    // 宝山区大场镇's report: its township is a distinctive word, whole (the tokenizer alone cuts it into 大场 + 镇).
    expect(result.keyness.some((k) => k.term === '大场镇')).toBe(true);
    const all = compareFolder(join(dir, 'out'), { by: 'document', keynessMaxP: 1 });
    expect(all.keyness.length).toBeGreaterThan(result.keyness.length);
  });

  it('kwic finds every occurrence, the byte search agreeing with a full CSV read', () => {
    const sentences = csv(join(dir, 'out/sentences.csv'));
    const expected = sentences.reduce((n, s) => n + (s.text!.split('普法').length - 1), 0);
    const literal = kwic(join(dir, 'out'), { pattern: '普法' });
    expect(literal.hits.length).toBe(expected);
    // A regex is read with the full CSV parser: the same hits.
    const regex = kwic(join(dir, 'out'), { pattern: '普(法)', regex: true });
    expect(regex.hits.map((h) => [h.doc_id, h.unit_index, h.left])).toEqual(literal.hits.map((h) => [h.doc_id, h.unit_index, h.left]));
    const h = literal.hits[0]!;
    const text = sentences.find((s) => s.doc_id === h.doc_id && Number(s.unit_index) === h.unit_index)!.text!;
    expect(text).toContain(h.left + h.keyword + h.right);
    expect(h.left.length).toBeLessThanOrEqual(20);
  });

  it('kwic --where filters on function, theme and document variables', () => {
    const all = kwic(join(dir, 'out'), { pattern: '普法', sentence: true });
    const some = kwic(join(dir, 'out'), { pattern: '普法', sentence: true, where: [['function', 'measure'], ['theme', 'publicity'], ['pilot', 'yes']] });
    expect(some.hits.length).toBeGreaterThan(0);
    expect(some.hits.length).toBeLessThan(all.hits.length);
    for (const h of some.hits) {
      expect(h.function).toBe('measure');
      expect(h.themes.split(';')).toContain('publicity');
      expect(h.vars.pilot).toBe('yes');
    }
    expect(() => kwic(join(dir, 'out'), { pattern: '普法', where: [['pilott', 'yes']] })).toThrow(/no column pilott/);
    expect(() => kwic(join(dir, 'out'), { pattern: '普法(', regex: true })).toThrow(KwicError);
  });

  it('kwic prints a table of more hits than a call can take arguments (150,000), aligned', () => {
    const found = kwic(join(dir, 'out'), { pattern: '法治' });
    const hits = Array.from({ length: 150_000 }, (_, i) => found.hits[i % found.hits.length]!);
    const lines = kwicTerminalLines({ ...found, hits });
    expect(lines.length).toBe(hits.length);
    // The keyword's bracket sits at the same display column on every line.
    const column = (line: string) => stringWidth(line.slice(0, line.indexOf(' [')));
    expect(new Set(lines.slice(0, 200).map(column)).size).toBe(1);
  });

  it('kwic --out x.xlsx: the same hits give the same workbook, byte for byte, its dates fixed', async () => {
    if (!existsSync(CLI)) throw new Error('build first (npm run build)');
    const paths = [join(dir, 'kwic-1.xlsx'), join(dir, 'kwic-2.xlsx')];
    for (const path of paths) {
      const run = spawnSync(process.execPath, [CLI, 'kwic', join(dir, 'out'), '法治', '--out', path], { encoding: 'utf8', cwd: ROOT });
      expect(run.status, run.stderr).toBe(0);
    }
    expect(readFileSync(paths[0]!).equals(readFileSync(paths[1]!))).toBe(true);
    expect(await hasFixedDates(paths[0]!)).toBe(true);
    // Every hit is a row below the header, its numbers typed.
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(paths[0]!);
    const sheet = wb.getWorksheet('kwic')!;
    const hits = kwic(join(dir, 'out'), { pattern: '法治' }).hits;
    expect(sheet.rowCount).toBe(hits.length + 1);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(sheet.getRow(2).getCell(header.indexOf('unit_index') + 1).value).toBe(hits[0]!.unit_index);
  }, 120_000);

  it('the CLI: compare --by a column that does not exist exits 2 naming the columns, writing nothing; groups of one report are a note', () => {
    if (!existsSync(CLI)) throw new Error('build first (npm run build)');
    const fazhi = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT });
    const wrong = fazhi(['compare', join(dir, 'out'), '--by', 'township,pilott', '--out', join(dir, 'wrong-by')]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/documents\.csv has no column pilott; its columns are doc_id, file, .*, pilot, region/);
    expect(existsSync(join(dir, 'wrong-by'))).toBe(false);
    // 2021 has two reports, 2020, 2023 and 2025 one each.
    const years = fazhi(['compare', join(dir, 'out'), '--by', 'report_year', '--out', join(dir, 'by-year')]);
    expect(years.status, years.stderr).toBe(0);
    expect(years.stdout).toContain('note: 3 of 4 groups by report_year hold a single document.');
    expect(csv(join(dir, 'by-year', 'association.csv')).length).toBeGreaterThan(0);
    // Every township has one report: the groups are the reports, said so.
    const townships = fazhi(['compare', join(dir, 'out'), '--by', 'township', '--out', join(dir, 'by-township')]);
    expect(townships.status, townships.stderr).toBe(0);
    expect(townships.stdout).toContain('note: every group by township holds a single document: the groups are the documents.');
    // The panel over the years reads documents.csv: without it, refused before any table is written.
    const noDocs = join(dir, 'no-documents');
    cpSync(join(dir, 'out'), noDocs, { recursive: true });
    rmSync(join(noDocs, 'documents.csv'));
    rmSync(join(noDocs, 'profiles.csv'), { force: true });
    const panel = fazhi(['compare', noDocs, '--by', 'township,report_year']);
    expect(panel.status).toBe(2);
    expect(panel.stderr).toMatch(/documents\.csv: not found: --by township,report_year writes trends\.csv/);
    expect(existsSync(join(noDocs, 'profiles.csv'))).toBe(false);
  }, 120_000);

  it('the CLI: kwic to CSV, 0 hits, a bad regex or a missing folder exit 2 with nothing written; a --meta table matching nothing exits 2', () => {
    const fazhi = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT });
    if (!existsSync(CLI)) throw new Error('build first (npm run build)');
    const out = join(dir, 'kwic.csv');
    const ok = fazhi(['kwic', join(dir, 'out'), '普法', '--where', 'pilot=yes', '--out', out]);
    expect(ok.status).toBe(0);
    const rows = csv(out);
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['doc_id', 'unit_index', 'pilot', 'region', 'function', 'themes', 'left', 'keyword', 'right']));
    const none = fazhi(['kwic', join(dir, 'out'), '量子计算']);
    expect(none.status).toBe(0);
    expect(none.stdout).toContain('0 hits');
    const bad = fazhi(['kwic', join(dir, 'out'), '普法(', '--regex', '--out', join(dir, 'bad.csv')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/does not compile/);
    expect(existsSync(join(dir, 'bad.csv'))).toBe(false);
    const missing = fazhi(['kwic', join(dir, 'out'), '普法', '--out', join(dir, 'nope', 'k.csv')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
    const frame = join(dir, 'other.csv');
    writeFileSync(frame, 'file,pilot\nsomewhere-else.txt,yes\n');
    const meta = fazhi(['analyze', SEED_DIR, '-o', join(dir, 'other-out'), '--meta', frame, '-q', '-j', '1']);
    expect(meta.status).toBe(2);
    expect(meta.stderr).toMatch(/none of its 1 row\(s\) matches an input file: its file column has somewhere-else\.txt; the inputs are 000_/);
    expect(existsSync(join(dir, 'other-out', 'documents.csv'))).toBe(false);
  }, 120_000);
});
