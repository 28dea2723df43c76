import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReport } from '../../src/pipeline/parse.js';
import { analyzeCorpus } from '../../src/pipeline/analyze.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fill, mentionsIn } from '../../src/metadata/places.js';
import { divisionCode, gazetteer } from '../../src/metadata/gazetteer.js';
import type { DocumentMeta } from '../../src/model/document.js';
import { SEED_DIR, seedFile, seedText } from '../helpers/seeds.js';

// The script is the structure's business (test/text/traditional.test.ts); these compare what metadata inference found.
const meta = (prefix: string) => {
  const { script: _script, ...inferred } = parseReport(seedText(prefix), { file: seedFile(prefix), stages: [] }).meta;
  return inferred;
};

const seedMeta = (prefix: string, fields: Partial<DocumentMeta>) => ({ division_code: '', place_note: '', ...fields });

describe('metadata of the five seeds', () => {
  /** What each seed's metadata shows (the case), its prefix, and the fields inferred, read off each report by hand. */
  const SEEDS = (JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/metadata/seeds-expected.json', import.meta.url)), 'utf8')) as Array<{
    seed: string;
    case: string;
    meta: Partial<DocumentMeta>;
  }>).map((r) => [r.case, r.seed, r.meta] as const);
  expect(SEEDS).toHaveLength(5);
  it.each(SEEDS)('%s', (_what, prefix, fields) => {
    expect(meta(prefix)).toEqual(seedMeta(prefix, fields));
  });
});

/** Real report openings (test/fixtures/metadata/openings, urls in its sources.tsv), expectations read off each page. */
const OPENINGS = fileURLToPath(new URL('../fixtures/metadata/openings/', import.meta.url));
const opening = (name: string) => parseReport(readFileSync(join(OPENINGS, `${name}.txt`), 'utf8'), { file: `${name}.txt`, stages: [] }).meta;

describe('metadata of real report openings', () => {
  it('滑县万古镇 (河南): a clean township name out of "滑县万古镇人民政府", 发布时间 on the next line', () => {
    expect(opening('A-012')).toMatchObject({
      title: '滑县万古镇人民政府关于2025年法治政府建设情况的报告', township: '万古镇', county: '滑县', city: '安阳市',
      province: '河南省', admin_level: 'township', report_year: 2025, published: '2026-03-04', division_code: '410526106',
    });
  });
  it('桦甸市新华街道 (吉林): "桦甸市人民政府新华街道办事处" in the signature; a county-level city is the county', () => {
    expect(opening('B-010')).toMatchObject({
      township: '新华街道', county: '桦甸市', city: '吉林市', province: '吉林省', admin_level: 'street',
      report_year: 2012, published: '2013-03-07', division_code: '220282004',
    });
  });
  it('城口县鸡鸣乡 (重庆): dates of an index block "[ 发布日期 ] 2026-02-12"', () => {
    expect(opening('A-025')).toMatchObject({ township: '鸡鸣乡', county: '城口县', province: '重庆市', report_year: 2025, published: '2026-02-12' });
  });
  it('灰汤镇 (湖南): title after the breadcrumbs; 宁乡市 is a county-level city under 长沙市', () => {
    expect(opening('A-034')).toMatchObject({
      title: '灰汤镇2023年度法治政府建设情况报告', township: '灰汤镇', county: '宁乡市', city: '长沙市', province: '湖南省',
      report_year: 2023, published: '2024-01-30',
    });
  });
  it('惠安县 (福建): a county report whose issuer block follows the document number', () => {
    expect(opening('A-039')).toMatchObject({ township: '', county: '惠安县', city: '泉州市', province: '福建省', admin_level: 'county', report_year: 2025, division_code: '350521' });
  });
  it('川沙新镇 (上海): the title from the chrome, and "20243" (2024年3月) read as no year', () => {
    expect(opening('A-043')).toMatchObject({
      title: '2023年度浦东新区川沙新镇人民政府法治政府建设情况报告', township: '川沙新镇', county: '浦东新区', province: '上海市',
      report_year: 2023, published: '2024-03-20',
    });
  });
  it('独流镇 (天津): a district (静海区) is a county; no title, year from the opening sentence', () => {
    expect(opening('A-045')).toMatchObject({ township: '独流镇', county: '静海区', city: '天津市', province: '天津市', admin_level: 'township', report_year: 2024 });
  });
  it('东里镇 (广东): of three 东里镇, the one under 雷州市, whose 市委 the first sentence names', () => {
    expect(opening('A-059')).toMatchObject({ township: '东里镇', county: '雷州市', city: '湛江市', province: '广东省', report_year: 2025, division_code: '440882110' });
  });
  it('宁安镇 (宁夏): of 宁安市\'s and 中宁县\'s 宁安镇, the one under a 县, as "在县委、县政府的坚强领导下" says', () => {
    expect(opening('A-062')).toMatchObject({ township: '宁安镇', county: '中宁县', city: '中卫市', province: '宁夏回族自治区', division_code: '640521100', report_year: 2024, place_note: '' });
  });
  it('长寿镇 (湖南): two 长寿镇 and no county named, so no province is guessed and the note says why', () => {
    const m = opening('A-019');
    expect(m).toMatchObject({ township: '长寿镇', county: '', city: '', province: '', division_code: '', report_year: 2023 });
    expect(m.place_note).toBe('长寿镇 names 2 townships (湖北省荆门市钟祥市; 湖南省岳阳市平江县) and the text does not say which');
  });
  it('营口市老边区 (辽宁): a page that names no place of its own gets none, and says so', () => {
    expect(opening('A-072')).toMatchObject({ county: '', province: '', report_year: 2025, published: '2026-02-26', place_note: 'the text names no township, county or city of the reporting body' });
  });
  it('呼中区教育局 (黑龙江): a bureau is a department, placed in its district', () => {
    expect(opening('A-017')).toMatchObject({ county: '呼中区', city: '大兴安岭地区', province: '黑龙江省', admin_level: 'department', report_year: 2025, published: '2026-03-17' });
  });
  it('咸安区 and 西乌珠穆沁旗: a district and a banner government are counties', () => {
    expect(opening('A-050')).toMatchObject({ county: '咸安区', city: '咸宁市', province: '湖北省', admin_level: 'county', report_year: 2023 });
    expect(opening('A-073')).toMatchObject({ county: '西乌珠穆沁旗', city: '锡林郭勒盟', province: '内蒙古自治区', admin_level: 'county', report_year: 2024 });
  });
  it('周溪乡 (重庆): "一年来" opens it; the year comes from "一、2024年度…"', () => {
    expect(opening('A-026')).toMatchObject({ township: '周溪乡', county: '城口县', report_year: 2024 });
  });
  it("永嘉镇 (重庆): a 2019 report published 2020-05-07 as a bare bullet of the index list; below the page's copy, the title is the issuer's over two lines", () => {
    expect(opening('A-047')).toMatchObject({ title: '中共重庆市铜梁区永嘉镇委员会2019年法治政府建设工作报告', township: '永嘉镇', county: '铜梁区', report_year: 2019, published: '2020-05-07' });
  });
  it('亭子坝镇 (贵州): no title and no year in the opening; the signed date 2015年1月10日 gives 2014', () => {
    expect(opening('B-007')).toMatchObject({ township: '亭子坝镇', county: '思南县', province: '贵州省', report_year: 2014, published: '2015-01-10' });
  });
});

describe('gazetteer', () => {
  it('is read once per process', () => {
    expect(gazetteer()).toBe(gazetteer());
    expect(gazetteer().byName.get('华蓥市')!.map((d) => [d.level, divisionCode(d)])).toEqual([['county', '511681']]);
  });
  it('tells a county-level city from the prefecture-level city above it', () => {
    const [huaying] = gazetteer().byName.get('华蓥市')!;
    expect(fill(huaying!)).toMatchObject({ county: '华蓥市', city: '广安市', province: '四川省', division_code: '511681' });
    const [jinghai] = gazetteer().byName.get('静海区')!;
    expect(fill(jinghai!)).toMatchObject({ county: '静海区', city: '天津市', province: '天津市', division_code: '120118' });
  });
  it('finds names in running text, longest first, and marks a superior committee', () => {
    const ms = mentionsIn('来源:天津市宝坻区新安镇人民政府');
    expect(ms.map((m) => m.name)).toEqual(['天津市', '宝坻区', '新安镇']);
    expect(mentionsIn('2025年,郑庄镇在沁水县委、县政府的坚强领导下').map((m) => [m.name, m.superior])).toEqual([['郑庄镇', false], ['沁水县', true]]);
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
  it('overrides division_code, place_note and the city level too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-meta-'));
    const metaFile = join(dir, 'meta.csv');
    writeFileSync(metaFile, `file,division_code,place_note,admin_level\n${seedFile('003')},140214,read off the sampling frame,city\n`);
    const { docs } = await analyzeCorpus(SEED_DIR, { metaFile, stages: [] });
    const yungang = docs.find((d) => d.file === seedFile('003'))!;
    expect(yungang.meta).toMatchObject({ division_code: '140214', place_note: 'read off the sampling frame', admin_level: 'city', township: '云冈镇' });
    expect(yungang.meta.overridden).toEqual(['admin_level', 'division_code', 'place_note']);
  });
  it('rejects a metadata file with an impossible value, naming file and row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-meta-'));
    const metaFile = join(dir, 'meta.csv');
    writeFileSync(metaFile, 'file,report_year\na.txt,2021\nb.txt,twenty\n');
    await expect(analyzeCorpus(SEED_DIR, { metaFile, stages: [] })).rejects.toThrow(/meta\.csv, row 3: report_year "twenty"/);
  });
});
