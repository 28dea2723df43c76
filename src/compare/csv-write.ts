/**
 * Writing compare's large tables through CsvWriter (output/csv.ts): the same
 * bytes and the same atomic rename, with every batch of rows rendered and
 * handed over as soon as it is made. Rendering a whole table into one string
 * (as writeCsv does) would leave a table's worth of long-lived garbage: most
 * of compare's peak memory was that.
 */
import { CsvWriter, renderCellRows, type Cell, type CsvOptions } from '../output/csv.js';

/**
 * Rows rendered and written at a time: few enough that a batch's text stays
 * under V8's large-object size (128 KB; a sentence row is ~500 bytes as
 * UTF-16), since a larger string is allocated straight in the old generation.
 */
export const BATCH = 128;

/** Writes rows given as cells in the table's column order. */
export type WriteRows = (rows: ReadonlyArray<ReadonlyArray<Cell>>) => void;

/**
 * A CSV file with this header and whatever rows `fill` writes, moved into
 * place only when `fill` returns (a throw leaves no file behind).
 */
export function writeCsvFile(path: string, columns: readonly string[], options: CsvOptions, fill: (write: WriteRows) => void): void {
  const writer = new CsvWriter(path, columns, options);
  try {
    fill((rows) => writer.writeRendered(renderCellRows(rows, options)));
  } catch (e) {
    writer.abort();
    throw e;
  }
  writer.close();
}

/** writeCsv of rows 0..count-1 given one at a time, BATCH at a time. */
export function writeTable(path: string, columns: readonly string[], count: number, rowAt: (i: number) => Record<string, Cell>, options: CsvOptions = {}): void {
  writeCsvFile(path, columns, options, (write) => {
    for (let at = 0; at < count; at += BATCH) {
      const batch: Cell[][] = [];
      for (let i = at; i < Math.min(count, at + BATCH); i++) {
        const row = rowAt(i);
        batch.push(columns.map((c) => row[c]));
      }
      write(batch);
    }
  });
}
