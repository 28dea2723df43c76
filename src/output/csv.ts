/**
 * CSV out, via papaparse: RFC 4180 quoting, CRLF line ends, UTF-8.
 *
 * Files are written under a temporary name and renamed when complete, so a run
 * killed half-way never leaves a truncated CSV that looks finished. With
 * `excel`, a UTF-8 BOM is written (Excel shows BOM-less UTF-8 as mojibake) and
 * cells that Excel would run as formulas (= + - @) are prefixed with '.
 */
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import Papa from 'papaparse';
import { isTrimmed } from '../text/code-units.js';

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
  writeRendered(text: string, rows: number): void {
    this.written += rows;
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
 * (compare's --neighbours for similarity.csv) rather than a smaller corpus.
 */
export function rowsBeyondExcel(rows: Readonly<Record<string, number>>, remedies: Readonly<Record<string, string>> = {}, maxRows = EXCEL_MAX_ROWS): string[] {
  const fit = maxRows - 1;
  return Object.entries(rows)
    .filter(([, n]) => n > fit)
    .map(
      ([file, n]) =>
        `${file} has ${n.toLocaleString('en-US')} rows, more than Excel opens (${fit.toLocaleString('en-US')} below the header; it would cut off the rest): ` +
        `read it with pandas or R, or ${remedies[file] ?? 'analyse a smaller part of the corpus (a province, a year) at a time'}`,
    );
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
 * A table that cannot be read as written: not UTF-8, a quote out of place
 * (which would run rows together), or a row with more or fewer cells than
 * the header. Most often the file was edited by hand, or saved again by a
 * spreadsheet in another encoding. The message names the file and where.
 */
export class CsvFormatError extends Error {
  constructor(
    readonly path: string,
    /** Where in the file: "row 31", "row 31 (line 40)", "line 2 (byte 154)". */
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${path}, ${where}: ${problem}`);
    this.name = 'CsvFormatError';
  }
}

const BY_HAND = 'was the file edited by hand?';

/** Characters held of one record from which forEachCsvRow reads larger pieces. */
const GROW_FROM = 1 << 20;

/**
 * Every record of a CSV file, header first (index 0), read in chunks so a
 * table larger than a JavaScript string (512 MB: sentences.csv of a national
 * corpus) can be read at all. papaparse parses; this only cuts the file at
 * record boundaries, the line breaks outside quoted fields (RecordScanner),
 * with the delimiter papaparse finds in the header row. `onRow` may return
 * false to stop. A leading byte-order mark is dropped.
 *
 * A damaged file is a CsvFormatError, thrown when the reading reaches it
 * (rows before it have been given to `onRow`): bytes that are not UTF-8, a
 * quoted field that is not closed or has a stray quote, a row whose number
 * of cells differs from the header's. Nothing is guessed: a lone quote used
 * to run every following row into one cell without a word.
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
  // Fatal: a file saved in GBK must not be read as text full of U+FFFD (and written back so).
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
  const small = Buffer.alloc(chunkBytes);
  let large: Buffer | null = null;
  let scanner: RecordScanner | null = null;
  let delimiter = ',';
  let carry = '';
  let index = 0;
  let width = 0;
  /** Line (from 1) at which the text given to `parse` next starts. */
  let line = 1;
  let first = true;
  let stopped = false;
  // Row by row (papaparse's step): no array of a whole chunk's rows, which
  // outlived young collections and was most of compare's peak memory.
  const parse = (text: string, lines: number) => {
    if (stopped || text === '') return;
    let rowStart = 0;
    Papa.parse<string[]>(text, {
      header: false,
      delimiter,
      skipEmptyLines: true,
      step: (result, parser) => {
        if (stopped) return;
        const start = rowStart;
        rowStart = result.meta.cursor;
        const cells = result.data;
        let problem: string | null = null;
        if (result.errors.length > 0) problem = `${papaProblem(result.errors[0]!)} (${BY_HAND})`;
        else if (index === 0) width = cells.length;
        else if (cells.length !== width) problem = `this row has ${cells.length} cells, the header ${width} (${BY_HAND})`;
        if (problem !== null) throw new CsvFormatError(path, rowAt(index, line + linesIn(text, 0, firstCharOf(text, start))), problem);
        if (onRow(cells, index++) === false) {
          stopped = true;
          parser.abort();
        }
      },
    });
    line += lines;
  };
  try {
    for (;;) {
      // A record longer than a megabyte (a quote never closed makes one of
      // the rest of the file) is read in pieces as large as what is held of
      // it: the held text is copied whole each time a piece is added, and
      // pieces that grow with it keep the total in proportion to the record,
      // not to its square.
      let buf: Buffer = small;
      if (carry.length > GROW_FROM) {
        if (large === null || large.length < carry.length) large = Buffer.allocUnsafe(carry.length);
        buf = large;
      }
      const n = readSync(fd, buf, 0, buf.length, null);
      const final = n === 0;
      let text: string;
      try {
        text = carry + (final ? decoder.decode() : decoder.decode(buf.subarray(0, n), { stream: true }));
      } catch (e) {
        if (e instanceof TypeError) throw notUtf8(path, fd);
        throw e;
      }
      if (first && text !== '') {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      if (scanner === null) {
        // The delimiter is papaparse's guess on the header row (a comma for
        // fazhi's tables; Excel in some locales writes semicolons), the same
        // for every chunk.
        const nl = text.indexOf('\n');
        if (nl < 0 && !final) {
          carry = text;
          continue;
        }
        const header = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
        delimiter = Papa.parse(header, { preview: 1 }).meta.delimiter || ',';
        scanner = new RecordScanner(delimiter.charCodeAt(0));
      }
      if (!scanner.scan(text, final)) {
        // Rows before the damaged one are read (the caller may stop before it).
        const p = scanner.problem!;
        parse(text.slice(0, p.record), linesIn(text, 0, p.record));
        if (stopped) return;
        throw new CsvFormatError(path, rowAt(index, line + linesIn(text, p.record, p.at)), p.message);
      }
      const cut = final ? text.length : scanner.end;
      const lines = final ? linesIn(text, 0, cut) : scanner.endLines;
      carry = text.slice(cut);
      scanner.shift(cut);
      parse(text.slice(0, cut), lines);
      if (stopped || final) return;
    }
  } finally {
    closeSync(fd);
  }
}

/** "row 31" (as a spreadsheet numbers rows, the header being row 1), with the line of the file when it is not the same. */
function rowAt(index: number, line: number): string {
  return line === index + 1 ? `row ${index + 1}` : `row ${index + 1} (line ${line})`;
}

/** Line breaks in text[from, to). */
function linesIn(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Past the empty lines papaparse skipped before a row. */
function firstCharOf(text: string, at: number): number {
  while (at < text.length && (text.charCodeAt(at) === LF || text.charCodeAt(at) === CR)) at++;
  return at;
}

function papaProblem(e: Papa.ParseError): string {
  if (e.code === 'MissingQuotes') return 'a quoted field is not closed';
  if (e.code === 'InvalidQuotes') return 'a quote (") inside a quoted field is not doubled ("")';
  return e.message;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

interface ScanProblem {
  /** Start of the damaged record, and where in it the problem is. */
  record: number;
  at: number;
  message: string;
}

/**
 * Finds where a CSV text can be cut between records: the last line break
 * outside quoted fields, by papaparse's rules (a field is quoted when it
 * starts with a quote; inside, "" is a quote, and a quote followed by the
 * delimiter or a line break, white space allowed between, ends it; a quote
 * inside an unquoted field is just a character). The text is searched with
 * indexOf from quote to quote and line break to line break, each character
 * once however the text grows; line breaks are counted on the way.
 *
 * A quote inside a quoted field that is none of these is a problem, not a
 * guess: it is where a field whose closing quote was deleted runs into the
 * next rows, or a quote added inside a cell without doubling it.
 */
class RecordScanner {
  /** text[0, end) is whole records; `endLines` line breaks lie in it. */
  end = 0;
  endLines = 0;
  problem: ScanProblem | null = null;
  /** Scanned up to here. */
  private pos = 0;
  private quoted = false;
  /** The opening quote of the quoted field `pos` is in, and the start of its record. */
  private openAt = 0;
  private openRecord = 0;
  /** The next line break not yet counted, or -1 when text[nlFrom, pos) has none; `seen` counted before it. */
  private nl = -1;
  private nlFrom = 0;
  private seen = 0;

  constructor(private readonly delimiter: number) {}

  /** Go on scanning `text` (the text given last time, possibly cut, with more after it). False: a problem. */
  scan(text: string, final: boolean): boolean {
    const n = text.length;
    const delimiter = this.delimiter;
    let pos = this.pos;
    while (pos < n) {
      const q = text.indexOf('"', pos);
      if (!this.quoted) {
        this.lineBreaks(text, q < 0 ? n : q, pos);
        if (q < 0) {
          pos = n;
          break;
        }
        const before = q === 0 ? LF : text.charCodeAt(q - 1);
        if (before === delimiter || before === LF || before === CR) {
          this.quoted = true;
          this.openAt = q;
          this.openRecord = this.end;
        }
        pos = q + 1;
        continue;
      }
      if (q < 0) {
        pos = n;
        break;
      }
      if (q + 1 === n && !final) {
        pos = q; // whether it closes the field depends on what follows
        break;
      }
      const c = q + 1 === n ? LF : text.charCodeAt(q + 1);
      if (c === QUOTE) {
        pos = q + 2;
        continue;
      }
      if (c === delimiter || c === LF || c === CR) {
        this.quoted = false;
        pos = q + 1;
        continue;
      }
      // White space between the closing quote and the delimiter is allowed (papaparse drops it).
      let after = q + 1;
      while (after < n && isBlank(text.charCodeAt(after))) after++;
      if (after === n && !final) {
        pos = q;
        break;
      }
      const d = after === n ? LF : text.charCodeAt(after);
      if (d === delimiter || d === LF || d === CR) {
        this.quoted = false;
        pos = after;
        continue;
      }
      this.pos = pos;
      this.problem = this.strayQuote(text, q);
      return false;
    }
    this.pos = pos;
    if (final && this.quoted) {
      this.problem = { record: this.openRecord, at: this.openAt, message: `a quoted field is not closed before the end of the file (${BY_HAND}); the field starts: ${snippet(text, this.openAt)}` };
      return false;
    }
    return true;
  }

  /** Drop text[0, cut) (whole records): the text given next starts at `cut`. */
  shift(cut: number): void {
    this.pos -= cut;
    this.openAt -= cut;
    this.openRecord -= cut;
    if (this.nl >= 0) this.nl -= cut;
    this.nlFrom -= cut;
    this.seen -= this.endLines;
    this.end = 0;
    this.endLines = 0;
  }

  /** Count the line breaks before `stop`; those from `from` on are outside quotes, so records end there. */
  private lineBreaks(text: string, stop: number, from: number): void {
    for (;;) {
      if (this.nl < 0) {
        this.nl = text.indexOf('\n', this.nlFrom);
        if (this.nl < 0) {
          this.nlFrom = text.length;
          return;
        }
      }
      if (this.nl >= stop) return;
      this.seen++;
      if (this.nl >= from) {
        this.end = this.nl + 1;
        this.endLines = this.seen;
      }
      this.nlFrom = this.nl + 1;
      this.nl = -1;
    }
  }

  /** The quote at `q`, inside the quoted field opened at openAt, neither doubled nor closing it. */
  private strayQuote(text: string, q: number): ScanProblem {
    const nl = text.indexOf('\n', this.openAt);
    if (nl >= 0 && nl < q) {
      // The field ran over a line end into a later row: its closing quote is missing.
      return { record: this.openRecord, at: this.openAt, message: `a quoted field is not closed (${BY_HAND}); the field starts: ${snippet(text, this.openAt)}` };
    }
    return {
      record: this.openRecord,
      at: q,
      message: `a quote (") inside a quoted field is not doubled (""), or text follows its closing quote (${BY_HAND}); near: ${snippet(text, Math.max(this.openAt, q - 15))}`,
    };
  }
}

/** White space papaparse allows after a closing quote (String.prototype.trim's), line breaks aside. */
function isBlank(c: number): boolean {
  return c !== LF && c !== CR && isTrimmed(c);
}

/** The text from `at` as it is in the file, up to 30 characters and the end of the line. */
function snippet(text: string, at: number): string {
  const s = text.slice(at, at + 31).replace(/[\r\n][^]*$/, '');
  return s.length > 30 ? `${s.slice(0, 30)}…` : s;
}

/**
 * The error for a file that is not UTF-8: where the first byte that is not
 * (error path only: the file is read again up to it), what encoding it
 * probably is, and how to save it as UTF-8. The bytes are judged by the
 * platform's own validator (buffer.isUtf8, TextDecoder), never by hand: a
 * line break never lies inside a UTF-8 character, so the file is checked a
 * line at a time, and within the first bad line a fatal streaming decoder
 * (which accepts a character cut at the end) finds the first bad byte by
 * bisection.
 */
function notUtf8(path: string, fd: number): CsvFormatError {
  const size = 1 << 20;
  const buf = Buffer.alloc(size);
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  let bad = -1;
  scan: for (;;) {
    const n = readSync(fd, buf, 0, size, pos);
    if (n === 0) break;
    const more = n === size;
    let from = 0;
    for (;;) {
      const nl = buf.indexOf(LF, from);
      // The last piece of a full buffer may be a line cut short: read again from its start.
      if (nl < 0 && more && from > 0) break;
      const to = nl < 0 || nl >= n ? n : nl + 1;
      const piece = buf.subarray(from, to);
      if (!isUtf8(piece)) {
        const at = firstBadByte(piece);
        if (at >= 0) {
          bad = pos + from + at;
          lineStart = pos + from;
          break scan;
        }
        // A line longer than the buffer, cut inside a character: read on from a little before the cut.
        from = Math.max(0, n - 4);
        break;
      }
      if (to === n) {
        from = n;
        break;
      }
      line++;
      from = to;
    }
    if (!more) break;
    pos += from;
  }
  const where = bad >= 0 ? `line ${line} (byte ${bad + 1})` : `line ${line}`;
  let head = Buffer.alloc(0);
  if (bad >= 0) {
    head = Buffer.alloc(4096);
    head = head.subarray(0, readSync(fd, head, 0, head.length, lineStart));
  }
  const start = Buffer.alloc(2);
  const startN = readSync(fd, start, 0, 2, 0);
  const utf16 = startN === 2 && ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff));
  let kind: string;
  let convert: string;
  if (utf16) {
    kind = 'it is UTF-16, which Excel writes for "Unicode 文本"';
    convert = 'iconv -f utf-16 -t utf-8';
  } else if (readsAsGb18030(head)) {
    kind = 'it looks like GBK/GB18030, which Excel on Chinese Windows writes for "CSV (逗号分隔)"';
    convert = 'iconv -f gb18030 -t utf-8';
  } else {
    kind = 'it was saved in another encoding';
    convert = 'iconv -f ENCODING -t utf-8';
  }
  return new CsvFormatError(
    path,
    where,
    `the file is not UTF-8 text; ${kind}. To fix it: in Excel, 另存为 and choose the type "CSV UTF-8 (逗号分隔)" (or convert it: ${convert}), then run again`,
  );
}

/** Index of the first byte of `bytes` that cannot begin or continue UTF-8; -1 when there is none (at most a character cut at the end). */
function firstBadByte(bytes: Buffer): number {
  const fails = (k: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, k), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  // The smallest prefix the decoder rejects ends with the bad byte; a prefix ending mid-character is accepted (stream).
  let lo = 1;
  let hi = bytes.length;
  if (!fails(hi)) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fails(mid)) hi = mid;
    else lo = mid + 1;
  }
  // bytes[lo - 1] is where the decoder gave up. If a character was begun before it
  // (the decoder holds its first bytes), the bad sequence starts at that character's lead byte.
  let whole = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, lo - 1));
  } catch {
    whole = false;
  }
  if (whole) return lo - 1;
  let lead = lo - 2;
  while (lead > 0 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  return lead;
}

function readsAsGb18030(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
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
