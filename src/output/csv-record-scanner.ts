import { isTrimmed } from '../text/code-units.js';
import { BY_HAND } from './csv-format-error.js';

const QUOTE = 34;
export const LF = 10;
export const CR = 13;

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
 * Hand-written rather than papaparse's stream mode, which is asynchronous:
 * every reader of a table here is synchronous.
 *
 * A quote inside a quoted field that is none of these is a problem, not a
 * guess: it is where a field whose closing quote was deleted runs into the
 * next rows, or a quote added inside a cell without doubling it.
 */
export class RecordScanner {
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
