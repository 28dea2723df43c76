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
 * The TF-IDF weighting of a dfm over `features`: each unit's row (feature
 * indexes ascending, weights scaled to unit length), made one unit at a time
 * into arrays of its own that the next row overwrites, so that whoever keeps
 * the rows (tfidf, the similarity search's postings) allocates only what it keeps.
 */
export class TfidfRows {
  readonly n: number;
  private readonly featureOf: Int32Array;
  private readonly idf: Float64Array;
  /** A row's feature indexes, in the order of its term ids, then sorted. */
  private features = new Int32Array(64);
  /** Each feature's weight in the row being made, by feature index. */
  private readonly weightOf: Float64Array;
  private vals = new Float64Array(64);

  constructor(
    private readonly dfm: Dfm,
    features: readonly string[],
    df: Int32Array,
  ) {
    const n = (this.n = dfm.units.length);
    const termId = new Map<string, number>();
    dfm.vocab.forEach((t, i) => termId.set(t, i));
    this.featureOf = new Int32Array(dfm.vocab.length).fill(-1);
    features.forEach((f, i) => (this.featureOf[termId.get(f)!] = i));
    this.idf = Float64Array.from(df, (d) => (d > 0 ? Math.log(n / d) : 0));
    this.weightOf = new Float64Array(features.length);
  }

  /** Unit u's weight of its k-th term (before scaling), 0 when the term is no feature. */
  private weight(u: number, k: number): number {
    const id = this.dfm.ids[u]![k]!;
    return this.featureOf[id]! < 0 ? 0 : this.dfm.counts[u]![k]! * this.idf[id]!;
  }

  /** Unit u's features (nonzero weights), each counted in `perFeature[f + 1]`; their number. */
  countRow(u: number, perFeature?: Int32Array): number {
    const ids = this.dfm.ids[u]!;
    let m = 0;
    for (let k = 0; k < ids.length; k++) {
      if (!(this.weight(u, k) > 0)) continue;
      m++;
      if (perFeature) perFeature[this.featureOf[ids[k]!]! + 1]!++;
    }
    return m;
  }

  /** Unit u's row: valid until the next call. */
  row(u: number): SparseVector {
    const ids = this.dfm.ids[u]!;
    if (ids.length > this.features.length) {
      this.features = new Int32Array(ids.length);
      this.vals = new Float64Array(ids.length);
    }
    let m = 0;
    for (let k = 0; k < ids.length; k++) {
      const w = this.weight(u, k);
      if (!(w > 0)) continue;
      const f = this.featureOf[ids[k]!]!;
      this.features[m++] = f;
      this.weightOf[f] = w;
    }
    const idx = this.features.subarray(0, m).sort();
    // Summed in ascending feature order: the norm, to the last bit, whoever keeps the row.
    let norm = 0;
    for (let j = 0; j < m; j++) {
      const w = this.weightOf[idx[j]!]!;
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    const val = this.vals.subarray(0, m);
    for (let j = 0; j < m; j++) val[j] = norm > 0 ? this.weightOf[idx[j]!]! / norm : 0;
    return { idx, val };
  }
}

/** The TF-IDF vector of every unit over `features` (TfidfRows), as views of one index array and one weight array, in unit order. */
export function tfidf(dfm: Dfm, features: readonly string[], df: Int32Array): SparseVector[] {
  const rows = new TfidfRows(dfm, features, df);
  let nnz = 0;
  for (let u = 0; u < rows.n; u++) nnz += rows.countRow(u);
  const allIdx = new Int32Array(nnz);
  const allVal = new Float64Array(nnz);
  let at = 0;
  return dfm.ids.map((_, u) => {
    const { idx, val } = rows.row(u);
    const own = { idx: allIdx.subarray(at, at + idx.length), val: allVal.subarray(at, at + idx.length) };
    own.idx.set(idx);
    own.val.set(val);
    at += idx.length;
    return own;
  });
}
