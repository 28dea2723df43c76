/**
 * `fazhi sample` and `fazhi agree` on a real analysis: the five bundled
 * reports, analyzed once into a temporary folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { hasFixedDates } from '../helpers/zip-dates.js';
import { join } from 'node:path';
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { readCodingSheet } from '../../src/validate/sheet.js';
import { writeCodingSample } from '../../src/validate/sample.js';
import { computeAgreement, AgreementInputError } from '../../src/validate/agreement.js';
import { fazhi as fazhiIn } from '../helpers/cli.js';
import { seedAnalysis } from '../helpers/seed-folders.js';

const TMP = mkdtempSync(join(tmpdir(), 'fazhi-validate-'));
/** The seeds analyzed once for the run (read only). */
const ANALYSIS = seedAnalysis();

type Row = Record<string, string>;
const csv = (path: string): Row[] => Papa.parse<Row>(readFileSync(path, 'utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
const writeSheet = (path: string, rows: Row[]) => writeFileSync(path, Papa.unparse(rows, { newline: '\n' }));
const fazhi = (args: string[]) => fazhiIn(args, { cwd: TMP });

let sentences: Row[];
/** The machine's row of a sentence. */
const machineOf = (r: Row) => sentences.find((s) => s.doc_id === r.doc_id && s.unit_index === r.unit_index)!;

beforeAll(() => {
  sentences = csv(join(ANALYSIS, 'sentences.csv'));
});

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe('fazhi sample', { timeout: 60_000 }, () => {
  it('draws the same sample from the same seed, byte for byte, as CSV and as XLSX', async () => {
    const files = ['a.csv', 'b.csv', 'c.csv', 'a.xlsx', 'b.xlsx'].map((f) => join(TMP, f));
    await writeCodingSample(ANALYSIS, { n: 25, seed: 11, stratify: 'function', out: files[0]! });
    await writeCodingSample(ANALYSIS, { n: 25, seed: 11, stratify: 'function', out: files[1]! });
    await writeCodingSample(ANALYSIS, { n: 25, seed: 12, stratify: 'function', out: files[2]! });
    await writeCodingSample(ANALYSIS, { n: 25, seed: 11, stratify: 'function', out: files[3]! });
    await writeCodingSample(ANALYSIS, { n: 25, seed: 11, stratify: 'function', out: files[4]! });
    expect(readFileSync(files[1]!).equals(readFileSync(files[0]!))).toBe(true);
    expect(readFileSync(files[4]!).equals(readFileSync(files[3]!))).toBe(true);
    expect(await hasFixedDates(files[3]!)).toBe(true);
    expect(readFileSync(files[2]!).equals(readFileSync(files[0]!))).toBe(false);
  });

  it('writes sentences with their context and metadata, blind to the machine, and keeps rare functions', async () => {
    const out = join(TMP, 'strat.csv');
    const result = await writeCodingSample(ANALYSIS, { n: 30, seed: 3, stratify: 'function', out });
    const sheet = csv(out);
    expect(sheet).toHaveLength(30);
    const header = Object.keys(sheet[0]!);
    for (const machineColumn of ['confidence', 'cues', 'model', 'theme_cues', 'kind', 'tokens']) expect(header).not.toContain(machineColumn);
    expect(header).toEqual(expect.arrayContaining(['doc_id', 'unit_index', 'stratum', 'weight', 'township', 'report_year', 'heading', 'previous_sentence', 'text', 'next_sentence', 'function', 'themes']));
    // Strata are ids in the sheet; the machine's labels are only in the strata table.
    expect(new Set(sheet.map((r) => r.stratum))).toEqual(new Set(['S1', 'S2', 'S3', 'S4', 'S5', 'S6']));
    const strata = csv(result.strataFile);
    expect(strata.map((s) => s.label)).toEqual(['measure', 'other', 'outcome', 'plan', 'shortcoming', 'suggestion']);
    for (const r of sheet) {
      expect(r.function).toBe('');
      expect(r.themes).toBe('');
      const m = machineOf(r);
      expect(m.kind).toBe('sentence');
      expect(r.text).toBe(m.text);
      const stratum = strata.find((s) => s.stratum === r.stratum)!;
      expect(stratum.label).toBe(m.function);
      // The sentences before and after in the same report, and the heading above.
      const own = sentences.filter((s) => s.doc_id === r.doc_id);
      const at = own.indexOf(m);
      expect(r.previous_sentence).toBe(own.slice(0, at).reverse().find((s) => s.kind === 'sentence')?.text ?? '');
      expect(r.next_sentence).toBe(own.slice(at + 1).find((s) => s.kind === 'sentence')?.text ?? '');
      const lastHeading = own.slice(0, at).reverse().find((s) => s.kind === 'heading');
      if (lastHeading) expect(r.heading.endsWith(lastHeading.text)).toBe(true);
    }
    // Equal allocation: five of each function, suggestion and shortcoming included; weights give back the stratum sizes.
    for (const s of strata) {
      const size = sentences.filter((x) => x.kind === 'sentence' && x.function === s.label).length;
      expect(Number(s.sentences)).toBe(size);
      expect(Number(s.sampled)).toBe(5);
      const rows = sheet.filter((r) => r.stratum === s.stratum);
      expect(rows).toHaveLength(5);
      expect(rows.reduce((sum, r) => sum + Number(r.weight), 0)).toBeCloseTo(size, 4);
    }
  });

  it('writes an Excel sheet with a frozen header and the codes as a list in the function column, which the sheet reader reads back', async () => {
    const out = join(TMP, 'sheet.xlsx');
    await writeCodingSample(ANALYSIS, { n: 12, seed: 5, out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0]!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const fn = header.indexOf('function') + 1;
    const validation = ws.getRow(2).getCell(fn).dataValidation;
    expect(validation.type).toBe('list');
    expect(validation.formulae).toEqual(['"measure,outcome,shortcoming,plan,suggestion,other"']);
    expect(ws.getColumn(header.indexOf('text') + 1).width).toBeGreaterThanOrEqual(60);
    const { rows } = await readCodingSheet(out);
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      expect(r.function).toBeNull();
      expect(r.text).toBe(machineOf({ doc_id: r.docId, unit_index: String(r.unitIndex) }).text);
    }
  });

  it('says which columns it can stratify by, and refuses more strata than sentences (exit 2)', () => {
    const bad = fazhi(['sample', ANALYSIS, '--n', '10', '--stratify', 'twnship', '--out', join(TMP, 'x.csv')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--stratify twnship: no such column');
    expect(bad.stderr).toContain('township');
    const many = fazhi(['sample', ANALYSIS, '--n', '3', '--stratify', 'township', '--out', join(TMP, 'x.csv')]);
    expect(many.status).toBe(2);
    expect(many.stderr).toContain('more strata than sentences to sample');
    const ok = fazhi(['sample', ANALYSIS, '--n', '10', '--stratify', 'township', '--out', join(TMP, 'town.csv'), '-q']);
    expect(ok.status).toBe(0);
    expect(new Set(csv(join(TMP, 'town.csv')).map((r) => r.stratum)).size).toBe(5);
  });
});

describe('fazhi agree', { timeout: 60_000 }, () => {
  /** A sheet of 30 sampled sentences coded as the machine codes them, with `edit` applied to each row. */
  async function codedSheet(name: string, edit: (r: Row, i: number) => void = () => {}): Promise<string> {
    const base = join(TMP, 'base.csv');
    await writeCodingSample(ANALYSIS, { n: 30, seed: 3, stratify: 'function', out: base });
    const rows = csv(base);
    rows.forEach((r, i) => {
      const m = machineOf(r);
      r.function = m.function;
      r.themes = m.themes;
      edit(r, i);
    });
    const path = join(TMP, `${name}.csv`);
    writeSheet(path, rows);
    return path;
  }

  it('scores a coder who agrees with the machine as 1, and one who does not as less, with exact confusion counts', async () => {
    const same = await codedSheet('same');
    // Every fifth sentence the machine calls a measure is called an outcome; every third has no theme.
    const changed: Row[] = [];
    const other = await codedSheet('other', (r, i) => {
      if (i % 5 === 0 && r.function !== 'outcome') {
        changed.push({ ...r });
        r.function = 'outcome';
      }
      if (i % 3 === 0) r.themes = '';
    });
    const result = await computeAgreement(ANALYSIS, [same, other], { resamples: 200 });
    const row = (field: string, comparison: string) => result.rows.find((r) => r.field === field && r.comparison === comparison && r.class === '')!;
    expect(row('function', 'same vs machine')).toMatchObject({ n: 30, percent_agreement: 1, cohen_kappa: 1, krippendorff_alpha: 1 });
    const vs = row('function', 'same vs other');
    expect(vs.n).toBe(30);
    expect(vs.percent_agreement).toBeCloseTo((30 - changed.length) / 30, 10);
    expect(vs.cohen_kappa as number).toBeLessThan(1);
    expect(vs.kappa_ci_low as number).toBeLessThanOrEqual(vs.cohen_kappa as number);
    expect(vs.kappa_ci_high as number).toBeGreaterThanOrEqual(vs.cohen_kappa as number);
    // Machine precision against `other` for outcome: the sentences moved to outcome were not outcome for the machine.
    const outcome = result.rows.find((r) => r.field === 'function' && r.comparison === 'other vs machine' && r.class === 'outcome')!;
    const outcomes = 30 - sentencesNot('outcome');
    function sentencesNot(fn: string) {
      return csv(join(TMP, 'same.csv')).filter((r) => r.function !== fn).length;
    }
    expect(outcome.recall).toBeCloseTo(outcomes / (outcomes + changed.length), 10);
    expect(outcome.precision).toBe(1);
    // The confusion matrix of the pair, in long form: each change is one off-diagonal count.
    for (const from of new Set(changed.map((c) => c.function))) {
      const cell = result.confusion.find((c) => c.field === 'function' && c.comparison === 'same vs other' && c.row_code === from && c.column_code === 'outcome')!;
      expect(cell.count).toBe(changed.filter((c) => c.function === from).length);
    }
    // No three coders, no Fleiss' kappa; themes get a row per comparison.
    expect(result.rows.some((r) => String(r.comparison).startsWith('all coders'))).toBe(false);
    expect(row('theme:publicity', 'same vs other').n).toBe(30);
  });

  it('reads Chinese labels, case and full-width variants, and a sheet saved by Excel as GBK, as the same codes', async () => {
    const english = await codedSheet('english');
    const chinese = await codedSheet('chinese', (r, i) => {
      const zh: Record<string, string> = { measure: '措施', outcome: '成效', shortcoming: '问题', plan: '计划', suggestion: '建议', other: '其他' };
      if (i % 3 === 0) r.function = zh[r.function]!;
      else if (i % 3 === 1) r.function = r.function.toUpperCase().replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      r.themes = r.themes.replace(/;/g, '；');
    });
    const gbk = join(TMP, 'gbk.csv');
    writeFileSync(gbk, iconv.encode(readFileSync(chinese, 'utf8'), 'gbk'));
    const result = await computeAgreement(ANALYSIS, [english, gbk], { resamples: 50 });
    for (const r of result.rows.filter((x) => x.comparison === 'english vs gbk' && x.class === '' && x.n !== 0)) {
      if (r.cohen_kappa !== '') expect(r.cohen_kappa, String(r.field)).toBe(1);
      expect(r.percent_agreement, String(r.field)).toBe(1);
    }
  });

  it('treats a blank function as not coded: left out, never a class', async () => {
    const full = await codedSheet('full');
    const gaps = await codedSheet('gaps', (r, i) => {
      if (i < 4) r.function = '';
    });
    const result = await computeAgreement(ANALYSIS, [full, gaps], { resamples: 50 });
    expect(result.rows.find((r) => r.field === 'function' && r.comparison === 'full vs gaps')!.n).toBe(26);
    expect(result.confusion.some((c) => c.row_code === '' || c.column_code === '')).toBe(false);
    expect(result.warnings.join('\n')).toContain('4 of 30 row(s) not coded');
  });

  it('scores three coders together with Fleiss\' kappa and alpha', async () => {
    const a = await codedSheet('a3');
    const b = await codedSheet('b3', (r, i) => {
      if (i % 4 === 0) r.function = 'other';
    });
    const c = await codedSheet('c3', (r, i) => {
      if (i % 6 === 1) r.function = 'plan';
    });
    const result = await computeAgreement(ANALYSIS, [a, b, c], { resamples: 100 });
    const all = result.rows.find((r) => r.field === 'function' && String(r.comparison).startsWith('all coders'))!;
    expect(all.n).toBe(30);
    expect(all.fleiss_kappa as number).toBeGreaterThan(0);
    expect(all.fleiss_kappa as number).toBeLessThan(1);
    expect(all.cohen_kappa).toBe('');
    expect(result.rows.filter((r) => r.field === 'function' && r.class === '').map((r) => r.comparison)).toEqual([
      'a3 vs b3',
      'a3 vs c3',
      'b3 vs c3',
      'a3 vs machine',
      'b3 vs machine',
      'c3 vs machine',
      'all coders (a3, b3, c3)',
    ]);
  });

  it('stops on bad sheets with the file, the row and the reason (exit 2)', async () => {
    const unknownCode = await codedSheet('unknown-code', (r, i) => {
      if (i === 6) r.function = 'measures';
    });
    let r = fazhi(['agree', ANALYSIS, unknownCode, '--out', join(TMP, 'agreement.csv')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${unknownCode}, row 8: function "measures" is not a code of the codebook`);
    expect(r.stderr).toContain('measure, outcome, shortcoming, plan, suggestion, other');

    const unknownTheme = await codedSheet('unknown-theme', (row, i) => {
      if (i === 2) row.themes = 'publicity;普法';
    });
    await expect(computeAgreement(ANALYSIS, [unknownTheme])).rejects.toThrow(`${unknownTheme}, row 4: theme "普法" not in the codebook`);

    const noSentence = await codedSheet('no-sentence', (row, i) => {
      if (i === 0) row.unit_index = '9999';
    });
    r = fazhi(['agree', ANALYSIS, noSentence]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no-sentence\.csv: 1 row\(s\) name no sentence of the analysis .*row 2 \(\w+, unit 9999\)/);

    const otherText = await codedSheet('other-text', (row, i) => {
      if (i === 1) row.text = `${row.text}（有改动）`;
    });
    await expect(computeAgreement(ANALYSIS, [otherText])).rejects.toThrow(/other-text\.csv: 1 row\(s\) have another text .*row 3/);

    const twice = await codedSheet('twice');
    const rows = csv(twice);
    writeSheet(twice, [...rows, { ...rows[0]! }]);
    const dup = await computeAgreement(ANALYSIS, [twice], { resamples: 10 });
    expect(dup.warnings.join('\n')).toContain('1 row(s) repeat a sentence with the same codes: read once');
    writeSheet(twice, [...rows, { ...rows[0]!, function: rows[0]!.function === 'plan' ? 'measure' : 'plan' }]);
    await expect(computeAgreement(ANALYSIS, [twice])).rejects.toThrow(`${twice}, row 32: ${rows[0]!.doc_id} unit ${rows[0]!.unit_index} is coded again, differently from row 2`);

    const first = await codedSheet('first-half', (row, i) => {
      if (i >= 15) row.function = '';
    });
    const second = await codedSheet('second-half', (row, i) => {
      if (i < 15) row.function = '';
    });
    r = fazhi(['agree', ANALYSIS, first, second]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${first} and ${second} share no coded sentence`);
    await expect(computeAgreement(ANALYSIS, [first, second])).rejects.toBeInstanceOf(AgreementInputError);
  });

  it('prints the table and writes agreement.csv and agreement-confusion.csv', async () => {
    const a = await codedSheet('coder-a');
    const out = join(TMP, 'agreement.csv');
    const r = fazhi(['agree', ANALYSIS, a, '--out', out, '--resamples', '100']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/coder-a vs machine\s+30\s+100\.0%\s+1\.000/);
    const table = csv(out);
    expect(Object.keys(table[0]!).slice(0, 11)).toEqual([
      'field', 'comparison', 'n', 'percent_agreement', 'cohen_kappa', 'kappa_ci_low', 'kappa_ci_high', 'fleiss_kappa', 'krippendorff_alpha', 'alpha_ci_low', 'alpha_ci_high',
    ]);
    const confusion = csv(join(TMP, 'agreement-confusion.csv'));
    const fn = confusion.filter((c) => c.field === 'function');
    expect(fn).toHaveLength(36);
    expect(fn.filter((c) => c.row_code === c.column_code).reduce((s, c) => s + Number(c.count), 0)).toBe(30);
  });
});
