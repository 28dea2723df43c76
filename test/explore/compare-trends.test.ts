/**
 * `fazhi compare --by A,report_year` writes trends.csv beside the comparison:
 * the panel of A over the years, as trends.ts computes it. On real
 * consecutive reports (the national government work reports of 2023–2025 as
 * one township) and on the seeds grouped by a --meta column.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/output/csv.js';
import { TREND_COLUMNS, trendPanel, trends } from '../../src/explore/trends.js';
import { runAnalysis } from '../../src/pipeline/analyze.js';
import { analyzeNationalYears, nationalCorpusPresent, NATIONAL_CORPUS } from '../helpers/national-folder.js';
import { SEED_DIR, SEED_FILES } from '../helpers/seeds.js';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

if (!nationalCorpusPresent) console.warn(`test/explore/compare-trends.test.ts: national reports skipped: ${NATIONAL_CORPUS} not found`);

function compare(dir: string, by: string, out: string): string {
  if (!existsSync(CLI)) throw new Error('build first (npm run build)');
  const run = spawnSync(process.execPath, [CLI, 'compare', dir, '--by', by, '--out', out], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

function table(path: string): Array<Record<string, string>> {
  return readCsv(readFileSync(path, 'utf8'));
}

it('only a grouping crossed with report_year has a panel', () => {
  expect(trendPanel('township,report_year')).toEqual(['township']);
  expect(trendPanel('report_year,county,pilot')).toEqual(['county', 'pilot']);
  expect(trendPanel('report_year')).toBeNull();
  expect(trendPanel('township')).toBeNull();
  expect(trendPanel('document')).toBeNull();
});

describe.skipIf(!nationalCorpusPresent)('compare --by township,report_year on the national reports 2023–2025', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await analyzeNationalYears([2023, 2024, 2025]);
  }, 180_000);
  afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

  it('writes trends.csv, the township × year panel of `fazhi trends`, and names it in its summary', () => {
    const out = join(dirname(dir), 'compared');
    const stdout = compare(dir, 'township,report_year', out);
    expect(stdout).toMatch(/wrote .*compare\.json, trends\.csv/);
    const rows = table(join(out, 'trends.csv'));
    expect(Object.keys(rows[0]!)).toEqual([...TREND_COLUMNS]);
    const expected = trends(dir);
    expect(rows.length).toBe(expected.rows.length);
    const township = rows.filter((r) => r.scope === 'township');
    expect(new Set(township.map((r) => r.report_year))).toEqual(new Set(['2023', '2024', '2025']));
    // The panel's groups are compare's units: each township × year row counts the sentences of its profile.
    const profiles = table(join(out, 'profiles.csv'));
    for (const p of profiles) {
      const plan = township.find((r) => r.report_year === p.report_year && r.variable === 'plan')!;
      expect(plan.n_sentences).toBe(p.n_sentences);
      expect(plan.n_with).toBe(p.n_plan);
      expect(Number(plan.share)).toBeCloseTo(Number(p.share_plan), 6);
    }
    // The change from the year before, per theme and function.
    const y2024 = township.find((r) => r.report_year === '2024' && r.variable === 'plan')!;
    const y2023 = township.find((r) => r.report_year === '2023' && r.variable === 'plan')!;
    expect(y2024.previous_year).toBe('2023');
    expect(Number(y2024.change_abs)).toBeCloseTo(Number(y2024.share) - Number(y2023.share), 5);
    // reuse.csv: each report's document variables beside its row.
    const reuse = table(join(out, 'reuse.csv'));
    expect(reuse.length).toBe(2);
    for (const r of reuse) expect(r.report_year).toBe(r.year);
  }, 120_000);
});

describe('compare --by a --meta column crossed with report_year on the seeds', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'fazhi-compare-trends-')), 'out');
    const frame = join(dirname(dir), 'frame.csv');
    writeFileSync(frame, 'file,region\n' + SEED_FILES.map((f, i) => `${f},${i < 3 ? 'west' : 'east'}`).join('\n') + '\n');
    await runAnalysis(SEED_DIR, dir, { metaFile: frame, jobs: 1 });
  }, 120_000);
  afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

  it('trends.csv has a row per region and year, named in a group column; without report_year there is none', () => {
    const out = join(dirname(dir), 'by-region-year');
    compare(dir, 'region,report_year', out);
    const rows = table(join(out, 'trends.csv'));
    expect(Object.keys(rows[0]!)).toEqual(['scope', 'group', ...TREND_COLUMNS.slice(1)]);
    const docs = table(join(dir, 'documents.csv'));
    const panel = rows.filter((r) => r.scope === 'region' && r.variable === 'measure');
    const cells = new Set(docs.map((d) => `${d.region} ${d.report_year}`));
    expect(new Set(panel.map((r) => `${r.group} ${r.report_year}`))).toEqual(cells);
    for (const r of panel) {
      const members = docs.filter((d) => d.region === r.group && d.report_year === r.report_year);
      expect(Number(r.n_docs)).toBe(members.length);
      // A group's province where its reports agree, else empty.
      const provinces = new Set(docs.filter((d) => d.region === r.group).map((d) => d.province));
      expect(r.province).toBe(provinces.size === 1 ? [...provinces][0] : '');
    }
    const plain = join(dirname(dir), 'by-region');
    compare(dir, 'region', plain);
    expect(existsSync(join(plain, 'trends.csv'))).toBe(false);
  }, 120_000);
});
