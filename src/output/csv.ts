/**
 * CSV out, via papaparse: RFC 4180 quoting, CRLF line ends, UTF-8.
 *
 * Files are written under a temporary name and renamed when complete, so a run
 * killed half-way never leaves a truncated CSV that looks finished. With
 * `excel`, a UTF-8 BOM is written (Excel shows BOM-less UTF-8 as mojibake) and
 * cells that Excel would run as formulas (= + - @) are prefixed with '.
 */
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import Papa from 'papaparse';

export type Cell = string | number | boolean | null | undefined;

export interface CsvOptions {
  excel?: boolean;
}

/** Characters buffered before a write: 64 KB as UTF-16, so the joined text stays below V8's large-object size (128 KB). */
const FLUSH_CHARS = 1 << 15;

export class CsvWriter {
  private fd: number;
  private readonly tmp: string;
  private closed = false;
  private buffer: string[] = [];
  private buffered = 0;

  constructor(
    private readonly path: string,
    private readonly columns: readonly string[],
    private readonly options: CsvOptions = {},
  ) {
    this.tmp = `${path}.partial`;
    this.fd = openSync(this.tmp, 'w');
    if (options.excel) writeSync(this.fd, '\ufeff');
    writeSync(this.fd, Papa.unparse([columns as string[]], { newline: '\r\n' }) + '\r\n');
  }

  write(rows: ReadonlyArray<Record<string, Cell>>): void {
    this.writeRendered(renderRows(this.columns, rows, this.options));
  }

  /** Append rows given as cells in column order (renderCellRows). */
  writeCells(rows: ReadonlyArray<ReadonlyArray<Cell>>): void {
    this.writeRendered(renderCellRows(rows, this.options));
  }

  /** Append rows already rendered by renderRows (e.g. in a worker thread) with the same columns and options. */
  writeRendered(text: string): void {
    if (text === '') return;
    this.buffer.push(text);
    this.buffered += text.length;
    // Many small writes cost more than the CSV itself, and long-lived large
    // strings end in the old generation as garbage that waits for a full
    // collection: flush at 32 K characters, below V8's large-object size.
    if (this.buffered > FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.buffered = 0;
  }

  /** Finish the file and move it into place. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }

  /** Abandon the file: the partial file is removed and nothing is renamed. */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    rmSync(this.tmp, { force: true });
  }

}

/** Rows as CSV text (CRLF after every row), '' for none: what CsvWriter.writeRendered takes. */
export function renderRows(columns: readonly string[], rows: ReadonlyArray<Record<string, Cell>>, options: CsvOptions = {}): string {
  return renderCellRows(rows.map((r) => columns.map((c) => r[c])), options);
}

/** Rows given as cells in column order, rendered like renderRows: no record per row for the largest table. */
export function renderCellRows(rows: ReadonlyArray<ReadonlyArray<Cell>>, options: CsvOptions = {}): string {
  let out = '';
  for (const cells of rows) {
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) out += ',';
      out += quote(cellText(cells[i], options));
    }
    out += '\r\n';
  }
  return out;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * RFC 4180 quoting, the rule papaparse applies (and the header row still goes
 * through papaparse): quote a cell holding a comma, a quote or a line break,
 * or with white space at either end, and double its quotes. Written out here
 * because rendering rows was a tenth of a whole analysis through papaparse's
 * general-purpose path.
 */
function quote(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function cellText(v: Cell, options: CsvOptions): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? formatNumber(v) : String(v);
  if (options.excel && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) return `'${s}`;
  return s;
}

/** Numbers print the same on every run and platform: no exponent for ordinary values, at most 6 decimals. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return String(n);
  return String(Math.round(n * 1e6) / 1e6);
}

export function writeCsv(path: string, columns: readonly string[], rows: ReadonlyArray<Record<string, Cell>>, options: CsvOptions = {}): void {
  writeCsvWith(path, columns, options, (w) => w.write(rows));
}

/**
 * A CSV file with this header and whatever rows `fill` gives the writer,
 * moved into place only when `fill` returns (a throw leaves no file behind).
 * For tables written a batch at a time rather than from one array.
 */
export function writeCsvWith(path: string, columns: readonly string[], options: CsvOptions, fill: (writer: CsvWriter) => void): void {
  const w = new CsvWriter(path, columns, options);
  try {
    fill(w);
    w.close();
  } catch (e) {
    w.abort();
    throw e;
  }
}

/** Read a CSV with a header row into records (used for --meta files and tests). */
export function readCsv(text: string): Array<Record<string, string>> {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0]!;
    throw new Error(`row ${(e.row ?? 0) + 2}: ${e.message}`);
  }
  return parsed.data;
}

/**
 * Every record of a CSV file, header first (index 0), read in chunks so a
 * table larger than a JavaScript string (512 MB: sentences.csv of a national
 * corpus) can be read at all. papaparse parses; this only cuts the file at
 * record boundaries, which are the line breaks outside quotes: with RFC 4180
 * quoting ("" inside a quoted cell), a line break is outside quotes exactly
 * when the number of quote characters before it is even. `onRow` may return
 * false to stop. A leading byte-order mark is dropped.
 *
 * Chunks are small (48 KB) on purpose: a chunk's text, and every cell sliced
 * from it, stays below V8's large-object size, so it dies young. With 1 MB
 * chunks each chunk's text went to the large-object space, which only a full
 * collection frees: in a process already holding compare's tables that was
 * 0.3 GB at 10,000 documents and 0.7 GB at 24,000.
 */
export function forEachCsvRow(path: string, onRow: (cells: string[], index: number) => void | false, chunkBytes = 48 << 10): void {
  const fd = openSync(path, 'r');
  // TextDecoder (simdutf) decodes about twice as fast as StringDecoder; the BOM is kept here and dropped below.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const buf = Buffer.alloc(chunkBytes);
  let carry = '';
  let index = 0;
  let first = true;
  let stopped = false;
  // Row by row (papaparse's step): no array of a whole chunk's rows, which
  // outlived young collections and was most of compare's peak memory.
  const parse = (text: string) => {
    if (stopped || text === '') return;
    Papa.parse<string[]>(text, {
      header: false,
      skipEmptyLines: true,
      step: (result, parser) => {
        if (stopped) return;
        if (onRow(result.data, index++) === false) {
          stopped = true;
          parser.abort();
        }
      },
    });
  };
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      let text = carry + decoder.decode(buf.subarray(0, n), { stream: true });
      if (first) {
        text = text.replace(/^\ufeff/, '');
        first = false;
      }
      const cut = lastRecordEnd(text);
      carry = text.slice(cut);
      parse(text.slice(0, cut));
      if (stopped) return;
    }
    parse(carry + decoder.decode());
  } finally {
    closeSync(fd);
  }
}

/** Index just after the last line break that lies outside quotes (0 when there is none). */
function lastRecordEnd(text: string): number {
  let quotes = 0;
  let end = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quotes++;
    else if (c === 10 && quotes % 2 === 0) end = i + 1;
  }
  return end;
}
