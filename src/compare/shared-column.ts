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
import { CsvWriter, renderRows, type Cell } from '../output/csv.js';
import { indexOfRows } from './boilerplate.js';
import { forEachCsvRecord } from './csv-read.js';
import type { SharedSentence } from './types.js';

export const SHARED_WITH_COLUMN = 'shared_with';

/** Rows rendered per write. */
const BATCH = 4096;

export function addSharedWithColumn(analysisDir: string, shared: readonly SharedSentence[]): boolean {
  const path = join(analysisDir, 'sentences.csv');
  if (!existsSync(path)) return false;
  const lookup = sharedWithLookup(shared);
  const excel = startsWithBom(path);
  let writer: CsvWriter | null = null;
  let columns: string[] = [];
  // Rows are rendered as arrays: column i is the property "i".
  let positions: string[] = [];
  let docCol = -1;
  let unitCol = -1;
  let at = -1;
  let batch: Cell[][] = [];
  const flush = () => {
    writer!.writeRendered(renderRows(positions, batch as unknown as Array<Record<string, Cell>>, { excel }));
    batch = [];
  };
  try {
    // Streamed in and out: the table can be larger than memory should hold.
    forEachCsvRecord(path, (cells, index) => {
      if (index === 0) {
        docCol = cells.indexOf('doc_id');
        unitCol = cells.indexOf('unit_index');
        if (docCol < 0 || unitCol < 0) return false;
        const existing = cells.indexOf(SHARED_WITH_COLUMN);
        columns = existing >= 0 ? cells : [...cells, SHARED_WITH_COLUMN];
        at = existing >= 0 ? existing : cells.length;
        // A row was a record by column name: with a name twice, the last cell of that name filled both columns.
        const lastOf = new Map(columns.map((c, i) => [c, i]));
        lastOf.set(SHARED_WITH_COLUMN, at);
        positions = columns.map((c) => String(lastOf.get(c)!));
        // Cells are written back as read: a table written with --excel is already
        // neutralised, and a second pass must not change it.
        writer = new CsvWriter(path, columns, { excel });
        return;
      }
      const row: Cell[] = cells;
      const n = lookup(`${cells[docCol]}`, `${cells[unitCol]}`);
      row[at] = n === undefined ? '' : n;
      batch.push(row);
      if (batch.length >= BATCH) flush();
    });
    if (writer) flush();
  } catch (e) {
    (writer as CsvWriter | null)?.abort();
    throw e;
  }
  if (!writer) return false;
  (writer as CsvWriter).close();
  return true;
}

/** shared_with of (doc_id, unit_index as written): from the index behind the rows when there is one, else a map of the rows. */
function sharedWithLookup(shared: readonly SharedSentence[]): (docId: string, unitIndex: string) => number | undefined {
  const index = indexOfRows(shared);
  if (index && index.size === shared.length) return index.sharedWithLookup();
  const counts = new Map<string, number>();
  for (const s of shared) if (s.checked) counts.set(`${s.docId}\u0000${s.unitIndex}`, s.sharedWith);
  return (docId, unitIndex) => counts.get(`${docId}\u0000${unitIndex}`);
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
