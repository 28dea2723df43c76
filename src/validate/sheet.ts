/**
 * A coding sheet (docs/codebook.md §8): a CSV with one row per sentence and
 * the columns doc_id, unit_index, text, function and themes (`;`-joined);
 * other columns (notes, the tagger's own codes …) are ignored. A blank
 * function means the row was not coded.
 *
 * This is the minimal reader the retraining commands need; `fazhi sample`
 * writes such sheets.
 */
import { readFileSync } from 'node:fs';
import { readCsv } from '../output/csv.js';

export const CODING_SHEET_COLUMNS = ['doc_id', 'unit_index', 'text', 'function', 'themes'] as const;

export interface CodingSheetRow {
  /** 1-based line of the row in the file (the header is line 1). */
  line: number;
  doc_id: string;
  unit_index: number;
  text: string;
  /** As written: an id, a Chinese label or a variant of either; '' when not coded. */
  function: string;
  /** As written, `;`-joined. */
  themes: string;
  /** The analysis folder the row's sentence comes from, when the sheet has an `analysis` column. */
  analysis?: string;
}

export interface CodingSheet {
  path: string;
  rows: CodingSheetRow[];
}

/** A sheet that cannot be read as one (a missing column, a unit_index that is not a number): names the file and the row. */
export class CodingSheetError extends Error {}

export function readCodingSheet(path: string): CodingSheet {
  let records: Array<Record<string, string>>;
  try {
    records = readCsv(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CodingSheetError(`${path}: ${(e as Error).message}`);
  }
  const columns = records.length > 0 ? Object.keys(records[0]!) : [];
  const missing = CODING_SHEET_COLUMNS.filter((c) => !columns.includes(c));
  if (records.length > 0 && missing.length > 0) throw new CodingSheetError(`${path}: missing column(s) ${missing.join(', ')}`);
  const rows = records.map((r, i) => {
    const line = i + 2;
    const unit = Number((r.unit_index ?? '').trim());
    if (!Number.isInteger(unit) || unit < 0) throw new CodingSheetError(`${path}: row ${line}: unit_index "${r.unit_index}" is not a whole number`);
    const doc = (r.doc_id ?? '').trim();
    if (!doc) throw new CodingSheetError(`${path}: row ${line}: doc_id is empty`);
    const row: CodingSheetRow = { line, doc_id: doc, unit_index: unit, text: r.text ?? '', function: (r.function ?? '').trim(), themes: (r.themes ?? '').trim() };
    if (r.analysis?.trim()) row.analysis = r.analysis.trim();
    return row;
  });
  return { path, rows };
}
