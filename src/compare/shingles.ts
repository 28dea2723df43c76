/**
 * The text two sentences are compared on, and how: shingles of a normalized
 * sentence, and the Jaccard similarity of two shingle sets.
 *
 * Two sentences are near-identical when the Jaccard similarity of their sets
 * of character shingles (3-grams by default) is at least the threshold (0.8).
 * Before shingling a sentence is normalized: NFKC, lower case, spaces,
 * punctuation and symbols removed, and every run of digits replaced by '#',
 * so that a template copied with this year's numbers still counts as a copy.
 */
import { stringFromCodeUnits } from '../text/code-units.js';

export interface NearDuplicateOptions {
  /** Jaccard threshold; default 0.8. */
  threshold?: number;
  /** Shingle length in characters; default 3. */
  shingle?: number;
  /** Sentences with fewer normalized characters are not compared; default 10. */
  minChars?: number;
}

export const NEAR_DUPLICATE_DEFAULTS = { threshold: 0.8, shingle: 3, minChars: 10 } as const;

/** The text shingles are taken from. */
export function normalizeForShingles(text: string): string {
  return normalizeByTable(text) ?? normalizeFully(text);
}

/** The definition: NFKC, lower case, punctuation, symbols and spaces removed, each run of digits one '#'. */
function normalizeFully(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '')
    .replace(/[0-9]+/g, '#');
}

/** What normalizeFully does to a code unit whatever its neighbors do, for the characters of a report. */
const enum CharRule {
  /** Unknown, or depends on the neighbors (combining marks, surrogates, Hangul): the whole text goes to normalizeFully. */
  Full = 0,
  Keep = 1,
  Drop = 2,
  /** Becomes a digit: one '#' for the run. */
  Digit = 3,
  /** ASCII A–Z. */
  Lower = 4,
}

let charRules: Uint8Array | null = null;

/**
 * The rules, from normalizeFully itself applied to each character alone.
 * Only characters whose result cannot depend on a neighbor are given one:
 * CJK unified ideographs and ASCII letters (no decomposition, no composition
 * but with a combining mark, which is Full), and characters of the ASCII,
 * general-punctuation, CJK-punctuation and full-width blocks that vanish or
 * become a digit. A test checks the two paths agree on every sentence of the
 * seeds and the national reports.
 */
function rules(): Uint8Array {
  const r = new Uint8Array(0x10000);
  for (let c = 0x4e00; c <= 0x9fff; c++) r[c] = CharRule.Keep;
  for (let c = 0x61; c <= 0x7a; c++) r[c] = CharRule.Keep;
  for (let c = 0x41; c <= 0x5a; c++) r[c] = CharRule.Lower;
  for (const [from, to] of [[0, 0x7f], [0x2000, 0x206f], [0x3000, 0x303f], [0xff00, 0xffef]] as const) {
    for (let c = from; c <= to; c++) {
      if (r[c] !== CharRule.Full) continue;
      const alone = normalizeFully(String.fromCharCode(c));
      if (alone === '') r[c] = CharRule.Drop;
      else if (alone === '#') r[c] = CharRule.Digit;
    }
  }
  return r;
}

let scratch = new Uint16Array(1024);

/**
 * normalizeFully by the table, one pass and no intermediate strings (the
 * four passes of normalizeFully cost a tenth of compare's reading time);
 * null when a character needs the full definition.
 */
function normalizeByTable(text: string): string | null {
  const r = (charRules ??= rules());
  const n = text.length;
  if (scratch.length < n) scratch = new Uint16Array(n);
  const out = scratch;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    switch (r[c]) {
      case CharRule.Keep:
        out[m++] = c;
        break;
      case CharRule.Lower:
        out[m++] = c + 32;
        break;
      case CharRule.Digit:
        // Punctuation between digits is gone before the digits are replaced: 1,000 is one run.
        if (m === 0 || out[m - 1] !== 0x23) out[m++] = 0x23;
        break;
      case CharRule.Drop:
        break;
      default:
        return null;
    }
  }
  return stringFromCodeUnits(out, 0, m);
}

/** Distinct character k-grams of a normalized text (one shingle, the text itself, when shorter than k). */
export function shingles(norm: string, k: number): string[] {
  if (norm.length <= k) return norm ? [norm] : [];
  const set = new Set<string>();
  for (let i = 0; i + k <= norm.length; i++) set.add(norm.slice(i, i + k));
  return [...set];
}

/** Jaccard similarity of two texts' shingle sets (for checks and tests). */
export function shingleJaccard(a: string, b: string, k: number = NEAR_DUPLICATE_DEFAULTS.shingle): number {
  const x = new Set(shingles(normalizeForShingles(a), k));
  const y = new Set(shingles(normalizeForShingles(b), k));
  let o = 0;
  for (const s of x) if (y.has(s)) o++;
  const u = x.size + y.size - o;
  return u === 0 ? 0 : o / u;
}
