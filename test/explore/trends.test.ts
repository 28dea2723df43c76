/**
 * Trends over report years on real consecutive reports: the national
 * government work reports of 2023, 2024 and 2025 analyzed as one township,
 * and the five seeds (five townships, one year each).
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/output/csv.js';
import { TREND_COLUMNS, trends, writeTrends } from '../../src/explore/trends.js';
import { nationalCorpusPresent, NATIONAL_CORPUS, withNationalAnalysis } from '../helpers/national-folder.js';
import { copyOfSeedAnalysis } from '../helpers/seed-folders.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

if (!nationalCorpusPresent) console.warn(`test/explore/trends.test.ts: national reports skipped: ${NATIONAL_CORPUS} not found`);

/** Sentences per year and with each function or theme, counted here from sentences.csv and documents.csv. */
function countsByYear(dir: string): Map<number, { n: number; with: Map<string, number> }> {
  const year = new Map(readCsv(readFileSync(join(dir, 'documents.csv'), 'utf8')).map((d) => [d.doc_id!, Number(d.report_year)]));
  const out = new Map<number, { n: number; with: Map<string, number> }>();
  for (const s of readCsv(readFileSync(join(dir, 'sentences.csv'), 'utf8'))) {
    if (s.kind !== 'sentence') continue;
    const y = year.get(s.doc_id!)!;
    let c = out.get(y);
    if (!c) out.set(y, (c = { n: 0, with: new Map() }));
    c.n++;
    const keys = [`function:${s.function}`, ...new Set(s.themes!.split(';').filter(Boolean).map((t) => `theme:${t}`))];
    for (const k of keys) c.with.set(k, (c.with.get(k) ?? 0) + 1);
  }
  return out;
}

describe.skipIf(!nationalCorpusPresent)('trends of the national reports 2023–2025', () => {
  const national = withNationalAnalysis([2023, 2024, 2025]);

  it('gives each year\'s share of sentences per function and theme, and the change from the year before', () => {
    const r = trends(national.dir);
    expect(r.years).toEqual([2023, 2024, 2025]);
    const counts = countsByYear(national.dir);
    const corpus = r.rows.filter((x) => x.scope === 'corpus');
    for (const row of corpus) {
      const c = counts.get(row.report_year)!;
      const n = c.with.get(`${row.variable_kind}:${row.variable}`) ?? 0;
      expect(row.n_sentences).toBe(c.n);
      expect(row.n_with).toBe(n);
      expect(row.share).toBeCloseTo(n / c.n, 12);
      const prev = corpus.find((x) => x.report_year === row.report_year - 1 && x.variable === row.variable && x.variable_kind === row.variable_kind);
      if (row.report_year === 2023) {
        expect(row.previous_year).toBeNull();
        expect(row.change_abs).toBeNull();
      } else {
        expect(row.previous_year).toBe(row.report_year - 1);
        expect(row.change_abs).toBeCloseTo(row.share - prev!.share, 12);
        if (prev!.share > 0) expect(row.change_rel).toBeCloseTo((row.share - prev!.share) / prev!.share, 12);
        else expect(row.change_rel).toBeNull();
      }
    }
    // Plans are a large part of every year: the reports plan the year ahead.
    for (const y of [2023, 2024, 2025]) expect(corpus.find((x) => x.report_year === y && x.variable === 'plan')!.share).toBeGreaterThan(0.2);
  });

  it('the township panel of a corpus of one township is the corpus', () => {
    const r = trends(national.dir);
    const strip = ({ scope: _s, township: _t, county: _c, province: _p, ...rest }: (typeof r.rows)[number]) => rest;
    expect(r.rows.filter((x) => x.scope === 'township').map(strip)).toEqual(r.rows.filter((x) => x.scope === 'corpus').map(strip));
    expect(r.rows.find((x) => x.scope === 'township')!.township).toBe('国务院');
  });
});

describe('trends of the seeds (five townships, one year each)', () => {
  let dir: string;
  beforeAll(() => {
    // The seeds analyzed once for the run, copied: the test writes trends.csv.
    dir = copyOfSeedAnalysis(mkdtempSync(join(tmpdir(), 'fazhi-trends-')));
  });
  afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

  it('a township with one report has no change; trends.csv has the documented columns', () => {
    const r = trends(dir);
    const townships = r.rows.filter((x) => x.scope === 'township');
    expect(new Set(townships.map((x) => x.township)).size).toBe(5);
    for (const x of townships) {
      expect(x.previous_year).toBeNull();
      expect(x.change_abs).toBeNull();
    }
    const path = writeTrends(r, dir);
    const rows = readCsv(readFileSync(path, 'utf8'));
    expect(Object.keys(rows[0]!)).toEqual([...TREND_COLUMNS]);
    expect(rows.length).toBe(r.rows.length);
  });
});
