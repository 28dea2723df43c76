/**
 * The records of a CSV file as text, for a caller that changes a few cells
 * of a large table and copies the others as they are: parsing every cell and
 * rendering it again costs most of rewriting a table, and gives back the same
 * text whenever the file is as fazhi's writer (csv-writer) wrote it.
 *
 * So this reads a file only while it is exactly so: CRLF after every record,
 * cells separated by commas, a cell quoted when and only when the writer
 * quotes it (RFC 4180, see csv-writer's quote), with Excel's formula prefix
 * when `excel` asks for it. Then each cell's text rendered again is the
 * text in the file. Anything else (a file saved by another program, edited
 * by hand, damaged) is a NotAsWritten, thrown when it is met, after any
 * number of records: the caller drops what it made of the records before and
 * reads the file again the general way (forEachCsvRow and the writer), which
 * also reports any damage.
 */
import { closeSync, openSync } from 'node:fs';
import Papa from 'papaparse';
import { isTrimmed } from '../text/code-units.js';
import { ChunkDecoder } from './csv-reader.js';
import { LF, CR, RecordScanner } from './csv-record-scanner.js';
import { PLAIN_NUMBER, startsFormula } from './csv-writer.js';

/** The file is not exactly what the writer writes: read it the general way. */
export class NotAsWritten extends Error {
  constructor(readonly path: string) {
    super(`${path} is not as fazhi's CSV writer writes it`);
    this.name = 'NotAsWritten';
  }
}

const QUOTE = 34;
const COMMA = 44;

/**
 * Every record but the header of a file of `width` columns, as `text` and
 * the spans of its cells: cell c is text[spans[2c], spans[2c + 1]), quotes
 * included (cellValue reads it). Throws NotAsWritten (see above).
 */
export function forEachRecordAsWritten(
  path: string,
  width: number,
  excel: boolean,
  onRecord: (text: string, spans: Int32Array) => void,
  chunkBytes = 48 << 10,
): void {
  const fd = openSync(path, 'r');
  const chunks = new ChunkDecoder(path, fd, chunkBytes);
  // Records are cut between chunks by papaparse's rules, as forEachCsvRow cuts them.
  const scanner = new RecordScanner(COMMA);
  const records = new RecordReader(path, width, excel);
  let carry = '';
  let header = true;
  try {
    for (;;) {
      const { text, final } = chunks.read(carry);
      if (!scanner.scan(text, final)) throw new NotAsWritten(path);
      const cut = final ? text.length : scanner.end;
      let pos = 0;
      if (header && cut > 0) {
        pos = records.header(text, cut);
        header = false;
      }
      while (pos < cut) {
        pos = records.record(text, pos, cut);
        onRecord(text, records.spans);
      }
      carry = text.slice(cut);
      scanner.shift(cut);
      records.shift();
      if (final) return;
    }
  } finally {
    closeSync(fd);
  }
}

/** The value of the cell text[start, end) (quoted or not). */
export function cellValue(text: string, start: number, end: number): string {
  if (end > start && text.charCodeAt(start) === QUOTE) return text.slice(start + 1, end - 1).replace(/""/g, '"');
  return text.slice(start, end);
}

/** Checks records one by one and finds their cells. */
class RecordReader {
  readonly spans: Int32Array;
  /** The next quote and carriage return at or after where they were last looked for (Infinity: none). */
  private quoteAt = -1;
  private crAt = -1;
  /** The end of the record being read (its CR, or the end of the text) and the start of the next. */
  private recordEnd = 0;
  private next = 0;
  /** Whether the line break at recordEnd is CRLF (or the file ends there). */
  private crlf = true;

  constructor(
    private readonly path: string,
    private readonly width: number,
    private readonly excel: boolean,
  ) {
    this.spans = new Int32Array(2 * width);
  }

  /** Past the header record: one line of `width` names without quotes, as the writer writes a header of plain names. */
  header(text: string, limit: number): number {
    this.lineFrom(text, 0, limit);
    const line = text.slice(0, this.recordEnd);
    if (!this.crlf || line.includes('"') || line.split(',').length !== this.width) throw new NotAsWritten(this.path);
    // The delimiter the general reader would take (papaparse's guess on the header row).
    if ((Papa.parse(line, { preview: 1 }).meta.delimiter || ',') !== ',') throw new NotAsWritten(this.path);
    return this.next;
  }

  /** Read the record at `pos` (whole records end at `limit`); returns the start of the next. */
  record(text: string, pos: number, limit: number): number {
    const { width, spans } = this;
    this.lineFrom(text, pos, limit);
    for (let col = 0; col < width; col++) {
      const start = pos;
      let end: number;
      if (start < limit && text.charCodeAt(start) === QUOTE) {
        end = this.quoted(text, start, limit);
        // A quoted line break: the record goes on after it.
        if (end > this.recordEnd) this.lineFrom(text, end, limit);
      } else {
        end = text.indexOf(',', start);
        if (end < 0 || end > this.recordEnd) end = this.recordEnd;
        this.unquoted(text, start, end);
      }
      spans[2 * col] = start;
      spans[2 * col + 1] = end;
      if (end === this.recordEnd) {
        if (col !== width - 1 || !this.crlf) break;
        return this.next;
      }
      if (text.charCodeAt(end) !== COMMA) break;
      pos = end + 1;
    }
    // More or fewer cells than the header, text after a closing quote, or a line break without CR.
    throw new NotAsWritten(this.path);
  }

  /** The text given next starts at `cut` of this one, with more after it: look again. */
  shift(): void {
    this.quoteAt = -1;
    this.crAt = -1;
  }

  /** The record goes on to the first line end at or after `from` (the end of the file's text if none). */
  private lineFrom(text: string, from: number, limit: number): void {
    const lf = text.indexOf('\n', from);
    if (lf < 0 || lf >= limit) {
      // Only the file's last record may end without a line break (whole records end at `limit` otherwise).
      this.recordEnd = this.next = limit;
      this.crlf = true;
      return;
    }
    // Whether the line break is CRLF is asked only if the record ends there (not inside a quoted cell).
    this.crlf = lf > 0 && text.charCodeAt(lf - 1) === CR;
    this.recordEnd = this.crlf ? lf - 1 : lf;
    this.next = lf + 1;
  }

  /** An unquoted cell: the writer leaves a cell unquoted when it has no quote, comma or line break and no white space at either end. */
  private unquoted(text: string, start: number, end: number): void {
    if (this.quoteAt < start) this.quoteAt = after(text.indexOf('"', start));
    if (this.crAt < start) this.crAt = after(text.indexOf('\r', start));
    if (this.quoteAt < end || this.crAt < end) throw new NotAsWritten(this.path);
    if (end === start) return;
    const first = text.charCodeAt(start);
    if (isTrimmed(first) || isTrimmed(text.charCodeAt(end - 1))) throw new NotAsWritten(this.path);
    if (this.excel && startsFormula(first) && !PLAIN_NUMBER.test(text.slice(start, end))) throw new NotAsWritten(this.path);
  }

  /** A quoted cell from `start`: the end of its closing quote; the writer quotes a cell only when it must. */
  private quoted(text: string, start: number, limit: number): number {
    let q = text.indexOf('"', start + 1);
    let doubled = false;
    while (q >= 0 && q + 1 < limit && text.charCodeAt(q + 1) === QUOTE) {
      doubled = true;
      q = text.indexOf('"', q + 2);
    }
    if (q < 0 || q >= limit || q === start + 1) throw new NotAsWritten(this.path);
    const first = text.charCodeAt(start + 1);
    let needed = doubled || isTrimmed(first) || isTrimmed(text.charCodeAt(q - 1));
    for (let k = start + 1; !needed && k < q; k++) {
      const c = text.charCodeAt(k);
      needed = c === COMMA || c === CR || c === LF;
    }
    if (!needed) throw new NotAsWritten(this.path);
    if (this.excel && startsFormula(first) && !PLAIN_NUMBER.test(cellValue(text, start, q + 1))) throw new NotAsWritten(this.path);
    return q + 1;
  }
}

/** Where indexOf found it, Infinity for not found. */
function after(at: number): number {
  return at < 0 ? Infinity : at;
}
