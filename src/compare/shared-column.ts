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
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { CsvWriter, forEachCsvRow } from '../output/csv.js';
import type { SharedSentence } from './types.js';

export const SHARED_WITH_COLUMN = 'shared_with';

export function addSharedWithColumn(analysisDir: string, shared: readonly SharedSentence[]): boolean {
  const path = join(analysisDir, 'sentences.csv');
  if (!existsSync(path)) return false;
  const counts = new Map<string, number>();
  for (const s of shared) if (s.checked) counts.set(`${s.docId}\u0000${s.unitIndex}`, s.sharedWith);
  const excel = startsWithBom(path);
  let writer: CsvWriter | null = null;
  let columns: string[] = [];
  let docCol = -1;
  let unitCol = -1;
  let at = -1;
  try {
    // Streamed in and out: the table can be larger than memory should hold.
    forEachCsvRow(path, (cells, index) => {
      if (index === 0) {
        docCol = cells.indexOf('doc_id');
        unitCol = cells.indexOf('unit_index');
        if (docCol < 0 || unitCol < 0) return false;
        const existing = cells.indexOf(SHARED_WITH_COLUMN);
        columns = existing >= 0 ? cells : [...cells, SHARED_WITH_COLUMN];
        at = existing >= 0 ? existing : cells.length;
        // Cells are written back as read: a table written with --excel is already
        // neutralised, and a second pass must not change it.
        writer = new CsvWriter(path, columns, { excel });
        return;
      }
      const row: Record<string, string | number> = {};
      columns.forEach((c, i) => (row[c] = cells[i] ?? ''));
      const n = counts.get(`${cells[docCol]}\u0000${cells[unitCol]}`);
      row[columns[at]!] = n === undefined ? '' : n;
      writer!.write([row]);
    });
  } catch (e) {
    (writer as CsvWriter | null)?.abort();
    throw e;
  }
  if (!writer) return false;
  (writer as CsvWriter).close();
  return true;
}

function startsWithBom(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(3);
    return readSync(fd, b, 0, 3, 0) === 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  } finally {
    closeSync(fd);
  }
}
