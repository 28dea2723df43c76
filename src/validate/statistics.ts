/**
 * Agreement statistics for nominal codes: Cohen's κ, Fleiss' κ,
 * Krippendorff's α (nominal, missing values allowed) and percentile
 * bootstrap intervals. Written here because no maintained npm package
 * computes them (the `krippendorff` package is an unmaintained 0.1.0 without
 * tests); test/validate/validate-statistics.test.ts checks every figure against
 * scikit-learn, statsmodels and the worked examples of Krippendorff (2011).
 * A value is a code; null is a missing value (not coded), never a class.
 */
import { mulberry32 } from '../compare/random.js';

/** A coder's code for a unit; null where the coder gave none. */
export type Code = string | null;

/** Share of units (both coded) on which two coders give the same code; NaN without such units. */
export function percentAgreement(a: readonly Code[], b: readonly Code[]): number {
  let n = 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === null || b[i] === null) continue;
    n++;
    if (a[i] === b[i]) same++;
  }
  return n === 0 ? NaN : same / n;
}

/**
 * Cohen's κ of two coders over the units both coded: (p_o − p_e) / (1 − p_e),
 * p_e from each coder's own marginals. NaN when chance agreement is 1 (both
 * gave one and the same code to every unit), as scikit-learn's cohen_kappa_score.
 * @example
 * console.log(cohenKappa(['plan', 'measure', 'measure', 'outcome'], ['plan', 'measure', 'outcome', 'outcome']));   // 0.636…
 */
export function cohenKappa(a: readonly Code[], b: readonly Code[]): number {
  const ca = new Map<string, number>();
  const cb = new Map<string, number>();
  let n = 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || y === null || x === undefined || y === undefined) continue;
    n++;
    if (x === y) same++;
    ca.set(x, (ca.get(x) ?? 0) + 1);
    cb.set(y, (cb.get(y) ?? 0) + 1);
  }
  if (n === 0) return NaN;
  let pe = 0;
  for (const [c, k] of ca) pe += (k / n) * ((cb.get(c) ?? 0) / n);
  const po = same / n;
  return pe === 1 ? NaN : (po - pe) / (1 - pe);
}

/**
 * Fleiss' κ of units each coded by the same number (≥ 2) of coders: `units`
 * holds each unit's codes; units with a missing code are left out.
 * @example
 * console.log(fleissKappa([['plan', 'plan', 'plan'], ['measure', 'measure', 'outcome'], ['outcome', 'outcome', 'outcome'], ['plan', 'measure', 'plan']]));   // 0.489…
 */
export function fleissKappa(units: ReadonlyArray<readonly Code[]>): number {
  const complete = units.filter((u) => u.every((c) => c !== null)) as ReadonlyArray<readonly string[]>;
  if (complete.length === 0) return NaN;
  const raters = complete[0]!.length;
  if (raters < 2 || complete.some((u) => u.length !== raters)) return NaN;
  const totals = new Map<string, number>();
  let pBar = 0;
  for (const u of complete) {
    const counts = new Map<string, number>();
    for (const c of u) counts.set(c, (counts.get(c) ?? 0) + 1);
    let sq = 0;
    for (const [c, k] of counts) {
      sq += k * k;
      totals.set(c, (totals.get(c) ?? 0) + k);
    }
    pBar += (sq - raters) / (raters * (raters - 1));
  }
  pBar /= complete.length;
  let pe = 0;
  for (const k of totals.values()) pe += (k / (complete.length * raters)) ** 2;
  return pe === 1 ? NaN : (pBar - pe) / (1 - pe);
}

/**
 * Krippendorff's α for nominal codes: `units` holds each unit's codes, one
 * per coder, null where a coder gave none. Units with fewer than two codes
 * are not pairable and count for nothing. α = 1 − D_o / D_e over the
 * coincidence matrix (Krippendorff 2011, section C). NaN when there is no
 * variation at all (every pairable value is the same code).
 * @example
 * console.log(krippendorffAlpha([['plan', 'plan', null], ['measure', 'measure', 'outcome'], ['outcome', 'outcome', 'outcome'], ['plan', null, 'plan']]));   // 0.71875
 */
export function krippendorffAlpha(units: ReadonlyArray<readonly Code[]>): number {
  const totals = new Map<string, number>();
  let n = 0;
  let disagreement = 0;
  for (const u of units) {
    const counts = new Map<string, number>();
    let m = 0;
    for (const c of u) {
      if (c === null) continue;
      counts.set(c, (counts.get(c) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue;
    let sq = 0;
    for (const [c, k] of counts) {
      sq += k * k;
      totals.set(c, (totals.get(c) ?? 0) + k);
    }
    // Off-diagonal coincidences of the unit: ordered pairs of different values, each weighted 1/(m − 1).
    disagreement += (m * m - sq) / (m - 1);
    n += m;
  }
  let expected = n * n;
  for (const k of totals.values()) expected -= k * k;
  if (n === 0 || expected === 0) return NaN;
  return 1 - ((n - 1) * disagreement) / expected;
}

/** The p-quantile of sorted values, interpolated linearly between order statistics (numpy's default). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface Interval {
  low: number;
  high: number;
}

/**
 * A 95% percentile bootstrap interval of `statistic` over units: `resamples`
 * draws of as many units with replacement, seeded. Resamples on which the
 * statistic is undefined (NaN: no variation left) are left out.
 */
export function bootstrapInterval<U>(units: readonly U[], statistic: (sample: U[]) => number, resamples: number, seed: number, level = 0.95): Interval {
  if (units.length === 0 || resamples < 1) return { low: NaN, high: NaN };
  const random = mulberry32(seed);
  const values: number[] = [];
  const sample: U[] = new Array<U>(units.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < units.length; i++) sample[i] = units[Math.floor(random() * units.length)]!;
    const v = statistic(sample);
    if (!Number.isNaN(v)) values.push(v);
  }
  values.sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  return { low: quantile(values, tail), high: quantile(values, 1 - tail) };
}
