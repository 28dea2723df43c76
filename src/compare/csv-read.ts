/**
 * A streaming reader of the analysis folder's CSV tables, for compare.
 *
 * It gives the same records as forEachCsvRow (output/csv.ts) for the RFC 4180
 * files that `fazhi analyze` writes (comma-separated, CRLF or LF line ends,
 * cells with a quote, a comma or a line break quoted and their quotes
 * doubled): header first, a leading byte-order mark dropped, empty lines
 * skipped. It exists because compare reads sentences.csv twice (once to
 * compare, once to add shared_with) and papaparse's general-purpose path —
 * delimiter guessing per chunk, a second pass to find where a chunk's last
 * record ends, an array of every row of a 16 MB chunk at once — was most of
 * the time of both and a good part of their garbage. Here one pass over the
 * characters finds the cells and the record ends, and every record is handed
 * on as soon as it is complete.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Call onRow for every record of a CSV file (index 0 is the header); onRow
 * may return false to stop. Read in chunks of `chunkBytes`, so a file larger
 * than a JavaScript string can be read.
 */
export function forEachCsvRecord(path: string, onRow: (cells: string[], index: number) => void | false, chunkBytes = 4 << 20): void {
  const fd = openSync(path, 'r');
  // TextDecoder (simdutf) decodes twice as fast as StringDecoder; a byte-order mark is kept, as StringDecoder keeps it, and dropped below.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const buf = Buffer.alloc(chunkBytes);
  const state = { index: 0, stopped: false };
  let carry = '';
  let first = true;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      let text = carry + decoder.decode(buf.subarray(0, n), { stream: true });
      if (first && text !== '') {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      const end = parseRecords(text, false, onRow, state);
      if (state.stopped) return;
      carry = end < text.length ? text.slice(end) : '';
    }
    parseRecords(carry + decoder.decode(), true, onRow, state);
  } finally {
    closeSync(fd);
  }
}

/**
 * Parse the complete records of `text`; returns where the first incomplete
 * one starts (text.length when all were complete). With `final`, the text
 * ends the file: its last record needs no line break.
 */
function parseRecords(
  text: string,
  final: boolean,
  onRow: (cells: string[], index: number) => void | false,
  state: { index: number; stopped: boolean },
): number {
  const len = text.length;
  let p = 0;
  while (p < len) {
    const start = p;
    const cells: string[] = [];
    let complete = false;
    for (;;) {
      let cell: string;
      if (text.charCodeAt(p) === QUOTE) {
        // Quoted: up to the quote not followed by another; "" is one quote.
        let q = p + 1;
        let seg = q;
        cell = '';
        for (;;) {
          const e = text.indexOf('"', q);
          if (e < 0 || (e + 1 >= len && !final)) {
            if (!final) return start;
            // An unterminated quote at the end of the file: the rest is the cell.
            cell += text.slice(seg);
            q = len;
            break;
          }
          if (text.charCodeAt(e + 1) === QUOTE) {
            cell += text.slice(seg, e + 1);
            q = e + 2;
            seg = q;
            continue;
          }
          cell += text.slice(seg, e);
          q = e + 1;
          break;
        }
        p = q;
        // Anything between the closing quote and the delimiter is kept (a malformed cell).
        if (p < len && !isDelimiter(text, p)) {
          const s = p;
          p = unquotedEnd(text, p, len);
          cell += text.slice(s, p);
        }
      } else {
        const s = p;
        p = unquotedEnd(text, p, len);
        cell = text.slice(s, p);
      }
      cells.push(cell);
      if (p >= len) {
        if (!final) return start;
        complete = true;
        break;
      }
      const c = text.charCodeAt(p);
      if (c === COMMA) {
        p++;
        continue;
      }
      // A line break: \n or \r\n (unquotedEnd stops at \r only before \n, or at the end of the text).
      if (c === CR && p + 1 >= len) {
        if (!final) return start;
        p++;
      } else p += c === CR ? 2 : 1;
      complete = true;
      break;
    }
    if (!complete) return start;
    // skipEmptyLines: a record of one empty cell is an empty line.
    if (cells.length === 1 && cells[0] === '') continue;
    if (onRow(cells, state.index++) === false) {
      state.stopped = true;
      return len;
    }
  }
  return len;
}

function isDelimiter(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  return c === COMMA || c === LF || (c === CR && text.charCodeAt(p + 1) === LF);
}

/** End of an unquoted cell starting at p: the next comma or line break (a lone \r is part of the cell). */
function unquotedEnd(text: string, p: number, len: number): number {
  for (; p < len; p++) {
    const c = text.charCodeAt(p);
    if (c === COMMA || c === LF) return p;
    if (c === CR) {
      if (p + 1 >= len) return p; // perhaps \r\n across chunks: the caller waits for more text
      if (text.charCodeAt(p + 1) === LF) return p;
    }
  }
  return p;
}
