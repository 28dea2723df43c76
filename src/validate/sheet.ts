/**
 * Reading a coding sheet: the table a human coder fills in (written by
 * `fazhi sample`, read by `fazhi agree`, and by training and evaluation on
 * hand-coded sentences).
 *
 * FORMAT (docs/codebook.md §8 gives the coder's side of it)
 * - A `.csv` (UTF-8 with or without a byte-order mark, or GBK/GB18030 or
 *   UTF-16 as Excel and WPS save it; comma or semicolon separated) or an
 *   `.xlsx` (the first worksheet). Row 1 is the header; a row is named by its
 *   number as Excel shows it (the header is row 1, the first data row is 2).
 * - Header names are matched trimmed and case-insensitively, full-width
 *   letters read as half-width.
 * - Required columns: `doc_id` and `unit_index` (which sentence of the
 *   analysis: sentences.csv's columns of the same names), `function` and
 *   `themes` (the codes).
 * - Read when present: `text` (the sentence as the sheet shows it; `agree`
 *   checks it against the analysis), `note`, `stratum` and `weight` (written
 *   by `fazhi sample`: the sampling stratum and stratum size / sampled in
 *   stratum). Every other column (document metadata, the heading, the
 *   sentences before and after) is kept as read in `cells`.
 * - `function`: one of measure, outcome, shortcoming, plan, suggestion,
 *   other; case and full-width variants and the Chinese labels
 *   措施/成效/问题/计划/建议/其他 are the same codes. Blank = not coded.
 * - `themes`: theme ids of dictionaries/themes.yml joined by `;` (a
 *   full-width `；`, `,` or `、` also separates); case and full-width variants
 *   are read as the id; a sub-theme brings its parent. Read only on a coded
 *   row: empty there means "no theme applies".
 * - Blank rows are skipped. A row with themes but no function is read as not
 *   coded (a warning counts them). The same sentence twice with the same codes
 *   is read once (a warning counts them); with different codes it is an error.
 *
 * Errors are CodingSheetError (file, row and reason, the allowed codes when a
 * code is wrong); what can still be read is read and `warnings` says what was
 * set aside, with counts.
 */
import { errorMessage, UserError } from '../model/errors.js';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { FUNCTIONS, type SentenceFunction } from '../model/document.js';
import { decodeAs, decodeBytes } from '../read/decode.js';
import Papa from 'papaparse';
import { defaultThemeDictionary } from '../themes/dictionary.js';

export interface CodingRow {
  /** The row's number as Excel shows it (the header is row 1). */
  row: number;
  docId: string;
  unitIndex: number;
  /** The coder's function code; null when the row was not coded. */
  function: SentenceFunction | null;
  /** Theme ids, parents added, in the dictionary's order; null when the row was not coded. */
  themes: string[] | null;
  /** The sentence as the sheet shows it; null without a `text` column. */
  text: string | null;
  note: string;
  stratum: string;
  /** Sampling weight (stratum size / sampled in stratum); null when the sheet has none. */
  weight: number | null;
  /** Every cell of the row by its header name as written. */
  cells: Record<string, string>;
}

export interface CodingSheet {
  rows: CodingRow[];
  warnings: string[];
}

export class CodingSheetError extends UserError {
  constructor(
    readonly file: string,
    readonly row: number | null,
    reason: string,
  ) {
    super(`${file}${row === null ? '' : `, row ${row}`}: ${reason}`);
  }
}

/** The coder's function labels in Chinese, as the codebook gives them. */
export const CHINESE_FUNCTION_LABELS: Readonly<Record<string, SentenceFunction>> = {
  措施: 'measure',
  成效: 'outcome',
  问题: 'shortcoming',
  计划: 'plan',
  建议: 'suggestion',
  其他: 'other',
};

const REQUIRED = ['doc_id', 'unit_index', 'function', 'themes'] as const;

/** A cell as typed, reduced to the form codes are compared in: NFKC (full-width → half-width), trimmed, lower case. */
function normalizeCode(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase();
}

/** The function code a cell names; null for a blank cell; undefined for a code outside the codebook. */
export function parseFunctionCode(cell: string): SentenceFunction | null | undefined {
  const v = normalizeCode(cell);
  if (v === '') return null;
  if ((FUNCTIONS as readonly string[]).includes(v)) return v as SentenceFunction;
  return CHINESE_FUNCTION_LABELS[v];
}

/** Theme ids of the codebook with each one's parent (null for a top-level theme), in the dictionary's order. */
export function codebookThemes(): ReadonlyArray<{ id: string; parent: string | null }> {
  return defaultThemeDictionary().categories.map((c) => ({ id: c.id, parent: c.parent }));
}

/**
 * Theme ids of a `themes` cell, parents added, in the dictionary's order;
 * `unknown` lists the entries that are not theme ids.
 */
export function parseThemeCell(cell: string, themes = codebookThemes()): { themes: string[]; unknown: string[] } {
  const parentOf = new Map(themes.map((t) => [t.id, t.parent]));
  const given = new Set<string>();
  const unknown: string[] = [];
  for (const part of cell.normalize('NFKC').split(/[;,、]/)) {
    const id = part.trim().toLowerCase();
    if (id === '') continue;
    if (!parentOf.has(id)) {
      unknown.push(part.trim());
      continue;
    }
    given.add(id);
    const parent = parentOf.get(id);
    if (parent) given.add(parent);
  }
  return { themes: themes.map((t) => t.id).filter((id) => given.has(id)), unknown };
}

/** Read a coding sheet (.csv or .xlsx); see the header comment for the format. */
export async function readCodingSheet(path: string): Promise<CodingSheet> {
  const table = extname(path).toLowerCase() === '.xlsx' ? await readXlsxTable(path) : readCsvTable(path);
  return codingRowsOf(path, table.header, table.rows);
}

interface RawTable {
  header: string[];
  /** Data rows with the row number Excel shows. */
  rows: Array<{ row: number; cells: string[] }>;
}

function readCsvTable(path: string): RawTable {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CodingSheetError(path, null, errorMessage(e));
  }
  if (bytes.length >= 4 && bytes.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') {
    throw new CodingSheetError(path, null, 'this is an Excel workbook: name it .xlsx, or save it as CSV');
  }
  let decoded;
  try {
    decoded = decodeBytes(bytes);
  } catch (e) {
    throw new CodingSheetError(path, null, errorMessage(e));
  }
  // As for --meta tables: short cells give the detector too little text, so a
  // table that is not UTF-8 is read as GBK/GB18030 when that reads it whole.
  if (!decoded.encoding.startsWith('utf-')) {
    const gb = decodeAs(bytes, 'gb18030');
    if (gb.invalidBytes === 0) decoded = gb;
  }
  if (decoded.invalidBytes > 0) {
    throw new CodingSheetError(path, null, `not readable as UTF-8, GBK/GB18030 or UTF-16 (${decoded.invalidBytes} undecodable byte(s)): save it as "CSV UTF-8"`);
  }
  return csvByPosition(path, decoded.text);
}

/** A CSV text as a header and rows of cells by position, each with its Excel row number (a quoted line break stays in its cell). */
function csvByPosition(path: string, text: string): RawTable {
  const parsed = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { header: false, skipEmptyLines: false });
  const bad = parsed.errors.find((e) => e.type === 'Quotes');
  if (bad) throw new CodingSheetError(path, (bad.row ?? 0) + 1, bad.message);
  const [header = [], ...data] = parsed.data;
  return { header, rows: data.map((cells, i) => ({ row: i + 2, cells })) };
}

async function readXlsxTable(path: string): Promise<RawTable> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw new CodingSheetError(path, null, `not readable as an Excel workbook (.xlsx): ${errorMessage(e)}`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new CodingSheetError(path, null, 'the workbook has no worksheet');
  const width = ws.columnCount;
  const cellsOf = (r: number): string[] => {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    return cells;
  };
  const rows: RawTable['rows'] = [];
  for (let r = 2; r <= ws.rowCount; r++) rows.push({ row: r, cells: cellsOf(r) });
  return { header: ws.rowCount >= 1 ? cellsOf(1) : [], rows };
}

/** An Excel cell's value as the text a coder sees (rich text joined, a formula's result, a number as written). */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((p) => p.text).join('');
    if ('result' in o) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return o.error;
  }
  return String(v);
}

function codingRowsOf(path: string, headerCells: string[], data: RawTable['rows']): CodingSheet {
  const header = headerCells.map((h) => h.normalize('NFKC').trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new CodingSheetError(
      path,
      1,
      `no ${missing.map((c) => `"${c}"`).join(', ')} column${missing.length > 1 ? 's' : ''} (a coding sheet needs ${REQUIRED.join(', ')}; \`fazhi sample\` writes one)`,
    );
  }
  const twice = [...new Set(header.filter((h, i) => h !== '' && header.indexOf(h) !== i))];
  if (twice.length > 0) throw new CodingSheetError(path, 1, `column${twice.length > 1 ? 's' : ''} ${twice.map((c) => `"${c}"`).join(', ')} given twice`);
  const col = (name: string): number => header.indexOf(name);
  const at = (cells: string[], name: string): string => {
    const i = col(name);
    return i < 0 ? '' : (cells[i] ?? '');
  };
  const themeList = codebookThemes();
  const rows: CodingRow[] = [];
  const seen = new Map<string, CodingRow>();
  let duplicates = 0;
  let themesWithoutFunction = 0;
  for (const { row, cells } of data) {
    if (cells.every((c) => c.trim() === '')) continue;
    const docId = at(cells, 'doc_id').trim();
    const unitCell = at(cells, 'unit_index').normalize('NFKC').trim();
    if (docId === '') throw new CodingSheetError(path, row, 'no doc_id: every row names the sentence it codes by doc_id and unit_index');
    if (!/^\d+$/.test(unitCell)) throw new CodingSheetError(path, row, `unit_index "${unitCell}" is not a whole number`);
    const unitIndex = Number(unitCell);
    const functionCell = at(cells, 'function');
    const fn = parseFunctionCode(functionCell);
    if (fn === undefined) {
      throw new CodingSheetError(
        path,
        row,
        `function "${functionCell.trim()}" is not a code of the codebook; the codes are ${FUNCTIONS.join(', ')} ` +
          `(or ${Object.keys(CHINESE_FUNCTION_LABELS).join('/')}), or blank for a sentence not coded`,
      );
    }
    const themeCell = at(cells, 'themes');
    let themes: string[] | null = null;
    if (fn !== null) {
      const parsed = parseThemeCell(themeCell, themeList);
      if (parsed.unknown.length > 0) {
        throw new CodingSheetError(
          path,
          row,
          `theme${parsed.unknown.length > 1 ? 's' : ''} ${parsed.unknown.map((u) => `"${u}"`).join(', ')} not in the codebook; ` +
            `the themes are ${themeList.map((t) => t.id).join(', ')}, joined by ";"`,
        );
      }
      themes = parsed.themes;
    } else if (themeCell.trim() !== '') themesWithoutFunction++;
    const weightCell = at(cells, 'weight').trim();
    const weight = weightCell === '' ? null : Number(weightCell);
    if (weight !== null && !(Number.isFinite(weight) && weight > 0)) throw new CodingSheetError(path, row, `weight "${weightCell}" is not a positive number`);
    const record: Record<string, string> = {};
    headerCells.forEach((h, i) => {
      if (h.trim() !== '') record[h.trim()] = cells[i] ?? '';
    });
    const coded: CodingRow = {
      row,
      docId,
      unitIndex,
      function: fn,
      themes,
      text: col('text') < 0 ? null : at(cells, 'text'),
      note: at(cells, 'note'),
      stratum: at(cells, 'stratum').trim(),
      weight,
      cells: record,
    };
    const key = `${docId}\u0000${unitIndex}`;
    const earlier = seen.get(key);
    if (earlier) {
      if (earlier.function === coded.function && (earlier.themes ?? []).join(';') === (coded.themes ?? []).join(';')) {
        duplicates++;
        continue;
      }
      throw new CodingSheetError(path, row, `${docId} unit ${unitIndex} is coded again, differently from row ${earlier.row}: keep one of the two rows`);
    }
    seen.set(key, coded);
    rows.push(coded);
  }
  const warnings: string[] = [];
  if (duplicates > 0) warnings.push(`${path}: ${duplicates} row(s) repeat a sentence with the same codes: read once`);
  if (themesWithoutFunction > 0) warnings.push(`${path}: ${themesWithoutFunction} row(s) have themes but no function: read as not coded (a coded row needs a function)`);
  return { rows, warnings };
}
