/**
 * Tests of independence for a groups × (has / has not) table, as scipy
 * computes them: Pearson's χ² without continuity correction
 * (scipy.stats.chi2_contingency(correction=False)), Fisher's exact test of a
 * 2×2 table (scipy.stats.fisher_exact, two-sided), Cramér's V, adjusted
 * (standardized) residuals, and Benjamini–Hochberg adjusted p-values
 * (scipy.stats.false_discovery_control). The distributions come from @stdlib.
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';
import { mulberry32 } from '../compare/random.js';

/** P(χ²_df ≥ x): the upper regularized incomplete gamma function, accurate far into the tail. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(x > 0)) return 1;
  if (df <= 0) return 1;
  return Math.min(1, Math.max(0, gammainc(x / 2, df / 2, true, true)));
}

export interface ChiSquareResult {
  chi2: number;
  df: number;
  pValue: number;
  cramersV: number;
  /** Expected counts, rows × columns. */
  expected: number[][];
  /** Adjusted residuals (O − E) / √(E (1 − row/N) (1 − col/N)), rows × columns. */
  residuals: number[][];
}

/**
 * Pearson's χ² test of an r × c table of counts. Rows or columns that are all
 * zero are left out of the degrees of freedom (they carry no information), as
 * R's chisq.test would refuse them and scipy would give NaN.
 */
export function chiSquareTest(table: readonly (readonly number[])[]): ChiSquareResult {
  const r = table.length;
  const c = r ? table[0]!.length : 0;
  const rowSums = table.map((row) => row.reduce((s, v) => s + v, 0));
  const colSums = Array.from({ length: c }, (_, j) => table.reduce((s, row) => s + row[j]!, 0));
  const n = rowSums.reduce((s, v) => s + v, 0);
  const expected = table.map((_, i) => colSums.map((cs) => (n > 0 ? (rowSums[i]! * cs) / n : 0)));
  let chi2 = 0;
  const residuals = table.map((row, i) =>
    row.map((o, j) => {
      const e = expected[i]![j]!;
      if (e <= 0) return 0;
      chi2 += ((o - e) * (o - e)) / e;
      const v = e * (1 - rowSums[i]! / n) * (1 - colSums[j]! / n);
      return v > 0 ? (o - e) / Math.sqrt(v) : 0;
    }),
  );
  const rowsUsed = rowSums.filter((s) => s > 0).length;
  const colsUsed = colSums.filter((s) => s > 0).length;
  const df = Math.max(0, (rowsUsed - 1) * (colsUsed - 1));
  const m = Math.min(rowsUsed, colsUsed) - 1;
  const cramersV = df > 0 && n > 0 && m > 0 ? Math.sqrt(chi2 / (n * m)) : 0;
  return { chi2, df, pValue: df > 0 ? chiSquareSurvival(chi2, df) : 1, cramersV, expected, residuals };
}

/**
 * Two-sided Fisher's exact test of the 2×2 table [[a, b], [c, d]]: the sum of
 * the probabilities of all tables with these margins no more probable than
 * the one observed (with scipy's relative tolerance of 1e-7 for ties).
 */
export function fisherExact2x2(a: number, b: number, c: number, d: number): number {
  const N = a + b + c + d;
  const K = a + c; // first column total
  const n = a + b; // first row total
  const lo = Math.max(0, n + K - N);
  const hi = Math.min(n, K);
  if (hi <= lo) return 1;
  const observed = hypergeometricPmf(a, N, K, n);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const px = hypergeometricPmf(x, N, K, n);
    if (px <= observed * (1 + 1e-7)) p += px;
  }
  return Math.min(1, p);
}

/**
 * A Monte-Carlo p-value of Pearson's χ² for a k × 2 table (groups × has/has
 * not), as R's chisq.test(simulate.p.value = TRUE): `draws` tables with the
 * same margins (the rarer column's sentences dealt at random among all
 * sentences), p = (1 + #{χ² ≥ observed}) / (draws + 1). Seeded: the same
 * seed gives the same p-value.
 */
export function monteCarloChiSquare(rows: readonly (readonly [number, number])[], draws: number, seed: number): number {
  const sizes = rows.map(([h, n]) => h + n);
  const N = sizes.reduce((s, v) => s + v, 0);
  const has = rows.reduce((s, [h]) => s + h, 0);
  const rare = Math.min(has, N - has);
  if (N === 0 || rare === 0) return 1;
  const statistic = (counts: readonly number[]) => {
    let x = 0;
    for (let i = 0; i < sizes.length; i++) {
      const n = sizes[i]!;
      if (n === 0) continue;
      const e1 = (n * rare) / N;
      const e0 = n - e1;
      const o1 = counts[i]!;
      const o0 = n - o1;
      x += ((o1 - e1) * (o1 - e1)) / e1 + (e0 > 0 ? ((o0 - e0) * (o0 - e0)) / e0 : 0);
    }
    return x;
  };
  const observedRare = rows.map(([h, n]) => (rare === has ? h : n));
  const observed = statistic(observedRare);
  // Each sentence's group; a draw is the first `rare` places of a partial
  // Fisher–Yates shuffle of it (left shuffled: the next draw shuffles on).
  const groupOf = new Int32Array(N);
  let at = 0;
  sizes.forEach((s, g) => {
    groupOf.fill(g, at, at + s);
    at += s;
  });
  const random = mulberry32(seed);
  const counts = new Array<number>(sizes.length).fill(0);
  let atLeast = 0;
  for (let t = 0; t < draws; t++) {
    counts.fill(0);
    for (let i = 0; i < rare; i++) {
      const j = i + Math.floor(random() * (N - i));
      const g = groupOf[j]!;
      groupOf[j] = groupOf[i]!;
      groupOf[i] = g;
      counts[g]!++;
    }
    // Ties within rounding count as "at least as large", as in R.
    if (statistic(counts) >= observed * (1 - 1e-7)) atLeast++;
  }
  return (1 + atLeast) / (draws + 1);
}

/**
 * Benjamini–Hochberg adjusted p-values (R's p.adjust(method = "BH"), scipy's
 * false_discovery_control): p_(i) · m / i, made monotone from the largest
 * down, at most 1. NaN stays NaN and is not counted among the m tests.
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const idx = p.map((_, i) => i).filter((i) => Number.isFinite(p[i]!));
  idx.sort((x, y) => p[x]! - p[y]! || x - y);
  const m = idx.length;
  const out = p.map(() => Number.NaN);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const i = idx[k]!;
    running = Math.min(running, (p[i]! * m) / (k + 1));
    out[i] = Math.min(1, running);
  }
  return out;
}
