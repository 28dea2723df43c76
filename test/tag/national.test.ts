/**
 * Robustness of the function tagger on another genre: the national
 * government work reports (政府工作报告) in the shared corpus, read through the
 * JSON Lines input (title, content, year). The file lives outside the
 * repository (../shared beside the checkout) and is
 * never copied into it; without it these tests are skipped. Hand labels of
 * some of its sentences (test/fixtures/national-review-labels.tsv) measure
 * outcome recall and shortcoming and plan F1.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportDoc, SentenceFunction } from '../../src/model/document.js';
import { analyzeCorpus } from '../../src/pipeline/analyze.js';
import { parseReport } from '../../src/pipeline/parse.js';
import { tokenizeStage } from '../../src/tokenize/stage.js';
import { numberedLine } from '../../src/structure/segment.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import { tagStage } from '../../src/tag/index.js';

// ../shared beside the checkout, or beside the folder that holds a git worktree of it.
const CORPUS =
  ['../../../shared/corpora/gov-work-reports.jsonl', '../../../../shared/corpora/gov-work-reports.jsonl']
    .map((p) => fileURLToPath(new URL(p, import.meta.url)))
    .find((p) => existsSync(p)) ?? fileURLToPath(new URL('../../../shared/corpora/gov-work-reports.jsonl', import.meta.url));
const present = existsSync(CORPUS);
if (!present) console.warn(`test/tag/national.test.ts: skipped: ${CORPUS} not found (the shared corpus of national government work reports is not in the repository)`);

/** Hand labels of the review parts of 2024 and 2025 and the start of 2024's plans (test/fixtures/national-review-labels.tsv). */
const HAND_LABELS = readFileSync(fileURLToPath(new URL('../fixtures/national-review-labels.tsv', import.meta.url)), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [year, fn, digest] = l.split('\t') as [string, SentenceFunction, string];
    return { year: Number(year), fn, digest };
  });

/** Recall of one label and F1 of others, the tagger's function of each labeled sentence against the hand label. */
function agreement(pairs: ReadonlyArray<{ gold: SentenceFunction; predicted: SentenceFunction | undefined }>, label: SentenceFunction) {
  const tp = pairs.filter((p) => p.gold === label && p.predicted === label).length;
  const fp = pairs.filter((p) => p.gold !== label && p.predicted === label).length;
  const fn = pairs.filter((p) => p.gold === label && p.predicted !== label).length;
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  return { recall, f1: (2 * precision * recall) / (precision + recall || 1) };
}

const count = (doc: ReportDoc, fn: SentenceFunction) => doc.units.filter((u) => u.kind === 'sentence' && u.tag?.function === fn).length;
const digestOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const tagOfDigest = (doc: ReportDoc, digest: string) => doc.units.find((u) => digestOf(u.text) === digest)?.tag?.function;
/** The function of the sentence with this digest, which must be there (the sentences are named by digest: the corpus text stays in ../shared). */
function tagOfSentence(doc: ReportDoc, digest: string): string {
  const f = tagOfDigest(doc, digest);
  if (f === undefined) throw new Error(`no sentence with digest ${digest} in ${doc.meta.report_year}`);
  return f;
}

describe.skipIf(!present)(`national government work reports (${present ? CORPUS : 'skipped: shared corpus not found'})`, () => {
  let byYear: Map<number, ReportDoc>;
  const stages = [tokenizeStage(), tagStage()];
  beforeAll(async () => {
    const { docs } = await analyzeCorpus(CORPUS, { stages });
    byYear = new Map(docs.filter((d) => d.meta.report_year !== null).map((d) => [d.meta.report_year!, d]));
  }, 120_000);

  it('the 2024 report: its paragraph of difficulties gives shortcomings, its tasks give plans', () => {
    const doc = byYear.get(2024)!;
    expect(doc).toBeDefined();
    expect(count(doc, 'shortcoming')).toBeGreaterThanOrEqual(10);
    expect(count(doc, 'shortcoming')).toBeLessThanOrEqual(30);
    expect(count(doc, 'plan')).toBeGreaterThanOrEqual(250);
    // the paragraph's opener (在肯定成绩的同时…困难和挑战) and a stated weakness (科技创新能力…)
    expect(tagOfSentence(doc, 'd943819396a9f739')).toBe('shortcoming');
    expect(tagOfSentence(doc, '12557d24bc1141cb')).toBe('shortcoming');
    // no cue of its own: it is a shortcoming because its paragraph opened with the difficulties
    expect(tagOfSentence(doc, 'eefa1a4969402aa2')).toBe('shortcoming');
    // a problem word that is the object of the work, or that shrank, is not an admission
    expect(tagOfSentence(doc, '2890d94d756f58ba')).not.toBe('shortcoming');
    // a task of the plans part (推动产业链供应链…)
    expect(tagOfSentence(doc, '6b2ba8974bf90414')).toBe('plan');
  });

  it('the hand-labeled review parts: outcome recall ≥ 0.70, shortcoming and plan F1 ≥ 0.95', () => {
    const pairs = HAND_LABELS.map(({ year, fn, digest }) => ({ gold: fn, predicted: tagOfDigest(byYear.get(year)!, digest) }));
    expect(pairs.filter((p) => p.predicted === undefined).map((p) => p.gold)).toEqual([]);
    expect(pairs.length).toBeGreaterThan(300);
    const outcome = agreement(pairs, 'outcome');
    const shortcoming = agreement(pairs, 'shortcoming');
    const plan = agreement(pairs, 'plan');
    console.log(`national hand labels (${pairs.length} sentences): outcome recall ${outcome.recall.toFixed(3)}, shortcoming F1 ${shortcoming.f1.toFixed(3)}, plan F1 ${plan.f1.toFixed(3)}`);
    expect(outcome.recall).toBeGreaterThanOrEqual(0.7);
    expect(shortcoming.f1).toBeGreaterThanOrEqual(0.95);
    expect(plan.f1).toBeGreaterThanOrEqual(0.95);
  });

  it('results without a rate are outcomes, an adverse trend is a shortcoming, a background fact among the plans is other', () => {
    const d2024 = byYear.get(2024)!;
    // growth stated as a figure (国内生产总值…增长5.2%), 实现…突破, 持续提升, 保持稳定
    expect(tagOfSentence(d2024, '3a9196e2e119d4e0')).toBe('outcome');
    expect(tagOfSentence(d2024, '41d0bc2ba27da2cd')).toBe('outcome');
    expect(tagOfSentence(d2024, 'e3c598a9f801a6b7')).toBe('outcome');
    expect(tagOfSentence(d2024, 'f976815f3414d52f')).toBe('outcome');
    // an adverse trend (…问题明显增加)
    expect(tagOfSentence(d2024, 'ddcb31376317e9ba')).toBe('shortcoming');
    // A shortfall stated as the predicate stays a problem after a remedy word (化解, 防范).
    expect(tagOfSentence(byYear.get(2025)!, '949822bb103c35ad')).toBe('shortcoming');
    const d2019 = byYear.get(2019)!;
    // the risks of the world economy (…不稳定不确定因素明显增加…), and a background fact among the plans (…人口已达2.5亿)
    expect(tagOfSentence(d2019, 'b199a9ae81c5867d')).toBe('shortcoming');
    expect(tagOfSentence(d2019, 'c9bad397b39cbece')).toBe('other');
    expect(d2019.units.find((u) => digestOf(u.text) === 'c9bad397b39cbece')!.section).toBe('plans');
  });

  it('every report of 2015–2025 admits difficulties and lists tasks', () => {
    for (const year of [2015, 2016, 2017, 2019, 2021, 2022, 2024, 2025]) {
      const doc = byYear.get(year);
      if (!doc) continue;
      expect(count(doc, 'shortcoming'), `${year} shortcomings`).toBeGreaterThanOrEqual(5);
      expect(count(doc, 'plan'), `${year} plans`).toBeGreaterThanOrEqual(200);
    }
  });

  it('a report without section headings still gets plans and shortcomings from its cues', () => {
    // 1983: no numbered section headings at all
    const d1983 = byYear.get(1983)!;
    expect(d1983.units.some((u) => u.kind === 'heading' && u.level === 1)).toBe(false);
    expect(count(d1983, 'plan')).toBeGreaterThanOrEqual(100);
    expect(count(d1983, 'shortcoming')).toBeGreaterThanOrEqual(5);
    // 2024 with every numbered heading line removed
    const text = byYear.get(2024)!.text.split('\n').filter((l) => !numberedLine(normalizeForMatch(l.trim()))).join('\n');
    const bare = parseReport(text, { file: '2024-bare.txt', stages });
    expect(bare.sectionsFound).not.toContain('plans');
    expect(count(bare, 'shortcoming')).toBeGreaterThanOrEqual(10);
    expect(count(bare, 'plan')).toBeGreaterThanOrEqual(40);
  });
});
