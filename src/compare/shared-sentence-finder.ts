/**
 * The near-duplicate search: which sentences other reports contain too,
 * near-identically (shingles.ts says what near-identical is).
 *
 * The search is exact and deterministic, and scales to thousands of
 * documents: identical normalized sentences are merged first into records;
 * the distinct records are joined by prefix filtering (prefix-filter-join.ts),
 * and each record is given the documents of the records it is joined to.
 */
import type { ReportDoc } from '../model/document.js';
import { cmp, CompareOptionError } from './input.js';
import { grow, growTo, sortUnique } from './grow.js';
import { nearIdenticalTexts } from './prefix-filter-join.js';
import { NEAR_DUPLICATE_DEFAULTS, normalizeForShingles, type NearDuplicateOptions } from './shingles.js';
import { SharedSentenceIndex, type AddedColumns } from './shared-sentence-index.js';
import { TextPool } from './text-pool.js';
import { Numbering } from './numbering.js';
import { SharedPassages } from './shared-passages.js';

/**
 * Collects sentences (one document after another, as a corpus streams in)
 * and finds the near-identical ones across documents. Per sentence it keeps a
 * few numbers and its text (packed); per distinct normalized text long enough
 * to be compared, that text.
 */
export class SharedSentenceFinder {
  private readonly threshold: number;
  private readonly k: number;
  private readonly minChars: number;
  /** Documents numbered as met (renumbered in id order by find). */
  private readonly docs = new Numbering();
  private size = 0;
  private doc: Int32Array = new Int32Array(1024);
  private unitIndex: Int32Array = new Int32Array(1024);
  private nChars: Int32Array = new Int32Array(1024);
  private rec: Int32Array = new Int32Array(1024);
  private tag: Int8Array = new Int8Array(1024);
  private labelSet: Int32Array = new Int32Array(1024);
  /** Each distinct set of labels once (set 0 is the empty one): a corpus has a few hundred, its sentences millions. */
  private readonly labelSets: number[][] = [[]];
  private readonly labelSetOf = new Map<string, number>([['', 0]]);
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

  /**
   * Add a sentence; `tag` (-1..127) is kept for the caller (SharedSentenceIndex.tagOf),
   * and tags and `labels` (compare: its function and theme numbers) are counted per shared passage.
   */
  add(docId: string, unitIndex: number, text: string, tag = -1, labels: readonly number[] = []): void {
    if (this.found) throw new Error('SharedSentenceFinder: add after find');
    const doc = this.docs.of(docId);
    const norm = normalizeForShingles(text);
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
      this.labelSet = grow(this.labelSet);
      const t = new Int8Array(this.tag.length * 2);
      t.set(this.tag);
      this.tag = t;
    }
    this.doc[i] = doc;
    this.unitIndex[i] = unitIndex;
    this.nChars[i] = norm.length;
    this.rec[i] = rec;
    this.tag[i] = tag;
    this.labelSet[i] = this.labelSetNumber(labels);
    this.texts.add(text, sameAs);
  }

  private labelSetNumber(labels: readonly number[]): number {
    if (labels.length === 0) return 0;
    const sorted = labels.length === 1 ? [labels[0]!] : [...new Set(labels)].sort((a, b) => a - b);
    const key = sorted.join(',');
    let k = this.labelSetOf.get(key);
    if (k === undefined) {
      k = this.labelSets.length;
      this.labelSets.push(sorted);
      this.labelSetOf.set(key, k);
    }
    return k;
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
    const neighbors = nearIdenticalTexts(this.recText, this.k, this.threshold);
    const records = this.recText.length;
    const sortedIds = this.numberDocumentsInIdOrder();
    const own = this.documentsOfEachRecord(records);
    const passages = SharedPassages.form({
      recText: this.recText, neighbors, size: this.size, doc: this.doc, unitIndex: this.unitIndex, rec: this.rec,
      tag: this.tag, labelSet: this.labelSet, labelSets: this.labelSets, recDocCount: own.len,
      recOneDoc: Int32Array.from(own.len, (_, r) => own.docs[own.ptr[r]!]!),
    });
    this.recText = [];
    const { recPtr, recDocs } = withNeighborDocuments(own, neighbors);
    const order = options.sortByDocument ? this.documentOrder() : null;
    const n = this.size;
    // Copies of the sentences' length, not views: the arrays grew by doubling,
    // and up to half of each (136 MB at 8 million sentences) would stay held.
    const added: AddedColumns = {
      size: n,
      doc: this.doc.slice(0, n),
      unitIndex: this.unitIndex.slice(0, n),
      nChars: this.nChars.slice(0, n),
      rec: this.rec.slice(0, n),
      tag: this.tag.slice(0, n),
      texts: this.texts,
    };
    this.doc = this.unitIndex = this.nChars = this.rec = this.labelSet = new Int32Array(0);
    this.tag = new Int8Array(0);
    this.texts.trim();
    return new SharedSentenceIndex(sortedIds, added, recPtr, recDocs, passages, order);
  }

  /** Number documents in id order, so that ascending numbers list ids sorted; the ids in that order. */
  private numberDocumentsInIdOrder(): string[] {
    const sortedIds = [...this.docs.names].sort(cmp);
    const rank = new Map<string, number>();
    sortedIds.forEach((id, i) => rank.set(id, i));
    const renumber = Int32Array.from(this.docs.names, (id) => rank.get(id)!);
    for (let i = 0; i < this.size; i++) this.doc[i] = renumber[this.doc[i]!]!;
    return sortedIds;
  }

  /** Each record's own documents, ascending and distinct: sentences bucketed by record. */
  private documentsOfEachRecord(R: number): RecordDocuments {
    const n = this.size;
    const ptr = new Int32Array(R + 1);
    for (let i = 0; i < n; i++) if (this.rec[i]! >= 0) ptr[this.rec[i]! + 1]!++;
    for (let r = 0; r < R; r++) ptr[r + 1]! += ptr[r]!;
    const fill = ptr.slice(0, R);
    const docs = new Int32Array(ptr[R]!);
    for (let i = 0; i < n; i++) {
      const r = this.rec[i]!;
      if (r >= 0) docs[fill[r]!++] = this.doc[i]!;
    }
    const len = new Int32Array(R);
    for (let r = 0; r < R; r++) len[r] = sortUnique(docs.subarray(ptr[r]!, ptr[r + 1]!));
    return { ptr, docs, len };
  }

  /** The sentences by document number, then unit index, then order added; null when they were added in that order. */
  private documentOrder(): Int32Array | null {
    const n = this.size;
    const doc = this.doc;
    const unit = this.unitIndex;
    for (let i = 1; i < n; i++) {
      if (doc[i]! < doc[i - 1]! || (doc[i] === doc[i - 1] && unit[i]! < unit[i - 1]!)) {
        return Int32Array.from({ length: n }, (_, j) => j).sort((a, b) => doc[a]! - doc[b]! || unit[a]! - unit[b]! || a - b);
      }
    }
    return null;
  }
}

/** Record r's documents, ascending and distinct: docs[ptr[r]..ptr[r] + len[r]). */
interface RecordDocuments {
  ptr: Int32Array;
  docs: Int32Array;
  len: Int32Array;
}

/**
 * Each record's documents together with those of its near-identical records,
 * ascending and distinct: recDocs[recPtr[r]..recPtr[r + 1]).
 */
function withNeighborDocuments(own: RecordDocuments, neighbors: Array<number[] | undefined>): { recPtr: Int32Array; recDocs: Int32Array } {
  const R = own.len.length;
  const recPtr = new Int32Array(R + 1);
  let docs = new Int32Array(Math.max(16, own.ptr[R]!));
  let used = 0;
  let scratch = new Int32Array(64);
  for (let r = 0; r < R; r++) {
    let m = 0;
    const addOwn = (x: number) => {
      const a = own.ptr[x]!;
      const len = own.len[x]!;
      if (m + len > scratch.length) scratch = growTo(scratch, m + len, m);
      scratch.set(own.docs.subarray(a, a + len), m);
      m += len;
    };
    addOwn(r);
    const nb = neighbors[r];
    if (nb) {
      for (const y of nb) addOwn(y);
      m = sortUnique(scratch.subarray(0, m));
    }
    if (used + m > docs.length) docs = growTo(docs, used + m, used);
    docs.set(scratch.subarray(0, m), used);
    used += m;
    recPtr[r + 1] = used;
  }
  // A copy of the length used, not a view: the array grew by doubling, and the room beyond would stay held with the index.
  return { recPtr, recDocs: used < docs.length ? docs.slice(0, used) : docs };
}


/** Find the shared sentences of ReportDocs (sentence units only). */
export function findSharedSentences(docs: readonly ReportDoc[], options: NearDuplicateOptions = {}): SharedSentenceIndex {
  const finder = new SharedSentenceFinder(options);
  for (const d of docs) for (const u of d.units) if (u.kind === 'sentence') finder.add(d.id, u.index, u.text);
  return finder.find();
}
