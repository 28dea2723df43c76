import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/clean/chrome.js';
import { segment } from '../../src/structure/segment.js';
import { sectionsNamedBy } from '../../src/structure/sections.js';
import { parseReport } from '../../src/pipeline/parse.js';
import { defaultStages } from '../../src/pipeline/default-stages.js';
import { SEED_FILES, seedFile, seedText } from '../helpers/seeds.js';

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
  it('recognizes heading levels 一、 (一) 1. 一是', () => {
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

  it('gives the units under the same headings one heading path, and a new one where the headings change', () => {
    for (const f of SEED_FILES) {
      const { units } = parse(f.slice(0, 3));
      for (let i = 1; i < units.length; i++) {
        const [a, b] = [units[i - 1]!.headingPath, units[i]!.headingPath];
        if (a.join('\n') === b.join('\n')) expect(b, `${f} unit ${i}`).toBe(a);
        else expect(b, `${f} unit ${i}`).not.toBe(a);
      }
      // Paths are shared, not one for all: a report's headings make several.
      expect(new Set(units.map((u) => u.headingPath)).size).toBeGreaterThan(5);
    }
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

/** Lines and pairs of lines of the real page openings in the shared corpus (report-openings/B, A), as the pages give them. */
describe('numbered items without a body of their own (guide §2)', () => {
  const unitsOf = (text: string) => segment(text).units.map((u) => [u.kind, u.level, u.section, u.text] as const);

  it('makes items that are followed by an item of the same level, or by the end, sentences of their section', () => {
    // report-openings/B/009.txt
    const text = [
      '六、政府信息公开工作存在的主要问题和改进措施',
      '(一)政府信息公开工作存在的问题:',
      '1、信息公开的内容不够全面,公开的范围有待进一步拓宽;',
      '2、信息公开的制度有待于进一步健全完善。',
      '(二)解决办法和改进措施:',
    ].join('\n');
    const { units } = segment(text);
    expect(units.map((u) => [u.kind, u.level, u.section])).toEqual([
      ['heading', 1, 'shortcomings'],
      ['heading', 2, 'shortcomings'],
      ['sentence', 0, 'shortcomings'],
      ['sentence', 0, 'shortcomings'],
      // names a section and reads as a title: a heading even with its body cut off
      ['heading', 2, 'plans'],
    ]);
    // in the section of the heading above it, under that heading
    expect(units[3]!.headingPath).toEqual(['六、政府信息公开工作存在的主要问题和改进措施', '(一)政府信息公开工作存在的问题:']);
  });

  it('tags the items and finds their themes like any sentence', () => {
    const text = ['六、政府信息公开工作存在的主要问题和改进措施', '(一)政府信息公开工作存在的问题:', '1、信息公开的内容不够全面,公开的范围有待进一步拓宽;', '2、信息公开的制度有待于进一步健全完善。'].join('\n');
    const doc = parseReport(text, { stages: defaultStages() });
    const items = doc.units.filter((u) => /^[12]、/.test(u.text));
    expect(items).toHaveLength(2);
    for (const u of items) {
      expect(u.kind).toBe('sentence');
      expect(u.tag?.function).toBeDefined();
      // themes are given to sentences only: the item's own words are matched
      expect(u.themes?.themes).toContain('transparency');
    }
  });

  it('makes level-1 items without a body sentences and leaves the section to the heading above', () => {
    // report-openings/B/001.txt: the tables under 二、三、四、 were lost with the page
    const text = [
      '一、总体情况',
      '(五)监督保障方面。在政府信息公开专栏公开咨询电话,明确了监督投诉渠道。',
      '二、主动公开政府信息的情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '由于专人负责政府信息公开工作人员较少,存在信息公开不够及时的问题。',
    ].join('\n');
    expect(unitsOf(text)).toEqual([
      ['heading', 1, 'measures', '一、总体情况'],
      ['heading', 2, 'measures', '(五)监督保障方面。'],
      ['sentence', 0, 'measures', '在政府信息公开专栏公开咨询电话,明确了监督投诉渠道。'],
      ['sentence', 0, 'measures', '二、主动公开政府信息的情况'],
      ['sentence', 0, 'measures', '三、收到和处理政府信息公开申请情况'],
      ['sentence', 0, 'measures', '四、政府信息公开行政复议、行政诉讼情况'],
      ['heading', 1, 'shortcomings', '五、存在的主要问题及改进情况'],
      ['sentence', 0, 'shortcomings', '由于专人负责政府信息公开工作人员较少,存在信息公开不够及时的问题。'],
    ]);
  });

  it('takes the guide’s own example: a problems heading with its items run into one line', () => {
    expect(unitsOf('三、存在的问题 (一)法治宣传形式单一，覆盖面不广。(二)执法人员力量不足。')).toEqual([
      ['heading', 1, 'shortcomings', '三、存在的问题'],
      ['sentence', 0, 'shortcomings', '(一)法治宣传形式单一，覆盖面不广。'],
      ['sentence', 0, 'shortcomings', '(二)执法人员力量不足。'],
    ]);
  });

  it('keeps a heading of two phrases set apart by spaces whole', () => {
    // report-openings/A/047.txt
    const units = unitsOf('一、加强组织领导  构建依法治镇工作新格局\n永嘉镇坚持贯彻落实《党政主要负责人履行推进法治建设第一责任人职责规定》。');
    expect(units[0]).toEqual(['heading', 1, 'measures', '一、加强组织领导  构建依法治镇工作新格局']);
    expect(units[1]![0]).toBe('sentence');
  });
});

describe('headings inside a line (pages that lost their line breaks)', () => {
  it('cuts the headings out of a report run into one line and finds its sections', () => {
    // report-openings/B/002.txt
    const line =
      '2013年,我镇认真贯彻落实《中华人民共和国政府信息公开条例》等文件精神,不断健全工作机制,深化公开内容,创新公开形式,有序地推进政府信息公开工作,全面提升政府信息公开工作水平。现将我镇2013年政府信息公开工作报告如下: 一、政府信息主动公开情况 2013年度我镇在主动公开政府信息件数为123件,处理市政府网网上投诉件36只。 二、政府依申请公开政府信息和不予公开信息情况 2013年,我镇政府未收到信息公开的申请,也无不予公开信息的情况发生。 三、政府信息公开收费和减免情况 本年度我镇没有因政府信息公开而产生的收费,也未产生减免情况。 四、政府信息公开申请行政复议、行政诉讼情况 2013年没有针对我镇政府信息公开申请而提起行政复议和行政诉讼的情况发生。 五、政府信息公开工作存在的主要问题和改进措施 一年下来政府信息公开工作进展顺利,取得了一定的效果,但仍存在的以下问题有: 一是信息公开的载体有待于进一步拓宽,特别是新媒体的应用有待于有待进一步加强; 二是公开的信息分类不明确,格式不规范。 对此,我们加强对工作人员进行培训,并尝试新媒体的应用。 同时制定明确、规范、合理的信息公开目录指引,使公开的内容清晰,查询方便。 六、其他需要报告的事项 无其他需要报告的事项。';
    const { units, sectionsFound } = segment(line);
    expect(units.filter((u) => u.kind === 'heading').map((u) => [u.level, u.section, u.text])).toEqual([
      [1, 'measures', '一、政府信息主动公开情况'],
      [1, 'measures', '二、政府依申请公开政府信息和不予公开信息情况'],
      [1, 'measures', '三、政府信息公开收费和减免情况'],
      [1, 'measures', '四、政府信息公开申请行政复议、行政诉讼情况'],
      // 改进措施 are the plans against the problems: a merged section, its first part decides here
      [1, 'shortcomings', '五、政府信息公开工作存在的主要问题和改进措施'],
      [1, 'other_matters', '六、其他需要报告的事项'],
    ]);
    expect(sectionsFound).toEqual(['preamble', 'measures', 'shortcomings', 'other_matters']);
    const after = (heading: string) => units[units.findIndex((u) => u.text === heading) + 1]!;
    expect(after('一、政府信息主动公开情况')).toMatchObject({ kind: 'sentence', text: '2013年度我镇在主动公开政府信息件数为123件,处理市政府网网上投诉件36只。' });
    expect(after('一、政府信息主动公开情况').headingPath).toEqual(['一、政府信息主动公开情况']);
    expect(units.find((u) => u.text.startsWith('现将'))).toMatchObject({ section: 'preamble', text: '现将我镇2013年政府信息公开工作报告如下:' });
    // an enumeration inside the paragraph stays a sentence
    expect(units.find((u) => u.text.startsWith('二是'))).toMatchObject({ kind: 'sentence', section: 'shortcomings' });
    for (const u of units) expect(line.slice(u.start, u.end)).toBe(u.text);
  });

  it('reads a heading inside a line as an item too: without a body it is a sentence', () => {
    // report-openings/B/006.txt, lines 2–3
    const text = '二、主动公开政府信息情况\n三、依申请公开政府信息情况 六、政府信息公开工作存在的主要问题 2008年,街道办事处通过大力开展政府信息公开工作,提高了街道办事处各项工作信息的透明度。';
    expect(segment(text).units.map((u) => [u.kind, u.section, u.text])).toEqual([
      ['sentence', 'measures', '二、主动公开政府信息情况'],
      ['sentence', 'measures', '三、依申请公开政府信息情况'],
      ['heading', 'shortcomings', '六、政府信息公开工作存在的主要问题'],
      ['sentence', 'shortcomings', '2008年,街道办事处通过大力开展政府信息公开工作,提高了街道办事处各项工作信息的透明度。'],
    ]);
  });

  it('cuts a run-in sub-heading out of a paragraph after a sentence end, but not a 一是 or 二、 enumeration', () => {
    // report-openings/B/012.txt
    const para = '一、基本工作情况\n我街主要从三个方面推进了政府信息公开工作。(一)加强组织领导,健全工作机制。建立健全领导体制和工作机制,街道建立了政府信息公开工作机构,配备了工作人员,落实了工作责任。';
    const units = segment(para).units;
    expect(units.map((u) => [u.kind, u.level, u.text.slice(0, 12)])).toEqual([
      ['heading', 1, '一、基本工作情况'],
      ['sentence', 0, '我街主要从三个方面推进了'],
      ['heading', 2, '(一)加强组织领导,健全'],
      ['sentence', 0, '建立健全领导体制和工作机'],
    ]);
    expect(units[3]!.headingPath).toEqual(['一、基本工作情况', '(一)加强组织领导,健全工作机制。']);
    // report-openings/B/003.txt: a list after a colon inside a paragraph
    const list = segment('五、工作存在的问题及改进措施\n存在的问题:一、对政府信息公开知识学习不够。二、公开内容方式方法比较单一。').units;
    expect(list.slice(1).map((u) => [u.kind, u.text])).toEqual([
      ['sentence', '存在的问题:一、对政府信息公开知识学习不够。'],
      ['sentence', '二、公开内容方式方法比较单一。'],
    ]);
  });
});

describe('a text that starts in the middle of a report', () => {
  it('puts body text before a later heading in its section, not in the preamble', () => {
    // report-openings/B/007.txt: the page starts inside section 二
    const text = '我镇政府信息公开主要采用网络及宣传栏公示形式发布。\n三、政府信息依申请公开情况\n2014年,我镇没有依申请公开政府信息办理事项。';
    expect(segment(text).units.map((u) => u.section)).toEqual(['measures', 'measures', 'measures']);
  });

  it('gives the opening text the section before the one its first heading opens', () => {
    const lines = seedText('000').split('\n');
    const from = (start: string) => cleanText(lines.slice(lines.findIndex((l) => l.startsWith(start))).join('\n')).text;
    // starts inside 三、存在问题; the first heading is 四、2022年工作计划
    const problems = segment(from('一年来,我镇的法治政府建设情况虽然取得了一些成绩')).units;
    expect(problems[0]).toMatchObject({ kind: 'sentence', section: 'shortcomings' });
    expect(problems.find((u) => u.text.startsWith('一是法治宣传和深度不够'))?.section).toBe('shortcomings');
    expect(problems.find((u) => u.text === '四、2022年工作计划')).toMatchObject({ kind: 'heading', section: 'plans' });
    // starts inside 二、党政主要负责人…; the first heading is 三、存在问题
    const duties = segment(from('一是党政主要负责人带头学')).units;
    expect(duties[0]!.section).toBe('measures');
    expect(duties.find((u) => u.text === '三、存在问题')?.section).toBe('shortcomings');
  });

  it('keeps the preamble of a report with a title or framing, and of one whose first heading is 一、', () => {
    for (const f of SEED_FILES) expect(parse(f.slice(0, 3)).units[0]!.section, f).toBe('preamble');
    // report-openings/A/020.txt: framing, then sub-headings only
    const units = segment('2023年以来,为深入贯彻党的二十大关于依法治国、建设法治政府、推进依法行政的精神,我镇扎实有序推进工作。现将我镇本年度法治政府建设情况报告如下:\n(一)深入学习贯彻党的二十大精神,深刻领会新时代推进法治中国建设战略部署\n我镇认真组织学习贯彻党的二十大精神,特别是新时代推进法治中国建设战略部署。').units;
    expect(units.map((u) => [u.kind, u.section])).toEqual([
      ['sentence', 'preamble'],
      ['sentence', 'preamble'],
      ['heading', 'measures'],
      ['sentence', 'measures'],
    ]);
  });
});

describe('a title broken over two lines (real page, openings A/023)', () => {
  it('is two title lines (headings of level 0), so the report starts with its preamble and the title is whole', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseReport } = await import('../../src/pipeline/parse.js');
    const raw = readFileSync(new URL('../../data/openings/A/023.txt', import.meta.url), 'utf8');
    const doc = parseReport(raw, { file: 'A/023.txt', stages: [] });
    expect(doc.units.slice(0, 2).map((u) => [u.kind, u.level, u.text])).toEqual([
      ['heading', 0, '控江路街道2022年度法治政府建设'],
      ['heading', 0, '工作情况报告'],
    ]);
    expect(doc.units[2]!.section).toBe('preamble');
    expect(doc.meta.title).toBe('控江路街道2022年度法治政府建设工作情况报告');
    expect(doc.meta.report_year).toBe(2022);
  });
});
