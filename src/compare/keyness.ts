/**
 * Keyness, as quanteda's textstat_keyness(measure = "lr"): for each unit
 * (target) against all the other units pooled (reference), the
 * log-likelihood ratio G² of the 2×2 table
 *
 *                  target   reference
 *   this term        a          b
 *   other terms      c          d
 *
 * G² = 2 Σ O ln(O / E), E from the margins; no continuity correction. Only
 * terms over-represented in the target (a/(a+c) > b/(b+d)) are listed. The
 * p-value is that of χ² with one degree of freedom; p_adjusted is
 * Benjamini–Hochberg over the terms tested for the unit (its over-represented
 * words counted at least minCount times), and only terms with p_adjusted at
 * most maxP are listed. Terms are whole words: a single character, a
 * single letter or a number is not a term (see isKeynessTerm).
 */
import type { Dfm } from './dfm.js';
import type { KeynessRow } from './types.js';
import { cmp } from './input.js';
import { lazyArray } from './lazy-array.js';
import { benjaminiHochberg } from '../explore/statistics.js';

export interface KeynessOptions {
  top: number;
  minCount: number;
  /** Largest Benjamini–Hochberg adjusted p-value listed; 1 lists every over-represented term. */
  maxP: number;
}

/** A word that can be distinctive: two or more characters, not made of digits alone (2021, ２０) or of one Latin letter. */
export function isKeynessTerm(term: string): boolean {
  let n = 0;
  for (const _ of term) if (++n >= 2) break;
  if (n < 2) return false;
  return !/^[\p{N}.．,，%％]+$/u.test(term);
}

/** G² of a 2×2 table; 0 when a margin is empty. */
export function logLikelihood(a: number, b: number, c: number, d: number): number {
  const n = a + b + c + d;
  if (n === 0) return 0;
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const c2 = b + d;
  const term = (o: number, e: number) => (o > 0 && e > 0 ? o * Math.log(o / e) : 0);
  const g2 = 2 * (term(a, (r1 * c1) / n) + term(b, (r1 * c2) / n) + term(c, (r2 * c1) / n) + term(d, (r2 * c2) / n));
  return g2 > 0 ? g2 : 0;
}

/** P(χ²₁ ≥ x) = erfc(√(x/2)). */
export function chiSquare1Pvalue(x: number): number {
  if (!(x > 0)) return 1;
  return Math.min(1, Math.max(0, erfc(Math.sqrt(x / 2))));
}

/**
 * Complementary error function (W. J. Cody's rational approximations, as in
 * most C libraries): relative error below 1e-15 over the whole range, so small
 * p-values keep their digits. Hand-written because it beats the library:
 * @stdlib/math-base-special-erfc agrees to 6e-14 but is 2–3× slower a call
 * and 139 packages, 70 ms to load.
 */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 0.5) return 1 - erfSmall(x);
  if (x < 4) {
    const C = [5.64188496988670089e-1, 8.88314979438837594, 6.61191906371416295e1, 2.98635138197400131e2, 8.81952221241769090e2, 1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3, 2.15311535474403846e-8];
    const D = [1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3, 3.29079923573345963e3, 4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3];
    let num = C[8]! * x;
    let den = x;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * x;
      den = (den + D[i]!) * x;
    }
    return (Math.exp(-x * x) * (num + C[7]!)) / (den + D[7]!);
  }
  const P = [-2.99610707703542174e-3, -4.94730910623250734e-2, -2.26956593539686930e-1, -2.78661308609647788e-1, -2.23192459734184686e-2];
  const Q = [1.06209230528467918e-2, 1.91308926107829841e-1, 1.05167510706793207, 1.98733201817135256, 1];
  const z = 1 / (x * x);
  const r = (z * poly(P, z)) / poly(Q, z);
  return (Math.exp(-x * x) / x) * (1 / Math.sqrt(Math.PI) + r);
}

function erfSmall(x: number): number {
  const P = [3.209377589138469472562e3, 3.774852376853020208137e2, 1.138641541510501556495e2, 3.161123743870565596947, 1.857777061846031526730e-1];
  const Q = [2.844236833439170622273e3, 1.282616526077372275645e3, 2.440246379344441733056e2, 2.360129095234412093499e1, 1];
  const z = x * x;
  return (x * poly(P, z)) / poly(Q, z);
}

/** Σ c[i] x^i. */
function poly(c: readonly number[], x: number): number {
  let r = 0;
  for (let i = c.length - 1; i >= 0; i--) r = r * x + c[i]!;
  return r;
}

/** The distinctive terms of every unit against the rest of the corpus. */
export function keyness(dfm: Dfm, options: KeynessOptions): KeynessRow[] {
  const corpus = new Float64Array(dfm.vocab.length);
  let corpusTotal = 0;
  dfm.ids.forEach((ids, i) => {
    const cs = dfm.counts[i]!;
    for (let k = 0; k < ids.length; k++) corpus[ids[k]!]! += cs[k]!;
    corpusTotal += dfm.totals[i]!;
  });
  const isTerm = dfm.vocab.map(isKeynessTerm);
  // The rows kept, column by column (a row object each would be 170 bytes:
  // 370 MB at 100,000 reports); rows are made from them when read.
  const { units, vocab, totals } = dfm;
  const unitOf: number[] = [];
  const termOf: number[] = [];
  const countReference: number[] = [];
  const g2s: number[] = [];
  const pValues: number[] = [];
  const pAdjusted: number[] = [];
  const ranks: number[] = [];
  const countTarget: number[] = [];
  dfm.ids.forEach((ids, i) => {
    const cs = dfm.counts[i]!;
    const totalTarget = totals[i]!;
    const totalReference = corpusTotal - totalTarget;
    if (totalTarget === 0 || totalReference === 0) return;
    const scored: Array<{ term: number; a: number; b: number; G2: number; p: number; adjusted: number }> = [];
    for (let k = 0; k < ids.length; k++) {
      const a = cs[k]!;
      if (a < options.minCount || !isTerm[ids[k]!]) continue;
      const b = corpus[ids[k]!]! - a;
      if (a * totalReference <= b * totalTarget) continue;
      const g2 = logLikelihood(a, b, totalTarget - a, totalReference - b);
      scored.push({ term: ids[k]!, a, b, G2: g2, p: chiSquare1Pvalue(g2), adjusted: 1 });
    }
    const adjusted = benjaminiHochberg(scored.map((r) => r.p));
    scored.forEach((r, k) => (r.adjusted = adjusted[k]!));
    const kept = options.maxP >= 1 ? scored : scored.filter((r) => r.adjusted <= options.maxP);
    kept.sort((x, y) => y.G2 - x.G2 || y.a - x.a || cmp(vocab[x.term]!, vocab[y.term]!));
    kept.slice(0, options.top).forEach((r, k) => {
      unitOf.push(i);
      termOf.push(r.term);
      countTarget.push(r.a);
      countReference.push(r.b);
      g2s.push(r.G2);
      pValues.push(r.p);
      pAdjusted.push(r.adjusted);
      ranks.push(k + 1);
    });
  });
  return keynessRows(units, vocab, totals, corpusTotal, {
    unitOf: Int32Array.from(unitOf),
    termOf: Int32Array.from(termOf),
    countTarget: Float64Array.from(countTarget),
    countReference: Float64Array.from(countReference),
    g2s: Float64Array.from(g2s),
    pValues: Float64Array.from(pValues),
    pAdjusted: Float64Array.from(pAdjusted),
    ranks: Int32Array.from(ranks),
  });
}

/** The kept rows, column by column, in typed arrays of their length. */
interface KeynessColumns {
  unitOf: Int32Array;
  termOf: Int32Array;
  countTarget: Float64Array;
  countReference: Float64Array;
  g2s: Float64Array;
  pValues: Float64Array;
  pAdjusted: Float64Array;
  ranks: Int32Array;
}

/**
 * The rows, made when read. A function of its own: a closure made in
 * keyness() would keep its scope's dfm, every unit's term counts (3.4 KB a
 * report), as long as the rows live.
 */
function keynessRows(units: readonly string[], vocab: readonly string[], totals: readonly number[], corpusTotal: number, k: KeynessColumns): KeynessRow[] {
  const { unitOf, termOf, countTarget, countReference, g2s, pValues, pAdjusted, ranks } = k;
  return lazyArray(unitOf.length, (r) => {
    const totalTarget = totals[unitOf[r]!]!;
    return {
      unit: units[unitOf[r]!]!,
      term: vocab[termOf[r]!]!,
      count_target: countTarget[r]!,
      count_reference: countReference[r]!,
      total_target: totalTarget,
      total_reference: corpusTotal - totalTarget,
      G2: g2s[r]!,
      p_value: pValues[r]!,
      p_adjusted: pAdjusted[r]!,
      rank: ranks[r]!,
    };
  });
}
