import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compileThemeDictionary,
  foldForThemes,
  defaultThemeDictionary,
  dictionaryFromObject,
  loadThemeDictionary,
  matchThemes,
  mergeDictionaries,
  themeIds,
  type ThemeDictionary,
} from '../../src/themes/index.js';

const require = createRequire(import.meta.url);
const nodejieba = require('nodejieba') as { cut(text: string): string[] };

const SEED_DIR = fileURLToPath(new URL('../../data/reports', import.meta.url));
const SEEDS = readdirSync(SEED_DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(join(SEED_DIR, f), 'utf8'));
const seedSentences = (): string[] =>
  SEEDS.flatMap((t) => t.split(/(?<=[。；！？;!?])|\n/))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

const dict = defaultThemeDictionary();
const themesOf = (s: string, d: ThemeDictionary = dict): string[] => matchThemes(s, nodejieba.cut(s), d).themes;

const THEMES = [
  'leadership',
  'study_training',
  'publicity',
  'decision_making',
  'normative_documents',
  'legal_services',
  'enforcement',
  'dispute_resolution',
  'supervision',
  'transparency',
  'services',
  'emergency_safety',
  'digital',
];
const SUBTHEMES: Record<string, string> = {
  pub_print: 'publicity',
  pub_event: 'publicity',
  pub_digital: 'publicity',
  pub_targeted: 'publicity',
  pub_grassroots: 'publicity',
  enf_inspection: 'enforcement',
  enf_penalty: 'enforcement',
  enf_standards: 'enforcement',
  enf_reform: 'enforcement',
};

/** Real sentences from data/reports: [id that must be found, sentence, ids that must not be found]. */
const POSITIVE: Array<[string, string, string[]?]> = [
  ['leadership', '用好年终考核指挥棒,将各村社区完成法治建设相关工作任务纳入考核体系。'],
  ['leadership', '二、党政主要负责人履行法治建设第一责任人职责情况'],
  ['study_training', '2023年有5名领导干部参加法治培训和考试,并每年同步参加现场或网络旁听庭审。', ['pub_digital']],
  ['publicity', '二是普法宣传形式和手段上仍缺乏创新,形式内容单一,精准度和实效性不足;'],
  ['pub_print', '二是组织宣传车沿主要镇道进行宣传,散发普查知识宣传资料,累计发放资料3000份。'],
  ['pub_event', '一是在南平广场设立法律宣传咨询点,工作人员现场接受群众咨询并讲解有关法律知识。'],
  [
    'pub_digital',
    '创新宣传内容的表现形式，多采用短视频、宣传片、以案释法、文艺演出等群众喜闻乐见的宣传载体，灵活运用当下热门的抖音、快手、微信、微博等新媒体宣传平台，创新性推进法治宣传工作。',
  ],
  ['pub_targeted', '着力提高青少年的普法宣传教育。'],
  ['pub_targeted', '4.积极开展法治进校园活动。'],
  ['pub_targeted', '开展法律知识进农村、进企业、进学校等活动。'],
  ['pub_targeted', '二是全面落实“法律九进”要求,利用“3·15”国际消费者权益日、“4·15”全民国家安全教育日、“12·4”宪法宣传日等重要时间节点,动员全镇普法力量,将法治思想和宪法法律法规作为普法重点内容,大力开展各种形式的普法宣传活动十余次,发放宣传普法彩页1500份,纸抽1000多盒,手提袋1000个。'],
  [
    'pub_targeted',
    '对老年人、农民工等群体开展“定制普法”,推动法律知识进讲堂、进群众、进社区,推动法律理论学习知识深入人民群众,增强为人民群众的法律服务意识与能力。',
  ],
  ['pub_grassroots', '用好、培育好各村(社区)“法律明白人”,形成“一村一特色”的法治治理格局。'],
  ['decision_making', '严格执行重大行政决策“五步法”,将公众参与、专家论证、风险评估、合法性审查、集体讨论决定作为必经程序。'],
  [
    'normative_documents',
    '按照“有件必备、有备必审、有错必究”的要求,在规定时限内将本机关制定的规范性文件目录报送上级主管部门。',
  ],
  ['legal_services', '今年,法律顾问累计提供法律咨询22次,出具法律意见、审查意见6次。'],
  ['enforcement', '2025年全镇无行政执法案件,治法守法环境日益向好。'],
  ['enf_inspection', '全镇月均开展常规检查频次为3次,全年共检查36次,切实从严落实企业安全生产工作。'],
  ['enf_penalty', '检查过往车辆2400余台次,落实执法“清零”和执法量提升要求,处罚16起并处罚金3.15万元。'],
  ['enf_standards', '严格要求镇行政执法部门全面推行执法全过程记录制度、行政执法公示制度,确保规范、严格、文明执法。', ['transparency']],
  [
    'enf_reform',
    '乡综合行政执法大队整合调配全乡执法力量,实现“一支队伍管执法”,熟悉运用渝快政掌上执法系统,两名同志参加了全县2023年行政执法人员专题培训,19名人员新取得执法证。',
  ],
  [
    'dispute_resolution',
    '深化大调解体系建设,完善乡村两级调委会印章、标识标牌等设施,全年共调解案件296件,调解成功率99.8%,未发生一起民转刑案件。',
  ],
  [
    'supervision',
    '全年行政诉讼案件6件(结案4件,其中胜诉2件,原告撤诉2件),行政首长和相应的工作人员都按规定出庭应诉,行政首长出庭应诉率100%,案件胜诉率100%',
  ],
  ['supervision', '加强人大代表建议和政协委员提案办理工作的督办力度,代表委员对建议和提案办理的满意率显著提高。'],
  ['transparency', '2020年主动公开政府信息政府94条,党政联合6条,财政4条,收到依申请公开政府信息58件。'],
  ['services', '全面推广全程代理制度，让办事的群众最多只跑一次。'],
  ['emergency_safety', '建立精神障碍患者、涉毒人员等特殊群体“一人一档”,落实管控责任。'],
  [
    'digital',
    '加强空间引导和落地管控,稳步推进城市运行“一网统管”建设,组建镇城运中心,优化信息平台功能,建立大场镇城市运行管理中心分级分层派单机制、视频会议机制、联勤联动机制、应急指挥机制。',
  ],
];

/** Real sentences that must get no theme at all. */
const NO_THEME = [
  '现将高梁镇2021年度法治政府建设情况报告如下:',
  '法治政府建设的步伐有待进一步加快。',
  '为此,我镇将继续按照建设法治政府的工作要求,有步骤、有重点地深入推进依法行政工作。',
  '法治政府建设是系统工程,需全市上下协同发力。',
  // generic 法治/依法/建设/工作, the督察 regulation's title, and the slogan 执法严明、公开公正
  '2020年,大场镇法治政府建设工作在区委、区政府的坚强领导下,在区依法治区委等上级部门的指导下,深入贯彻落实中共中央、国务院印发的《法治政府建设实施纲要(2015-2020)》、《法治政府建设与责任落实督察工作规定》及《上海市法治政府建设“十三五”规划》的相关规定,以建设职能科学、权责法定、执法严明、公开公正、廉洁高效、守法诚信的法治政府为工作目标,全面推进依法行政,有效提升基层政府治理能力现代化水平,为建设“实力大场、幸福大场、品质大场、平安大场”提供了有力的法治保障。',
  '建立健全党内法规制度,大力提高党内法规制度执行力,把党内法规制度实施情况作为督促检查的重要内容。',
  '根据《法治政府建设与责任落实督察工作规定》和大足区政府办公室《关于印发大足区2021年法治政府建设工作要点的通知》（大足府办法〔2021〕69号）文件要求，结合单位实际，现将2021年法治政府建设情况报告如下：',
];

/** Real sentences where an ambiguous short cue must not give a theme: [sentence, ids that must not be found]. */
const AMBIGUOUS: Array<[string, string[]]> = [
  // 公开、公正 is fairness, not 政务公开
  [
    '三是认真落实行政执法过错追究制度,进一步增强执法干部工作责任心,有效杜绝滥用职权、知法犯法现象,自觉接受群众监督,确保执法工作的公开、公正,依法行政。',
    ['transparency'],
  ],
  // 自查自评 is not an inspection
  [
    '积极参与第二批市级法治政府建设示范创建活动,全面总结我乡法治政府建设情况,对标《重庆市区县(自治县)法治政府建设示范指标体系》开展了自查自评。',
    ['enforcement', 'enf_inspection'],
  ],
  // 美丽、平安、和谐 is a slogan; 普法用法 aside
  [
    '下一步我镇将全面深化推进依法治镇工作措施,认真按照市委、区委要求落实各项法治工程,继续加大“法治高梁”建设力度,凝聚法治共识,依法执政、依法行政、依法监督、普法用法,为全面建设美丽、平安、和谐、富裕高梁创造良好的法治环境。',
    ['emergency_safety'],
  ],
  // 公共宣传 bought as a service
  [
    '加大政府购买服务力度,提高政府服务能力,积极与社会组织有效对接,在社区服务、物业协调、公共宣传等方面,加大政府购买服务力度。',
    ['publicity'],
  ],
  // law titles studied: not reconsideration, not penalties
  [
    '抓住领导干部这个关键少数,将学法纳入党委中心组学习,在党委中心组系统学习了《民法典》、《行政许可法》、《行政复议法》、《行政处罚法》、《习近平在中央全面依法治国工作会议上发表重要讲话》、《保密法》等法治知识。',
    ['supervision', 'enforcement', 'enf_penalty', 'services'],
  ],
  // 全民国家安全教育日 is a publicity date
  [
    '二是全面落实“法律九进”要求,利用“3·15”国际消费者权益日、“4·15”全民国家安全教育日、“12·4”宪法宣传日等重要时间节点,动员全镇普法力量,将法治思想和宪法法律法规作为普法重点内容,大力开展各种形式的普法宣传活动十余次,发放宣传普法彩页1500份,纸抽1000多盒,手提袋1000个。',
    ['emergency_safety'],
  ],
  // a group named in a law's title is not an audience of the publicity
  ['开展了多种形式的未成年人保护法、民法典、禁毒知识等宣传活动,稳步推进依法治镇的进程。', ['pub_targeted']],
  // 立案 of the discipline commission is not an enforcement case
  ['年内共处置问题线索32件,办结问题线索30件,立案16件,结案13件。', ['enforcement', 'enf_penalty']],
  // 综治平台 is not a publicity medium
  [
    '整合新时代文明实践中心与综治平台资源,在乡镇建成“法治文化广场”,在村社设立“法治驿站”,实现普法阵地全覆盖,让群众在共情中接受法治熏陶。',
    ['pub_digital'],
  ],
  // 微信群 used for legal services, not publicity
  [
    '辖区公共法律服务工作站全面建成并规范化运作,同时,线上利用社区通、微信群等平台,为村(居)民提供便捷高效的法律服务。',
    ['publicity', 'pub_digital'],
  ],
  // 八五普法 as a time frame for cadres' study
  ['“八五”普法规划实施以来,乡中心组学习会上学习习近平法治思想10次;', ['publicity']],
  // 律师进社区 is a legal service, not a publicity audience
  [
    '进一步完善了电子台账和考核机制,明确考核管理办法,加强对“律师进社区”工作的指导、监督,着力以律师专业作用助力社区和谐稳定。',
    ['publicity', 'pub_targeted'],
  ],
  // cadres' 法治意识 is study, not publicity
  [
    '二是法治学用结合不够少数机关干部通过学习法律知识在使用法治思维、法治意识和法治方式解决工作中实际问题上做的还不够',
    ['publicity'],
  ],
];

describe('default theme dictionary', () => {
  it('has the 13 themes in guide order and the 9 sub-themes under their parents', () => {
    expect(dict.categories.filter((c) => c.parent === null).map((c) => c.id)).toEqual(THEMES);
    const subs = Object.fromEntries(dict.categories.filter((c) => c.parent !== null).map((c) => [c.id, c.parent]));
    expect(subs).toEqual(SUBTHEMES);
  });

  it('gives every theme enough cue terms', () => {
    for (const theme of THEMES) {
      const family = dict.categories.filter((c) => c.id === theme || c.parent === theme);
      const n = family.reduce((a, c) => a + c.terms.length + c.weak.length, 0);
      expect(n, theme).toBeGreaterThanOrEqual(15);
    }
  });

  it('is loaded once', () => {
    expect(defaultThemeDictionary()).toBe(dict);
    expect(compileThemeDictionary(dict)).toBe(compileThemeDictionary(dict));
  });
});

describe('matchThemes on real sentences', () => {
  it('uses sentences that really are in the seed reports', () => {
    const all = [...POSITIVE.map((p) => p[1]), ...NO_THEME, ...AMBIGUOUS.map((a) => a[0])];
    for (const s of all) expect(SEEDS.some((t) => t.includes(s)), s).toBe(true);
  });

  it.each(POSITIVE)('finds %s in %s', (id, sentence, not) => {
    const themes = themesOf(sentence);
    expect(themes).toContain(id);
    const parent = SUBTHEMES[id];
    if (parent) expect(themes).toContain(parent);
    for (const n of not ?? []) expect(themes).not.toContain(n);
  });

  it.each(NO_THEME)('finds no theme in %s', (sentence) => {
    expect(matchThemes(sentence, nodejieba.cut(sentence), dict)).toEqual({ themes: [], cues: [] });
  });

  it.each(AMBIGUOUS)('does not read an ambiguous cue as a theme in %s', (sentence, not) => {
    const themes = themesOf(sentence);
    expect(themes.length).toBeGreaterThan(0);
    for (const n of not) expect(themes).not.toContain(n);
  });

  it('finds every theme and sub-theme somewhere in the five seeds', () => {
    const found = new Set(seedSentences().flatMap((s) => themesOf(s)));
    for (const id of [...THEMES, ...Object.keys(SUBTHEMES)]) expect(found.has(id), id).toBe(true);
  });
});

describe('negation does not remove themes', () => {
  it('keeps normative_documents for 今年我镇未制定规范性文件', () => {
    const s = '今年我镇未制定规范性文件。';
    const m = matchThemes(s, nodejieba.cut(s), dict);
    expect(m.themes).toEqual(['normative_documents']);
    expect(m.cues).toEqual(['normative_documents:规范性文件']);
  });

  it.each([
    ['今年我镇制定规范性文件2件。', '今年我镇未制定规范性文件。'],
    ['全年发生行政应诉案件1件。', '全年无行政应诉案件。'],
    ['聘请律师担任法律顾问。', '尚未聘请律师担任法律顾问。'],
    ['发生重大信访事件。', '没有发生重大信访事件。'],
    ['开展法治宣传活动。', '从未开展法治宣传活动。'],
    ['发生安全事故。', '全年未发生重大刑事案件和安全事故。'],
  ])('%s and %s carry the same themes', (plain, negated) => {
    const a = themesOf(plain);
    expect(a.length).toBeGreaterThan(0);
    expect(themesOf(negated)).toEqual(a);
  });
});

describe('output shape', () => {
  const s =
    '充分利用宣传标语、横幅、微信群、QQ群、LED电子显示屏，通过主题党日、村组党员干部群众大会、院坝会，老百姓赶集日为契机、村民微信平台以及在各村（社区）村村通广播开展普法广泛宣传，共发放法治宣传单10000余份，发放宣传口袋2000个，张帖宣传海报1000余张。';

  it('lists themes once each, in dictionary order, parents included', () => {
    const m = matchThemes(s, nodejieba.cut(s), dict);
    const order = themeIds(dict);
    expect(m.themes).toEqual(order.filter((id) => m.themes.includes(id)));
    expect(new Set(m.themes).size).toBe(m.themes.length);
    expect(m.themes).toEqual(expect.arrayContaining(['publicity', 'pub_print', 'pub_event', 'pub_digital']));
  });

  it('gives cues as theme:term with the text that matched', () => {
    const m = matchThemes(s, nodejieba.cut(s), dict);
    expect(new Set(m.cues).size).toBe(m.cues.length);
    for (const cue of m.cues) {
      const [theme, term] = cue.split(':') as [string, string];
      expect(m.themes).toContain(theme);
      expect(s).toContain(term);
    }
    expect(m.cues).toContain('pub_print:横幅');
    expect(m.cues).toContain('pub_digital:QQ群');
  });

  it('adds the parent of a sub-theme even when no cue of the parent matched', () => {
    const m = matchThemes('悬挂横幅5条。', nodejieba.cut('悬挂横幅5条。'), dict);
    expect(m.themes).toEqual(['publicity', 'pub_print']);
    expect(m.cues.every((c) => c.startsWith('pub_print:'))).toBe(true);
    for (const sub of ['enf_inspection', 'enf_penalty', 'enf_standards', 'enf_reform']) {
      const sentence = POSITIVE.find((p) => p[0] === sub)![1];
      expect(themesOf(sentence)).toContain('enforcement');
    }
  });

  it('matches literal cues without tokens and across token boundaries', () => {
    expect(matchThemes('今年我镇未制定规范性文件。', [], dict).themes).toEqual(['normative_documents']);
    expect(matchThemes('积极开展法治进校园活动', ['积极', '开展', '法治', '进', '校园', '活动'], dict).themes).toEqual([
      'publicity',
      'pub_targeted',
    ]);
  });

  it('is fast: thousands of sentences in well under a second each', () => {
    const sentences = seedSentences();
    const tokens = sentences.map((x) => nodejieba.cut(x));
    const t0 = performance.now();
    let n = 0;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < sentences.length; i++) n += matchThemes(sentences[i]!, tokens[i]!, dict).themes.length;
    }
    const ms = performance.now() - t0;
    expect(n).toBeGreaterThan(0);
    expect(sentences.length * 20).toBeGreaterThan(9000);
    expect(ms).toBeLessThan(3000);
  });
});

describe('pattern semantics', () => {
  const d = (o: unknown): ThemeDictionary => dictionaryFromObject(o, 'test.yml');

  it('matches a glob against whole tokens and joins of adjacent tokens', () => {
    const g = d({ t: ['普法*', '法治*校园'] });
    expect(matchThemes('开展普法宣传', ['开展', '普法宣传'], g).cues).toEqual(['t:普法宣传']);
    expect(matchThemes('开展科普法规讲解', ['开展', '科普', '法规', '讲解'], g).themes).toEqual([]);
    expect(matchThemes('开展法治进校园活动', ['开展', '法治', '进', '校园', '活动'], g).cues).toEqual(['t:法治进校园']);
  });

  it('never lets * cross clause punctuation', () => {
    const g = d({ t: ['*纳入*考核*'] });
    expect(matchThemes('纳入年度考核', ['纳入', '年度', '考核'], g).themes).toEqual(['t']);
    expect(matchThemes('纳入计划，年底考核', ['纳入', '计划', '，', '年底', '考核'], g).themes).toEqual([]);
  });

  it('ignores case and full/half width', () => {
    const g = d({ t: ['qq群'] });
    expect(matchThemes('建立ＱＱ群', ['建立', 'ＱＱ群'], g).cues).toEqual(['t:ＱＱ群']);
    expect(matchThemes('建立QQ群', ['建立', 'QQ', '群'], g).cues).toEqual(['t:QQ群']);
  });

  it('cancels a cue that overlaps an exclusion, for that category only', () => {
    const g = d({ t: { _terms: ['公开'], _exclude: ['公开公正'] }, u: ['公开'] });
    expect(matchThemes('确保公开公正', [], g).themes).toEqual(['u']);
    expect(matchThemes('深化政务公开', [], g).themes).toEqual(['t', 'u']);
  });

  it('applies root exclusions to every category', () => {
    const g = d({ _exclude: ['《*法》'], s: ['行政复议'] });
    expect(matchThemes('学习《行政复议法》', ['学习', '《', '行政复议', '法', '》'], g).themes).toEqual([]);
    expect(matchThemes('办理行政复议案件', ['办理', '行政复议', '案件'], g).themes).toEqual(['s']);
  });

  it('supports [set] and [!set] classes and multi-word patterns', () => {
    const g = d({ _exclude: ['《*[!办]法》'], n: ['规范性文件'], m: ['法治 进 校园'] });
    const toks = (s: string): string[] => nodejieba.cut(s);
    const law = '学习《规范性文件法》';
    const local = '制定《规范性文件管理办法》';
    expect(matchThemes(law, toks(law), g).themes).toEqual([]);
    expect(matchThemes(local, toks(local), g).themes).toEqual(['n']);
    expect(matchThemes('法治进校园', ['法治', '进', '校园'], g).cues).toEqual(['m:法治进校园']);
    expect(matchThemes('法治 进 校园', ['法治', '进', '校园'], g).themes).toEqual(['m']);
  });

  it('keeps cues inside the title of a local 办法 in the default dictionary', () => {
    const s = '制定出台《红土乡规范性文件管理办法》。';
    expect(themesOf(s)).toEqual(['normative_documents']);
    expect(themesOf('认真学习《中华人民共和国行政处罚法》。')).toEqual(['study_training']);
  });

  it('counts weak cues only next to a strong cue of the same theme', () => {
    const g = d({ p: { _terms: ['普法'], sub: { _weak: ['企业'] } }, q: ['服务'] });
    expect(matchThemes('服务企业', [], g).themes).toEqual(['q']);
    expect(matchThemes('开展企业普法', [], g).themes).toEqual(['p', 'sub']);
  });
});

describe('custom dictionaries (--dict)', () => {
  let dir = '';
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text, 'utf8');
    return path;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fazhi-themes-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const POLICY = `# a policy-instrument scheme
regulation:
  - 处罚
  - '*整治*'
information:
  _terms: [宣传, 公开]
  campaign: [宣传活动, 集中宣传]
publicity:
  - 说法角
`;

  it('adds categories and extends existing ones in add mode', () => {
    const extra = loadThemeDictionary(write('policy.yml', POLICY));
    const merged = mergeDictionaries(dict, extra, 'add');
    expect(themeIds(merged).slice(0, themeIds(dict).length)).toEqual(themeIds(dict));
    expect(themeIds(merged).slice(-3)).toEqual(['regulation', 'information', 'campaign']);
    expect(themesOf('处罚16起。', merged)).toEqual(['enforcement', 'enf_penalty', 'regulation']);
    expect(themesOf('开展法治宣传活动4场次。', merged)).toEqual(
      expect.arrayContaining(['publicity', 'pub_event', 'information', 'campaign']),
    );
    expect(themesOf('在村口设立说法角。', merged)).toEqual(['publicity']);
    // the base dictionary is left as it was
    expect(themesOf('在村口设立说法角。')).toEqual([]);
    expect(themeIds(dict)).not.toContain('regulation');
  });

  it('uses only the researcher\'s categories in replace mode', () => {
    const extra = loadThemeDictionary(write('policy2.yml', POLICY));
    const replaced = mergeDictionaries(dict, extra, 'replace');
    expect(themeIds(replaced)).toEqual(['regulation', 'information', 'campaign', 'publicity']);
    expect(themesOf('处罚16起。', replaced)).toEqual(['regulation']);
    expect(themesOf('开展法治宣传活动4场次。', replaced)).toEqual(['information', 'campaign']);
    const m = matchThemes('深入整治执法粗暴问题', nodejieba.cut('深入整治执法粗暴问题'), replaced);
    expect(m.cues).toEqual(['regulation:整治']);
  });

  it('places a new sub-theme of an existing theme after that theme\'s sub-themes', () => {
    const extra = loadThemeDictionary(write('sub.yml', 'publicity:\n  pub_drama: [快板, 三句半]\n'));
    const ids = themeIds(mergeDictionaries(dict, extra, 'add'));
    expect(ids.indexOf('pub_drama')).toBe(ids.indexOf('pub_grassroots') + 1);
    expect(ids.indexOf('decision_making')).toBe(ids.indexOf('pub_drama') + 1);
    expect(themesOf('编排普法快板', mergeDictionaries(dict, extra, 'add'))).toEqual(['publicity', 'pub_drama']);
    expect(themesOf('表演三句半', mergeDictionaries(dict, extra, 'add'))).toEqual(['publicity', 'pub_drama']);
  });

  it('rejects a category that moves to another parent when added', () => {
    const extra = loadThemeDictionary(write('moved.yml', 'digital:\n  pub_print: [横幅]\n'));
    expect(() => mergeDictionaries(dict, extra, 'add')).toThrow(/moved\.yml.*pub_print/);
  });

  it('names the file for bad YAML', () => {
    const path = write('bad.yml', 'publicity: [普法\n  pub_print: x\n');
    expect(() => loadThemeDictionary(path)).toThrow(/bad\.yml.*invalid YAML/);
  });

  it('names the line of a key given twice in one mapping', () => {
    const path = write('twice.yml', 'leadership: [领导小组]\nstudy: [学法]\nleadership: [第一责任人]\n');
    expect(() => loadThemeDictionary(path)).toThrow(/twice\.yml: invalid YAML \(line 3, column 1\): duplicated mapping key/);
  });

  it('reads a date-like pattern as the text written, not a date', () => {
    const extra = loadThemeDictionary(write('dated.yml', 'anniversary: [2023-12-04, 宪法日]\n'));
    expect(extra.categories[0]!.terms).toEqual(['2023-12-04', '宪法日']);
  });

  it.each([
    ['empty.yml', 'publicity:\n  _terms: [普法]\n  pub_print: []\n', 'publicity.pub_print', /no patterns/],
    ['null.yml', 'leadership:\nstudy: [学法]\n', 'leadership', /no patterns/],
    ['onlyexcl.yml', 'publicity:\n  _exclude: [公共宣传]\n', 'publicity', /no patterns/],
    ['option.yml', 'publicity:\n  _term: [普法]\n', 'publicity._term', /unknown option/],
    ['dup.yml', 'a:\n  b: [x]\nc:\n  b: [y]\n', 'c.b', /defined twice/],
    ['obj.yml', 'a:\n  - {x: 1}\n', 'a', /strings/],
    ['star.yml', 'a: ["*"]\n', 'a', /no literal text/],
    ['class.yml', 'a: ["[!办]*"]\n', 'a', /no literal text/],
    ['name.yml', 'bad name: [x]\n', 'bad name', /category names/],
  ])('names the file and the key for %s', (file, text, key, why) => {
    const path = write(file, text);
    let err: Error | undefined;
    try {
      loadThemeDictionary(path);
    } catch (e) {
      err = e as Error;
    }
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toContain(path);
    expect(err!.message).toContain(`"${key}"`);
    expect(err!.message).toMatch(why);
  });

  it('names the file when it cannot be read', () => {
    const path = join(dir, 'missing.yml');
    expect(() => loadThemeDictionary(path)).toThrow(path);
  });
});

describe('the themes fold', () => {
  // The definition, one character at a time, that foldForThemes must keep to.
  const reference = (s: string): string =>
    Array.from({ length: s.length }, (_, i) => {
      let c = s.charCodeAt(i);
      if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
      else if (c === 0x3000) c = 0x20;
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      return String.fromCharCode(c);
    }).join('');

  it('folds every code unit as defined, keeps lengths, and handles a whole report longer than one chunk', () => {
    const all = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).join('');
    expect(foldForThemes(all)).toBe(reference(all));
    // All code units at once is sixteen chunks; the seeds are whole reports.
    expect(SEEDS.some((text) => text.length > 4096)).toBe(true);
    for (const text of SEEDS) expect(foldForThemes(text)).toBe(reference(text));
    expect(foldForThemes('利用ＱＱ群、LED屏')).toBe('利用qq群、led屏');
    const plain = '深入推进依法行政';
    expect(foldForThemes(plain)).toBe(plain);
  });
});
