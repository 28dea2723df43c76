/**
 * The tables of an analysis folder as the explore commands read them:
 * documents.csv (who wrote each report, and for which year) and
 * sentences.csv streamed row by row. A missing table or column is an
 * AnalysisFolderError naming the file, raised before anything is written.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eachRow } from '../compare/analysis-folder.js';
import { AnalysisFolderError } from '../compare/input.js';

export interface ReportRecord {
  doc_id: string;
  township: string;
  county: string;
  province: string;
  report_year: number | null;
  /** The report's row of documents.csv, every column (--meta ones included), by name. */
  row: Readonly<Record<string, string>>;
}

export interface SentenceRecord {
  doc_id: string;
  unit_index: number;
  text: string;
  /** Space-separated tokens as the analysis wrote them. */
  tokens: string;
  function: string;
  themes: string[];
}

/**
 * The township a report belongs to, as compare groups townships: township +
 * county + province, so two 新华镇 in different counties stay apart; null
 * when the township is unknown.
 */
export function townshipOf(r: ReportRecord): string | null {
  return r.township ? `${r.province || '?'}/${r.county || '?'}/${r.township}` : null;
}

/** Every row of documents.csv, in table order. */
export function readReports(dir: string): ReportRecord[] {
  const path = join(dir, 'documents.csv');
  if (!existsSync(path)) throw new AnalysisFolderError(`${path}: not found (run \`fazhi analyze -o ${dir}\` first)`);
  const out: ReportRecord[] = [];
  eachRow(path, ['doc_id', 'township', 'report_year'], (cell, fields) => {
    const year = (cell('report_year') ?? '').trim();
    const row: Record<string, string> = {};
    for (const f of fields) row[f] = cell(f) ?? '';
    out.push({
      row,
      doc_id: cell('doc_id')!,
      township: (cell('township') ?? '').trim(),
      county: (cell('county') ?? '').trim(),
      province: (cell('province') ?? '').trim(),
      report_year: /^\d{4}$/.test(year) ? Number(year) : null,
    });
  }, 'empty (no header row)');
  return out;
}

/** Call fn for every sentence (kind = sentence; headings are not statements) of sentences.csv. */
export function forEachSentence(dir: string, fn: (s: SentenceRecord) => void): void {
  const path = join(dir, 'sentences.csv');
  if (!existsSync(path)) throw new AnalysisFolderError(`${path}: not found (run \`fazhi analyze -o ${dir}\` first)`);
  eachRecord(path, ['doc_id', 'unit_index', 'text', 'tokens', 'function', 'themes'], (cell) => {
    if ((cell('kind') ?? 'sentence') !== 'sentence') return;
    const raw = cell('unit_index')!;
    const unit = Number(raw);
    if (!Number.isInteger(unit)) throw new AnalysisFolderError(`${path}: unit_index "${raw}" of document ${cell('doc_id')} is not a whole number`);
    const themes = (cell('themes') ?? '').split(';').map((t) => t.trim()).filter((t) => t !== '');
    fn({ doc_id: cell('doc_id')!, unit_index: unit, text: cell('text') ?? '', tokens: cell('tokens') ?? '', function: (cell('function') ?? '').trim(), themes });
  });
}

/** Rows of a CSV with a header, cells by column name; a missing column, a damaged file or one without a header is an AnalysisFolderError. */
export function eachRecord(path: string, required: readonly string[], fn: (cell: (name: string) => string | undefined, cells: readonly string[]) => void): string[] {
  return eachRow(path, required, (cell, _fields, cells) => fn(cell, cells), 'empty (no header row)');
}
