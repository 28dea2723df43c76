/**
 * Boilerplate: sentences that other reports contain too, near-identically.
 *
 * Two sentences are near-identical when the Jaccard similarity of their sets
 * of character shingles (3-grams by default) is at least the threshold (0.8).
 * Before shingling a sentence is normalised: NFKC, lower case, spaces,
 * punctuation and symbols removed, and every run of digits replaced by '#',
 * so that a template copied with this year's numbers still counts as a copy.
 *
 * The search is exact and deterministic, and scales to thousands of
 * documents: identical normalised sentences are merged first; the distinct
 * ones are joined with the prefix-filtering similarity join (Bayardo et al.,
 * "Scaling up all pairs similarity search", 2007): shingles are ordered
 * rarest first, each sentence is indexed under its few rarest shingles, and
 * only sentences sharing one of those are compared, exactly. No pair at or
 * above the threshold is missed, and no pair below it is reported.
 */
import type { ReportDoc, Unit } from '../types.js';
import type { SentenceColumn } from '../pipeline/stages.js';
import type { SharedSentence } from './types.js';
import { cmp, CompareOptionError } from './input.js';
import { stringFromCodeUnits } from '../text/code-units.js';

export interface NearDuplicateOptions {
  /** Jaccard threshold; default 0.8. */
  threshold?: number;
  /** Shingle length in characters; default 3. */
  shingle?: number;
  /** Sentences with fewer normalised characters are not compared; default 10. */
  minChars?: number;
}

export const NEAR_DUPLICATE_DEFAULTS = { threshold: 0.8, shingle: 3, minChars: 10 } as const;

/** The text shingles are taken from. */
export function normaliseForShingles(text: string): string {
  return normaliseByTable(text) ?? normaliseFully(text);
}

/** The definition: NFKC, lower case, punctuation, symbols and spaces removed, each run of digits one '#'. */
function normaliseFully(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '')
    .replace(/[0-9]+/g, '#');
}

/** What normaliseFully does to a code unit whatever its neighbours do, for the characters of a report. */
const enum CharRule {
  /** Unknown, or depends on the neighbours (combining marks, surrogates, Hangul): the whole text goes to normaliseFully. */
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
 * The rules, from normaliseFully itself applied to each character alone.
 * Only characters whose result cannot depend on a neighbour are given one:
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
      const alone = normaliseFully(String.fromCharCode(c));
      if (alone === '') r[c] = CharRule.Drop;
      else if (alone === '#') r[c] = CharRule.Digit;
    }
  }
  return r;
}

let scratch = new Uint16Array(1024);

/**
 * normaliseFully by the table, one pass and no intermediate strings (the
 * four passes of normaliseFully were a tenth of compare's reading time);
 * null when a character needs the full definition.
 */
function normaliseByTable(text: string): string | null {
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

/** Distinct character k-grams of a normalised text (one shingle, the text itself, when shorter than k). */
export function shingles(norm: string, k: number): string[] {
  if (norm.length <= k) return norm ? [norm] : [];
  const set = new Set<string>();
  for (let i = 0; i + k <= norm.length; i++) set.add(norm.slice(i, i + k));
  return [...set];
}

/** Jaccard similarity of two texts' shingle sets (for checks and tests). */
export function shingleJaccard(a: string, b: string, k: number = NEAR_DUPLICATE_DEFAULTS.shingle): number {
  const x = new Set(shingles(normaliseForShingles(a), k));
  const y = new Set(shingles(normaliseForShingles(b), k));
  let o = 0;
  for (const s of x) if (y.has(s)) o++;
  const u = x.size + y.size - o;
  return u === 0 ? 0 : o / u;
}

/**
 * Sentence texts, packed into UTF-16 code-unit chunks: one typed array per few
 * million characters rather than one string per sentence, so a corpus of a
 * million sentences is a few dozen objects for the garbage collector to walk.
 */
class TextPool {
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
   * the same normalised record), is shared instead of copied when it is: a
   * corpus of reports repeats its boilerplate verbatim, and at 24,000
   * documents the copies were 134 MB of the pool's 140.
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

  get(i: number): string {
    const at = this.startOf[i]!;
    return stringFromCodeUnits(this.chunks[this.chunkOf[i]!]!, at, at + this.lengthOf[i]!);
  }

  length(i: number): number {
    return this.lengthOf[i]!;
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** The sentences added to a finder, column by column (in the order added). */
interface AddedColumns {
  readonly size: number;
  /** Document number (in id order, once found). */
  readonly doc: Int32Array;
  readonly unitIndex: Int32Array;
  readonly nChars: Int32Array;
  /** Record (distinct normalised text) or -1 when too short. */
  readonly rec: Int32Array;
  /** The caller's tag of each sentence (compare: its function), -1 for none. */
  readonly tag: Int8Array;
  readonly texts: TextPool;
}

/**
 * The result of a search: for every sentence added, the other documents that
 * contain a near-identical sentence. Documents are numbered in id order.
 *
 * Sentence i is the i-th sentence added, or, for an index found with
 * `find({ sortByDocument: true })`, the i-th in document id order (then
 * unit index, then order added).
 */
export class SharedSentenceIndex {
  private byKey: Map<string, number> | null = null;
  private readonly docNo = new Map<string, number>();

  constructor(
    /** Document ids, sorted (code-point order); a document's number is its index here. */
    readonly docIds: readonly string[],
    private readonly added: AddedColumns,
    /** For record r, the ascending numbers of the documents holding it or a near-identical sentence: recDocs[recPtr[r]..recPtr[r+1]). */
    private readonly recPtr: Int32Array,
    private readonly recDocs: Int32Array,
    /** Sentence i is added sentence order[i] (null: the order added). */
    private readonly order: Int32Array | null = null,
  ) {
    docIds.forEach((id, i) => this.docNo.set(id, i));
  }

  get size(): number {
    return this.added.size;
  }

  private p(i: number): number {
    return this.order === null ? i : this.order[i]!;
  }

  /** Number of other documents sharing sentence i. */
  sharedWith(i: number): number {
    const r = this.added.rec[this.p(i)]!;
    return r < 0 ? 0 : this.recPtr[r + 1]! - this.recPtr[r]! - 1;
  }

  /** Whether document `doc` (a number, not this sentence's own) has a near-identical copy of sentence i. */
  shares(i: number, doc: number): boolean {
    const p = this.p(i);
    const r = this.added.rec[p]!;
    if (r < 0 || doc === this.added.doc[p]) return false;
    let lo = this.recPtr[r]!;
    let hi = this.recPtr[r + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.recDocs[mid]!;
      if (v === doc) return true;
      if (v < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Numbers of the other documents sharing sentence i, ascending (= id order); at most `limit`. */
  otherDocs(i: number, limit = Infinity): number[] {
    const p = this.p(i);
    const r = this.added.rec[p]!;
    if (r < 0) return [];
    const own = this.added.doc[p]!;
    const out: number[] = [];
    for (let k = this.recPtr[r]!; k < this.recPtr[r + 1]!; k++) {
      if (out.length >= limit) break;
      const d = this.recDocs[k]!;
      if (d !== own) out.push(d);
    }
    return out;
  }

  /** The text of sentence i, as added. */
  text(i: number): string {
    return this.added.texts.get(this.p(i));
  }

  /** Document number of sentence i. */
  docOf(i: number): number {
    return this.added.doc[this.p(i)]!;
  }

  /** Unit index of sentence i. */
  unitIndexOf(i: number): number {
    return this.added.unitIndex[this.p(i)]!;
  }

  /** Normalised length of sentence i. */
  nCharsOf(i: number): number {
    return this.added.nChars[this.p(i)]!;
  }

  /** Whether sentence i was long enough to be compared. */
  checkedOf(i: number): boolean {
    return this.added.rec[this.p(i)]! >= 0;
  }

  /** The tag given to sentence i when it was added (-1 for none). */
  tagOf(i: number): number {
    return this.added.tag[this.p(i)]!;
  }

  /** Sentence i as a row; `docs` lists at most `limit` ids (sharedWith always counts them all). */
  sentence(i: number, limit = Infinity): SharedSentence {
    const docs = this.otherDocs(i, limit).map((d) => this.docIds[d]!);
    return {
      docId: this.docIds[this.docOf(i)]!,
      unitIndex: this.unitIndexOf(i),
      text: this.text(i),
      nChars: this.nCharsOf(i),
      checked: this.checkedOf(i),
      sharedWith: this.sharedWith(i),
      docs,
    };
  }

  /** The sentence at (docId, unitIndex), if it was added (the last one added, if there are several). */
  get(docId: string, unitIndex: number, limit = Infinity): SharedSentence | undefined {
    const d = this.docNo.get(docId);
    if (d === undefined) return undefined;
    if (this.byKey === null) {
      this.byKey = new Map();
      // In the order added, so that the last one added wins.
      const at = new Int32Array(this.size);
      for (let i = 0; i < this.size; i++) at[this.p(i)] = i;
      for (let q = 0; q < this.size; q++) this.byKey.set(`${this.added.doc[q]}\u0000${this.added.unitIndex[q]}`, at[q]!);
    }
    const i = this.byKey.get(`${d}\u0000${unitIndex}`);
    return i === undefined ? undefined : this.sentence(i, limit);
  }

  /** Document number of sentence i, its normalised length, and whether it was compared. */
  info(i: number): { doc: number; unitIndex: number; nChars: number; checked: boolean } {
    return { doc: this.docOf(i), unitIndex: this.unitIndexOf(i), nChars: this.nCharsOf(i), checked: this.checkedOf(i) };
  }

  /** Every sentence, in index order, listing at most `limit` ids each. */
  *rows(limit = Infinity): Generator<SharedSentence> {
    for (let i = 0; i < this.size; i++) yield this.sentence(i, limit);
  }

  /**
   * Every sentence as a row, as `rows` gives them, but light: `text` and
   * `docs` are read from this index when asked for (getters), so a million
   * rows hold no million strings. What CompareResult.boilerplate holds.
   */
  lightRows(limit = Infinity): SharedSentence[] {
    const out: SharedSentence[] = new Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = new SharedSentenceRow(this, i, limit);
    ROWS_INDEX.set(out, this);
    return out;
  }

  /** Whether the sentences are listed by document number, then unit index (equal keys next to each other). */
  inDocumentOrder(): boolean {
    for (let i = 1; i < this.size; i++) {
      const d0 = this.docOf(i - 1);
      const d1 = this.docOf(i);
      if (d1 < d0 || (d1 === d0 && this.unitIndexOf(i) < this.unitIndexOf(i - 1))) return false;
    }
    return true;
  }

  /**
   * shared_with of every compared sentence by (document, unit index), for
   * the shared_with column of sentences.csv: where several compared
   * sentences have one key, the last in index order counts (as a map of
   * `${docId}\0${unitIndex}` filled in index order would have it), but
   * without a string per sentence (a national corpus has millions).
   */
  sharedWithTable(): SharedWithTable {
    const n = this.size;
    let m = 0;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) if (this.checkedOf(i)) order[m++] = i;
    const keys = order.subarray(0, m);
    if (!this.inDocumentOrder()) keys.sort((a, b) => this.docOf(a) - this.docOf(b) || this.unitIndexOf(a) - this.unitIndexOf(b) || a - b);
    const start = new Int32Array(this.docIds.length + 1);
    const unitIndex = new Int32Array(m);
    const sharedWith = new Int32Array(m);
    let kept = 0;
    for (let k = 0; k < m; k++) {
      const i = keys[k]!;
      const next = k + 1 < m ? keys[k + 1]! : -1;
      // A later sentence with the same key wins.
      if (next >= 0 && this.docOf(next) === this.docOf(i) && this.unitIndexOf(next) === this.unitIndexOf(i)) continue;
      start[this.docOf(i) + 1]!++;
      unitIndex[kept] = this.unitIndexOf(i);
      sharedWith[kept++] = this.sharedWith(i);
    }
    for (let d = 0; d < this.docIds.length; d++) start[d + 1]! += start[d]!;
    return { docIds: [...this.docIds], start, unitIndex: unitIndex.slice(0, kept), sharedWith: sharedWith.slice(0, kept) };
  }

  [Symbol.iterator](): Generator<SharedSentence> {
    return this.rows();
  }
}

/**
 * shared_with by document and unit index, as plain data (a worker thread can
 * be given it): document d's entries are start[d]..start[d + 1], by unit index.
 */
export interface SharedWithTable {
  docIds: string[];
  start: Int32Array;
  unitIndex: Int32Array;
  sharedWith: Int32Array;
}

/** The index behind each array of light rows (so that shared_with can be looked up without a map of every row). */
const ROWS_INDEX = new WeakMap<readonly SharedSentence[], SharedSentenceIndex>();

/** The index an array of rows was made from by lightRows, if it was. */
export function indexOfRows(rows: readonly SharedSentence[]): SharedSentenceIndex | undefined {
  return ROWS_INDEX.get(rows);
}

/**
 * A row of CompareResult.boilerplate: the numbers are fields, the text and the
 * other documents' ids are read from the index when asked for. `toJSON` and
 * `toObject` give a plain SharedSentence.
 */
export class SharedSentenceRow implements SharedSentence {
  readonly docId: string;
  readonly unitIndex: number;
  readonly nChars: number;
  readonly checked: boolean;
  readonly sharedWith: number;
  readonly #index: SharedSentenceIndex;
  readonly #i: number;
  readonly #limit: number;

  constructor(index: SharedSentenceIndex, i: number, limit: number) {
    this.docId = index.docIds[index.docOf(i)]!;
    this.unitIndex = index.unitIndexOf(i);
    this.nChars = index.nCharsOf(i);
    this.checked = index.checkedOf(i);
    this.sharedWith = index.sharedWith(i);
    this.#index = index;
    this.#i = i;
    this.#limit = limit;
  }

  get text(): string {
    return this.#index.text(this.#i);
  }

  get docs(): string[] {
    return this.sharedWith === 0 ? [] : this.#index.otherDocs(this.#i, this.#limit).map((d) => this.#index.docIds[d]!);
  }

  toObject(): SharedSentence {
    return { docId: this.docId, unitIndex: this.unitIndex, text: this.text, nChars: this.nChars, checked: this.checked, sharedWith: this.sharedWith, docs: this.docs };
  }

  toJSON(): SharedSentence {
    return this.toObject();
  }
}

/**
 * Collects sentences (one document after another, as a corpus streams in)
 * and finds the near-identical ones across documents. Per sentence it keeps a
 * few numbers and its text (packed); per distinct normalised text long enough
 * to be compared, that text.
 */
export class SharedSentenceFinder {
  private readonly threshold: number;
  private readonly k: number;
  private readonly minChars: number;
  private readonly docNo = new Map<string, number>();
  private readonly docIds: string[] = [];
  private size = 0;
  private doc: Int32Array = new Int32Array(1024);
  private unitIndex: Int32Array = new Int32Array(1024);
  private nChars: Int32Array = new Int32Array(1024);
  private rec: Int32Array = new Int32Array(1024);
  private tag: Int8Array = new Int8Array(1024);
  private readonly texts = new TextPool();
  private recOf: Map<string, number> | null = new Map<string, number>();
  private recText: string[] = [];
  /** Per record, its first sentence: the text a later one of the record most likely repeats verbatim. */
  private recFirst: number[] = [];
  private found = false;

  constructor(options: NearDuplicateOptions = {}) {
    this.threshold = options.threshold ?? NEAR_DUPLICATE_DEFAULTS.threshold;
    this.k = Math.max(1, Math.floor(options.shingle ?? NEAR_DUPLICATE_DEFAULTS.shingle));
    this.minChars = Math.max(this.k, options.minChars ?? NEAR_DUPLICATE_DEFAULTS.minChars);
    if (!(this.threshold > 0 && this.threshold <= 1)) throw new CompareOptionError(`threshold must be in (0, 1], got ${this.threshold}`);
  }

  /** Add a sentence; `tag` (-1..127) is kept for the caller (SharedSentenceIndex.tagOf). */
  add(docId: string, unitIndex: number, text: string, tag = -1): void {
    if (this.found) throw new Error('SharedSentenceFinder: add after find');
    let doc = this.docNo.get(docId);
    if (doc === undefined) {
      doc = this.docIds.length;
      this.docNo.set(docId, doc);
      this.docIds.push(docId);
    }
    const norm = normaliseForShingles(text);
    let rec = -1;
    let sameAs = -1;
    if (norm.length >= this.minChars) {
      const known = this.recOf!.get(norm);
      if (known === undefined) {
        rec = this.recText.length;
        this.recOf!.set(norm, rec);
        this.recText.push(norm);
        this.recFirst.push(this.size);
      } else {
        rec = known;
        sameAs = this.recFirst[rec]!;
      }
    }
    const i = this.size++;
    if (i >= this.doc.length) {
      this.doc = grow(this.doc);
      this.unitIndex = grow(this.unitIndex);
      this.nChars = grow(this.nChars);
      this.rec = grow(this.rec);
      const t = new Int8Array(this.tag.length * 2);
      t.set(this.tag);
      this.tag = t;
    }
    this.doc[i] = doc;
    this.unitIndex[i] = unitIndex;
    this.nChars[i] = norm.length;
    this.rec[i] = rec;
    this.tag[i] = tag;
    this.texts.add(text, sameAs);
  }

  /**
   * Run the similarity join. With `sortByDocument`, the index lists the
   * sentences in document id order, then unit index, then order added.
   * A finder is used up by find().
   */
  find(options: { sortByDocument?: boolean } = {}): SharedSentenceIndex {
    this.found = true;
    this.recOf = null; // the texts are in recText; the map is not needed any more
    this.recFirst = [];
    const R = this.recText.length;
    const neighbours = this.join();
    this.recText = [];
    // Number documents in id order, so that ascending numbers list ids sorted.
    const sortedIds = [...this.docIds].sort(cmp);
    const rank = new Map<string, number>();
    sortedIds.forEach((id, i) => rank.set(id, i));
    const renumber = Int32Array.from(this.docIds, (id) => rank.get(id)!);
    const n = this.size;
    for (let i = 0; i < n; i++) this.doc[i] = renumber[this.doc[i]!]!;

    // Each record's own documents, ascending and distinct: sentences bucketed by record.
    const ownPtr = new Int32Array(R + 1);
    for (let i = 0; i < n; i++) if (this.rec[i]! >= 0) ownPtr[this.rec[i]! + 1]!++;
    for (let r = 0; r < R; r++) ownPtr[r + 1]! += ownPtr[r]!;
    const fill = ownPtr.slice(0, R);
    const ownAll = new Int32Array(ownPtr[R]!);
    for (let i = 0; i < n; i++) {
      const r = this.rec[i]!;
      if (r >= 0) ownAll[fill[r]!++] = this.doc[i]!;
    }
    const ownLen = new Int32Array(R);
    for (let r = 0; r < R; r++) {
      const seg = ownAll.subarray(ownPtr[r]!, ownPtr[r + 1]!).sort();
      let m = 0;
      for (let k = 0; k < seg.length; k++) if (k === 0 || seg[k] !== seg[k - 1]) seg[m++] = seg[k]!;
      ownLen[r] = m;
    }
    // Then with the documents of its near-identical records.
    const recPtr = new Int32Array(R + 1);
    let docs = new Int32Array(Math.max(16, ownPtr[R]!));
    let used = 0;
    let scratch = new Int32Array(64);
    for (let r = 0; r < R; r++) {
      const nb = neighbours[r];
      let m = 0;
      const addSeg = (x: number) => {
        const a = ownPtr[x]!;
        const len = ownLen[x]!;
        if (m + len > scratch.length) {
          const s2 = new Int32Array(Math.max(scratch.length * 2, m + len));
          s2.set(scratch.subarray(0, m));
          scratch = s2;
        }
        scratch.set(ownAll.subarray(a, a + len), m);
        m += len;
      };
      addSeg(r);
      let out: Int32Array;
      let outLen: number;
      if (nb) {
        for (const y of nb) addSeg(y);
        const seg = scratch.subarray(0, m).sort();
        outLen = 0;
        for (let k = 0; k < m; k++) if (k === 0 || seg[k] !== seg[k - 1]) seg[outLen++] = seg[k]!;
        out = seg;
      } else {
        out = scratch;
        outLen = m;
      }
      if (used + outLen > docs.length) {
        const d2 = new Int32Array(Math.max(docs.length * 2, used + outLen));
        d2.set(docs.subarray(0, used));
        docs = d2;
      }
      docs.set(out.subarray(0, outLen), used);
      used += outLen;
      recPtr[r + 1] = used;
    }

    let order: Int32Array | null = null;
    if (options.sortByDocument) {
      let sorted = true;
      for (let i = 1; i < n && sorted; i++) {
        const d0 = this.doc[i - 1]!;
        const d1 = this.doc[i]!;
        if (d1 < d0 || (d1 === d0 && this.unitIndex[i]! < this.unitIndex[i - 1]!)) sorted = false;
      }
      if (!sorted) {
        const doc = this.doc;
        const unit = this.unitIndex;
        order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => doc[a]! - doc[b]! || unit[a]! - unit[b]! || a - b);
      }
    }
    const added: AddedColumns = {
      size: n,
      doc: this.doc.subarray(0, n),
      unitIndex: this.unitIndex.subarray(0, n),
      nChars: this.nChars.subarray(0, n),
      rec: this.rec.subarray(0, n),
      tag: this.tag.subarray(0, n),
      texts: this.texts,
    };
    return new SharedSentenceIndex(sortedIds, added, recPtr, docs.subarray(0, used), order);
  }

  /** Pairs of distinct records with Jaccard ≥ threshold, as neighbour lists. */
  private join(): Array<number[] | undefined> {
    const R = this.recText.length;
    const t = this.threshold;
    const k = this.k;
    // Shingle ids (first seen first) and their record frequency, every record's distinct shingles in one flat array.
    const numeric = k <= 3;
    const idOfNum = new Map<number, number>();
    const idOfStr = new Map<string, number>();
    let freq = new Int32Array(1024);
    let lastRec = new Int32Array(1024).fill(-1);
    let nIds = 0;
    const ptr = new Int32Array(R + 1);
    let flat = new Int32Array(1024);
    let used = 0;
    for (let r = 0; r < R; r++) {
      const norm = this.recText[r]!;
      const count = norm.length <= k ? (norm ? 1 : 0) : norm.length - k + 1;
      if (used + count > flat.length) {
        const f2 = new Int32Array(Math.max(flat.length * 2, used + count));
        f2.set(flat.subarray(0, used));
        flat = f2;
      }
      for (let p = 0; p < count; p++) {
        let id: number | undefined;
        if (numeric && norm.length >= k) {
          let key = 0;
          for (let q = 0; q < k; q++) key = key * 65536 + norm.charCodeAt(p + q);
          id = idOfNum.get(key);
          if (id === undefined) idOfNum.set(key, (id = nIds++));
        } else {
          const s = norm.length <= k ? norm : norm.slice(p, p + k);
          id = idOfStr.get(s);
          if (id === undefined) idOfStr.set(s, (id = nIds++));
        }
        if (id >= freq.length) {
          const f2 = new Int32Array(freq.length * 2);
          f2.set(freq);
          freq = f2;
          const l2 = new Int32Array(lastRec.length * 2).fill(-1);
          l2.set(lastRec);
          lastRec = l2;
        }
        if (lastRec[id] === r) continue;
        lastRec[id] = r;
        freq[id]!++;
        flat[used++] = id;
      }
      ptr[r + 1] = used;
    }
    idOfNum.clear();
    idOfStr.clear();
    // Global order: rarest first, then first seen.
    const order = Int32Array.from({ length: nIds }, (_, i) => i).sort((a, b) => freq[a]! - freq[b]! || a - b);
    const rank = new Int32Array(nIds);
    order.forEach((id, r) => (rank[id] = r));
    for (let q = 0; q < used; q++) flat[q] = rank[flat[q]!]!;
    for (let r = 0; r < R; r++) flat.subarray(ptr[r]!, ptr[r + 1]!).sort();
    const len = (x: number) => ptr[x + 1]! - ptr[x]!;
    const byLength = Int32Array.from({ length: R }, (_, i) => i).sort((a, b) => len(a) - len(b) || a - b);

    const postings: Array<number[] | undefined> = new Array(nIds);
    const seen = new Int32Array(R).fill(-1);
    const neighbours: Array<number[] | undefined> = new Array(R);
    const link = (a: number, b: number) => {
      (neighbours[a] ??= []).push(b);
      (neighbours[b] ??= []).push(a);
    };
    for (const x of byLength) {
      const x0 = ptr[x]!;
      const n = len(x);
      const minSize = Math.ceil(t * n - 1e-9);
      const prefix = n - minSize + 1;
      for (let p = 0; p < prefix && p < n; p++) {
        const list = postings[flat[x0 + p]!];
        if (!list) continue;
        for (const y of list) {
          if (seen[y] === x) continue;
          seen[y] = x;
          const ny = len(y);
          if (ny < minSize) continue;
          if (jaccardFlat(flat, x0, n, ptr[y]!, ny) >= t - 1e-12) link(x, y);
        }
      }
      for (let p = 0; p < prefix && p < n; p++) (postings[flat[x0 + p]!] ??= []).push(x);
    }
    return neighbours;
  }
}

function jaccardFlat(f: Int32Array, a0: number, na: number, b0: number, nb: number): number {
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < na && j < nb) {
    const x = f[a0 + i]!;
    const y = f[b0 + j]!;
    if (x === y) {
      o++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const u = na + nb - o;
  return u === 0 ? 0 : o / u;
}

/** Find the shared sentences of ReportDocs (sentence units only). */
export function findSharedSentences(docs: readonly ReportDoc[], options: NearDuplicateOptions = {}): SharedSentenceIndex {
  const finder = new SharedSentenceFinder(options);
  for (const d of docs) for (const u of d.units) if (u.kind === 'sentence') finder.add(d.id, u.index, u.text);
  return finder.find();
}

/**
 * A `shared_with` column for sentences.csv, for the analyze writer: the
 * number of other documents with a near-identical sentence (empty for headings).
 */
export function sharedWithColumn(index: SharedSentenceIndex): SentenceColumn {
  return {
    name: 'shared_with',
    value: (u: Unit, d: ReportDoc) => (u.kind === 'sentence' ? (index.get(d.id, u.index)?.sharedWith ?? null) : null),
  };
}
