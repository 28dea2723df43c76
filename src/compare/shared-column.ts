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
import { indexOfRows } from './boilerplate.js';
import { forEachCsvRow, writeCsvWith, type Cell } from '../output/csv.js';
import type { SharedSentence } from './types.js';

export const SHARED_WITH_COLUMN = 'shared_with';

export function addSharedWithColumn(analysisDir: string, shared: readonly SharedSentence[]): boolean {
  const path = join(analysisDir, 'sentences.csv');
  if (!existsSync(path)) return false;
  const cells0 = readHeader(path);
  if (cells0 === null) return false;
  const docCol = cells0.indexOf('doc_id');
  const unitCol = cells0.indexOf('unit_index');
  if (docCol < 0 || unitCol < 0) return false;
  const existing = cells0.indexOf(SHARED_WITH_COLUMN);
  const columns = existing >= 0 ? cells0 : [...cells0, SHARED_WITH_COLUMN];
  const at = existing >= 0 ? existing : cells0.length;
  // A row was a record by column name: with a name twice, the last cell of that name filled both columns.
  const lastOf = new Map(columns.map((c, i) => [c, i]));
  lastOf.set(SHARED_WITH_COLUMN, at);
  const positions = columns.map((c) => lastOf.get(c)!);
  const lookup = sharedWithLookup(shared);
  // Cells are written back as read: a table written with --excel is already
  // neutralised, and a second pass must not change it.
  writeCsvWith(path, columns, { excel: startsWithBom(path) }, (writer) => {
    // Streamed in and out: the table can be larger than memory should hold.
    forEachCsvRow(path, (row: Cell[], index) => {
      if (index === 0) return;
      const n = lookup(`${row[docCol]}`, `${row[unitCol]}`);
      row[at] = n === undefined ? '' : n;
      writer.writeCells([positions.map((p) => row[p])]);
    });
  });
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

function readHeader(path: string): string[] | null {
  const found: string[][] = [];
  forEachCsvRow(path, (cells) => {
    found.push(cells);
    return false;
  });
  return found[0] ?? null;
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
