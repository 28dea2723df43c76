/**
 * Groups of documents by the values of documents.csv columns: `--by
 * report_year`, `--by pilot` (a --meta column), `--by township,report_year`
 * (crossed). A township is keyed as province/county/township wherever it is
 * a grouping column, so that two 新华镇 in different counties stay apart.
 */
import { CompareOptionError } from './input.js';

/** A documents.csv row, by column name. */
export type DocRow = Readonly<Record<string, string | number | null | undefined>>;

/** Joins the values of crossed columns in a group key (township × year → `重庆市/万州区/高梁镇 × 2021`). */
export const CROSS_SEPARATOR = ' × ';

function text(v: DocRow[string]): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

/**
 * The group a document belongs to for the given columns, or null when one of
 * them is empty for it (such a document is not pooled with other unknowns).
 */
export function groupKeyOf(docRow: DocRow, columns: readonly string[]): string | null {
  const parts: string[] = [];
  for (const c of columns) {
    const v = text(docRow[c]);
    if (v === '') return null;
    parts.push(c === 'township' ? `${text(docRow.province) || '?'}/${text(docRow.county) || '?'}/${v}` : v);
  }
  return parts.join(CROSS_SEPARATOR);
}

/**
 * `--by` as a list of columns: "document" (each report on its own) is the
 * empty list; "township,report_year" two columns. A column the documents
 * table lacks is the caller's mistake, named with the columns there are.
 */
export function parseByColumns(by: string, available: readonly string[] | null, table = 'documents.csv'): string[] {
  const columns = by
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (columns.length === 0) throw new CompareOptionError(`--by: no column given`);
  if (columns.length === 1 && (columns[0] === 'document' || columns[0] === 'doc_id')) return [];
  if (columns.includes('document')) throw new CompareOptionError(`--by: "document" cannot be crossed with other columns (each document is already a group of its own)`);
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) throw new CompareOptionError(`--by: column ${c} is given twice`);
    seen.add(c);
  }
  if (available !== null) {
    const missing = columns.filter((c) => !available.includes(c));
    if (missing.length) {
      throw new CompareOptionError(`--by: ${table} has no column ${missing.join(', ')}; its columns are ${available.join(', ')} (or "document")`);
    }
  }
  return columns;
}
