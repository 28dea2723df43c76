/**
 * The result of the near-duplicate search (SharedSentenceFinder.find): for
 * every sentence, the other documents holding a near-identical one.
 */
import type { SharedPassage, SharedSentence } from './types.js';
import { TextPool, type TextPoolParts } from './text-pool.js';
import { SharedSentenceRow } from './shared-sentence-row.js';
import { lazyArray } from './lazy-array.js';
import { SharedPassages, type SharedPassagesParts } from './shared-passages.js';

/** The sentences added to a finder, column by column (in the order added). */
export interface AddedColumns {
  readonly size: number;
  /** Document number (in id order, once found). */
  readonly doc: Int32Array;
  readonly unitIndex: Int32Array;
  readonly nChars: Int32Array;
  /** Record (distinct normalized text) or -1 when too short. */
  readonly rec: Int32Array;
  /** The caller's tag of each sentence (compare: its function), -1 for none. */
  readonly tag: Int8Array;
  readonly texts: TextPool;
}

/** A SharedSentenceIndex as plain data (SharedSentenceIndex.toParts): what a worker thread can send. */
export interface SharedSentenceIndexParts {
  docIds: string[];
  added: Omit<AddedColumns, 'texts'> & { texts: TextPoolParts };
  recPtr: Int32Array;
  recDocs: Int32Array;
  passages: SharedPassagesParts;
  order: Int32Array | null;
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
    private added: AddedColumns,
    /** For record r, the ascending numbers of the documents holding it or a near-identical sentence: recDocs[recPtr[r]..recPtr[r+1]). */
    private recPtr: Int32Array,
    private recDocs: Int32Array,
    /** The shared passages (boilerplate.csv): groups of near-identical sentences in two or more documents. */
    private passages: SharedPassages,
    /** Sentence i is added sentence order[i] (null: the order added). */
    private order: Int32Array | null = null,
  ) {
    docIds.forEach((id, i) => this.docNo.set(id, i));
  }

  /** The shared passages (boilerplate.csv). */
  get sharedPassages(): SharedPassages {
    return this.passages;
  }

  /**
   * Let go of every sentence and passage (at 120,000 reports, 366 MB of
   * arrays), for a caller that has read what it needs: compare's command
   * once boilerplate.csv and reuse.csv are written and sentences.csv's
   * rewrite has its own table, before it writes its largest tables. Reading
   * the index afterwards (its rows, light rows made before included) throws.
   */
  release(): void {
    this.added = RELEASED as AddedColumns;
    this.recPtr = this.recDocs = RELEASED as Int32Array;
    this.passages = RELEASED as SharedPassages;
    this.order = RELEASED as Int32Array;
    this.byKey = null;
  }

  get size(): number {
    return this.added.size;
  }

  /** The index as plain data, to send from a worker thread (its typed arrays moved, not copied). */
  toParts(): SharedSentenceIndexParts {
    const { size, doc, unitIndex, nChars, rec, tag, texts } = this.added;
    return {
      docIds: [...this.docIds],
      added: { size, doc, unitIndex, nChars, rec, tag, texts: texts.toParts() },
      recPtr: this.recPtr,
      recDocs: this.recDocs,
      passages: this.passages.toParts(),
      order: this.order,
    };
  }

  static fromParts(p: SharedSentenceIndexParts): SharedSentenceIndex {
    const added: AddedColumns = { ...p.added, texts: TextPool.fromParts(p.added.texts) };
    return new SharedSentenceIndex(p.docIds, added, p.recPtr, p.recDocs, SharedPassages.fromParts(p.passages), p.order);
  }

  private p(i: number): number {
    return this.order === null ? i : this.order[i]!;
  }

  /** Number of other documents sharing sentence i. */
  sharedWith(i: number): number {
    const r = this.added.rec[this.p(i)]!;
    return r < 0 ? 0 : this.recPtr[r + 1]! - this.recPtr[r]! - 1;
  }

  /** Number (1-based, boilerplate.csv's `passage`) of the shared passage holding sentence i, 0 for none. */
  passageOf(i: number): number {
    return this.passages.ofRecord(this.added.rec[this.p(i)]!);
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

  /** Normalized length of sentence i. */
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
      passage: this.passageOf(i) || null,
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

  /** Every sentence, in index order, listing at most `limit` ids each. */
  *rows(limit = Infinity): Generator<SharedSentence> {
    for (let i = 0; i < this.size; i++) yield this.sentence(i, limit);
  }

  /**
   * Every sentence as a row, as `rows` gives them, but light: an array whose
   * row i is made from this index when read, its `text` and `docs` read when
   * asked for (getters), so that the array holds nothing per sentence (a
   * million rows held as objects were compare's largest allocation at
   * 100,000 reports). What CompareResult.sharedSentences holds.
   */
  lightRows(limit = Infinity): SharedSentence[] {
    const out = lazyArray<SharedSentence>(this.size, (i) => new SharedSentenceRow(this, i, limit));
    ROWS_INDEX.set(out, this);
    return out;
  }

  /**
   * Shared passage p (0-based) as a row: `docs` lists at most `limit` ids; tags
   * and labels are named by `tagNames` and `labelNames` (by number).
   */
  passage(p: number, limit: number, tagNames: readonly string[], labelNames: readonly string[]): SharedPassage {
    const ps = this.passages;
    const example = ps.exampleSentence[p]!;
    return {
      passage: p + 1,
      nDocs: ps.nDocs(p),
      nSentences: ps.nSentences[p]!,
      nVariants: ps.nVariants[p]!,
      nChars: ps.text(p).length,
      normalizedText: ps.text(p),
      example: this.added.texts.get(example),
      exampleDocId: this.docIds[this.added.doc[example]!]!,
      exampleUnitIndex: this.added.unitIndex[example]!,
      docs: ps.documents(p, limit).map((d) => this.docIds[d]!),
      functions: ps.tagCounts(p).map(([t, n]) => [tagNames[t] ?? String(t), n]),
      // Ties by name: label numbers follow the order labels were first met, which depends on the input's order.
      themes: ps
        .labelCountsOf(p)
        .map(([l, n]): [string, number] => [labelNames[l] ?? String(l), n])
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    };
  }

  /** Every shared passage as a row (see `passage`), each made when read. */
  passageRows(limit: number, tagNames: readonly string[], labelNames: readonly string[]): SharedPassage[] {
    return lazyArray<SharedPassage>(this.passages.size, (p) => this.passage(p, limit, tagNames, labelNames));
  }

  /**
   * The sentences of each document, in index order: document d's are
   * sentences[start[d]..start[d + 1]), or, with `sentences` null (an index
   * in document order, as compare reads a folder), the sentences numbered
   * start[d]..start[d + 1] themselves. At most four bytes a sentence, where
   * an array of numbers per document held 100 MB at 120,000 reports.
   */
  sentencesByDocument(): { start: Int32Array; sentences: Int32Array | null } {
    const nDocs = this.docIds.length;
    const start = new Int32Array(nDocs + 1);
    for (let i = 0; i < this.size; i++) start[this.docOf(i) + 1]!++;
    for (let d = 0; d < nDocs; d++) start[d + 1]! += start[d]!;
    if (this.inDocumentOrder()) return { start, sentences: null };
    const next = start.slice(0, nDocs);
    const sentences = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) sentences[next[this.docOf(i)]!++] = i;
    return { start, sentences };
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
    const nDocs = this.docIds.length;
    const start = new Int32Array(nDocs + 1);
    const sorted = this.keyOrder();
    let m = 0;
    this.lastCheckedOfEachKey(sorted, (i) => {
      start[this.docOf(i) + 1]!++;
      m++;
    });
    for (let d = 0; d < nDocs; d++) start[d + 1]! += start[d]!;
    // Sized once, filled in key order: no room grown or cut to size (12 bytes a sentence, three times over, at 8 million sentences).
    const unitIndex = new Int32Array(m);
    const sharedWith = new Int32Array(m);
    const passage = new Int32Array(m);
    let k = 0;
    this.lastCheckedOfEachKey(sorted, (i) => {
      unitIndex[k] = this.unitIndexOf(i);
      passage[k] = this.passageOf(i);
      sharedWith[k++] = this.sharedWith(i);
    });
    return { docIds: [...this.docIds], start, unitIndex, sharedWith, passage };
  }

  /** The compared sentences by document, unit index and index order, or null when the index lists its sentences so (inDocumentOrder). */
  private keyOrder(): Int32Array | null {
    if (this.inDocumentOrder()) return null;
    let m = 0;
    const order = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) if (this.checkedOf(i)) order[m++] = i;
    return order.subarray(0, m).sort((a, b) => this.docOf(a) - this.docOf(b) || this.unitIndexOf(a) - this.unitIndexOf(b) || a - b);
  }

  /**
   * Of each run of sentences with one key (document, unit index) in key
   * order, the last compared one: the sentences in `sorted`, or in index
   * order when it is null (sentences not compared are skipped there).
   */
  private lastCheckedOfEachKey(sorted: Int32Array | null, visit: (i: number) => void): void {
    const len = sorted ? sorted.length : this.size;
    let last = -1;
    for (let k = 0; k < len; k++) {
      const i = sorted ? sorted[k]! : k;
      if (last >= 0 && (this.docOf(i) !== this.docOf(last) || this.unitIndexOf(i) !== this.unitIndexOf(last))) {
        visit(last);
        last = -1;
      }
      if (this.checkedOf(i)) last = i;
    }
    if (last >= 0) visit(last);
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
  /** Passage number, 0 for none. */
  passage: Int32Array;
}

/** What a released index holds in place of its arrays: any read of it throws, saying why. */
const RELEASED: unknown = new Proxy(
  {},
  {
    get() {
      throw new Error('the near-duplicate index was released (SharedSentenceIndex.release): its sentences and passages can no longer be read');
    },
  },
);

/** The index behind each array of light rows (so that shared_with can be looked up without a map of every row). */
const ROWS_INDEX = new WeakMap<readonly SharedSentence[], SharedSentenceIndex>();

/** The index an array of rows was made from by lightRows, if it was. */
export function indexOfRows(rows: readonly SharedSentence[]): SharedSentenceIndex | undefined {
  return ROWS_INDEX.get(rows);
}

/**
 * Release the index behind light rows (SharedSentenceIndex.release): the
 * rows, and the passage rows made from the same index, can no longer be read
 * (their lengths still can). False when the rows are not light rows.
 */
export function releaseIndexOfRows(rows: readonly SharedSentence[]): boolean {
  const index = ROWS_INDEX.get(rows);
  index?.release();
  return index !== undefined;
}
