/**
 * Document-feature matrix, the quanteda way: units × terms counts, kept
 * sparse (one Map per unit), then weighted by TF-IDF over a bounded set of
 * features. Vectors are sparse (sorted indexes and values), so memory grows
 * with the words a unit uses, not with the vocabulary.
 */
import type { CompareInput, ComparisonUnit } from './types.js';
import { cmp } from './input.js';

export interface Dfm {
  /** Unit ids, in the order of the rows. */
  units: string[];
  /** Term counts of each unit. */
  counts: Array<Map<string, number>>;
  /** Number of terms (tokens) of each unit. */
  totals: number[];
}

export function buildDfm(input: CompareInput, units: readonly ComparisonUnit[]): Dfm {
  const counts: Array<Map<string, number>> = [];
  const totals: number[] = [];
  for (const u of units) {
    const c = new Map<string, number>();
    let total = 0;
    for (const di of u.docs) {
      for (const s of input.docs[di]!.sentences) {
        for (const t of s.terms) c.set(t, (c.get(t) ?? 0) + 1);
        total += s.terms.length;
      }
    }
    counts.push(c);
    totals.push(total);
  }
  return { units: units.map((u) => u.id), counts, totals };
}

export interface TermStats {
  term: string;
  /** Units that use the term. */
  df: number;
  /** Occurrences in the whole corpus. */
  count: number;
}

/** Every term with its document frequency and corpus count, most widespread first (ties: more frequent, then code-point order). */
export function termStats(dfm: Dfm): TermStats[] {
  const stats = new Map<string, TermStats>();
  for (const c of dfm.counts) {
    for (const [t, n] of c) {
      const s = stats.get(t);
      if (s) {
        s.df++;
        s.count += n;
      } else stats.set(t, { term: t, df: 1, count: n });
    }
  }
  return [...stats.values()].sort((a, b) => b.df - a.df || b.count - a.count || cmp(a.term, b.term));
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

/**
 * TF-IDF rows, L2-normalised: tf = count of the term in the unit,
 * idf = ln(N / df) with N units (quanteda's dfm_tfidf with natural log). A unit
 * that uses none of the features gets the zero vector.
 */
export function tfidf(dfm: Dfm, features: readonly string[], stats: readonly TermStats[]): SparseVector[] {
  const n = dfm.units.length;
  const index = new Map<string, number>();
  features.forEach((f, i) => index.set(f, i));
  const df = new Map<string, number>();
  for (const s of stats) df.set(s.term, s.df);
  return dfm.counts.map((c) => {
    const entries: Array<[number, number]> = [];
    for (const [t, count] of c) {
      const i = index.get(t);
      if (i === undefined) continue;
      const w = count * Math.log(n / df.get(t)!);
      if (w > 0) entries.push([i, w]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    let norm = 0;
    for (const [, w] of entries) norm += w * w;
    norm = Math.sqrt(norm);
    const idx = new Int32Array(entries.length);
    const val = new Float64Array(entries.length);
    entries.forEach(([i, w], k) => {
      idx[k] = i;
      val[k] = norm > 0 ? w / norm : 0;
    });
    return { idx, val };
  });
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

/** Dense rows over the first `m` features (for k-means). */
export function densify(vectors: readonly SparseVector[], m: number): number[][] {
  return vectors.map((v) => {
    const row = new Array<number>(m).fill(0);
    for (let k = 0; k < v.idx.length; k++) if (v.idx[k]! < m) row[v.idx[k]!] = v.val[k]!;
    return row;
  });
}
