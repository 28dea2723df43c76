/**
 * The guide's rulings for the hard cases (annotation guide §3, "Rules for the
 * hard cases"; §2 on text that starts mid-report), checked on real report
 * text: lines of the page openings in data/openings (from ../shared/corpora/report-openings)
 * (folder/file named on each), copied verbatim. Where the ruling overrides a
 * label the surface suggests, the test's name says which ("not a plan").
 */
import { describe, expect, it } from 'vitest';
import type { ReportDoc, Unit } from '../../src/model/document.js';
import { parseReport } from '../../src/pipeline/parse.js';
import { tokenizeStage } from '../../src/tokenize/stage.js';
import { tagStage } from '../../src/tag/index.js';
import { loadCueLexicon, matchCues, parseCueFile } from '../../src/tag/cues.js';
import { extractDocFeatures } from '../../src/tag/features.js';
import { decideByRules } from '../../src/tag/rules.js';
import { cut } from '../../src/tokenize/tokenizer.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import { testTokenizer } from '../helpers/tokenizers.js';

const stages = [tokenizeStage({ tokenizer: testTokenizer() }), tagStage()];
const lexicon = loadCueLexicon();

/** Real lines of one report, parsed and tagged as the pipeline does (the shipped model, rules first). */
function report(file: string, lines: readonly string[], meta: Record<string, string> = {}): ReportDoc {
  return parseReport(lines.join('\n'), { file, stages, meta });
}
function unitOf(doc: ReportDoc, prefix: string): Unit {
  const u = doc.units.find((x) => x.kind === 'sentence' && normalizeForMatch(x.text).startsWith(normalizeForMatch(prefix)));
  if (!u) throw new Error(`no sentence starting "${prefix}" in ${doc.file}: ${doc.units.map((x) => x.text.slice(0, 12)).join(' | ')}`);
  return u;
}
const fn = (doc: ReportDoc, prefix: string) => unitOf(doc, prefix).tag!.function;
const cues = (doc: ReportDoc, prefix: string) => unitOf(doc, prefix).tag!.cues;
const cueTexts = (text: string, cls: string) => matchCues(lexicon, normalizeForMatch(text), cut(text)).filter((h) => h.cls === cls).map((h) => h.cue);

/** report-openings/A/058: topical headings (一、高位统筹发力…), a report of the year's work. */
const A058 = [
  "2025年,在廉江市委、市政府的坚强领导下,在市委全面依法治市委员会的精心指导下,营仔镇人民政府坚持以习近平新时代中国特色社会主义思想为指导,全面贯彻落实党的二十大和二十届二中、三中、四中全会精神,深入学习贯彻习近平法治思想和习近平总书记对广东系列重要讲话、重要指示精神,紧密围绕落实省委“1310”具体部署和湛江、廉江工作要求,以落实《廉江市2025年度法治政府建设工作要点》为主线,扎实推进依法行政,加快转变政府职能,法治政府建设各项工作取得新进展、新成效。现将本年度工作情况报告如下:",
  "一、高位统筹发力,提升法治建设效能",
  "(一)强化组织领导,压实法治责任。镇党委书记、镇长切实承担起推进法治建设第一责任人职责,对法治建设亲自部署、亲自过问、亲自协调、亲自督办。今年以来,党政主要负责人主持召开法治政府建设专题会议11次;针对执法规范化、矛盾纠纷化解等工作中的突出问题,现场办公7次;带队开展法治建设专项督导4次。同时,将法治建设纳入领导班子和领导干部年度考核,确保责任层层传导、任务件件落实。",
  "(二)坚持率先垂范,发挥“头雁效应”。党政主要负责人坚持带头学习贯彻习近平法治思想,在镇党委理论学习中心组学习会、党委班子会议上作专题辅导4次,组织镇村干部集中学法6次,组织全镇所有公职人员完成2025年度学法课程考试,参加率100%,优秀100%。在重大决策制定、重大项目推进等工作中,坚持依法决策、依法办事,主动听取法律顾问意见,确保行政行为合法合规。",
];
/** report-openings/B/003: a disclosure report; 五、工作存在的问题及改进措施 merges problems and remedies. */
const B003 = [
  "根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求,特向社会公布张义镇人民政府2008年政府信息公开工作年度报告。本报告由主动公开政府信息情况、依申请公开政府信息和不予公开政府信息情况、申请行政复议和提起行政诉讼情况、工作存在的主要问题及改进措施,共五个部分组成。本报告中所列数据的统计期限自2008年1月1日起至2008年12月31日止。",
  "一、主动公开政府信息情况",
  "2008年,我镇通过政府信息公开平台、政府网站主动公开政府信息12条。",
  "(一)政府信息公开的内容",
  "本年度重点公开下以下内容:一是我镇部分政务文件;二是各类通知类信息。",
  "(二)政府信息公开形式",
  "通过门户网站和政府信息公开平台,及时更新发布有关信息,确保网站上政府信息的权威性、准确性、及时性。",
  "二、依申请公开和不予公开政府信息的情况",
  "2008年,我镇未收到公开政府信息的申请。",
  "三、咨询和投诉情况",
  "2008年政府共接受社会公众关于政府信息公开方面的咨询30多人次,其中来电来访20多次,咨询内容主要涉及政府信息公开的惠农政策等方面。",
  "四、申请行政复议和提起行政诉讼情况",
  "2008年我镇未有因政府信息公开申请行政复议和提起行政诉讼的情况。",
  "五、工作存在的问题及改进措施",
  "存在的问题:一、对政府信息公开知识学习不够。二、公开内容方式方法比较单一。",
  "针对以上不足,2009年我镇政府信息公开工作将按照区委、区政府信息公开要求,进一步加强学习,按要求逐步公开相关政府信息,增强工作透明度,为公",
];
/** report-openings/B/007: starts mid-report (no title, no first heading); 六、存在问题及改进措施. */
const B007 = [
  "我镇政府信息公开主要采用网络及宣传栏公示形式发布。2014年我镇主动公开政府信息数160条,其中,综合政务59条;人事工作信息1条;财政信息5条;教育8条;重要工作会议22条;安全监管45条;人口计划和生育、妇女儿童28条;监察信息2条。",
  "三、政府信息依申请公开情况",
  "2014年,我镇没有依申请公开政府信息办理事项。",
  "四、政府信息公开的收费及减免情况",
  "2014年度及历年来,我镇政府信息公开没有收费及减免的情况。",
  "五、因政府信息公开申请行政复议、诉讼和申诉情况",
  "我镇2014年度未发生针对本单位有关政府信息公开事务的行政复议案、诉讼和申述的情况。",
  "六、存在问题及改进措施",
  "2014年度我镇政府信息公开完成县政务公开下达的全年公开目标任务,但与公众的需求还存在差距,公开内容的及时性、全面性以及公开形式的便民性等需要在今后工作中改进。报送过程中极少数报送信息存在上网公开审查不严、填报的栏目填报不完全、未按照全省确定的类别进行填报、索取号填报不准确等问题。",
  "为此,2015年政府信息公开工作我们将采取以下措施积极改进:",
  "(一)提高认识。深化对政府信息公开工作重要性的认识,切实增强做好此项工作的能力和水平,及时公开、更新。",
  "(二)进一步健全政府信息公开工作机制和制度规范。不断规范政府信息主动公开工作机制、政府信息公开申请的受理机制和政府信息发布、保密、审查制度等。",
  "(三)继续积极做好政府信息主动公开工作。坚持把主动公开作为一项常态工作,落实政府信息公开载体,进一步规范信息制作、发布流程。同时,继续按要求做好政府信息公开申请的答复和相关电话咨询,满足政府信息公开申请人的知情权。",
  "亭子坝镇人民政府",
  "2015年1月10日",
];
/** report-openings/B/009: 规划计划类 as a category; 六、…存在的主要问题和改进措施 with sub-headings. */
const B009 = [
  "根据《中华人民共和国政府信息公开条例》(以下简称《条例》)的规定,现公布2012年凤安镇政府信息公开工作年度报告。本报告内容涵盖我镇政府2012年1月1日至12月31日期间的政府信息公开情况。如对本报告有疑问,请与凤安镇党政办公室联系,电话:0762—7405328。",
  "一、概述",
  "我镇高度重视政府信息公开工作,在做好涉密文件保密工作的前提下,注重充实、完善信息公开的内容,并依据我镇实际情况,多渠道、高效率的有序推进政府信息公开各项工作。专门成立了以镇长为组长的镇政务公开领导小组,成员由党政办、组织办、纪委办、宣传办、社会事务办及相关部门负责人组成,并配备1名专职工作人员负责有关工作的执行、落实。制定并实施凤安镇政府信息公开工作方案,明确我镇政府信息公开工作内容、任务和公开受理、回复的反馈机制,政府信息向外公开的形式主要为县政府网、镇政府信息公开栏及会议等。",
  "二、政府信息主动公开情况",
  "2012年我镇主动公开政府信息数21条,其中机构职能类信息3条,政策法规类信息5条,规划计划类信息3条,社保、救济类信息10条。",
  "三、政府信息依申请公开办理情况",
  "2012年度我镇未收到政府信息公开申请。",
  "四、政府信息公开行政收费和减免情况",
  "我镇无依申请公开信息情况,未发生依申请公开信息收费和费用减免情况。",
  "五、因政府信息公开申请行政复议、行政诉讼的情况",
  "全年无政府信息公开申请行政复议、提起行政诉讼的案件。",
  "六、政府信息公开工作存在的主要问题和改进措施",
  "(一)政府信息公开工作存在的问题:",
  "1、信息公开的内容不够全面,公开的范围有待进一步拓宽;",
  "2、信息公开的制度有待于进一步健全完善。",
  "(二)解决办法和改进措施:",
  "1、进一步拓宽信息来源和渠道,使公开信息",
];
/** report-openings/B/002: a disclosure report on one line, its numbered parts run in (五、…存在的主要问题和改进措施 …). */
const B002 = [
  "2013年,我镇认真贯彻落实《中华人民共和国政府信息公开条例》等文件精神,不断健全工作机制,深化公开内容,创新公开形式,有序地推进政府信息公开工作,全面提升政府信息公开工作水平。现将我镇2013年政府信息公开工作报告如下: 一、政府信息主动公开情况 2013年度我镇在主动公开政府信息件数为123件,处理市政府网网上投诉件36只。 二、政府依申请公开政府信息和不予公开信息情况 2013年,我镇政府未收到信息公开的申请,也无不予公开信息的情况发生。 三、政府信息公开收费和减免情况 本年度我镇没有因政府信息公开而产生的收费,也未产生减免情况。 四、政府信息公开申请行政复议、行政诉讼情况 2013年没有针对我镇政府信息公开申请而提起行政复议和行政诉讼的情况发生。 五、政府信息公开工作存在的主要问题和改进措施 一年下来政府信息公开工作进展顺利,取得了一定的效果,但仍存在的以下问题有: 一是信息公开的载体有待于进一步拓宽,特别是新媒体的应用有待于有待进一步加强; 二是公开的信息分类不明确,格式不规范。 对此,我们加强对工作人员进行培训,并尝试新媒体的应用。同时制定明确、规范、合理的信息公开目录指引,使公开的内容清晰,查询方便。 六、其他需要报告的事项 无其他需要报告的事项。 附件下载:2013年度谢塘镇政府信息公开情况统计表.doc |",
];
/** report-openings/A/043: a table of contents naming the sections before the preamble. */
const A043 = [
  "本年度报告根据中共中央《关于全面推进依法治国若干重大问题的决定》、《法治上海建设规划(2021-2025)》、《浦东新区法治政府建设实施方案(2022-2025)的要求,由上海市浦东新区川沙新镇人民政府编制。全文包括2023年度法治政府建设“主要举措和成效”“存在的不足和原因”、“法治建设责任制工作情况”以及“2024年度工作安排”。本年度报告中所列数据的统计期限自202311日起至1231日止。",
  "2023年,川沙新镇坚持以党的二十大精神和习近平新时代中国特色社会主义思想为指导,按照上级政府的部署和要求,认真贯彻落实《法治上海建设规划(2021-2025)》、《浦东新区法治政府建设十四五规划》、《浦东新区法治政府建设实施方案(2022-2025),坚持用法治理念凝聚共识、用法治手段推动发展、用法治方式解决问题,深入推进依法行政,加快法治政府建设,经济建设和社会治理提供有力法治保障,努力推进政府活动全面纳入法治轨道。现将川沙新镇2023年度法治政府建设工作报告如下:",
  "一、主要举措和成效",
];
/** report-openings/A/041: a preamble closing on results. */
const A041 = [
  "县委、县政府:",
  "2024年以来,教育局坚持以习近平法治思想为指引,认真贯彻落实党的二十大和二十届二中、三中全会以及习近平总书记对江苏工作重要讲话精神、在盐城考察时重要指示精神,扎实推进法治政府建设相关工作,持续提升依法行政、依法治教、依法治校水平,取得了新进展、新成效。",
  "一、2024年度推进法治政府建设的主要举措和成效",
];
/** report-openings/A/076: remedies counted (整改问题12项), a score reached. */
const A076 = [
  "2024以来,在县委、县政府的精心指导下,本人切实履行推进法治政府建设第一责任人职责,以习近平新时代中国特色社会主义思想为指导,认真落实习近平总书记关于法治政府建设的重要讲话精神,紧紧围绕法治政府建设各项任务,切实推进法治政府各项工作有序开展,进一步提升法治化、规范化,持续推进法治政府建设,认真落实县委、县政府关于法治政府建设的各项部署,有效推动岩山镇法治政府建设迈上新台阶。现将个人履行推进法治政府建设工作情况汇报如下:",
  "一、履职情况",
  "(一)完善治理体系,夯实法治基础。基础不牢,地动山摇。法治基础工作是一切工作的着力点和落脚点。一是强化组织机制建设。成立法治政府建设工作专班,制定《岩山镇法治政府建设三年行动方案》,明确重点任务清单,建立季度调度机制。全年召开专题党委会4次,开展法治督察2次,整改问题12项。创新“法治+网格”管理模式,将全镇划分为10个网格单元,配备专职网格员55名,联动处理涉法事项83件,办结率达95%。二是深化基层自治。修订完善10个行政村村规民约。例如,岩山村通过民主议事会解决土地流转纠纷8起,涉及农户42户。建立“法治带头人”培育机制,选拔村法律明白人37名,组织参与调解案件61件,成功率达89%。",
  "(二)多维普法宣传,营造法治氛围。一是强化党员领导干部这个“关键少数”的法治学习示范引领作用。全年开展党委理论学习中心组学法12次,组织《中华人民共和国行政处罚法》《中华人民共和国乡村振兴促进法》专题测试2次,班子成员平均得分98分。建立“领导干部接访日”制度,12名班子成员累计接待群众137人次,现场解决涉法问题23件。二是深入推进全社会法治宣传教育全覆盖。开展“法律赶大集”活动28场,发放《民法典",
];

describe('words of intent make a plan only with a frame pointing to a later period', () => {
  it('确保 inside a report of the year\'s work under topical headings is how the work was done, not a plan', () => {
    const doc = report('A058.txt', A058);
    expect(fn(doc, '同时,将法治建设纳入领导班子')).toBe('measure');
    expect(fn(doc, '在重大决策制定、重大项目推进等工作中')).toBe('measure');
    // The evidence says what was set aside: intent words with no frame.
    expect(cues(doc, '在重大决策制定、重大项目推进等工作中')).toEqual(expect.arrayContaining(['intent_without_frame', 'cue=确保']));
    const b003 = report('B003.txt', B003);
    expect(fn(b003, '通过门户网站和政府信息公开平台')).toBe('measure');
  });

  it('计划 inside a category name is no frame: not a plan', () => {
    const doc = report('B009.txt', B009);
    expect(fn(doc, '2012年我镇主动公开政府信息数21条')).toBe('measure');
    expect(cueTexts('2012年我镇主动公开政府信息数21条,其中机构职能类信息3条,政策法规类信息5条,规划计划类信息3条,社保、救济类信息10条。', 'future')).toEqual([]);
  });

  it('a frame still makes the plan: 将 as the future auxiliary, a later year', () => {
    const doc = report('B003.txt', B003);
    expect(fn(doc, '针对以上不足,2009年我镇政府信息公开工作将按照')).toBe('plan');
    // 今后 in 当前和今后一个时期 (the guide's example) is the present period, not a frame.
    expect(cueTexts('当前和今后一个时期，要规范行政权力。', 'future')).toEqual([]);
    // 拟 as a verb of intent of the reporting body is a frame.
    expect(cueTexts('我镇拟将审批手续简化为两道。', 'future')).toContain('拟将');
    expect(cueTexts('2014年度我镇政府信息公开完成县政务公开下达的全年公开目标任务,但与公众的需求还存在差距,公开内容的及时性、全面性以及公开形式的便民性等需要在今后工作中改进。', 'future')).toContain('今后');
  });
});

describe('merged problems-and-plans sections split by their sub-headings and by the turn to the remedy', () => {
  it('the improvement items after "…我们将采取以下措施积极改进:" are plans, not shortcomings', () => {
    const doc = report('B007.txt', B007);
    expect(fn(doc, '报送过程中极少数报送信息存在上网公开审查不严')).toBe('shortcoming');
    expect(fn(doc, '为此,2015年政府信息公开工作我们将采取以下措施积极改进')).toBe('plan');
    expect(fn(doc, '深化对政府信息公开工作重要性的认识')).toBe('plan');
    expect(fn(doc, '不断规范政府信息主动公开工作机制')).toBe('plan');
    expect(fn(doc, '同时,继续按要求做好政府信息公开申请的答复')).toBe('plan');
    expect(cues(doc, '深化对政府信息公开工作重要性的认识')).toContain('rule=plan_part');
    // What is done about the problems (对此,…) is not a shortcoming, wherever the structure put it.
    const b002 = report('B002.txt', B002);
    expect(fn(b002, '二是公开的信息分类不明确')).toBe('shortcoming');
    expect(fn(b002, '对此,我们加强对工作人员进行培训')).toBe('plan');
    expect(fn(b002, '同时制定明确、规范、合理的信息公开目录指引')).toBe('plan');
    // Under a sub-heading naming the remedy, even where the structure stage opened a section there
    // (B/009: "(二)解决办法和改进措施:" under "六、…存在的主要问题和改进措施"), the items are plans.
    const b009 = report('B009.txt', B009);
    const item = b009.units.find((u) => u.text.startsWith('1、进一步拓宽信息来源和渠道'))!;
    expect(item.tag!.function).toBe('plan');
    expect(b009.units.find((u) => u.text.startsWith('2、信息公开的制度有待于进一步健全完善'))!.tag!.function).toBe('shortcoming');
    // The problems before the turn stay shortcomings.
    const b003 = report('B003.txt', B003);
    expect(fn(b003, '存在的问题:一、对政府信息公开知识学习不够')).toBe('shortcoming');
    expect(fn(b003, '二、公开内容方式方法比较单一')).toBe('shortcoming');
  });
});

describe('outcomes stated without a rate', () => {
  it('"no … happened" and no review or litigation are outcomes, not measures', () => {
    const doc = report('B009.txt', B009);
    expect(fn(doc, '全年无政府信息公开申请行政复议')).toBe('outcome');
    expect(fn(doc, '我镇无依申请公开信息情况,未发生')).toBe('outcome');
    // Receiving no application is a zero count of work handled, not a result.
    expect(fn(doc, '2012年度我镇未收到政府信息公开申请')).toBe('measure');
    const b003 = report('B003.txt', B003);
    expect(fn(b003, '2008年我镇未有因政府信息公开申请行政复议')).toBe('outcome');
  });

  it('"no … happened" is an outcome however much the clause says between 无 or 没有 and 发生', () => {
    const doc = report('B002.txt', B002);
    for (const [sentence, cue] of [
      ['2013年,我镇政府未收到信息公开的申请,也无不予公开信息的情况发生', 'cue=无~发生'],
      ['2013年没有针对我镇政府信息公开申请而提起行政复议和行政诉讼的情况发生', 'cue=没有~发生'],
    ] as const) {
      expect(fn(doc, sentence), sentence).toBe('outcome');
      expect(cues(doc, sentence), sentence).toContain(cue);
    }
    // Within its clause only: a 发生 after the clause ends is not what 无 denied (report-openings/B/009).
    const b009 = cueTexts('我镇无依申请公开信息情况,未发生依申请公开信息收费和费用减免情况。', 'result');
    expect(b009).toContain('未发生');
    expect(b009).not.toContain('无~发生');
    expect(cueTexts('2008年度我镇政府信息公开工作没有发生相关收费和减免情况。', 'result')).toContain('没有~发生');
  });

  it('a preamble that closes on results is an outcome; one of guidance stays other', () => {
    const doc = report('A041.txt', A041);
    expect(fn(doc, '2024年以来,教育局坚持以习近平法治思想为指引')).toBe('outcome');
    const a058 = report('A058.txt', A058);
    expect(fn(a058, '2025年,在廉江市委、市政府的坚强领导下')).toBe('outcome');
    expect(fn(a058, '现将本年度工作情况报告如下')).toBe('other');
  });

  it('a score reached is an outcome; remedies counted stay measures, a shortfall stated stays a problem', () => {
    const doc = report('A076.txt', A076);
    expect(fn(doc, '全年开展党委理论学习中心组学法12次')).toBe('outcome');
    expect(fn(doc, '全年召开专题党委会4次')).toBe('measure');
    // A remedy word cancels a problem named as the object of the work (seed 000: 研究解决…问题),
    // not a shortfall stated as the predicate (report-openings/B/013: 面对…宣传力度还不够).
    expect(cueTexts('定期听取法治建设工作情况汇报,及时研究解决有关重大问题', 'problem')).toEqual([]);
    expect(cueTexts('本镇信息公开面对社会宣传力度还不够。', 'problem')).toContain('不够');
  });
});

describe('a table of contents names sections and states nothing', () => {
  it('the contents and the statistical period after it are other, not shortcomings', () => {
    const doc = report('A043.txt', A043);
    expect(fn(doc, '全文包括2023年度法治政府建设')).toBe('other');
    expect(fn(doc, '本年度报告中所列数据的统计期限')).toBe('other');
    const b003 = report('B003.txt', B003);
    expect(fn(b003, '本报告中所列数据的统计期限')).toBe('other');
  });
});

describe('a text that starts mid-report is labeled by the same rules', () => {
  it('its sentences are not other merely because no heading came before them', () => {
    const doc = report('B007.txt', B007);
    // structure finds no title or framing before the first heading: the text opens in the body
    expect(unitOf(doc, '我镇政府信息公开主要采用网络').section).toBe('measures');
    expect(fn(doc, '我镇政府信息公开主要采用网络')).toBe('measure');
    expect(fn(doc, '2014年我镇主动公开政府信息数160条')).toBe('measure');
    expect(fn(doc, '人事工作信息1条')).toBe('measure');
    // A preamble of guidance after a title stays other.
    const a043 = report('A043.txt', A043);
    expect(fn(a043, '2023年,川沙新镇坚持以党的二十大精神')).toBe('other');
  });

  it('and the same when the structure stage gives it a body section no heading named', () => {
    const doc = report('B007.txt', B007);
    const features = extractDocFeatures(doc, { lexicon });
    for (const prefix of ['我镇政府信息公开主要采用网络', '2014年我镇主动公开政府信息数160条', '人口计划和生育、妇女儿童28条']) {
      const f = features[unitOf(doc, prefix).index]!;
      expect(decideByRules({ ...f, section: 'measures', sectionSource: 'default', preambleBody: false }).function, prefix).toBe('measure');
    }
  });
});

describe('cue syntax', () => {
  it('~ spans up to 30 characters of one clause, lists and brackets included', () => {
    const [c] = parseCueFile('result', '实现~全覆盖\n', 'result.txt');
    expect(c!.pattern!.source).toContain('{0,30}');
    const text = '以区委中心组学习为牵引,实现了区、镇(街道)、村(社区)三级领导干部学法全覆盖。';
    expect(cueTexts(text, 'result')).toContain('实现~全覆盖');
    expect(cueTexts('实现重大决策合法性审查,推进全覆盖。', 'result')).not.toContain('实现~全覆盖');
    // Weak: coverage of an activity is an output (guide §3), so it does not decide alone.
    expect(lexicon.cues.find((c) => c.text === '实现~全覆盖')?.weak).toBe(true);
    expect(() => parseCueFile('result', '~全覆盖\n', 'result.txt')).toThrow('result.txt:1: a * or ~ must stand between two pieces of text');
  });
});
