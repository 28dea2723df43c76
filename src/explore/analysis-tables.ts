/**
 * The tables of an analysis folder as the explore commands read them:
 * documents.csv (who wrote each report, and for which year) and
 * sentences.csv streamed row by row. A missing table or column is an
 * AnalysisFolderError naming the file, raised before anything is written.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CsvFormatError, forEachCsvRow } from '../output/csv.js';
import { AnalysisFolderError } from '../compare/input.js';

export interface ReportRecord {
  doc_id: string;
  township: string;
  county: string;
  province: string;
  report_year: number | null;
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
  eachRecord(path, ['doc_id', 'township', 'report_year'], (cell) => {
    const year = (cell('report_year') ?? '').trim();
    out.push({
      doc_id: cell('doc_id')!,
      township: (cell('township') ?? '').trim(),
      county: (cell('county') ?? '').trim(),
      province: (cell('province') ?? '').trim(),
      report_year: /^\d{4}$/.test(year) ? Number(year) : null,
    });
  });
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

/** Rows of a CSV with a header, cells by column name; a missing column or a damaged file is an AnalysisFolderError. */
export function eachRecord(path: string, required: readonly string[], fn: (cell: (name: string) => string | undefined, cells: readonly string[]) => void): string[] {
  let header: string[] = [];
  let position = new Map<string, number>();
  let cells: string[] = [];
  const cell = (name: string) => {
    const i = position.get(name);
    return i === undefined ? undefined : cells[i];
  };
  try {
    forEachCsvRow(path, (row, index) => {
      if (index === 0) {
        header = row;
        position = new Map(row.map((c, i) => [c, i]));
        const missing = required.filter((c) => !position.has(c));
        if (missing.length) throw new AnalysisFolderError(`${path}: missing column(s) ${missing.join(', ')}`);
        return;
      }
      cells = row;
      fn(cell, row);
    });
  } catch (e) {
    if (e instanceof CsvFormatError) throw new AnalysisFolderError(e.message);
    throw e;
  }
  if (header.length === 0) throw new AnalysisFolderError(`${path}: empty (no header row)`);
  return header;
}
