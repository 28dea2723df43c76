/**
 * Tokens of a sentences.csv `tokens` cell looked up without a string per
 * token. Reading an analysis folder meets every token of the corpus (15 M at
 * 80 MB of reports) but only tens of thousands of distinct ones: splitting
 * each cell and looking every piece up in a Map makes a string and hashes it
 * for each, which costs more than papaparse's parse of the file. Here a piece
 * is hashed where it lies in the cell and compared, code unit by code unit,
 * with the one string kept for it.
 *
 * A cell is read as `cell.split(' ')` with each piece trimmed and empty
 * pieces left out (the comparison's splitList), so the same tokens are found.
 */
import { detachedCopy, isTrimmed } from '../text/code-units.js';


/** FNV-1a over the code units of `text` from `start` to `end`: the table's hash. */
export function tokenHash(text: string, start = 0, end = text.length): number {
  let h = 0x811c9dc5;
  for (let k = start; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h;
}

/** An open-addressing table from token text to a number given when the token is first seen. */
export class TokenTable {
  private slots: Int32Array;
  private readonly hashes: number[] = [];
  private readonly tokens: string[] = [];
  private readonly values: number[] = [];

  /** `initialSlots`: a power of two; the table doubles when half full. */
  constructor(initialSlots = 1 << 16) {
    if (!(initialSlots >= 2 && (initialSlots & (initialSlots - 1)) === 0)) throw new RangeError(`TokenTable: initialSlots must be a power of two, got ${initialSlots}`);
    this.slots = new Int32Array(initialSlots).fill(-1);
  }

  get size(): number {
    return this.tokens.length;
  }

  /**
   * Call `onValue` with the value of each token of `cell` in order; a token
   * not seen before gets `valueOf(token)`, asked once per distinct token.
   */
  eachValue(cell: string, valueOf: (token: string) => number, onValue: (value: number) => void): void {
    const n = cell.length;
    let i = 0;
    while (i < n) {
      // One piece: up to the next ' ' (the split), then trimmed.
      let end = cell.indexOf(' ', i);
      if (end < 0) end = n;
      const next = end + 1;
      while (i < end && isTrimmed(cell.charCodeAt(i))) i++;
      while (end > i && isTrimmed(cell.charCodeAt(end - 1))) end--;
      if (end > i) onValue(this.valueAt(cell, i, end, valueOf));
      i = next;
    }
  }

  private valueAt(cell: string, start: number, end: number, valueOf: (token: string) => number): number {
    const h = tokenHash(cell, start, end);
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]!;
      if (e < 0) break;
      if (this.hashes[e] !== h) continue;
      const t = this.tokens[e]!;
      if (t.length !== len) continue;
      let k = 0;
      while (k < len && t.charCodeAt(k) === cell.charCodeAt(start + k)) k++;
      if (k === len) return this.values[e]!;
    }
    // Kept as long as the table: a copy, not a slice of the cell (and of the text the cell was cut from).
    const token = detachedCopy(cell.slice(start, end));
    const value = valueOf(token);
    this.insert(token, h, value);
    return value;
  }

  private insert(token: string, h: number, value: number): void {
    const e = this.tokens.length;
    this.tokens.push(token);
    this.hashes.push(h);
    this.values.push(value);
    if (2 * this.tokens.length > this.slots.length) this.grow();
    else this.place(e);
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let s = this.hashes[e]! & mask;
    while (this.slots[s]! >= 0) s = (s + 1) & mask;
    this.slots[s] = e;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let e = 0; e < this.tokens.length; e++) this.place(e);
  }
}
