/**
 * Sentence texts, packed into UTF-16 code-unit chunks: one typed array per few
 * million characters rather than one string per sentence, so a corpus of a
 * million sentences is a few dozen objects for the garbage collector to walk.
 */
import { stringFromCodeUnits } from '../text/code-units.js';
import { grow } from './grow.js';

/** A TextPool's contents (TextPool.toParts). */
export interface TextPoolParts {
  chunks: Uint16Array[];
  used: number;
  chunkOf: Int32Array;
  startOf: Int32Array;
  lengthOf: Int32Array;
  size: number;
}

export class TextPool {
  private static readonly CHUNK = 1 << 22;
  private readonly chunks: Uint16Array[] = [];
  private used = TextPool.CHUNK;
  /** Per text: chunk, start, length. */
  private chunkOf: Int32Array = new Int32Array(1024);
  private startOf: Int32Array = new Int32Array(1024);
  private lengthOf: Int32Array = new Int32Array(1024);
  size = 0;

  /**
   * Add a text. `sameAs`, an earlier text that may be the same (a sentence of
   * the same normalized record), is shared instead of copied when it is: a
   * corpus of reports repeats its boilerplate verbatim, and at 24,000
   * documents copies would be 134 MB of the pool's 140.
   */
  add(text: string, sameAs = -1): void {
    const i = this.size++;
    if (i >= this.chunkOf.length) {
      this.chunkOf = grow(this.chunkOf);
      this.startOf = grow(this.startOf);
      this.lengthOf = grow(this.lengthOf);
    }
    const n = text.length;
    if (sameAs >= 0 && this.equals(sameAs, text)) {
      this.chunkOf[i] = this.chunkOf[sameAs]!;
      this.startOf[i] = this.startOf[sameAs]!;
      this.lengthOf[i] = n;
      return;
    }
    if (this.used + n > TextPool.CHUNK || this.chunks.length === 0) {
      this.chunks.push(new Uint16Array(Math.max(TextPool.CHUNK, n)));
      this.used = 0;
    }
    const c = this.chunks.length - 1;
    const chunk = this.chunks[c]!;
    const at = this.used;
    for (let k = 0; k < n; k++) chunk[at + k] = text.charCodeAt(k);
    this.used += n;
    this.chunkOf[i] = c;
    this.startOf[i] = at;
    this.lengthOf[i] = n;
  }

  private equals(i: number, text: string): boolean {
    const n = this.lengthOf[i]!;
    if (n !== text.length) return false;
    const chunk = this.chunks[this.chunkOf[i]!]!;
    const at = this.startOf[i]!;
    for (let k = 0; k < n; k++) if (chunk[at + k] !== text.charCodeAt(k)) return false;
    return true;
  }

  /** Give back the room the per-text arrays grew into beyond the texts added (up to half of them). */
  trim(): void {
    this.chunkOf = this.chunkOf.slice(0, this.size);
    this.startOf = this.startOf.slice(0, this.size);
    this.lengthOf = this.lengthOf.slice(0, this.size);
  }

  /** The pool as plain data (typed arrays and numbers), to move to another thread. */
  toParts(): TextPoolParts {
    return { chunks: this.chunks, used: this.used, chunkOf: this.chunkOf, startOf: this.startOf, lengthOf: this.lengthOf, size: this.size };
  }

  static fromParts(parts: TextPoolParts): TextPool {
    const pool = new TextPool();
    pool.chunks.push(...parts.chunks);
    pool.used = parts.used;
    pool.chunkOf = parts.chunkOf;
    pool.startOf = parts.startOf;
    pool.lengthOf = parts.lengthOf;
    pool.size = parts.size;
    return pool;
  }

  get(i: number): string {
    const at = this.startOf[i]!;
    return stringFromCodeUnits(this.chunks[this.chunkOf[i]!]!, at, at + this.lengthOf[i]!);
  }

  length(i: number): number {
    return this.lengthOf[i]!;
  }
}
