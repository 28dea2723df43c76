/**
 * The near-duplicate search: which sentences other reports contain too,
 * near-identically (shingles.ts says what near-identical is).
 *
 * The search is exact and deterministic, and scales to thousands of
 * documents: identical normalised sentences are merged first; the distinct
 * ones are joined with the prefix-filtering similarity join (Bayardo et al.,
 * "Scaling up all pairs similarity search", 2007): shingles are ordered
 * rarest first, each sentence is indexed under its few rarest shingles, and
 * only sentences sharing one of those are compared, exactly. No pair at or
 * above the threshold is missed, and no pair below it is reported.
 */
import type { ReportDoc } from '../types.js';
import { cmp, CompareOptionError } from './input.js';
import { grow } from './grow.js';
import { NEAR_DUPLICATE_DEFAULTS, normaliseForShingles, type NearDuplicateOptions } from './shingles.js';
import { SharedSentenceIndex, type AddedColumns } from './shared-sentence-index.js';
import { TextPool } from './text-pool.js';

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
