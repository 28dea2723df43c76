/**
 * Writing compare's large tables: the same bytes as CsvWriter and writeCsv
 * (output/csv.ts) — header through papaparse, rows through renderRows,
 * written under a temporary name and renamed when complete — but every batch
 * of rows goes to the file as soon as it is rendered.
 *
 * Why not CsvWriter: it keeps rendered text until a megabyte has gathered, and
 * writeCsv renders a whole table into one string. Strings that live that long
 * are moved to the old generation, and a table of a million rows then leaves
 * gigabytes of garbage there before a full collection runs: most of compare's
 * peak memory was that. A batch rendered and written at once dies young.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import Papa from 'papaparse';
import { renderRows, type Cell, type CsvOptions } from '../output/csv.js';

/**
 * Rows rendered and written at a time: few enough that a batch's text stays
 * under V8's large-object size (128 KB; a sentence row is ~500 bytes as
 * UTF-16), since a larger string is allocated straight in the old generation.
 */
export const BATCH = 128;

/** Writes rows, rendered with `keys` as the property names of the columns (e.g. positions "0", "1", … of arrays). */
export type WriteRows = (keys: readonly string[], rows: ReadonlyArray<Record<string, Cell>>) => void;

/**
 * A CSV file with this header and whatever rows `fill` writes, moved into
 * place only when `fill` returns (a throw leaves no file behind).
 */
export function writeCsvFile(path: string, columns: readonly string[], options: CsvOptions, fill: (write: WriteRows) => void): void {
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w');
  let complete = false;
  try {
    writeSync(fd, (options.excel ? '\ufeff' : '') + Papa.unparse([columns as string[]], { newline: '\r\n' }) + '\r\n');
    fill((keys, rows) => {
      const text = renderRows(keys, rows, options);
      if (text !== '') writeSync(fd, text);
    });
    complete = true;
  } finally {
    closeSync(fd);
    if (complete) renameSync(tmp, path);
    else rmSync(tmp, { force: true });
  }
}

/** writeCsv of rows 0..count-1 given one at a time, BATCH at a time. */
export function writeTable(path: string, columns: readonly string[], count: number, rowAt: (i: number) => Record<string, Cell>, options: CsvOptions = {}): void {
  writeCsvFile(path, columns, options, (write) => {
    for (let at = 0; at < count; at += BATCH) {
      const batch: Array<Record<string, Cell>> = [];
      for (let i = at; i < Math.min(count, at + BATCH); i++) batch.push(rowAt(i));
      write(columns, batch);
    }
  });
}
