/**
 * `fazhi export xlsx`: the tables of an analysis folder (and its comparison)
 * as one Excel workbook, written with exceljs' streaming writer so memory
 * stays flat on large corpora. Each table is a sheet with a frozen header
 * row, column widths from the content and numbers stored as numbers (a
 * column is numeric when every filled cell is a plain decimal number;
 * identifiers and codes, e.g. division_code, stay text). A table longer
 * than a sheet (1,048,575 rows below the header) continues on sheets named
 * "table (2)", "table (3)" …; the "about" sheet lists every table, its rows
 * and sheets, and every table left out with the reason.
 */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { FUNCTIONS } from '../model/document.js';
import { eachRecord } from '../explore/analysis-tables.js';
import { datedWorkbookWriter } from '../explore/dated-workbook.js';
import { defaultThemeDictionary, loadThemeDictionary, mergeDictionaries, type ThemeDictionary } from '../themes/dictionary.js';
import { FUNCTION_LABELS } from '../report/labels.js';
import { AnalysisFolderError } from '../compare/input.js';

/** Rows of a sheet below its header row (Excel's limit is 1,048,576 rows in all). */
export const SHEET_DATA_ROWS = 1_048_575;
/** Excel's limit on columns. */
export const SHEET_COLUMNS = 16_384;

/** Options of exportXlsx. */
export interface XlsxOptions {
  /** Data rows per sheet before a table continues on the next (tests make it small). */
  rowsPerSheet?: number;
}

export interface XlsxTableReport {
  table: string;
  source: string;
  rows: number;
  sheets: string[];
  /** Why the table is not in the workbook; null when it is. */
  leftOut: string | null;
}

/** What exportXlsx wrote: the workbook's file, and each table with its sheets or why it was left out. */
export interface XlsxExport {
  file: string;
  tables: XlsxTableReport[];
}

type Value = string | number | null;

/** Columns whose values are names or codes, never quantities, whatever they look like. */
const TEXT_COLUMNS = /(^|_)(id|ids|code|file|unit|doc_id|doc_ids|division_code|years|rank_label)$/;
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/** Display width of a cell's text: CJK characters take two columns. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\uFFEF]/.test(ch) ? 2 : 1;
  return w;
}

/** Which columns of a CSV are numeric, and how wide each should be: one pass over the file. */
function surveyCsv(path: string): { header: string[]; numeric: boolean[]; widths: number[]; rows: number } {
  let numeric: boolean[] = [];
  let widths: number[] = [];
  let filled: boolean[] = [];
  let rows = 0;
  const header = eachRecord(path, [], (_cell, cells) => {
    if (rows === 0) {
      numeric = cells.map(() => true);
      filled = cells.map(() => false);
      widths = cells.map(() => 0);
    }
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i]!;
      if (v === '') continue;
      filled[i] = true;
      if (numeric[i] && !PLAIN_NUMBER.test(v)) numeric[i] = false;
      // Widths from the first rows: enough to see what a column holds.
      if (rows < 500) widths[i] = Math.max(widths[i]!, displayWidth(v));
    }
    rows++;
  });
  return {
    header,
    numeric: header.map((h, i) => rows > 0 && filled[i]! && numeric[i]! && !TEXT_COLUMNS.test(h)),
    widths: header.map((h, i) => clampWidth(Math.max(displayWidth(h), widths[i] ?? 0))),
    rows,
  };
}

function clampWidth(w: number): number {
  return Math.min(60, Math.max(6, w + 2));
}

/** Sheet names: at most 31 characters, none of []:*?/\ . */
function sheetName(base: string, part: number): string {
  const clean = base.replace(/[[\]:*?/\\]/g, '_');
  const suffix = part > 1 ? ` (${part})` : '';
  return clean.slice(0, 31 - suffix.length) + suffix;
}

/** A table written sheet after sheet: each sheet has the header, frozen, and at most `perSheet` rows. */
class SheetSeries {
  private sheet: ExcelJS.Worksheet | null = null;
  private inSheet = 0;
  readonly sheets: string[] = [];
  rows = 0;

  constructor(
    private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly base: string,
    private readonly header: readonly string[],
    private readonly widths: readonly number[],
    private readonly perSheet: number,
  ) {}

  private open(): ExcelJS.Worksheet {
    if (this.sheet) this.sheet.commit();
    const name = sheetName(this.base, this.sheets.length + 1);
    this.sheets.push(name);
    const ws = this.wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    ws.columns = this.header.map((h, i) => ({ header: h, key: String(i), width: this.widths[i] ?? 10 }));
    this.sheet = ws;
    this.inSheet = 0;
    return ws;
  }

  add(values: Value[]): void {
    const ws = this.sheet && this.inSheet < this.perSheet ? this.sheet : this.open();
    ws.addRow(values).commit();
    this.inSheet++;
    this.rows++;
  }

  finish(): void {
    if (!this.sheet) this.open();
    this.sheet!.commit();
  }
}

/**
 * Write the tables of analysis folder `dir` to `file` (under a temporary name, renamed when complete).
 * @example
 * const { tables } = await exportXlsx('out', 'fazhi.xlsx');
 * console.log(tables.map((t) => `${t.table}: ${t.rows}`));
 */
export async function exportXlsx(dir: string, file: string, options: XlsxOptions = {}): Promise<XlsxExport> {
  const perSheet = Math.min(options.rowsPerSheet ?? SHEET_DATA_ROWS, SHEET_DATA_ROWS);
  if (!existsSync(join(dir, 'documents.csv'))) throw new AnalysisFolderError(`${join(dir, 'documents.csv')}: not found (run \`fazhi analyze -o ${dir}\` first)`);
  const tmp = `${file}.partial`;
  // Deflate level 1: less time compressing, for a workbook about a fifth larger than at the default level.
  const wb = datedWorkbookWriter({ filename: tmp, useStyles: false, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  const tables: XlsxTableReport[] = [];
  try {
    const csvTable = (name: string, csv: string, required: boolean, leftOutWhenEmpty?: string) => {
      const path = join(dir, csv);
      if (!existsSync(path)) {
        tables.push({ table: name, source: csv, rows: 0, sheets: [], leftOut: required ? `${csv} is missing` : `${csv} is not in the folder (${NOT_YET[csv] ?? 'not written yet'})` });
        return null;
      }
      const survey = surveyCsv(path);
      if (survey.rows === 0 && leftOutWhenEmpty !== undefined) {
        tables.push({ table: name, source: csv, rows: 0, sheets: [], leftOut: `${csv} has no rows (${leftOutWhenEmpty})` });
        return null;
      }
      if (survey.header.length > SHEET_COLUMNS) {
        tables.push({ table: name, source: csv, rows: survey.rows, sheets: [], leftOut: `${survey.header.length} columns, more than a sheet holds (${SHEET_COLUMNS})` });
        return null;
      }
      const series = new SheetSeries(wb, name, survey.header, survey.widths, perSheet);
      eachRecord(path, [], (_cell, cells) => series.add(cells.map((v, i) => (v === '' ? null : survey.numeric[i] ? Number(v) : v))));
      series.finish();
      tables.push({ table: name, source: csv, rows: series.rows, sheets: series.sheets, leftOut: null });
      return survey;
    };

    csvTable('documents', 'documents.csv', true);
    const profiles = csvTable('profiles', 'profiles.csv', false);
    if (profiles) profilesLong(wb, join(dir, 'profiles.csv'), profiles, perSheet, tables);
    else tables.push({ table: 'profiles_long', source: 'profiles.csv', rows: 0, sheets: [], leftOut: 'profiles.csv is not in the folder (run `fazhi compare` first)' });
    // compare writes it always, with rows only when it grouped the reports by columns.
    csvTable('association', 'association.csv', false, NOT_YET['association.csv']);
    csvTable('keyness', 'keyness.csv', false);
    csvTable('trends', 'trends.csv', false);
    codebook(wb, dir, tables);
    about(wb, dir, tables);
    await wb.commit();
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return { file, tables };
}

const NOT_YET: Readonly<Record<string, string>> = {
  'profiles.csv': 'run `fazhi compare` first',
  'keyness.csv': 'run `fazhi compare` first',
  'association.csv': 'its rows are written by `fazhi compare --by COLUMN`',
  'trends.csv': 'run `fazhi trends` or `fazhi compare --by township,report_year` first',
};

/**
 * profiles.csv in long form: one row per unit and numeric measure (n_docs
 * and the columns after it; not the unit's place or document variables). Zeros
 * are left out (most theme × function cells are 0 and they would be most of
 * the sheet): a (unit, variable) pair missing from the sheet is 0.
 */
function profilesLong(wb: ExcelJS.stream.xlsx.WorkbookWriter, path: string, survey: ReturnType<typeof surveyCsv>, perSheet: number, tables: XlsxTableReport[]): void {
  const unitAt = survey.header.indexOf('unit');
  // The unit's measures, from n_docs on: the columns before it name the unit (its place, document variables and years).
  const firstMeasure = Math.max(0, survey.header.indexOf('n_docs'));
  const variables = survey.header.map((h, i) => i).filter((i) => i >= firstMeasure && survey.numeric[i]);
  const series = new SheetSeries(wb, 'profiles_long', ['unit', 'variable', 'value'], [clampWidth(24), clampWidth(40), 12], perSheet);
  eachRecord(path, [], (_cell, cells) => {
    const unit = unitAt >= 0 ? cells[unitAt]! : '';
    for (const i of variables) {
      const v = cells[i]!;
      if (v === '') continue;
      const n = Number(v);
      if (n !== 0) series.add([unit, survey.header[i]!, n]);
    }
  });
  series.finish();
  tables.push({ table: 'profiles_long', source: 'profiles.csv (unit, variable, value; zeros left out)', rows: series.rows, sheets: series.sheets, leftOut: null });
}

/** The theme dictionary the analysis coded (run.json's --dict and --dict-mode), else the shipped one. */
function analysisDictionary(dir: string): ThemeDictionary {
  const base = defaultThemeDictionary();
  try {
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { options?: { dict?: string | null; dictMode?: 'add' | 'replace' | null } };
    const dict = run.options?.dict;
    if (dict && existsSync(dict)) return mergeDictionaries(base, loadThemeDictionary(dict), run.options?.dictMode ?? 'add');
  } catch {
    // No run.json, or one that does not parse: the shipped themes.
  }
  return base;
}

/** The codebook: every theme (id, parent, labels, cues) and every function. */
function codebook(wb: ExcelJS.stream.xlsx.WorkbookWriter, dir: string, tables: XlsxTableReport[]): void {
  const header = ['kind', 'id', 'parent', 'label', 'name', 'n_cues', 'cues'];
  const series = new SheetSeries(wb, 'codebook', header, [10, 22, 16, 14, 36, 8, 60], SHEET_DATA_ROWS);
  for (const c of analysisDictionary(dir).categories) {
    const cues = [...c.terms, ...c.weak];
    series.add(['theme', c.id, c.parent, c.short ?? c.label, c.label, cues.length, cues.slice(0, 30).join('、')]);
  }
  for (const f of FUNCTIONS) series.add(['function', f, null, FUNCTION_LABELS[f] ?? null, null, null, null]);
  series.finish();
  tables.push({ table: 'codebook', source: 'dictionaries/themes.yml (or the --dict of run.json) and the sentence functions', rows: series.rows, sheets: series.sheets, leftOut: null });
}

/** What is in the workbook and what is not. */
function about(wb: ExcelJS.stream.xlsx.WorkbookWriter, dir: string, tables: XlsxTableReport[]): void {
  const series = new SheetSeries(wb, 'about', ['table', 'source', 'rows', 'sheets', 'note'], [16, 50, 10, 40, 70], SHEET_DATA_ROWS);
  for (const t of tables) {
    const note = t.leftOut ? `left out: ${t.leftOut}` : t.sheets.length > 1 ? `${t.rows} rows, more than a sheet holds: continued over ${t.sheets.length} sheets` : null;
    series.add([t.table, t.source, t.rows, t.sheets.join(', '), note]);
  }
  series.add(['(folder)', dir, null, null, 'the analysis folder these tables come from']);
  series.finish();
}
