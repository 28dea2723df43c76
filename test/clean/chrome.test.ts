/**
 * Chrome removal on real page openings (test/fixtures/openings, sources in its
 * README) and the five seeds: the lines a person reads off as chrome are gone,
 * every other line is kept as it was (or with a chrome fragment cut from its
 * edge), and the report's own title is kept once.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/clean/chrome.js';
import { isChromeLine } from '../../src/text/chrome-line.js';
import { SEED_FILES, seedText } from '../helpers/seeds.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/openings', import.meta.url));
const fixture = (name: string) => readFileSync(`${FIXTURES}/${name}`, 'utf8');
const FIXTURE_FILES = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).sort();

/** Every line of each opening that is page chrome, as the page has it (trimmed). */
const CHROME: Record<string, string[]> = {
  'A-011.txt': ['- 索 引 号:370481/2026-00251', '- 主题分类:通知公告', '- 发布机构:鲍沟镇', '- 成文时间:2026年01月21日', '- 文 号:无', '- 发文时间:2026年01月21日', '- 标 题:鲍沟镇2025年度法治政府建设情况报告', '- 效力状态:有效'],
  'A-012.txt': ['发布时间:', '2026-03-04', '作者:', '来源:', '万古镇人民政府'],
  'A-017.txt': ['当前位置: 首页 > 新闻动态 > 基层动态', '日期:2026-03-17 11:12 来源:呼中区教育局', '【字体: 【打印文本】'],
  'A-018.txt': ['您当前所在的位置: 首页 > 资讯中心 > 专题专栏 > 法治政府建设专栏', '发布时间:2026-01-19    信息来源:陵川县教育局'],
  // the page's copy of the title, with the page date after it; the report's own title follows on two lines
  'A-023.txt': ['控江路街道2022年度法治政府建设 工作情况报告 2023-02-09'],
  'A-025.txt': ['- [ 索引号 ] 11500229768895163R/2026-00004', '- [ 发文字号 ] 鸡鸣委文〔2026〕3号', '- [ 发布机构 ] 城口县鸡鸣乡人民政府', '- [ 主题分类 ] 其他', '- [ 成文日期 ] 2026-02-12', '- [ 发布日期 ] 2026-02-12', '- [ 体裁分类 ] 其他', '- [ 有效性 ] 有效', '- 日期:2026-02-12', '-', '大', '中', '小', '- 分享到 :'],
  'A-030.txt': ['中梁山街道关于2025年度法治政府建设情况的报告'],
  'A-034.txt': ['灰汤镇2023年度法治政府建设情况报告 - 通知公告 - 宁乡市政府门户网站', '首页 > 政务公开 > 部门信息公开目录 > 宁乡市乡、镇政府 > 宁乡市灰汤镇人民政府 > 通知公告', '发布时间 : 2024-01-30 来源:宁乡市灰汤镇 所属单位:宁乡市灰汤镇 字体大小:'],
  'A-040.txt': ['当前位置 : 首页', '> 陇西动态 > 政务公告', '日期 : 2026-01-15  文章来源 : 司法局  字号 : [  ] 视力保护色:'],
  'A-043.txt': ['2023年度浦东新区川沙新镇人民政府法治政府建设情况报告', '索引号 发布机构 川沙新镇', '公开类别 主动公开 发布时间 2024-03-20'],
  'A-044.txt': ['2025年度杨行镇法治政府建设情况报告_公开目录_上海市宝山区人民政府门户网站', '信息来源: 杨行镇 发布时间 2026-01-26', '【字号', '• 所属类目: 公开目录', '• 主题分类: 司法', '• 体       裁: 报告', '• 发布日期: 2026-01-26', '• 发文字号: 宝杨府〔2026〕1号', '• 发文日期: 2026-01-26', '• 公开类别: 主动公开', '• 机构名称: 杨行镇'],
  'A-047.txt': ['您当前的位置:首页 >法定主动公开内容 >其他法定信息 >法治政府建设年度报告', '• 11500224009351624E/2020-00573', '• 法制', '• 工作报告', '• 铜梁区永嘉镇', '• 2020-05-07', '永嘉镇2019年法治政府建设工作报告'],
  'A-057.txt': ['7首页 > 政务公开 > 年度法治政府建设情况报告', '来源:本网  发布日期:2025-01-07 15:15:56', '【打印】 【字体:'],
  'A-060.txt': ['您现在所在的位置 :', '首页 > 海丰县人民政府门户网站 > 专题专栏 > 海丰县法治政府建设年度报告公开 > 2025年'],
  'A-063.txt': ['垡头街道2023年度法治政府建设情况报告'],
  'A-068.txt': ['您当前的位置:首页 > 政府信息公开 > 法定主动公开内容 > 法治政府建设年报', '索 引 号 640421026/2024-00007 发文时间 2024-03-01', '发布机构 原州区头营镇政府 文 号', '公开方式 主动公开 有效性 有效', '标 题: 原州区头营镇2023年法治政府建设情况报告'],
  'A-072.txt': ['当前位置:首页 > 政务信息 > 部门信息', '来源:区司法局', '作者:', '发布时间:2026-02-26', '【字号:', '分享:'],
  'A-077.txt': ['小河镇人民政府关于2024年法治政府建设情况的报告', '发布时间:2025年03月28日 16:38 来源:浚县司法局 浏览次数:'],
  'B-001.txt': ['2021年政府信息公开工作年度报告'], // the first of two copies
  'B-002.txt': ['当前位置 : 首页 |', '|', '索引号: | /2015-34352 | 公开方式: | 主动公开 |', '文号: | 公开日期: | 2015-07-27 10:52 | |', '发布单位: | 谢塘镇 |', '||'],
  'B-003.txt': ['索引号 | 公开方式 | 发布机构 |', '116223010139324488/2009-00021 | 主动公开 | 凉州区张义镇人民政府 |', '信息来源: 凉州区张义镇人民政府 发布日期: 2009-01-06 浏览次数: 次'],
  'B-005.txt': ['发布时间:2014-01-28 00:00 来源:滁州市政府网站集约化平台', '【字体:打印', '扫一扫在手机打开当前页'],
  'B-008.txt': ['发布时间:2016-03-25 14:43:55', '政府信息公开年报'],
  'B-013.txt': ['发布时间:2009-03-07'],
};

/** Lines kept with a chrome fragment cut from their end: the page's line → what stays. */
const TRIMMED: Record<string, Array<[string, string]>> = {
  'B-002.txt': [['2013年度谢塘镇政府信息公开工作年度报告 | ||', '2013年度谢塘镇政府信息公开工作年度报告']],
};

/** The report's own title, which must stay exactly once. */
const TITLE: Record<string, string> = {
  'A-011.txt': '鲍沟镇2025年度法治政府建设情况报告',
  'A-025.txt': '城口县鸡鸣乡人民政府2025年法治政府建设情况报告',
  'A-030.txt': '中梁山街道关于2025年法治政府建设情况的报告',
  'A-034.txt': '灰汤镇2023年度法治政府建设情况报告',
  'A-044.txt': '2025年度杨行镇法治政府建设情况报告',
  'A-063.txt': '垡头街道2023年法治政府建设工作报告',
  'A-068.txt': '原州区头营镇2023年法治政府建设情况报告',
  'A-047.txt': '2019年法治政府建设工作报告',
  'B-001.txt': '2021年政府信息公开工作年度报告',
  'B-002.txt': '2013年度谢塘镇政府信息公开工作年度报告',
};

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const countOf = (list: string[], line: string) => list.filter((l) => l === line).length;

describe('chrome on real page openings', () => {
  it('has an expectation for every fixture', () => {
    expect(Object.keys(CHROME).sort()).toEqual(FIXTURE_FILES);
  });

  for (const name of FIXTURE_FILES) {
    it(`${name}: removes the chrome, keeps every report line`, () => {
      const raw = fixture(name);
      const cleaned = lines(cleanText(raw).text);
      const chrome = CHROME[name]!;
      const trimmed = new Map(TRIMMED[name] ?? []);
      for (const line of chrome) expect(raw, `${name}: fixture lacks ${line}`).toContain(line);
      for (const line of lines(raw)) {
        if (trimmed.has(line)) {
          expect(cleaned, `${name}: ${line} not trimmed`).not.toContain(line);
          expect(cleaned, `${name}: lost ${trimmed.get(line)}`).toContain(trimmed.get(line));
        } else if (chrome.includes(line)) {
          // A title the page prints twice keeps the report's own copy; any other chrome line goes, every copy.
          expect(countOf(cleaned, line), `${name}: chrome kept: ${line}`).toBe(TITLE[name] === line ? 1 : 0);
        } else if (!(line.endsWith('|') && cleaned.includes(line.replace(/[\s|]+$/, '').replace(/\s*附件下载:\S+$/, '')))) {
          expect(cleaned, `${name}: report line lost: ${line.slice(0, 40)}`).toContain(line);
        }
      }
      if (TITLE[name]) expect(countOf(cleaned, TITLE[name]), `${name}: title`).toBe(1);
    });
  }

  it('keeps the prose of a page whose report came through as one line, cutting the bar and the attachment link after it', () => {
    const cleaned = cleanText(fixture('B-002.txt'));
    const body = lines(cleaned.text).find((l) => l.startsWith('2013年,我镇认真贯彻落实'))!;
    expect(body.endsWith('六、其他需要报告的事项 无其他需要报告的事项。')).toBe(true);
    expect(body).toContain('2013年没有针对我镇政府信息公开申请而提起行政复议和行政诉讼的情况发生。');
    expect(cleaned.removed.join('\n')).toContain('附件下载:2013年度谢塘镇政府信息公开情况统计表.doc');
  });

  it('joins a metadata label and its value on the next line into one removed entry, so the page date is still read', () => {
    const { removed, text } = cleanText(fixture('A-012.txt'));
    expect(removed).toContain('发布时间:2026-03-04');
    expect(removed).toContain('来源:万古镇人民政府');
    expect(text.startsWith('滑县万古镇人民政府关于2025年法治政府建设情况的报告\n')).toBe(true);
  });
});

describe('every report line survives', () => {
  /** Report prose: ten or more Chinese characters and a sentence's punctuation. */
  const prose = (raw: string) => lines(raw).filter((l) => /[。，,；;]/.test(l) && (l.match(/[\u4e00-\u9fff]/g)?.length ?? 0) >= 10);
  const numberedHeading = (raw: string) => lines(raw).filter((l) => /^([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])\S{2,30}$/.test(l));

  it('in every opening and seed: prose lines (a fragment cut from a table-cell end at most) and numbered headings', () => {
    const texts = [...FIXTURE_FILES.map((f) => [f, fixture(f)] as const), ...SEED_FILES.map((f) => [f, seedText(f.slice(0, 3))] as const)];
    let checked = 0;
    for (const [name, raw] of texts) {
      const cleaned = lines(cleanText(raw).text);
      for (const line of [...prose(raw), ...numberedHeading(raw)]) {
        const kept = cleaned.includes(line) || cleaned.some((c) => line.startsWith(c) && /^[\s|]*(附件下载:\S+)?[\s|]*$/.test(line.slice(c.length)));
        expect(kept, `${name} lost: ${line.slice(0, 40)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('keeps short real report lines that look a little like chrome', () => {
    // Real lines of the openings and seeds: headings, one-word answers, closing lines, dates, document numbers.
    for (const line of ['一、基本情况', '一、概述', '无。', '无收费及减免情况。', '2013年没有针对我镇政府信息公开申请而提起行政复议和行政诉讼的情况发生。', '撰稿人:刘鑫   联系电话:13212582269', '2022年1月12日', '雷东府〔2025〕26号', '惠委〔2026〕17号 签发人:庄稼祥 黄育奇', '(2025年1月)', '抄送：区委依法治区办。', '县委、县政府:', '存在的问题:一、对政府信息公开知识学习不够。二、公开内容方式方法比较单一。', '本单位到目前累计主动公开政府信息100条。', '引 言', '三、存在问题', '(四)政府信息公开平台建设方面。我乡通过公告栏和政务新媒体将传统平台和互联网平台相结合的方式进行建设。']) {
      expect(isChromeLine(line), line).toBe(false);
      expect(cleanText(`${line}\n`).text, line).toBe(line.trim());
    }
  });
});

describe('chrome wherever it sits', () => {
  // Chrome lines seen on real report pages (the project's issue "Reports from anywhere").
  const SEEN = [
    '浏览:3799次 时间:2021-11-25 来源:本站',
    '繁体丨简体',
    '热门搜索',
    '仅展示628字,全文共2002字',
    '索引号: | /2015-34352 | 公开方式: | 主动公开 |',
    '|',
    '||',
    '发布单位: | 谢塘镇 |',
    '附件下载:2013年度谢塘镇政府信息公开情况统计表.doc',
    '【打印】 【关闭】',
    '上一篇:',
    '下一篇:',
    '宁乡市政府门户网站',
    '2026-03-04',
  ];

  it('before, inside and after the report', () => {
    const seed = seedText('003');
    const report = seed.split('\n');
    const middle = report.findIndex((l) => l.startsWith('二、本年度推进法治政府建设存在的不足和原因'));
    expect(middle).toBeGreaterThan(0);
    const page = [...SEEN, ...report.slice(0, middle), ...SEEN, ...report.slice(middle), ...SEEN].join('\n');
    const cleaned = cleanText(page);
    const kept = lines(cleaned.text);
    for (const line of SEEN) expect(kept, line).not.toContain(line);
    expect(cleaned.text).toBe(cleanText(seed).text);
  });

  it('is deterministic: each text cleans to the same bytes whatever was cleaned before it', () => {
    const once = FIXTURE_FILES.map((f) => cleanText(fixture(f)));
    const reversed = [...FIXTURE_FILES].reverse().map((f) => cleanText(fixture(f))).reverse();
    expect(reversed).toEqual(once);
  });
});
