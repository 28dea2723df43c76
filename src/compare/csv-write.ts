/**
 * Writing compare's large tables through writeCsvWith (output/csv-writer.ts): the
 * same bytes and the same atomic rename, with every row rendered and handed
 * to the writer (which flushes every 32 K characters) as soon as it is made.
 * Rendering a whole table into one string (as writeCsv does) would leave a
 * table's worth of long-lived garbage, most of compare's peak memory.
 */
import { writeCsvWith, type Cell, type CsvOptions } from '../output/csv.js';

/** writeCsv of rows 0..count-1, given one at a time. */
export function writeTable(path: string, columns: readonly string[], count: number, rowAt: (i: number) => Record<string, Cell>, options: CsvOptions = {}): void {
  writeCsvWith(path, columns, options, (writer) => {
    for (let i = 0; i < count; i++) {
      const row = rowAt(i);
      writer.writeCells([columns.map((c) => row[c])]);
    }
  });
}
