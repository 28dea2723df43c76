import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareFolder } from '../../src/compare/compare.js';
import { shippedTaxonomy } from '../../src/themes/taxonomy.js';
import { writeCompareResult } from '../../src/compare/write.js';
import { addSharedWithColumn } from '../../src/compare/shared-column.js';
import {
  buildReportHtml,
  deriveProfiles,
  estimateTextWidth,
  formatValue,
  heatmap,
  htmlTable,
  pca,
  profileThemes,
  reportDataFromFolder,
  svgImage,
  unitLabels,
  boilerplateShares,
  writeReport,
  type ReportData,
} from '../../src/report/index.js';
import { fazhi } from '../helpers/cli.js';
import { copyOfSeedAnalysis, seedAnalysis } from '../helpers/seed-folders.js';

const TOWNSHIPS = ['高梁镇', '大场镇', '玉龙镇', '云冈镇', '红土乡'];

/** One analyzed folder (analyze only, read only) and one compared folder, shared by the tests below. */
let analyzed: string;
let compared: string;

beforeAll(() => {
  analyzed = seedAnalysis();
  // The tests write report.html and trends.csv into it.
  compared = copyOfSeedAnalysis(mkdtempSync(join(tmpdir(), 'fazhi-report-c-')), { compared: true });
});

describe('charts', { timeout: 30_000 }, () => {
  it('estimates Chinese text as one em per character and Latin narrower', () => {
    expect(estimateTextWidth('普法宣传', 10)).toBe(40);
    expect(estimateTextWidth('abc', 10)).toBeLessThan(20);
  });

  it('formats shares and counts for labels', () => {
    expect(formatValue(0.123, 'percent')).toBe('12%');
    expect(formatValue(0.004, 'percent')).toBe('0.4%');
    expect(formatValue(0, 'percent')).toBe('0');
    expect(formatValue(1234)).toBe('1,234');
  });

  it('renders a heatmap to SVG with Chinese labels, values and cell links', async () => {
    const svg = await heatmap(
      [
        { row: '高梁镇', column: '普法宣传', value: 0.31, href: '#a' },
        { row: '大场镇', column: '普法宣传', value: 0.04, href: '#b' },
      ],
      { title: '主题分布', format: 'percent' },
    );
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['高梁镇', '大场镇', '普法宣传', '主题分布', '31%', '4.0%']) expect(svg).toContain(`>${text}<`);
    expect(svg).toContain('href="#a"');
    expect(svg).toContain('Noto Sans CJK SC');
    // Same data, same picture.
    const again = await heatmap([{ row: '高梁镇', column: '普法宣传', value: 0.31, href: '#a' }, { row: '大场镇', column: '普法宣传', value: 0.04, href: '#b' }], { title: '主题分布', format: 'percent' });
    expect(again).toBe(svg);
  });

  it('wraps an SVG as an image for notebook viewers', () => {
    const img = svgImage('<svg width="10" height="20"></svg>');
    expect(img).toMatch(/^<img alt="chart" width="10" height="20" style="max-width:none" src="data:image\/svg\+xml;base64,/);
  });

  it('escapes every table cell', () => {
    const html = htmlTable([{ a: '<b>&' }], [{ title: 'x<', value: (r) => r.a }]);
    expect(html).toContain('<td>&lt;b&gt;&amp;</td>');
    expect(html).toContain('<th>x&lt;</th>');
  });
});

describe('pca', () => {
  it('finds the direction of points on a line', () => {
    const rows = [0, 1, 2, 3, 4].map((t) => [t, 2 * t + 1, 5]);
    const p = pca(rows, ['a', 'b', 'c']);
    expect(p.columns).toEqual(['a', 'b']); // the constant column is dropped
    expect(p.explained[0]).toBeCloseTo(1, 6);
    expect(p.scores.map((s) => s[0]!)).toEqual([...p.scores.map((s) => s[0]!)].sort((x, y) => x - y));
    expect(Math.abs(p.scores[2]![0]!)).toBeLessThan(1e-9);
  });

  it('is deterministic and sign-stable', () => {
    const rows = [
      [0.1, 0.3, 0.2],
      [0.4, 0.1, 0.0],
      [0.2, 0.2, 0.5],
      [0.0, 0.6, 0.1],
    ];
    const a = pca(rows);
    const b = pca(rows.map((r) => [...r]));
    expect(a).toEqual(b);
    expect(a.explained[0]! + a.explained[1]!).toBeLessThanOrEqual(1 + 1e-9);
    expect(a.explained[0]!).toBeGreaterThanOrEqual(a.explained[1]!);
  });
});

describe('report data', () => {
  it('labels units by township and year, with the county when names repeat', () => {
    const data = {
      by: 'document',
      profiles: {
        columns: ['unit', 'township', 'county', 'years'],
        rows: [
          { unit: 'a', township: '新华镇', county: '甲县', years: '2021' },
          { unit: 'b', township: '新华镇', county: '乙县', years: '2021' },
          { unit: 'c', township: '', county: '', years: '' },
          { unit: 'd', township: '东城街道', county: '', years: '2020;2022' },
        ],
      },
    } as unknown as ReportData;
    expect([...unitLabels(data).values()]).toEqual(['甲县新华镇 2021', '乙县新华镇 2021', 'c', '东城街道 2020–2022']);
  });

  it('derives per-report shares when the comparison has not run', () => {
    const p = deriveProfiles(
      [{ docId: 'd1', file: '', title: '', township: '甲镇', county: '', city: '', province: '', year: 2021, published: '', nUnits: 3, nChars: 0, sections: [] }],
      [
        { docId: 'd1', unitIndex: 0, kind: 'heading', section: 'measures', text: '一、', fn: '', themes: ['publicity'] },
        { docId: 'd1', unitIndex: 1, kind: 'sentence', section: 'measures', text: 'x', fn: 'measure', themes: ['publicity', 'pub_print'] },
        { docId: 'd1', unitIndex: 2, kind: 'sentence', section: 'measures', text: 'y', fn: 'plan', themes: [] },
      ],
      { function: true, themes: true },
      shippedTaxonomy(),
      { pub_print: 'publicity' },
    );
    expect(p.rows[0]).toMatchObject({ unit: 'd1', n_sentences: 2, share_measure: 0.5, share_publicity: 0.5, share_pub_print_in_publicity: 1 });
    expect(profileThemes(p, { pub_print: 'publicity' }).subs.get('publicity')).toContain('pub_print');
  });

  it('reads an analysis folder with and without the comparison', () => {
    const plain = reportDataFromFolder(analyzed);
    expect(plain.compared).toBe(false);
    expect(plain.documents.map((d) => d.township)).toEqual(TOWNSHIPS);
    expect(plain.has).toEqual({ function: true, themes: true });
    expect(plain.notes.join(' ')).toMatch(/comparison has not been run/);
    const full = reportDataFromFolder(compared);
    expect(full.compared).toBe(true);
    expect(full.profiles.rows).toHaveLength(5);
    expect(full.clusters?.rows).toHaveLength(5);
    expect(full.keyness?.length).toBeGreaterThan(0);
    // The seeds share no passage. Compared by the library (no shared_with column in sentences.csv), the share per report is profiles.csv's.
    expect(full.boilerplate).toEqual([]);
    expect(full.sentences.every((s) => s.sharedWith === null)).toBe(true);
    expect(boilerplateShares(full).map((r) => [r.label, r.shared, r.sentences])).toEqual(full.profiles.rows.map((r) => [expect.stringContaining(String(r.township)), 0, Number(r.n_sentences)]));
    // Compared in place as the CLI does, the shares are per report from sentences.csv.
    const inPlace = copyOfSeedAnalysis(mkdtempSync(join(tmpdir(), 'fazhi-report-shared-')), { compared: true });
    addSharedWithColumn(inPlace, compareFolder(inPlace).sharedSentences);
    const withColumn = reportDataFromFolder(inPlace);
    const sentencesOf = (id: string) => withColumn.sentences.filter((s) => s.docId === id && s.kind === 'sentence');
    expect(withColumn.sentences.filter((s) => s.kind === 'heading').every((s) => s.sharedWith === null)).toBe(true);
    expect(boilerplateShares(withColumn).map((r) => [r.docId, r.shared, r.sentences])).toEqual(withColumn.documents.map((d) => [d.docId, 0, sentencesOf(d.docId).length]));
  });

  it('leaves out a boilerplate.csv of a row per sentence (an earlier fazhi) and says to compare again', () => {
    const dir = copyOfSeedAnalysis(mkdtempSync(join(tmpdir(), 'fazhi-report-stale-')), { compared: true });
    const first = reportDataFromFolder(dir).sentences.find((s) => s.kind === 'sentence')!;
    writeFileSync(join(dir, 'boilerplate.csv'), `doc_id,unit_index,n_chars,checked,shared_with,shared_docs,text\r\n${first.docId},${first.unitIndex},20,true,0,,"${first.text.replaceAll('"', '""')}"\r\n`);
    const data = reportDataFromFolder(dir);
    expect(data.boilerplate).toBeNull();
    expect(data.notes.join(' ')).toMatch(/boilerplate\.csv .* a row per sentence, as an earlier fazhi wrote it: run `fazhi compare` again/);
    expect(data.notes.join(' ')).not.toMatch(/boilerplate\.csv is missing/);
  });

  it('refuses a folder without an analysis', () => {
    expect(() => reportDataFromFolder(mkdtempSync(join(tmpdir(), 'fazhi-report-empty-')))).toThrow(/documents\.csv/);
  });
});

describe('report.html', { timeout: 60_000 }, () => {
  it('is one self-contained page with the heatmap, the cluster map and the tables', async () => {
    const path = await writeReport(compared);
    expect(path).toBe(join(compared, 'report.html'));
    const html = readFileSync(path, 'utf8');
    expect(readdirSync(compared).filter((f) => f.endsWith('.partial'))).toEqual([]);
    // Self-contained: no external scripts, styles, images or fonts.
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link\s|@import|url\(\s*['"]?https?:/i);
    const urls = [...html.matchAll(/(?:src|href)="([^"#][^"]*)"/g)].map((m) => m[1]);
    expect(urls).toEqual([]);
    for (const id of ['overview', 'documents', 'functions', 'themes', 'channels', 'terms', 'clusters', 'boilerplate']) expect(html).toContain(`<section id="${id}">`);
    for (const t of TOWNSHIPS) expect(html).toContain(t);
    // The heatmap (with a link per cell to the sentences behind it) and the cluster map are inline SVG.
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(5);
    expect(html).toMatch(/href="#cell-0-publicity"/);
    expect(html).toMatch(/<div id="cell-0-publicity"><h3>/);
    expect(html).toContain('k-means 聚类');
    expect(html).not.toContain('fazhi compare OUTDIR');
  });

  it('degrades with a note when the comparison has not run', async () => {
    const html = await buildReportHtml(reportDataFromFolder(analyzed));
    expect(html).toContain('The comparison has not been run on this folder');
    expect(html).toContain('主题分布'); // the heatmap, from sentences.csv
    expect(html).toMatch(/href="#cell-0-publicity"/);
    expect(html).toContain('fazhi compare OUTDIR'); // in place of terms, clusters, boilerplate
  });

  it('is written by `fazhi report OUTDIR`', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fazhi-report-out-')), 'page.html');
    const r = fazhi(['report', analyzed, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toContain('<!DOCTYPE html>');
    const bad = fazhi(['report', join(analyzed, 'nope')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a folder/);
  });
});

describe('report.html for a paper appendix (issue 24)', { timeout: 60_000 }, () => {
  it('reads the silhouette as Kaufman & Rousseeuw do', async () => {
    const { silhouetteReading } = await import('../../src/report/index.js');
    expect(silhouetteReading(0.12)).toMatch(/no substantial structure/);
    expect(silhouetteReading(0.3)).toMatch(/weak/);
    expect(silhouetteReading(0.6)).toMatch(/reasonable/);
    expect(silhouetteReading(0.8)).toMatch(/strong/);
  });

  it('shows every share of the heatmap with its count and marks the thin ones', async () => {
    const html = await buildReportHtml(reportDataFromFolder(compared));
    // Each heatmap cell has a hover title with n/N sentences; 5 townships × 13 themes.
    const titles = [...html.matchAll(/<title>([^<]*（\d+\/\d+ 句）)<\/title>/g)].map((m) => m[1]!);
    expect(titles.filter((t) => t.startsWith('高梁镇 2021 · ')).length).toBeGreaterThanOrEqual(13);
    expect(html).toContain('少于 5 句');
    // The cluster section reads its silhouette and names each cluster's own features.
    expect(html).toMatch(/平均轮廓系数 [\d.]+：<span class="reading">/);
    expect(html).toContain('各类的特征');
  });

  it('lists distinctive terms only when significant after correction, whole words with counts, and says so when none is', async () => {
    const { distinctiveTerms, isWholeWord } = await import('../../src/report/index.js');
    expect(isWholeWord('高梁')).toBe(true);
    expect(isWholeWord('静')).toBe(false);
    expect(isWholeWord('A级')).toBe(false);
    const data = reportDataFromFolder(compared);
    expect(data.keynessCorrected).toBe(true); // compare writes p_adjusted (Benjamini–Hochberg) in keyness.csv
    const shown = distinctiveTerms(data, 100).flatMap((u) => u.terms);
    expect(shown.length).toBeGreaterThan(0);
    for (const t of shown) expect(isWholeWord(t.term)).toBe(true);
    // With p_adjusted: only the terms below 0.05 after correction.
    const corrected: ReportData = { ...data, keynessCorrected: true, keyness: data.keyness!.map((k, i) => ({ ...k, pAdjusted: i === 0 ? 0.001 : 0.5 })) };
    const kept = distinctiveTerms(corrected, 100).flatMap((u) => u.terms.map((t) => t.term));
    expect(kept).toEqual(isWholeWord(data.keyness![0]!.term) ? [data.keyness![0]!.term] : []);
    const none: ReportData = { ...data, keynessCorrected: true, keyness: data.keyness!.map((k) => ({ ...k, pAdjusted: 0.5 })) };
    expect(await buildReportHtml(none)).toContain('没有任何单位的特色词达到显著水平');
  });

  it('reads a comparison written to another folder (--compare), and names that command when handed the comparison folder', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'fazhi-report-cmp-'));
    writeCompareResult(await compareFolder(analyzed), elsewhere);
    const data = reportDataFromFolder(analyzed, elsewhere);
    expect(data.compared).toBe(true);
    expect(data.clusters?.rows).toHaveLength(5);
    expect(() => reportDataFromFolder(elsewhere)).toThrow(/--compare/);
    const out = join(elsewhere, 'page.html');
    const r = fazhi(['report', analyzed, '--compare', elsewhere, '--out', out, '-q']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('k-means 聚类');
    const wrong = fazhi(['report', elsewhere]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain(`fazhi report ANALYSIS_DIR --compare ${elsewhere}`);
  });

  it('shows trends.csv over the years when the folder has it, and leaves the section out when not', async () => {
    const { trends, writeTrends } = await import('../../src/explore/trends.js');
    expect(await buildReportHtml(reportDataFromFolder(compared))).not.toContain('<section id="trends">');
    writeTrends(trends(compared), compared);
    const html = await buildReportHtml(reportDataFromFolder(compared));
    expect(html).toContain('<section id="trends">');
    // Years of the five reports as columns, each share with its count.
    for (const y of ['2020', '2021', '2023', '2025']) expect(html).toMatch(new RegExp(`措施 · ${y}: [\\d.]+%（\\d+/\\d+ 句`));
  });

  it('draws association.csv as standardized residuals by group, with counts on hover', async () => {
    const data = reportDataFromFolder(compared);
    // association.csv's columns (kind, variable, group, n_sentences, n_with, expected, residual), computed here from the profiles of the five reports.
    const themes = ['publicity', 'enforcement'];
    const rows = themes.flatMap((t) => {
      const totalWith = data.profiles.rows.reduce((a, r) => a + Number(r[`n_${t}`]), 0);
      const total = data.profiles.rows.reduce((a, r) => a + Number(r.n_sentences), 0);
      return data.profiles.rows.map((r) => {
        const expected = (Number(r.n_sentences) * totalWith) / total;
        return { kind: 'theme', variable: t, group: String(r.township), n_sentences: String(r.n_sentences), n_with: String(r[`n_${t}`]), expected: String(expected), residual: String((Number(r[`n_${t}`]) - expected) / Math.sqrt(expected)), p_adjusted: '0.01' };
      });
    });
    const html = await buildReportHtml({ ...data, extras: { association: rows, trends: null, promiseRates: null, agreement: null } });
    expect(html).toContain('<section id="association">');
    const titles = [...html.matchAll(/<title>(普法宣传 · [^<]*)<\/title>/g)].map((m) => m[1]!);
    expect(titles).toHaveLength(5);
    for (const t of titles) expect(t).toMatch(/残差 -?\d+\.\d\d（\d+\/\d+ 句），校正后 p = 0\.01/);
    expect(await buildReportHtml(data)).not.toContain('<section id="association">');
  });
});
