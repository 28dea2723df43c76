/**
 * The theme taxonomy is stated once, in the dictionary: `fazhi analyze`
 * records each category's id, parent and names in run.json, and compare and
 * the report take them from there. A researcher's dictionary that reuses a
 * shipped id (`publicity`) as a parent of sub-themes of its own gets exactly
 * its own columns and its own names, not the shipped ones.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAnalysis } from '../../src/pipeline/analyze.js';
import { compareFolder } from '../../src/compare/compare.js';
import { writeCompareResult } from '../../src/compare/write.js';
import { reportDataFromFolder, buildReportHtml } from '../../src/report/index.js';
import { loadThemeDictionary } from '../../src/themes/dictionary.js';
import { shippedTaxonomy, taxonomyInRun } from '../../src/themes/taxonomy.js';
import { SEED_DIR } from '../helpers/seeds.js';

// Cues taken from the seed reports: 法治讲座 (000, 001), 微信群/抖音/短视频 (002), 法律明白人 (003).
const OWN_DICT = `publicity:
  _label: 法治宣传（自编）
  _short: 宣传
  _sub_chart: {title: 宣传的形式, heading: 宣传形式, kind: 形式}
  _terms: [普法, 法治宣传]
  lectures:
    _label: 讲座与宣讲
    _terms: [讲座, 宣讲]
  new_media:
    _label: 新媒体
    _terms: [微信, 抖音, 短视频]
legal_literacy: [法律明白人]
`;

let dir: string;
let dictPath: string;
let html: string;

beforeAll(async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'fazhi-taxonomy-'));
  dictPath = join(scratch, 'own.yml');
  writeFileSync(dictPath, OWN_DICT);
  dir = join(scratch, 'out');
  await runAnalysis(SEED_DIR, dir, { dict: dictPath, dictMode: 'replace' });
  writeCompareResult(compareFolder(dir), dir);
  html = await buildReportHtml(reportDataFromFolder(dir));
}, 120_000);

const themeShareColumns = (columns: readonly string[]) =>
  columns.filter((c) => c.startsWith('share_') && !c.includes('__') && !['measure', 'outcome', 'shortcoming', 'plan', 'suggestion', 'other'].includes(c.slice(6)));

describe('the taxonomy of a --dict-mode replace dictionary', () => {
  it('is recorded in run.json: ids, parents, names and source, in dictionary order', () => {
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(run.theme_categories).toEqual([
      { id: 'publicity', parent: null, label: '法治宣传（自编）', short_label: '宣传', sub_chart: { title: '宣传的形式', heading: '宣传形式', kind: '形式' }, source: dictPath },
      { id: 'lectures', parent: 'publicity', label: '讲座与宣讲', short_label: null, sub_chart: null, source: dictPath },
      { id: 'new_media', parent: 'publicity', label: '新媒体', short_label: null, sub_chart: null, source: dictPath },
      { id: 'legal_literacy', parent: null, label: null, short_label: null, sub_chart: null, source: dictPath },
    ]);
  });

  it('gives profiles.csv exactly its own theme columns: share_<sub>_in_publicity for its sub-themes, no pub_* column', () => {
    const r = compareFolder(dir);
    expect(themeShareColumns(r.profiles.columns)).toEqual([
      'share_publicity',
      'share_lectures',
      'share_lectures_in_publicity',
      'share_new_media',
      'share_new_media_in_publicity',
      'share_legal_literacy',
    ]);
    expect(r.profiles.columns.filter((c) => /pub_|enf_/.test(c))).toEqual([]);
    expect(r.options.themeParents).toEqual({ lectures: 'publicity', new_media: 'publicity' });
    // 002 names 微信群、QQ群、抖音、短视频 in its publicity sentences.
    const row = r.profiles.rows.find((x) => String(x.unit).startsWith('002'))!;
    expect(Number(row.n_new_media)).toBeGreaterThan(0);
    expect(Number(row.share_new_media_in_publicity)).toBeGreaterThan(0);
    expect(Number(row.share_new_media_in_publicity)).toBeLessThanOrEqual(1);
  });

  it('shows its names in the report, with the chart of its sub-themes titled as the dictionary says', () => {
    expect(html).toContain('<h2>宣传形式</h2>');
    expect(html).toContain('宣传的形式');
    expect(html).toContain('在谈到宣传的句子中，各种形式所占的比例。');
    expect(html).toContain('<span class="tag">宣传</span>');
    expect(html).toContain('讲座与宣讲');
    expect(html).toContain('新媒体');
    // Neither the shipped names of publicity and its channels nor their chart.
    for (const shipped of ['<span class="tag">普法宣传</span>', '普法宣传的渠道与对象', '普法渠道', '宣传品', '网络媒体']) expect(html).not.toContain(shipped);
  });
});

describe('an analysis folder without the taxonomy in run.json', () => {
  it('is compared with the shipped taxonomy, and a note says so', () => {
    const legacy = mkdtempSync(join(tmpdir(), 'fazhi-taxonomy-legacy-'));
    cpSync(dir, legacy, { recursive: true });
    const run = JSON.parse(readFileSync(join(legacy, 'run.json'), 'utf8'));
    delete run.theme_categories;
    run.options.dictMode = 'add';
    writeFileSync(join(legacy, 'run.json'), JSON.stringify(run));
    const r = compareFolder(legacy);
    expect(r.notes.join(' ')).toMatch(/run\.json records no theme categories.*shipped dictionary/);
    for (const id of shippedTaxonomy().ids) expect(r.profiles.columns).toContain(`share_${id}`);
    expect(r.options.themeParents).toEqual(shippedTaxonomy().parents);
  });

  it('a malformed record is an error naming run.json', () => {
    expect(() => taxonomyInRun({ theme_categories: [{ id: 'sub', parent: 'missing' }] }, 'x/run.json')).toThrow(/x\/run\.json: theme_categories: the parent "missing" of "sub"/);
  });
});

describe('the shipped dictionary names every category', () => {
  it('with the guide\'s names (§4) and the short names of the charts', () => {
    const t = shippedTaxonomy();
    expect(t.categories.every((c) => c.label && c.short_label && c.source === 'dictionaries/themes.yml')).toBe(true);
    expect(t.label('leadership')).toBe('组织领导与责任落实');
    expect(t.label('publicity')).toBe('普法宣传教育');
    expect(t.shortLabel('pub_print')).toBe('宣传品');
    expect(t.parentIds()).toEqual(['publicity', 'enforcement']);
    expect(t.topLevelIds()).toHaveLength(13);
  });

  it('rejects a label that is not a line of text, naming the file and the key', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'fazhi-taxonomy-bad-')), 'bad.yml');
    writeFileSync(bad, 'grid:\n  _label: [网格]\n  _terms: [网格员]\n');
    expect(() => loadThemeDictionary(bad)).toThrow(/bad\.yml: key "grid\._label": expected a line of text/);
  });
});
