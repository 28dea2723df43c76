/**
 * Promise tracking on real consecutive reports: the national government work
 * reports of 2023, 2024 and 2025 (plans of one year, review of the next),
 * analyzed as one township. test/fixtures/promise-pairs.csv holds hand-made
 * pairs, made by reading the 2023 plans and the 2024 review: a plan and the
 * sentence that reports on it (follow_up), or a plan and a sentence on
 * another matter (unrelated; most are the plan's most similar sentence,
 * the hard cases). The calibration pairs (2023 → 2024) choose the
 * threshold; the held-out pairs (2024 → 2025), paired the same way after it
 * was chosen, check that it carries over. Only the sentences' digests are
 * stored.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/output/csv.js';
import { FOLLOW_UP_THRESHOLD, YearPairSpace, sentencesByTownshipYear, trackPromises, writePromises } from '../../src/explore/promises.js';
import { nationalCorpusPresent, NATIONAL_CORPUS, withNationalAnalysis } from '../helpers/national-folder.js';

const PAIRS = readCsv(readFileSync(fileURLToPath(new URL('../fixtures/promise-pairs.csv', import.meta.url)), 'utf8')).map((r) => ({
  set: r.set as 'calibration' | 'held_out',
  planYear: Number(r.plan_year),
  plan: r.plan_sha256_16!,
  followYear: Number(r.follow_year),
  follow: r.follow_sha256_16!,
  label: r.label as 'follow_up' | 'unrelated',
}));
const digestOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Balanced accuracy (mean of the recall of each label) of a threshold on scored pairs. */
function balancedAccuracy(scored: ReadonlyArray<{ cos: number; label: string }>, threshold: number): number {
  const pos = scored.filter((p) => p.label === 'follow_up');
  const neg = scored.filter((p) => p.label === 'unrelated');
  return (pos.filter((p) => p.cos >= threshold).length / pos.length + neg.filter((p) => p.cos < threshold).length / neg.length) / 2;
}

if (!nationalCorpusPresent) console.warn(`test/explore/promises.test.ts: skipped: ${NATIONAL_CORPUS} not found`);

describe.skipIf(!nationalCorpusPresent)('promise tracking on the national reports of 2023–2025', () => {
  const national = withNationalAnalysis([2023, 2024, 2025]);

  it('has about twenty calibration pairs of each kind', () => {
    const calibration = PAIRS.filter((p) => p.set === 'calibration');
    expect(calibration.filter((p) => p.label === 'follow_up').length).toBeGreaterThanOrEqual(20);
    expect(calibration.filter((p) => p.label === 'unrelated').length).toBeGreaterThanOrEqual(20);
  });

  /** The cosine of each hand pair, with the space promise tracking uses (the township's two years). */
  function scoredPairs(set: 'calibration' | 'held_out') {
    const { groups } = sentencesByTownshipYear(national.dir);
    const byYear = groups.get('全国/全国/国务院')!;
    const spaces = new Map<number, YearPairSpace>();
    return PAIRS.filter((p) => p.set === set).map((p) => {
      let s = spaces.get(p.planYear);
      if (!s) {
        const both = [...byYear.get(p.planYear)!, ...byYear.get(p.followYear)!];
        s = new YearPairSpace(both);
        spaces.set(p.planYear, s);
      }
      const a = byYear.get(p.planYear)!.find((x) => digestOf(x.text) === p.plan);
      const b = byYear.get(p.followYear)!.find((x) => digestOf(x.text) === p.follow);
      expect(a, `plan sentence ${p.plan} of ${p.planYear}`).toBeDefined();
      expect(b, `sentence ${p.follow} of ${p.followYear}`).toBeDefined();
      return { cos: s.cosine(a!, b!), label: p.label };
    });
  }

  it('the threshold is the one that best separates follow-ups from unrelated sentences on the calibration pairs', () => {
    const scored = scoredPairs('calibration');
    // Every cut between two adjacent scores, the best by balanced accuracy.
    const cuts = [...new Set(scored.map((p) => p.cos))].sort((x, y) => x - y);
    const best = Math.max(...cuts.map((c) => balancedAccuracy(scored, c)));
    const atThreshold = balancedAccuracy(scored, FOLLOW_UP_THRESHOLD);
    console.log(`hand pairs: balanced accuracy ${atThreshold.toFixed(3)} at ${FOLLOW_UP_THRESHOLD} (best cut ${best.toFixed(3)}); scores`, scored.map((p) => `${p.label[0]}${p.cos.toFixed(3)}`).sort().join(' '));
    expect(atThreshold).toBe(best);
    expect(atThreshold).toBeGreaterThanOrEqual(0.75);
    // Neighbouring thresholds do worse: the constant sits on the separating cut.
    expect(balancedAccuracy(scored, FOLLOW_UP_THRESHOLD - 0.05)).toBeLessThan(best);
    expect(balancedAccuracy(scored, FOLLOW_UP_THRESHOLD + 0.05)).toBeLessThan(best);
  });

  it('the threshold carries over to held-out pairs of the next two years', () => {
    const scored = scoredPairs('held_out');
    expect(scored.length).toBeGreaterThanOrEqual(30);
    const held = balancedAccuracy(scored, FOLLOW_UP_THRESHOLD);
    console.log(`held-out pairs: balanced accuracy ${held.toFixed(3)} at ${FOLLOW_UP_THRESHOLD}`);
    expect(held).toBeGreaterThanOrEqual(0.7);
  });

  it('links each 2023 plan to its best 2024 measure or outcome, and says which were followed up', () => {
    const r = trackPromises(national.dir);
    const plans2023 = r.promises.filter((p) => p.year === 2023);
    expect(plans2023.length).toBeGreaterThan(50);
    const employment = plans2023.find((p) => p.text.startsWith('城镇新增就业1200万人左右'))!;
    expect(employment.best_text).toBe('城镇新增就业1244万人，城镇调查失业率平均为5.2%。');
    expect(employment.linked).toBe('yes');
    expect(employment.next_year).toBe(2024);
    for (const p of r.promises) expect(p.linked === 'yes').toBe(p.similarity >= FOLLOW_UP_THRESHOLD);
    const rate = r.rates.find((x) => x.township === '国务院')!;
    expect(rate.year_pairs).toBe('2023→2024;2024→2025');
    expect(rate.plans).toBe(r.promises.length);
    expect(rate.followed_up).toBe(r.promises.filter((p) => p.linked === 'yes').length);
    expect(rate.follow_up_rate).toBeGreaterThan(0);
    expect(rate.follow_up_rate).toBeLessThan(1);
    expect(rate.shortcomings).toBe(r.shortcomings.length);
    expect(rate.shortcomings).toBeGreaterThan(0);
  });

  it('the follow-up sentence is a measure or outcome of the next year', () => {
    const { groups } = sentencesByTownshipYear(national.dir);
    const next = groups.get('全国/全国/国务院')!;
    for (const p of trackPromises(national.dir).promises.filter((x) => x.best_unit_index !== null)) {
      const s = next.get(p.next_year)!.find((x) => x.doc_id === p.best_doc_id && x.unit_index === p.best_unit_index)!;
      expect(['measure', 'outcome']).toContain(s.function);
    }
  });

  it('writes promises.csv (followed_up), shortcomings.csv (restated) and promise_rates.csv', () => {
    const r = trackPromises(national.dir);
    writePromises(r, national.dir);
    const read = (f: string) => readCsv(readFileSync(join(national.dir, f), 'utf8'));
    const promises = read('promises.csv');
    expect(promises.length).toBe(r.promises.length);
    expect(Object.keys(promises[0]!).slice(-2)).toEqual(['n_above_threshold', 'followed_up']);
    expect(promises.filter((p) => p.followed_up === 'yes').length).toBe(r.rates[0]!.followed_up);
    const shortcomings = read('shortcomings.csv');
    expect(Object.keys(shortcomings[0]!).at(-1)).toBe('restated');
    expect(shortcomings.filter((p) => p.restated === 'yes').length).toBe(r.rates[0]!.restated);
    expect(read('promise_rates.csv')[0]!.year_pairs).toBe('2023→2024;2024→2025');
  });
});
