/**
 * Document-feature matrix, the quanteda way: units × terms counts, kept
 * sparse (term ids and counts in typed arrays per unit), then weighted by
 * TF-IDF over a bounded set of features. Vectors are sparse (sorted indexes
 * and values), so memory grows with the words a unit uses, not with the
 * vocabulary.
 */
import type { ComparisonUnit } from './types.js';
import { cmp } from './input.js';
import type { CorpusCounts } from './corpus-counts.js';

export interface TermStats {
  term: string;
  /** Units that use the term. */
  df: number;
  /** Occurrences in the whole corpus. */
  count: number;
}

/**
 * Features for TF-IDF: the `max` most widespread terms. Terms in every unit
 * are left out when there is more than one unit (their IDF is 0: they weigh
 * nothing and would only take places).
 */
export function selectFeatures(stats: readonly TermStats[], nUnits: number, max: number): string[] {
  const out: string[] = [];
  for (const s of stats) {
    if (out.length >= max) break;
    if (nUnits > 1 && s.df >= nUnits) continue;
    out.push(s.term);
  }
  return out;
}

export interface SparseVector {
  /** Feature indexes, ascending. */
  idx: Int32Array;
  val: Float64Array;
}

/** Cosine of two sparse vectors; 0 when either is the zero vector. */
export function cosineSparse(a: SparseVector, b: SparseVector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.val.length; i++) na += a.val[i]! * a.val[i]!;
  for (let i = 0; i < b.val.length; i++) nb += b.val[i]! * b.val[i]!;
  let i = 0;
  let j = 0;
  while (i < a.idx.length && j < b.idx.length) {
    const x = a.idx[i]!;
    const y = b.idx[j]!;
    if (x === y) dot += a.val[i++]! * b.val[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return na > 0 && nb > 0 ? clamp01(dot / Math.sqrt(na * nb)) : 0;
}

/** Cosine of two dense vectors; 0 when either is the zero vector. */
export function cosineDense(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? clamp(dot / Math.sqrt(na * nb), -1, 1) : 0;
}

function clamp01(x: number): number {
  return clamp(x, 0, 1);
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/* ------------------------------------------------ from the corpus counts */

/**
 * The document-feature matrix of a comparison: per unit, term ids ascending
 * with their counts (typed arrays), terms named by `vocab`.
 */
export interface Dfm {
  units: string[];
  ids: Int32Array[];
  counts: Int32Array[];
  totals: number[];
  vocab: readonly string[];
}

export function buildDfm(c: CorpusCounts, units: readonly ComparisonUnit[]): Dfm {
  const ids: Int32Array[] = [];
  const counts: Int32Array[] = [];
  const totals: number[] = [];
  for (const u of units) {
    let total = 0;
    for (const di of u.docs) total += c.counts[di]!.nTerms;
    totals.push(total);
    if (u.docs.length === 1) {
      const d = c.counts[u.docs[0]!]!;
      ids.push(d.termIds);
      counts.push(d.termCounts);
      continue;
    }
    const m = new Map<number, number>();
    for (const di of u.docs) {
      const d = c.counts[di]!;
      for (let k = 0; k < d.termIds.length; k++) m.set(d.termIds[k]!, (m.get(d.termIds[k]!) ?? 0) + d.termCounts[k]!);
    }
    const a = Int32Array.from(m.keys()).sort();
    const n = new Int32Array(a.length);
    for (let k = 0; k < a.length; k++) n[k] = m.get(a[k]!)!;
    ids.push(a);
    counts.push(n);
  }
  return { units: units.map((u) => u.id), ids, counts, totals, vocab: c.vocab };
}

/** Every term's document frequency and count, most frequent first, with the document frequencies by term id. */
export function termStats(dfm: Dfm): { stats: TermStats[]; df: Int32Array } {
  const V = dfm.vocab.length;
  const df = new Int32Array(V);
  const count = new Float64Array(V);
  dfm.ids.forEach((ids, u) => {
    const cs = dfm.counts[u]!;
    for (let k = 0; k < ids.length; k++) {
      df[ids[k]!]!++;
      count[ids[k]!]! += cs[k]!;
    }
  });
  const stats: TermStats[] = [];
  for (let t = 0; t < V; t++) if (df[t]! > 0) stats.push({ term: dfm.vocab[t]!, df: df[t]!, count: count[t]! });
  stats.sort((a, b) => b.df - a.df || b.count - a.count || cmp(a.term, b.term));
  return { stats, df };
}

/**
 * The TF-IDF vector of every unit over `features`. The vectors are views of
 * one index array and one weight array, in unit order, in shared memory:
 * the similarity threads read them there (sharedRows) rather than from a
 * copy, which at 100,000 reports would be 400 MB more.
 */
export function tfidf(dfm: Dfm, features: readonly string[], df: Int32Array): SparseVector[] {
  const n = dfm.units.length;
  const featureOf = new Int32Array(dfm.vocab.length).fill(-1);
  const termId = new Map<string, number>();
  dfm.vocab.forEach((t, i) => termId.set(t, i));
  features.forEach((f, i) => (featureOf[termId.get(f)!] = i));
  const weight = (u: number, k: number): number => {
    const id = dfm.ids[u]![k]!;
    return featureOf[id]! < 0 ? 0 : dfm.counts[u]![k]! * Math.log(n / df[id]!);
  };
  let nnz = 0;
  dfm.ids.forEach((ids, u) => {
    for (let k = 0; k < ids.length; k++) if (weight(u, k) > 0) nnz++;
  });
  const allIdx = new Int32Array(new SharedArrayBuffer(4 * nnz));
  const allVal = new Float64Array(new SharedArrayBuffer(8 * nnz));
  let at = 0;
  return dfm.ids.map((ids, u) => {
    const fi: number[] = [];
    const ws: number[] = [];
    for (let k = 0; k < ids.length; k++) {
      const w = weight(u, k);
      if (w > 0) {
        fi.push(featureOf[ids[k]!]!);
        ws.push(w);
      }
    }
    const order = fi.map((_, k) => k).sort((a, b) => fi[a]! - fi[b]!);
    let norm = 0;
    for (const k of order) norm += ws[k]! * ws[k]!;
    norm = Math.sqrt(norm);
    const idx = allIdx.subarray(at, at + order.length);
    const val = allVal.subarray(at, at + order.length);
    at += order.length;
    order.forEach((k, j) => {
      idx[j] = fi[k]!;
      val[j] = norm > 0 ? ws[k]! / norm : 0;
    });
    return { idx, val };
  });
}

/**
 * The vectors as one compressed sparse row matrix in shared memory: their
 * own arrays when they are consecutive views of shared ones (as tfidf makes
 * them), else a copy.
 */
export function sharedRows(vectors: readonly SparseVector[]): { ptr: Int32Array; cols: Int32Array; vals: Float64Array } {
  const n = vectors.length;
  const ptr = new Int32Array(new SharedArrayBuffer(4 * (n + 1)));
  vectors.forEach((v, i) => (ptr[i + 1] = ptr[i]! + v.idx.length));
  const first = vectors[0];
  const own =
    first !== undefined &&
    first.idx.buffer instanceof SharedArrayBuffer &&
    vectors.every((v, i) => v.idx.buffer === first.idx.buffer && v.val.buffer === first.val.buffer && v.idx.byteOffset === 4 * ptr[i]! && v.val.byteOffset === 8 * ptr[i]!);
  if (own) return { ptr, cols: new Int32Array(first.idx.buffer, 0, ptr[n]!), vals: new Float64Array(first.val.buffer, 0, ptr[n]!) };
  const cols = new Int32Array(new SharedArrayBuffer(4 * ptr[n]!));
  const vals = new Float64Array(new SharedArrayBuffer(8 * ptr[n]!));
  vectors.forEach((v, i) => {
    cols.set(v.idx, ptr[i]!);
    vals.set(v.val, ptr[i]!);
  });
  return { ptr, cols, vals };
}
