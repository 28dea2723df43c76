/**
 * The `shared_with` column of sentences.csv: for each sentence, how many other
 * documents hold a near-identical sentence (boilerplate.csv has the ids).
 *
 * analyze streams documents out as they finish, so it cannot know yet which
 * sentences later documents repeat; compare, which sees the whole corpus,
 * adds the column to the analysis folder's sentences.csv (replacing an
 * earlier one), atomically. Headings and sentences too short to compare get
 * an empty cell.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { CsvWriter } from '../output/csv.js';
import type { SharedSentence } from './types.js';

export const SHARED_WITH_COLUMN = 'shared_with';

export function addSharedWithColumn(analysisDir: string, shared: readonly SharedSentence[]): boolean {
  const path = join(analysisDir, 'sentences.csv');
  if (!existsSync(path)) return false;
  const raw = readFileSync(path, 'utf8');
  const excel = raw.startsWith('\ufeff');
  const parsed = Papa.parse<string[]>(excel ? raw.slice(1) : raw, { header: false, skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  if (!header) return false;
  const docCol = header.indexOf('doc_id');
  const unitCol = header.indexOf('unit_index');
  if (docCol < 0 || unitCol < 0) return false;
  const counts = new Map<string, number>();
  for (const s of shared) if (s.checked) counts.set(`${s.docId}\u0000${s.unitIndex}`, s.sharedWith);
  const existing = header.indexOf(SHARED_WITH_COLUMN);
  const columns = existing >= 0 ? header : [...header, SHARED_WITH_COLUMN];
  const at = existing >= 0 ? existing : header.length;
  // Cells are written back as read: the file was already neutralised for Excel
  // if it was written with --excel, and a second pass must not change it.
  const writer = new CsvWriter(path, columns, { excel });
  try {
    writer.write(
      rows.map((cells) => {
        const out: Record<string, string | number> = {};
        columns.forEach((c, i) => (out[c] = cells[i] ?? ''));
        const n = counts.get(`${cells[docCol]}\u0000${cells[unitCol]}`);
        out[columns[at]!] = n === undefined ? '' : n;
        return out;
      }),
    );
    writer.close();
  } catch (e) {
    writer.abort();
    throw e;
  }
  return true;
}
