/**
 * Writing CSV: RFC 4180 quoting, CRLF line ends, UTF-8.
 *
 * Files are written under a temporary name and renamed when complete, so a run
 * killed half-way never leaves a truncated CSV that looks finished. With
 * `excel`, a UTF-8 BOM is written (Excel shows BOM-less UTF-8 as mojibake) and
 * cells that Excel would run as formulas (= + - @) are prefixed with '.
 * The header row goes through papaparse; data rows are rendered here (quote).
 */
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import Papa from 'papaparse';
import type { Cell } from '../model/stage.js';

export type { Cell };

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
  private written = 0;

  constructor(
    readonly path: string,
    private readonly columns: readonly string[],
    private readonly options: CsvOptions = {},
  ) {
    this.tmp = `${path}.partial`;
    this.fd = openSync(this.tmp, 'w');
    if (options.excel) writeSync(this.fd, '\ufeff');
    writeSync(this.fd, Papa.unparse([columns as string[]], { newline: '\r\n' }) + '\r\n');
  }

  /** Data rows written so far, the header not counted (rowsBeyondExcel). */
  get rows(): number {
    return this.written;
  }

  write(rows: ReadonlyArray<Record<string, Cell>>): void {
    this.writeRendered(renderRows(this.columns, rows, this.options), rows.length);
  }

  /** Append rows given as cells in column order (renderCellRows). */
  writeCells(rows: ReadonlyArray<ReadonlyArray<Cell>>): void {
    this.writeRendered(renderCellRows(rows, this.options), rows.length);
  }

  /**
   * Append `rows` rows already rendered by renderRows (e.g. in a worker
   * thread) with the same columns and options: counted by the caller, as a
   * cell may hold a line break.
   */
  writeRendered(text: string | readonly string[], rows: number): void {
    this.written += rows;
    for (const piece of typeof text === 'string' ? [text] : text) {
      if (piece === '') continue;
      this.buffer.push(piece);
      this.buffered += piece.length;
      // Many small writes cost more than the CSV itself, and long-lived large
      // strings end in the old generation as garbage that waits for a full
      // collection: flush at 32 K characters, below V8's large-object size.
      if (this.buffered > FLUSH_CHARS) this.flush();
    }
  }

  /** Append a file of rows rendered like writeRendered's (a Spool's), counted by the caller in writeRendered. */
  writeFileRows(path: string): void {
    this.flush();
    const fd = openSync(path, 'r');
    const chunk = Buffer.allocUnsafe(1 << 20);
    try {
      for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) writeSync(this.fd, chunk, 0, n);
    } finally {
      closeSync(fd);
    }
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
  return renderEach(rows, (r) => columns.map((c) => r[c]), options);
}

/** Rows given as cells in column order, rendered like renderRows: no record per row for the largest table. */
export function renderCellRows(rows: ReadonlyArray<ReadonlyArray<Cell>>, options: CsvOptions = {}): string {
  return renderEach(rows, (cells) => cells, options);
}

/**
 * The rows of `items`, each given as its cells in column order. Each line is
 * joined on its own and the lines once at the end: a text grown cell by cell
 * with += is a rope of one node per piece, which for a 50 MB report held
 * several times the characters' own size.
 */
export function renderEach<T>(items: ReadonlyArray<T>, cellsOf: (item: T) => ReadonlyArray<Cell>, options: CsvOptions = {}): string {
  const lines = new Array<string>(items.length);
  const parts: string[] = [];
  for (let r = 0; r < items.length; r++) {
    const cells = cellsOf(items[r]!);
    parts.length = 0;
    for (let i = 0; i < cells.length; i++) parts.push(quote(cellText(cells[i], options)));
    lines[r] = parts.join(',');
  }
  lines.push('');
  return lines.join('\r\n');
}

/**
 * Like renderEach, as pieces of about FLUSH_CHARS characters: a large
 * document's rows never become one string, nor one write; `done` is told of
 * each item once its row is rendered.
 */
export function renderEachInPieces<T>(
  items: ReadonlyArray<T>,
  cellsOf: (item: T) => ReadonlyArray<Cell>,
  options: CsvOptions = {},
  done?: (item: T) => void,
): string[] {
  const pieces: string[] = [];
  const lines: string[] = [];
  const parts: string[] = [];
  let chars = 0;
  for (const item of items) {
    const cells = cellsOf(item);
    parts.length = 0;
    for (let i = 0; i < cells.length; i++) parts.push(quote(cellText(cells[i], options)));
    const line = parts.join(',');
    lines.push(line);
    chars += line.length + 2;
    done?.(item);
    if (chars >= FLUSH_CHARS) {
      lines.push('');
      pieces.push(lines.join('\r\n'));
      lines.length = 0;
      chars = 0;
    }
  }
  if (lines.length > 0) {
    lines.push('');
    pieces.push(lines.join('\r\n'));
  }
  return pieces;
}

// csv-as-written.ts reads back tables written by this rule and the formula prefix below: it checks both, code by code.
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * RFC 4180 quoting, the rule papaparse applies (the header row goes through
 * papaparse): quote a cell holding a comma, a quote or a line break, or with
 * white space at either end, and double its quotes. Hand-written because it
 * beats the library: papaparse's general-purpose unparse of the rows costs a
 * tenth of a whole analysis.
 */
function quote(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function cellText(v: Cell, options: CsvOptions): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? formatNumber(v) : String(v);
  if (options.excel && s.length > 0 && startsFormula(s.charCodeAt(0)) && !PLAIN_NUMBER.test(s)) return `'${s}`;
  return s;
}

/** A cell Excel would take for a formula starts with one of = + - @ tab CR; with `excel` it gets a ' before it, unless it is a plain number. */
export function startsFormula(c: number): boolean {
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d;
}
export const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

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
