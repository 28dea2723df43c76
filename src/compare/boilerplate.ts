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
import { cmp } from './input.js';

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
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '')
    .replace(/[0-9]+/g, '#');
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

interface Added {
  doc: number;
  unitIndex: number;
  text: string;
  nChars: number;
  /** Record (distinct normalised text) or -1 when too short. */
  rec: number;
}

/**
 * The result of a search: for every sentence added, the other documents that
 * contain a near-identical sentence. Documents are numbered in id order.
 */
export class SharedSentenceIndex {
  private readonly byKey = new Map<string, number>();
  private readonly docNo = new Map<string, number>();

  constructor(
    /** Document ids, sorted (code-point order); a document's number is its index here. */
    readonly docIds: readonly string[],
    private readonly added: readonly Added[],
    /** For each record, the ascending numbers of the documents holding it or a near-identical sentence. */
    private readonly recDocs: ReadonlyArray<Int32Array>,
  ) {
    added.forEach((a, i) => this.byKey.set(`${a.doc}\u0000${a.unitIndex}`, i));
    docIds.forEach((id, i) => this.docNo.set(id, i));
  }

  get size(): number {
    return this.added.length;
  }

  /** Number of other documents sharing sentence i. */
  sharedWith(i: number): number {
    const a = this.added[i]!;
    return a.rec < 0 ? 0 : this.recDocs[a.rec]!.length - 1;
  }

  /** Whether document `doc` (a number, not this sentence's own) has a near-identical copy of sentence i. */
  shares(i: number, doc: number): boolean {
    const a = this.added[i]!;
    if (a.rec < 0 || doc === a.doc) return false;
    const list = this.recDocs[a.rec]!;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = list[mid]!;
      if (v === doc) return true;
      if (v < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Numbers of the other documents sharing sentence i, ascending (= id order); at most `limit`. */
  otherDocs(i: number, limit = Infinity): number[] {
    const a = this.added[i]!;
    if (a.rec < 0) return [];
    const out: number[] = [];
    for (const d of this.recDocs[a.rec]!) {
      if (out.length >= limit) break;
      if (d !== a.doc) out.push(d);
    }
    return out;
  }

  /** Sentence i as a row; `docs` lists at most `limit` ids (sharedWith always counts them all). */
  sentence(i: number, limit = Infinity): SharedSentence {
    const a = this.added[i]!;
    const docs = this.otherDocs(i, limit).map((d) => this.docIds[d]!);
    return { docId: this.docIds[a.doc]!, unitIndex: a.unitIndex, text: a.text, nChars: a.nChars, checked: a.rec >= 0, sharedWith: this.sharedWith(i), docs };
  }

  /** The sentence at (docId, unitIndex), if it was added. */
  get(docId: string, unitIndex: number, limit = Infinity): SharedSentence | undefined {
    const d = this.docNo.get(docId);
    if (d === undefined) return undefined;
    const i = this.byKey.get(`${d}\u0000${unitIndex}`);
    return i === undefined ? undefined : this.sentence(i, limit);
  }

  /** Document number of sentence i, its normalised length, and whether it was compared. */
  info(i: number): { doc: number; unitIndex: number; nChars: number; checked: boolean } {
    const a = this.added[i]!;
    return { doc: a.doc, unitIndex: a.unitIndex, nChars: a.nChars, checked: a.rec >= 0 };
  }

  /** Every sentence, in the order added, listing at most `limit` ids each. */
  *rows(limit = Infinity): Generator<SharedSentence> {
    for (let i = 0; i < this.added.length; i++) yield this.sentence(i, limit);
  }

  [Symbol.iterator](): Generator<SharedSentence> {
    return this.rows();
  }
}

/**
 * Collects sentences (one document after another, as a corpus streams in)
 * and finds the near-identical ones across documents.
 */
export class SharedSentenceFinder {
  private readonly threshold: number;
  private readonly k: number;
  private readonly minChars: number;
  private readonly docNo = new Map<string, number>();
  private readonly docIds: string[] = [];
  private readonly added: Added[] = [];
  private readonly recOf = new Map<string, number>();
  private readonly recDocs: number[][] = [];
  private readonly recText: string[] = [];

  constructor(options: NearDuplicateOptions = {}) {
    this.threshold = options.threshold ?? NEAR_DUPLICATE_DEFAULTS.threshold;
    this.k = Math.max(1, Math.floor(options.shingle ?? NEAR_DUPLICATE_DEFAULTS.shingle));
    this.minChars = Math.max(this.k, options.minChars ?? NEAR_DUPLICATE_DEFAULTS.minChars);
    if (!(this.threshold > 0 && this.threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${this.threshold}`);
  }

  add(docId: string, unitIndex: number, text: string): void {
    let doc = this.docNo.get(docId);
    if (doc === undefined) {
      doc = this.docIds.length;
      this.docNo.set(docId, doc);
      this.docIds.push(docId);
    }
    const norm = normaliseForShingles(text);
    let rec = -1;
    if (norm.length >= this.minChars) {
      const known = this.recOf.get(norm);
      if (known === undefined) {
        rec = this.recDocs.length;
        this.recOf.set(norm, rec);
        this.recDocs.push([doc]);
        this.recText.push(norm);
      } else {
        rec = known;
        const docs = this.recDocs[rec]!;
        if (docs[docs.length - 1] !== doc) docs.push(doc);
      }
    }
    this.added.push({ doc, unitIndex, text, nChars: norm.length, rec });
  }

  /** Run the similarity join. */
  find(): SharedSentenceIndex {
    const neighbours = this.join();
    // Number documents in id order, so that ascending numbers list ids sorted.
    const sortedIds = [...this.docIds].sort(cmp);
    const rank = new Map<string, number>();
    sortedIds.forEach((id, i) => rank.set(id, i));
    const renumber = Int32Array.from(this.docIds, (id) => rank.get(id)!);
    const recDocs = this.recDocs.map((own, r) => {
      const set = new Set<number>();
      for (const d of own) set.add(renumber[d]!);
      for (const y of neighbours[r] ?? []) for (const d of this.recDocs[y]!) set.add(renumber[d]!);
      return Int32Array.from(set).sort();
    });
    const added = this.added.map((a) => ({ ...a, doc: renumber[a.doc]! }));
    return new SharedSentenceIndex(sortedIds, added, recDocs);
  }

  /** Pairs of distinct records with Jaccard ≥ threshold, as neighbour lists. */
  private join(): Array<number[] | undefined> {
    const R = this.recText.length;
    const t = this.threshold;
    // Shingle ids and their record frequency.
    const shingleId = new Map<string, number>();
    const freq: number[] = [];
    const sets: number[][] = this.recText.map((norm) => {
      const ids = shingles(norm, this.k).map((s) => {
        let id = shingleId.get(s);
        if (id === undefined) {
          id = freq.length;
          shingleId.set(s, id);
          freq.push(0);
        }
        freq[id]!++;
        return id;
      });
      return ids;
    });
    // Global order: rarest first, then first seen.
    const order = freq.map((_, i) => i).sort((a, b) => freq[a]! - freq[b]! || a - b);
    const rank = new Int32Array(freq.length);
    order.forEach((id, r) => (rank[id] = r));
    const ranked = sets.map((ids) => Int32Array.from(ids.map((id) => rank[id]!)).sort());
    const byLength = Array.from({ length: R }, (_, i) => i).sort((a, b) => ranked[a]!.length - ranked[b]!.length || a - b);

    const postings: number[][] = Array.from({ length: freq.length }, () => []);
    const seen = new Int32Array(R).fill(-1);
    const neighbours: Array<number[] | undefined> = new Array(R);
    const link = (a: number, b: number) => {
      (neighbours[a] ??= []).push(b);
      (neighbours[b] ??= []).push(a);
    };
    for (const x of byLength) {
      const xs = ranked[x]!;
      const n = xs.length;
      const minSize = Math.ceil(t * n - 1e-9);
      const prefix = n - minSize + 1;
      for (let p = 0; p < prefix && p < n; p++) {
        for (const y of postings[xs[p]!]!) {
          if (seen[y] === x) continue;
          seen[y] = x;
          const ys = ranked[y]!;
          if (ys.length < minSize) continue;
          if (jaccardSorted(xs, ys) >= t - 1e-12) link(x, y);
        }
      }
      for (let p = 0; p < prefix && p < n; p++) postings[xs[p]!]!.push(x);
    }
    return neighbours;
  }
}

function jaccardSorted(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      o++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  const u = a.length + b.length - o;
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
