/** Reading CSV: whole texts (readCsv) and files of any size, record by record (forEachCsvRow). */
import { closeSync, openSync, readSync } from 'node:fs';
import Papa from 'papaparse';
import { BY_HAND, CsvFormatError } from './csv-format-error.js';
import { CR, LF, RecordScanner } from './csv-record-scanner.js';
import { notUtf8 } from './utf8-forensics.js';

/** Read a CSV with a header row into records (used for --meta files and tests). */
export { readCsv } from '../text/csv-text.js';

/** Characters held of one record from which forEachCsvRow reads larger pieces. */
const GROW_FROM = 1 << 20;

/** The first row of a CSV file (its header), null for an empty file; a damaged one throws CsvFormatError as forEachCsvRow does. */
export function readCsvHeader(path: string): string[] | null {
  let header: string[] | null = null;
  forEachCsvRow(path, (row) => {
    header = row;
    return false;
  });
  return header;
}

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
 * of cells differs from the header's. Nothing is guessed: a lone quote would
 * otherwise run every following row into one cell without a word.
 *
 * Chunks are small (48 KB) on purpose: a chunk's text, and every cell sliced
 * from it, stays below V8's large-object size, so it dies young. The text of
 * a 1 MB chunk goes to the large-object space, which only a full collection
 * frees: in a process already holding compare's tables, 0.3 GB at 10,000
 * documents and 0.7 GB at 24,000.
 */
export function forEachCsvRow(path: string, onRow: (cells: string[], index: number) => void | false, chunkBytes = 48 << 10): void {
  const fd = openSync(path, 'r');
  const chunks = new ChunkDecoder(path, fd, chunkBytes);
  const rows = new RowParser(path, onRow);
  let scanner: RecordScanner | null = null;
  let carry = '';
  try {
    for (;;) {
      const { text, final } = chunks.read(carry);
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
        rows.delimiter = Papa.parse(header, { preview: 1 }).meta.delimiter || ',';
        scanner = new RecordScanner(rows.delimiter.charCodeAt(0));
      }
      if (!scanner.scan(text, final)) {
        // Rows before the damaged one are read (the caller may stop before it).
        const p = scanner.problem!;
        rows.parse(text.slice(0, p.record), linesIn(text, 0, p.record));
        if (rows.stopped) return;
        throw new CsvFormatError(path, rowAt(rows.index, rows.line + linesIn(text, p.record, p.at)), p.message);
      }
      const cut = final ? text.length : scanner.end;
      const lines = final ? linesIn(text, 0, cut) : scanner.endLines;
      carry = text.slice(cut);
      scanner.shift(cut);
      rows.parse(text.slice(0, cut), lines);
      if (rows.stopped || final) return;
    }
  } finally {
    closeSync(fd);
  }
}

/** A file decoded as UTF-8 a chunk at a time, each chunk's text after what the caller carries over. */
export class ChunkDecoder {
  // TextDecoder (simdutf) decodes about twice as fast as StringDecoder; the BOM is kept here and dropped in read().
  // Fatal: a file saved in GBK must not be read as text full of U+FFFD (and written back so).
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
  private readonly small: Buffer;
  private large: Buffer | null = null;
  private first = true;

  constructor(
    private readonly path: string,
    private readonly fd: number,
    chunkBytes: number,
  ) {
    this.small = Buffer.alloc(chunkBytes);
  }

  /** `carry` and the next chunk's text; `final` once the file is read to its end. */
  read(carry: string): { text: string; final: boolean } {
    // A record longer than a megabyte (a quote never closed makes one of
    // the rest of the file) is read in pieces as large as what is held of
    // it: the held text is copied whole each time a piece is added, and
    // pieces that grow with it keep the total in proportion to the record,
    // not to its square.
    let buf: Buffer = this.small;
    if (carry.length > GROW_FROM) {
      if (this.large === null || this.large.length < carry.length) this.large = Buffer.allocUnsafe(carry.length);
      buf = this.large;
    }
    const n = readSync(this.fd, buf, 0, buf.length, null);
    const final = n === 0;
    let text: string;
    try {
      text = carry + (final ? this.decoder.decode() : this.decoder.decode(buf.subarray(0, n), { stream: true }));
    } catch (e) {
      if (e instanceof TypeError) throw notUtf8(this.path, this.fd);
      throw e;
    }
    if (this.first && text !== '') {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.first = false;
    }
    return { text, final };
  }
}

/** Whole records parsed by papaparse, checked, and given to `onRow` with their index; counts the lines they span. */
class RowParser {
  delimiter = ',';
  /** Index of the next row (the header is 0). */
  index = 0;
  /** Line (from 1) at which the text given to `parse` next starts. */
  line = 1;
  stopped = false;
  private width = 0;

  constructor(
    private readonly path: string,
    private readonly onRow: (cells: string[], index: number) => void | false,
  ) {}

  /** Parse `text`, whole records spanning `lines` line breaks. */
  parse(text: string, lines: number): void {
    if (this.stopped || text === '') return;
    let rowStart = 0;
    // Row by row (papaparse's step): an array of a whole chunk's rows outlives
    // young collections, and would be most of compare's peak memory.
    Papa.parse<string[]>(text, {
      header: false,
      delimiter: this.delimiter,
      skipEmptyLines: true,
      step: (result, parser) => {
        if (this.stopped) return;
        const start = rowStart;
        rowStart = result.meta.cursor;
        const cells = result.data;
        let problem: string | null = null;
        if (result.errors.length > 0) problem = `${papaProblem(result.errors[0]!)} (${BY_HAND})`;
        else if (this.index === 0) this.width = cells.length;
        else if (cells.length !== this.width) problem = `this row has ${cells.length} cells, the header ${this.width} (${BY_HAND})`;
        if (problem !== null) throw new CsvFormatError(this.path, rowAt(this.index, this.line + linesIn(text, 0, firstCharOf(text, start))), problem);
        if (this.onRow(cells, this.index++) === false) {
          this.stopped = true;
          parser.abort();
        }
      },
    });
    this.line += lines;
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
