/** What Excel makes of fazhi's tables: how many rows it opens, and whether a table was written for it. */
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Rows one Excel worksheet holds, the header included (Excel 2007 and later).
 * Excel opens a longer CSV with the rest cut off, so a researcher at that
 * scale needs to be told before the numbers in a pivot table quietly miss rows.
 */
export const EXCEL_MAX_ROWS = 1_048_576;

/**
 * A warning for each table with more data rows than fit in one Excel sheet
 * below its header; `rows`: data rows by file name, in the order to report
 * them; `remedies`: what shortens a table, by file name, where an option does
 * (compare's --neighbors for similarity.csv) rather than a smaller corpus.
 */
export function rowsBeyondExcel(rows: Readonly<Record<string, number>>, remedies: Readonly<Record<string, string>> = {}, maxRows = EXCEL_MAX_ROWS): string[] {
  const fit = maxRows - 1;
  return Object.entries(rows)
    .filter(([, n]) => n > fit)
    .map(
      ([file, n]) =>
        `${file} has ${n.toLocaleString('en-US')} rows, more than Excel opens (${fit.toLocaleString('en-US')} below the header; it would cut off the rest): ` +
        `read it with pandas or R, or ${remedies[file] ?? 'analyze a smaller part of the corpus (a province, a year) at a time'}`,
    );
}

/** Whether a file starts with a UTF-8 byte-order mark: a table written for Excel (--excel). */
export function startsWithBom(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(3);
    return readSync(fd, b, 0, 3, 0) === 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  } finally {
    closeSync(fd);
  }
}
