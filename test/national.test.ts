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
import type { ReportDoc, SentenceFunction } from '../src/model/document.js';
import { analyzeCorpus } from '../src/pipeline/analyze.js';
import { parseReport } from '../src/pipeline/parse.js';
import { tokenizeStage } from '../src/tokenize/stage.js';
import { numberedLine } from '../src/structure/segment.js';
import { normalizeForMatch } from '../src/text/normalize.js';
import { tagStage } from '../src/tag/index.js';

// ../shared beside the checkout, or beside the folder that holds a git worktree of it.
const CORPUS =
  ['../../shared/corpora/gov-work-reports.jsonl', '../../../shared/corpora/gov-work-reports.jsonl']
    .map((p) => fileURLToPath(new URL(p, import.meta.url)))
    .find((p) => existsSync(p)) ?? fileURLToPath(new URL('../../shared/corpora/gov-work-reports.jsonl', import.meta.url));
const present = existsSync(CORPUS);
if (!present) console.warn(`test/national.test.ts: skipped: ${CORPUS} not found (the shared corpus of national government work reports is not in the repository)`);

/** Hand labels of the review parts of 2024 and 2025 and the start of 2024's plans (test/fixtures/national-review-labels.tsv). */
const HAND_LABELS = readFileSync(fileURLToPath(new URL('./fixtures/national-review-labels.tsv', import.meta.url)), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [year, fn, digest] = l.split('\t') as [string, SentenceFunction, string];
    return { year: Number(year), fn, digest };
  });

/** Recall of one label and F1 of others, the tagger's function of each labelled sentence against the hand label. */
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
const tagOf = (doc: ReportDoc, text: string) => doc.units.find((u) => u.text === text)?.tag?.function;
const tagOfDigest = (doc: ReportDoc, digest: string) => doc.units.find((u) => digestOf(u.text) === digest)?.tag?.function;

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
    expect(tagOf(doc, '在肯定成绩的同时，我们也清醒看到面临的困难和挑战。')).toBe('shortcoming');
    expect(tagOf(doc, '科技创新能力还不强。')).toBe('shortcoming');
    // no cue of its own: it is a shortcoming because its paragraph opened with the difficulties
    expect(tagOf(doc, '一些地方基层财力比较紧张。')).toBe('shortcoming');
    // a problem word that is the object of the work, or that shrank, is not an admission
    expect(tagOf(doc, '居民人均可支配收入增长6.1%，城乡居民收入差距继续缩小。')).not.toBe('shortcoming');
    expect(tagOf(doc, '推动产业链供应链优化升级。')).toBe('plan');
  });

  it('the hand-labelled review parts: outcome recall ≥ 0.70, shortcoming and plan F1 ≥ 0.95', () => {
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
    expect(tagOf(d2024, '国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。')).toBe('outcome');
    expect(tagOf(d2024, '——科技创新实现新的突破。')).toBe('outcome');
    expect(tagOf(d2024, '创新驱动发展能力持续提升。')).toBe('outcome');
    expect(tagOf(d2024, '出口占国际市场份额保持稳定，实际使用外资结构优化，共建“一带一路”的国际影响力、感召力更为彰显。')).toBe('outcome');
    expect(tagOf(d2024, '在这种情况下，政策抉择和工作推进面临的两难多难问题明显增加。')).toBe('shortcoming');
    // A shortfall stated as the predicate stays a problem after a remedy word (化解, 防范).
    expect(tagOf(byYear.get(2025)!, '社会矛盾化解和风险防范工作还需要加强。')).toBe('shortcoming');
    const d2019 = byYear.get(2019)!;
    expect(tagOf(d2019, '世界经济增速放缓，保护主义、单边主义加剧，国际大宗商品价格大幅波动，不稳定不确定因素明显增加，外部输入性风险上升。')).toBe('shortcoming');
    expect(tagOf(d2019, '我国60岁以上人口已达2.5亿。')).toBe('other');
    expect(d2019.units.find((u) => u.text === '我国60岁以上人口已达2.5亿。')!.section).toBe('plans');
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
