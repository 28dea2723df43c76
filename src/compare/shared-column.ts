/**
 * The `shared_with` and `passage` columns of sentences.csv: for each sentence,
 * how many other documents hold a near-identical sentence, and the shared
 * passage of boilerplate.csv it belongs to.
 *
 * analyze streams documents out as they finish, so it cannot know yet which
 * sentences later documents repeat; compare, which sees the whole corpus,
 * adds the column to the analysis folder's sentences.csv (replacing an
 * earlier one), atomically. Headings and sentences too short to compare get
 * an empty cell.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buffersOf, workerPool } from '../pipeline/pool.js';
import { indexOfRows, type SharedSentenceIndex, type SharedWithTable } from './shared-sentence-index.js';
import { CsvFormatError, forEachCsvRow, readCsvHeader, startsWithBom, writeCsvWith, type Cell } from '../output/csv.js';
import { cellValue, forEachRecordAsWritten, NotAsWritten } from '../output/csv-as-written.js';
import type { SharedSentence } from './types.js';
import type { ReportDoc, Unit } from '../model/document.js';
import type { SentenceColumn } from '../model/stage.js';
import { ANALYSIS_FILES } from '../output/analysis-folder.js';

export const SHARED_WITH_COLUMN = 'shared_with';
export const PASSAGE_COLUMN = 'passage';

export function addSharedWithColumn(analysisDir: string, shared: readonly SharedSentence[]): boolean {
  return rewriteWithSharedWith(analysisDir, sharedWithTable(shared));
}

/** The rewriting worker (shared-column-worker.ts), under dist/. */
const WORKER = 'compare/shared-column-worker.js';

/**
 * addSharedWithColumn on a worker thread, so that the caller can go on
 * (compare writes its own tables meanwhile: rewriting sentences.csv is a
 * single-threaded read and write of the largest table, which would leave the
 * other core idle). A checkout not yet built rewrites on this thread.
 */
export async function addSharedWithColumnOnThread(analysisDir: string, shared: readonly SharedSentence[]): Promise<boolean> {
  const table = sharedWithTable(shared);
  const pool = workerPool<{ dir: string; table: SharedWithTable }, boolean>(WORKER, {
    threads: 1,
    // The rewrite keeps nothing but its table: a small young generation keeps the thread's garbage small while compare's tables are held.
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
  if (pool === null) return rewriteWithSharedWith(analysisDir, table);
  try {
    // Moved, not copied: at 100,000 reports the table is a hundred MB that this thread no longer needs.
    return await pool.run({ dir: analysisDir, table }, { transferList: buffersOf(table) });
  } finally {
    await pool.destroy();
  }
}

/** Rewrite sentences.csv with the column (what the worker thread runs). */
export function rewriteWithSharedWith(analysisDir: string, table: SharedWithTable): boolean {
  const path = join(analysisDir, ANALYSIS_FILES.sentences);
  if (!existsSync(path)) return false;
  const cells0 = readCsvHeader(path);
  if (cells0 === null) return false;
  const docCol = cells0.indexOf('doc_id');
  const unitCol = cells0.indexOf('unit_index');
  if (docCol < 0 || unitCol < 0) return false;
  // Columns already there (an earlier compare) are filled again where they are; new ones go last.
  const columns = [...cells0];
  const at = [SHARED_WITH_COLUMN, PASSAGE_COLUMN].map((name) => {
    const existing = columns.indexOf(name);
    if (existing >= 0) return existing;
    columns.push(name);
    return columns.length - 1;
  });
  const [sharedAt, passageAt] = at as [number, number];
  // A name given to two columns: both are written with the last cell of that name, what a reader by column name (readCsv) takes.
  const lastOf = new Map(columns.map((c, i) => [c, i]));
  lastOf.set(SHARED_WITH_COLUMN, sharedAt);
  lastOf.set(PASSAGE_COLUMN, passageAt);
  const positions = columns.map((c) => lastOf.get(c)!);
  const excel = startsWithBom(path);
  // A table as fazhi's writer left it (analyze's, or an earlier compare's rewrite) is copied record by record, its two cells put in; any other is parsed and written again.
  if (positions.every((p, i) => p === i)) {
    try {
      copyWithSharedWith(path, columns, cells0.length, { docCol, unitCol, sharedAt, passageAt }, excel, table);
      return true;
    } catch (e) {
      if (!(e instanceof NotAsWritten || e instanceof CsvFormatError)) throw e;
    }
  }
  const lookup = lookupIn(table);
  // Cells are written back as read: a table written with --excel is already
  // neutralized, and a second pass must not change it.
  writeCsvWith(path, columns, { excel }, (writer) => {
    // Streamed in and out: the table can be larger than memory should hold.
    forEachCsvRow(path, (row: Cell[], index) => {
      if (index === 0) return;
      const k = lookup(`${row[docCol]}`, `${row[unitCol]}`);
      row[sharedAt] = k === undefined ? '' : table.sharedWith[k]!;
      row[passageAt] = k === undefined || table.passage[k] === 0 ? '' : table.passage[k]!;
      writer.writeCells([positions.map((p) => row[p])]);
    });
  });
  return true;
}

/**
 * rewriteWithSharedWith's table when every record is as the writer writes it
 * (forEachRecordAsWritten), every column named once: each record's text is
 * kept, the two cells replaced or added, which is what parsing and writing
 * every cell gives. Throws NotAsWritten (nothing written) otherwise.
 */
function copyWithSharedWith(
  path: string,
  columns: readonly string[],
  width: number,
  at: { docCol: number; unitCol: number; sharedAt: number; passageAt: number },
  excel: boolean,
  table: SharedWithTable,
): void {
  const { docCol, unitCol, sharedAt, passageAt } = at;
  const docNo = docNumbers(table);
  // Cells of the file replaced, in column order; the others are added after the last.
  const replaced = [sharedAt, passageAt].filter((c) => c < width).sort((a, b) => a - b);
  const added = [sharedAt, passageAt].filter((c) => c >= width).sort((a, b) => a - b);
  const cells = new Array<string>(columns.length);
  // Rows of a document come together: its number is looked up once.
  let docText: string | null = null;
  let doc: number | undefined;
  writeCsvWith(path, columns, { excel }, (writer) => {
    forEachRecordAsWritten(path, width, excel, (text, spans) => {
      const ds = spans[2 * docCol]!;
      const de = spans[2 * docCol + 1]!;
      if (docText === null || de - ds !== docText.length || !text.startsWith(docText, ds)) {
        docText = text.slice(ds, de);
        doc = docNo.get(cellValue(text, ds, de));
      }
      const k = doc === undefined ? undefined : entryOf(table, doc, unitValue(text, spans[2 * unitCol]!, spans[2 * unitCol + 1]!));
      cells[sharedAt] = k === undefined ? '' : String(table.sharedWith[k]!);
      cells[passageAt] = k === undefined || table.passage[k] === 0 ? '' : String(table.passage[k]!);
      let line = '';
      let from = spans[0]!;
      for (const c of replaced) {
        line += text.slice(from, spans[2 * c]!) + cells[c]!;
        from = spans[2 * c + 1]!;
      }
      line += text.slice(from, spans[2 * width - 1]!);
      for (const c of added) line += `,${cells[c]!}`;
      writer.writeRendered(`${line}\r\n`, 1);
    });
  });
}

/** A unit_index cell's number when it names a sentence as analyze writes it ("07" or " 7" is not 7), else NaN. */
function unitValue(text: string, start: number, end: number): number {
  // Digits without a leading zero, the cells analyze writes, are read where they are.
  if (end > start && end - start < 10 && (text.charCodeAt(start) !== 0x30 || end - start === 1)) {
    let u = 0;
    let k = start;
    for (; k < end; k++) {
      const c = text.charCodeAt(k) - 0x30;
      if (c < 0 || c > 9) break;
      u = u * 10 + c;
    }
    if (k === end) return u;
  }
  return unitNumber(cellValue(text, start, end));
}

/** The unit a unit_index cell names, NaN for none: only a cell written as analyze writes it names one ("07" or " 7" is not 7). */
function unitNumber(cell: string): number {
  const u = Number(cell);
  return String(u) === cell ? u : NaN;
}

/** How many of the sentences another document holds near-identically (read from the index behind light rows, without making a row each). */
export function countSharedSentences(shared: readonly SharedSentence[]): number {
  const index = indexOfRows(shared);
  let n = 0;
  if (index && index.size === shared.length) {
    for (let i = 0; i < index.size; i++) if (index.sharedWith(i) > 0) n++;
    return n;
  }
  for (const s of shared) if (s.sharedWith > 0) n++;
  return n;
}

/** The table of the rows: from the index behind them when there is one, else from the rows (the last compared row of a key wins). */
function sharedWithTable(shared: readonly SharedSentence[]): SharedWithTable {
  const index = indexOfRows(shared);
  if (index && index.size === shared.length) return index.sharedWithTable();
  const byDoc = new Map<string, Map<number, SharedSentence>>();
  for (const s of shared) {
    if (!s.checked) continue;
    let units = byDoc.get(s.docId);
    if (!units) byDoc.set(s.docId, (units = new Map()));
    units.set(s.unitIndex, s);
  }
  const docIds = [...byDoc.keys()];
  const start = new Int32Array(docIds.length + 1);
  const unitIndex: number[] = [];
  const sharedWith: number[] = [];
  const passage: number[] = [];
  docIds.forEach((id, d) => {
    const units = [...byDoc.get(id)!].sort((a, b) => a[0] - b[0]);
    for (const [u, s] of units) {
      unitIndex.push(u);
      sharedWith.push(s.sharedWith);
      passage.push(s.passage ?? 0);
    }
    start[d + 1] = start[d]! + units.length;
  });
  return { docIds, start, unitIndex: Int32Array.from(unitIndex), sharedWith: Int32Array.from(sharedWith), passage: Int32Array.from(passage) };
}

/** The entry of the table for (doc_id, unit_index as written in sentences.csv). */
function lookupIn(table: SharedWithTable): (docId: string, unitIndex: string) => number | undefined {
  const docNo = docNumbers(table);
  return (docId, unitIndex) => {
    const d = docNo.get(docId);
    const u = unitNumber(unitIndex);
    if (d === undefined || Number.isNaN(u)) return undefined;
    return entryOf(table, d, u);
  };
}

function docNumbers(table: SharedWithTable): Map<string, number> {
  return new Map(table.docIds.map((id, d) => [id, d]));
}

/** The entry of document number `d`'s unit `u`; undefined for none. */
function entryOf(table: SharedWithTable, d: number, u: number): number | undefined {
  const { start, unitIndex: units } = table;
  let lo = start[d]!;
  let hi = start[d + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo < start[d + 1]! && units[lo] === u ? lo : undefined;
}

/**
 * A `shared_with` column for sentences.csv, for the analyze writer: the
 * number of other documents with a near-identical sentence (empty for headings).
 */
export function sharedWithColumn(index: SharedSentenceIndex): SentenceColumn {
  return {
    name: SHARED_WITH_COLUMN,
    value: (u: Unit, d: ReportDoc) => (u.kind === 'sentence' ? (index.get(d.id, u.index)?.sharedWith ?? null) : null),
  };
}
