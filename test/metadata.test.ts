import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReport } from '../src/pipeline/parse.js';
import { analyzeCorpus } from '../src/pipeline/analyze.js';
import { placesIn } from '../src/metadata/places.js';
import { SEED_DIR, seedFile, seedText } from './helpers/seeds.js';

// The script is the structure's business (test/traditional.test.ts); these compare what metadata inference found.
const meta = (prefix: string) => {
  const { script: _script, ...inferred } = parseReport(seedText(prefix), { file: seedFile(prefix), stages: [] }).meta;
  return inferred;
};

describe('metadata of the five seeds', () => {
  it('高梁镇 (000): issuer block, page header date, report year from the title', () => {
    expect(meta('000')).toEqual({
      title: '重庆市万州区高梁镇人民政府关于2021年度法治政府建设情况的报告',
      township: '高梁镇', county: '万州区', city: '重庆市', province: '重庆市',
      admin_level: 'township', report_year: 2021, published: '2022-01-12',
    });
  });
  it('大场镇 (001): province from the site name in the page title', () => {
    expect(meta('001')).toEqual({
      title: '宝山区大场镇2020年法治政府建设工作情况报告',
      township: '大场镇', county: '宝山区', city: '上海市', province: '上海市',
      admin_level: 'township', report_year: 2020, published: '2021-03-10',
    });
  });
  it('玉龙镇 (002): places from the signature, published date from the signed date', () => {
    expect(meta('002')).toEqual({
      title: '2021年法治政府建设情况报告',
      township: '玉龙镇', county: '大足区', city: '重庆市', province: '重庆市',
      admin_level: 'township', report_year: 2021, published: '2021-11-23',
    });
  });
  it('云冈镇 (003): city from a cited plan, province left empty because the text never names it', () => {
    expect(meta('003')).toEqual({
      title: '云冈区云冈镇2025年法治政府建设年度报告',
      township: '云冈镇', county: '云冈区', city: '大同市', province: '',
      admin_level: 'township', report_year: 2025, published: '',
    });
  });
  it('红土乡 (004): "红土乡县" yields the township and no invented county', () => {
    expect(meta('004')).toEqual({
      title: '关于2023年法治政府建设情况的报告',
      township: '红土乡', county: '', city: '重庆市', province: '重庆市',
      admin_level: 'township', report_year: 2023, published: '2024-03-01',
    });
  });
});

describe('place names', () => {
  it('cuts an issuer string at administrative suffixes', () => {
    expect(placesIn('重庆市万州区高梁镇人民政府')).toEqual({ province: '重庆市', city: '重庆市', county: '万州区', township: '高梁镇' });
    expect(placesIn('浙江省杭州市西湖区留下街道办事处')).toEqual({ province: '浙江省', city: '杭州市', county: '西湖区', township: '留下街道' });
    expect(placesIn('四川省宜宾市叙州区')).toEqual({ province: '四川省', city: '宜宾市', county: '叙州区', township: '' });
  });
  it('reads a street office as admin level street and a bureau as a department', () => {
    const street = parseReport('浙江省杭州市西湖区留下街道办事处关于2022年度法治政府建设情况的报告\n2022年,留下街道坚持依法行政,推进法治政府建设。\n一、主要举措和成效\n开展普法宣传活动5场次。', { stages: [] });
    expect(street.meta).toMatchObject({ township: '留下街道', admin_level: 'street', report_year: 2022 });
    const dept = parseReport('某某县司法局关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n我局坚持依法行政,推进法治政府建设。', { stages: [] });
    expect(dept.meta.admin_level).toBe('department');
  });
});

describe('--meta overrides', () => {
  it('replaces inferred fields with the researcher\'s sampling frame, keyed by file name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-meta-'));
    const metaFile = join(dir, 'meta.csv');
    writeFileSync(metaFile, `file,province,county,report_year\n${seedFile('004')},重庆市,奉节县,2023\n${seedFile('003')},山西省,,\n`);
    const { docs } = await analyzeCorpus(SEED_DIR, { metaFile, stages: [] });
    const hongtu = docs.find((d) => d.file === seedFile('004'))!;
    expect(hongtu.meta).toMatchObject({ province: '重庆市', county: '奉节县', township: '红土乡', report_year: 2023 });
    expect(hongtu.meta.overridden).toEqual(['county', 'province', 'report_year']);
    expect(docs.find((d) => d.file === seedFile('003'))!.meta).toMatchObject({ province: '山西省', county: '云冈区' });
    expect(docs.find((d) => d.file === seedFile('000'))!.meta.overridden).toBeUndefined();
  });
  it('rejects a metadata file with an impossible value, naming file and row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-meta-'));
    const metaFile = join(dir, 'meta.csv');
    writeFileSync(metaFile, 'file,report_year\na.txt,2021\nb.txt,twenty\n');
    await expect(analyzeCorpus(SEED_DIR, { metaFile, stages: [] })).rejects.toThrow(/meta\.csv, row 3: report_year "twenty"/);
  });
});
