/**
 * Agreement statistics against figures computed once by reference
 * implementations (scikit-learn, statsmodels) and against the published
 * worked examples of Krippendorff's α: see scripts/agreement-reference.py
 * and test/fixtures/agreement/.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ConfusionMatrix } from 'ml-confusion-matrix';
import { bootstrapInterval, cohenKappa, fleissKappa, krippendorffAlpha, percentAgreement } from '../../src/validate/statistics.js';

const fixture = <T>(name: string): { note: string; cases: T[] } =>
  JSON.parse(readFileSync(new URL(`../fixtures/agreement/${name}.json`, import.meta.url), 'utf8')) as { note: string; cases: T[] };

interface CohenCase {
  name: string;
  a: string[];
  b: string[];
  cohen_kappa: number;
  per_class: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}
interface FleissCase {
  name: string;
  units: string[][];
  fleiss_kappa: number;
}
interface AlphaCase {
  name: string;
  observers: Array<Array<number | null>>;
  alpha: number;
}

/** Observers × units (as published) → units × observers, codes as strings. */
const unitsOf = (observers: Array<Array<number | null>>) =>
  observers[0]!.map((_, u) => observers.map((o) => (o[u] === null ? null : String(o[u]))));

describe("Cohen's κ equals scikit-learn's cohen_kappa_score", () => {
  for (const c of fixture<CohenCase>('cohen').cases) {
    it(c.name, () => {
      expect(cohenKappa(c.a, c.b)).toBeCloseTo(c.cohen_kappa, 3);
    });
  }

  it('leaves out units a coder left blank, without counting blank as a class', () => {
    const c = fixture<CohenCase>('cohen').cases[0]!;
    const a: Array<string | null> = [...c.a, null, 'plan'];
    const b: Array<string | null> = [...c.b, 'measure', null];
    expect(cohenKappa(a, b)).toBeCloseTo(c.cohen_kappa, 3);
    expect(percentAgreement(a, b)).toBeCloseTo(c.a.filter((x, i) => x === c.b[i]).length / c.a.length, 10);
  });
});

describe('precision, recall and F1 per class (ml-confusion-matrix) equal scikit-learn', () => {
  for (const c of fixture<CohenCase>('cohen').cases) {
    it(c.name, () => {
      const labels = Object.keys(c.per_class);
      const cm = ConfusionMatrix.fromLabels(c.a, c.b, { labels });
      for (const l of labels) {
        const ref = c.per_class[l]!;
        const nz = (x: number) => (Number.isNaN(x) ? 0 : x);
        expect(nz(cm.getPositivePredictiveValue(l)), `${l} precision`).toBeCloseTo(ref.precision, 3);
        expect(nz(cm.getTruePositiveRate(l)), `${l} recall`).toBeCloseTo(ref.recall, 3);
        expect(nz(cm.getF1Score(l)), `${l} F1`).toBeCloseTo(ref.f1, 3);
        expect(cm.getPositiveCount(l)).toBe(ref.support);
      }
    });
  }
});

describe("Fleiss' κ equals statsmodels' fleiss_kappa", () => {
  for (const c of fixture<FleissCase>('fleiss').cases) {
    it(c.name, () => {
      expect(fleissKappa(c.units)).toBeCloseTo(c.fleiss_kappa, 3);
    });
  }
});

describe("Krippendorff's α (nominal) equals the published worked examples", () => {
  for (const c of fixture<AlphaCase>('krippendorff').cases) {
    it(c.name, () => {
      expect(Math.round(krippendorffAlpha(unitsOf(c.observers)) * 1000) / 1000).toBe(c.alpha);
    });
  }

  it('is undefined when every value is the same code, and 1 for perfect agreement with variation', () => {
    expect(krippendorffAlpha([['a', 'a'], ['a', 'a']])).toBeNaN();
    expect(krippendorffAlpha([['a', 'a'], ['b', 'b', null]])).toBe(1);
  });
});

describe('bootstrap interval', () => {
  const c = fixture<AlphaCase>('krippendorff').cases[0]!;
  const units = unitsOf(c.observers);

  it('is seeded: the same seed gives the same interval, and it brackets the estimate', () => {
    const one = bootstrapInterval(units, krippendorffAlpha, 1000, 7);
    expect(bootstrapInterval(units, krippendorffAlpha, 1000, 7)).toEqual(one);
    expect(one.low).toBeLessThan(0.743);
    expect(one.high).toBeGreaterThan(0.743);
    expect(one.high).toBeLessThanOrEqual(1);
    expect(bootstrapInterval(units, krippendorffAlpha, 1000, 8)).not.toEqual(one);
  });
});
