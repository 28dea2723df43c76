import { describe, expect, it } from 'vitest';
import { cleanText } from '../src/clean/chrome.js';
import { segment } from '../src/structure/segment.js';
import { sectionsNamedBy } from '../src/structure/sections.js';
import { parseReport } from '../src/pipeline/parse.js';
import { SEED_FILES, seedFile, seedText } from './helpers/seeds.js';

const parse = (prefix: string) => parseReport(seedText(prefix), { file: seedFile(prefix), stages: [] });

describe('cleaning', () => {
  it('removes the page chrome named in the annotation guide', () => {
    const chrome: Record<string, string[]> = {
      '000': ['中国政府网 | 重庆市人民政府网', '您当前位置', '[ 索引号 ]', '[ 发布机构 ]', '语音播报', '扫一扫在手机打开当前页面', '我要找政策', '日期:2022-01-12 来源'],
      '001': ['_上海市宝山区人民政府门户网站', '信息来源: 大场镇', '【字号', '所属类目', '主题分类', '文件预览', '附件下载', '相关文章', '当前页二维码'],
      '003': ['扫一扫在手机上查看当前页面', '三晋通APP', '晋公网安备'],
      '004': ['日期:2024-03-01', '扫一扫在手机打开当前页'],
    };
    for (const [prefix, pieces] of Object.entries(chrome)) {
      const { text } = cleanText(seedText(prefix));
      for (const piece of pieces) expect(text, `${prefix}: ${piece}`).not.toContain(piece);
    }
  });

  it('keeps every line of report prose of every seed', () => {
    for (const f of SEED_FILES) {
      const raw = seedText(f.slice(0, 3));
      const { text } = cleanText(raw);
      const prose = raw.split('\n').map((l) => l.trim()).filter((l) => /[。，,；]/.test(l) && (l.match(/[\u4e00-\u9fff]/g)?.length ?? 0) >= 10);
      expect(prose.length).toBeGreaterThan(10);
      for (const line of prose) expect(text, `${f} lost: ${line.slice(0, 30)}`).toContain(line);
    }
  });

  it('drops the CMS copy of the title but keeps the report title itself', () => {
    const { text } = cleanText(seedText('000'));
    expect(text).not.toContain('重庆市万州区高梁镇人民政府 关于2021年度法治政府建设情况的报告');
    expect(text.startsWith('重庆市万州区高梁镇人民政府\n\n关于2021年度法治政府建设情况的报告')).toBe(true);
  });
});

describe('sections', () => {
  it('names sections from typical headings', () => {
    expect(sectionsNamedBy('2021年工作情况')).toEqual(['measures']);
    expect(sectionsNamedBy('2022年工作计划')).toEqual(['plans']);
    expect(sectionsNamedBy('2024年工作谋划')).toEqual(['plans']);
    expect(sectionsNamedBy('下步工作计划')).toEqual(['plans']);
    expect(sectionsNamedBy('存在的短板和不足')).toEqual(['shortcomings']);
    expect(sectionsNamedBy('存在的问题和下一步打算')).toEqual(['shortcomings', 'plans']);
    expect(sectionsNamedBy('党政主要负责人履行法治建设第一责任人职责情况')).toEqual(['leader_duties']);
    expect(sectionsNamedBy('对全市加强法治政府建设的意见建议')).toEqual(['suggestions']);
    expect(sectionsNamedBy('其他需要报告的重要事项')).toEqual(['other_matters']);
    expect(sectionsNamedBy('强化组织抓部署,法治政府建设责任落实')).toEqual([]);
    // national government work reports
    expect(sectionsNamedBy('对今年政府工作的建议')).toEqual(['plans']);
    expect(sectionsNamedBy('2024年经济社会发展总体要求和政策取向')).toEqual(['plans']);
    expect(sectionsNamedBy('2024年工作回顾')).toEqual(['measures']);
  });

  // Boundaries read off the source text by hand: the first words of the
  // level-1 heading that opens each section.
  const boundaries: Record<string, Array<[string, string]>> = {
    '000': [['measures', '一、2021年工作情况'], ['leader_duties', '二、党政主要负责人'], ['shortcomings', '三、存在问题'], ['plans', '四、2022年工作计划'], ['closing', '撰稿人']],
    '001': [['measures', '一、主要工作及成效'], ['shortcomings', '二、存在的主要问题'], ['plans', '三、2021年度法治政府建设工作打算']],
    '002': [['measures', '一、推进法治政府建设的主要举措及成效'], ['leader_duties', '二、主要负责人履行'], ['shortcomings', '三、存在的问题和下一步打算'], ['plans', '（二）下一步打算'], ['closing', '重庆市大足区玉龙镇人民政府']],
    '003': [['measures', '一、全年工作开展情况'], ['shortcomings', '二、本年度推进法治政府建设存在的不足和原因'], ['leader_duties', '三、党政主要负责人'], ['plans', '四、下一年度推进法治政府建设的主要安排'], ['suggestions', '五、对全市加强法治政府建设的意见建议'], ['other_matters', '六、其他需要报告的重要事项']],
    '004': [['measures', '一、主要举措和成效'], ['leader_duties', '二、党政主要负责人'], ['shortcomings', '三、存在的不足'], ['plans', '四、工作打算']],
  };
  for (const [prefix, expected] of Object.entries(boundaries)) {
    it(`finds the section boundaries of seed ${prefix}`, () => {
      const doc = parse(prefix);
      const starts: Array<[string, string]> = [];
      let prev = 'preamble';
      for (const u of doc.units) {
        if (u.section !== prev) starts.push([u.section, u.text]);
        prev = u.section;
      }
      expect(starts.map(([s]) => s)).toEqual(expected.map(([s]) => s));
      starts.forEach(([, text], i) => expect(text.startsWith(expected[i]![1])).toBe(true));
      expect(doc.units[0]!.section).toBe('preamble');
    });
  }

  it('lets the sub-headings of a merged section decide', () => {
    const doc = parse('002');
    const problem = doc.units.find((u) => u.text.startsWith('1.法治政府建设的能力需要进一步增强'))!;
    const plan = doc.units.find((u) => u.text.startsWith('1.开创普法工作新局面'))!;
    expect(problem.section).toBe('shortcomings');
    expect(plan.section).toBe('plans');
    expect(plan.headingPath).toEqual(['三、存在的问题和下一步打算', '（二）下一步打算']);
  });
});

describe('headings and sentences', () => {
  it('recognises heading levels 一、 (一) 1. 一是', () => {
    const doc = parse('000');
    const level = (start: string) => doc.units.find((u) => u.text.startsWith(start))!;
    expect(level('一、2021年工作情况')).toMatchObject({ kind: 'heading', level: 1 });
    expect(level('(一)强化组织抓部署')).toMatchObject({ kind: 'heading', level: 2 });
    expect(level('1.健全组织机构。')).toMatchObject({ kind: 'heading', level: 3, text: '1.健全组织机构。' });
    expect(level('一是党政主要负责人带头学')).toMatchObject({ kind: 'heading', level: 4 });
  });

  it('splits a run-in heading from the body that follows it', () => {
    const doc = parse('000');
    const i = doc.units.findIndex((u) => u.text === '1.健全组织机构。');
    expect(doc.units[i + 1]).toMatchObject({ kind: 'sentence', section: 'measures' });
    expect(doc.units[i + 1]!.text.startsWith('我镇高度重视法治政府建设工作')).toBe(true);
    expect(doc.units[i + 1]!.headingPath).toEqual(['一、2021年工作情况', '(一)强化组织抓部署,法治政府建设责任落实', '1.健全组织机构。']);
  });

  it('keeps a mid-paragraph enumeration and a long numbered line as sentences', () => {
    const plan = parse('000').units.find((u) => u.text.startsWith('二是坚持重要文件合法性审查制度'))!;
    expect(plan).toMatchObject({ kind: 'sentence', section: 'plans', text: '二是坚持重要文件合法性审查制度,提高制度建设质量。' });
    const numbered = parse('002').units.find((u) => u.text.startsWith('3.在切实推进依法治村'))!;
    expect(numbered.kind).toBe('sentence');
    expect(numbered.section).toBe('shortcomings');
  });

  // Sentence splits checked by hand against the source text.
  const splits: Array<[string, string[]]> = [
    ['000', ['本年度我镇干部参加网上普法考试通过率100%,领导干部年度法律知识考试通过率100%。', '二是组织宣传车沿主要镇道进行宣传,散发普查知识宣传资料,累计发放资料3000份。', '现将高梁镇2021年度法治政府建设情况报告如下:']],
    ['002', ['2021年，镇举办行政执法人员和镇村干部法律知识培训1期；', '120余人参加，61名机关干部参加重庆市法制理论考试，合格率达到100%。', '区政府：', '2021年11月23日', '抄送：区委依法治区办。']],
    ['003', ['无。', '聘请1名专职律师担任法律顾问,实现重大决策、合同协议合法性审查全覆盖,有效防范决策法律风险。']],
    ['004', ['扎实开展道路交通安全和运输执法领域突出问题专项整治,开出道路交通罚单540余单;']],
  ];
  for (const [prefix, sentences] of splits) {
    it(`splits sentences of seed ${prefix} as the guide says`, () => {
      const texts = parse(prefix).units.filter((u) => u.kind === 'sentence').map((u) => u.text);
      for (const s of sentences) expect(texts).toContain(s);
    });
  }

  it('gives every unit offsets that point at its text in the cleaned text', () => {
    for (const f of SEED_FILES) {
      const doc = parse(f.slice(0, 3));
      let last = -1;
      for (const u of doc.units) {
        expect(doc.text.slice(u.start, u.end)).toBe(u.text);
        expect(u.start).toBeGreaterThan(last);
        last = u.start;
      }
    }
  });

  it('assigns signature, date and copy-to lines to the closing section', () => {
    const closing = parse('002').units.filter((u) => u.section === 'closing').map((u) => u.text);
    expect(closing).toEqual(['重庆市大足区玉龙镇人民政府', '2021年11月23日', '抄送：区委依法治区办。']);
  });

  it('takes an issuer’s name on its own line before the date as the signature, whatever the office', () => {
    const body = '一、主要举措和成效\n全面落实行政执法“三项制度”。\n二、下一步工作打算\n一是持续深化法治宣传教育。\n';
    const signed = segment(`${body}县司法局\n2023年2月10日\n`).units;
    expect(signed.filter((u) => u.section === 'closing').map((u) => u.text)).toEqual(['县司法局', '2023年2月10日']);
    // A last line that merely ends like an office name, with prose after it, stays in its section.
    const unsigned = segment(`${body}全力打造法治示范镇\n二是加强行政执法监督。\n`).units;
    expect(unsigned.find((u) => u.text === '全力打造法治示范镇')?.section).toBe('plans');
  });

  it('cuts a pathological line into bounded sentences in linear time', () => {
    const text = '一、主要举措和成效\n' + '法'.repeat(200_000);
    const t0 = Date.now();
    const { units } = segment(text);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(units.filter((u) => u.kind === 'sentence')).toHaveLength(100);
  });
});
