/**
 * Quantities stage (annotation guide §5). Cases marked `seed` are verbatim
 * from data/reports/*.txt (checked by a test below); the others are written
 * to pin down a rule of the guide or of the brief.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  extractQuantities,
  parseChineseNumeral,
  parseUnitList,
  UNITS,
  UNITS_FILE,
} from '../../src/quantities/index.js';

interface Expected {
  value: number;
  unit: string;
  approx: boolean;
  raw?: string;
  subject?: string;
}

interface Case {
  text: string;
  expect: Expected[];
  seed?: boolean;
  note?: string;
}

const q = (value: number, unit: string, approx = false, extra: Partial<Expected> = {}): Expected => ({
  value,
  unit,
  approx,
  ...extra,
});

/** A case whose text is a sentence of data/reports, verbatim (checked below), and the quantities it states. */
const seed = (text: string, expect: Expected[] = [], note?: string): Case => ({ text, expect, seed: true, ...(note === undefined ? {} : { note }) });

const COUNTS: Case[] = [
  // ---- 000 高梁镇 --------------------------------------------------------------
  seed('本年度我镇干部参加网上普法考试通过率100%,领导干部年度法律知识考试通过率100%。', [q(100, '%', false, { raw: '100%' }), q(100, '%')]),
  seed('一是结合主题党日活动,我镇组织村(社区)党员干部参加法治培训班、法治专题讲座2场次,主要学习民法典、新的重庆信访条例和防范邪教等有关知识。', [q(2, '场次', false, { raw: '2场次', subject: '法治专题讲座' })]),
  seed('二是结合换届选举,对镇村两级参与换届工作人员、候选人、新一届“两委”班子进行换届法律知识和警示教育培训1次。', [q(1, '次')]),
  seed('今年共开展法治宣传活动4场次。', [q(4, '场次', false, { subject: '法治宣传活动' })]),
  seed('二是组织宣传车沿主要镇道进行宣传,散发普查知识宣传资料,累计发放资料3000份。', [q(3000, '份', false, { raw: '3000份', subject: '发放资料' })]),
  seed('三是在各主要路段醒目的位置悬挂宣传标语、张贴法治海报,在318国道沿线设置两幅大型法治宣传广告,推进普法工作全覆盖,使法治意识、法治思维深入人心。', [q(2, '幅', false, { raw: '两幅' })], '318国道 is a road number; 两幅 is a count'),
  seed('今年到高龙中学、高梁中心小学开展2次法治讲座', [q(2, '次', false, { subject: '法治讲座' })]),
  seed('组织司法所到各村(居)开展法治宣讲活动,村(社区)两委”干部、党员、群众参加300余人次,进一步增强了村干部以及村民的法律意识。', [q(300, '人次', true, { raw: '300余人次' })]),
  seed('今年完成沙坝村、千家村、茨坪村、顺安村、杨金社区5个村(社区)创建,法治示范村(社区)创建率达70%。', [q(5, '个'), q(70, '%', false, { subject: '法治示范村(社区)创建率' })], '千家村 is a village, not 1000 家'),
  seed('继续聘请2名律师作为镇、村两级法律顾问', [q(2, '名', false, { subject: '聘请律师' })]),
  seed('今年,法律顾问累计提供法律咨询22次,出具法律意见、审查意见6次。', [q(22, '次', false, { subject: '提供法律咨询' }), q(6, '次')]),
  seed('为了推进法治政府工作,镇人大强化监督职能,开展执法调研一次,有效提升了执法规范力度。', [q(1, '次', false, { raw: '一次', subject: '执法调研' })], 'bare 一 after its noun at the end of a clause is a count'),
  // ---- 001 大场镇 --------------------------------------------------------------
  seed('年内主动公开公文类政府信息94件,主动公开率100%', [q(94, '件'), q(100, '%', false, { subject: '主动公开率' })]),
  seed('今年法制审核大场城管中队行政执法处罚案件111件,主持召开听证会4次。', [q(111, '件'), q(4, '次', false, { subject: '听证会' })]),
  seed('全年行政诉讼案件6件(结案4件,其中胜诉2件,原告撤诉2件),行政首长和相应的工作人员都按规定出庭应诉,行政首长出庭应诉率100%,案件胜诉率100%', [q(6, '件'), q(4, '件', false, { subject: '结案' }), q(2, '件'), q(2, '件'), q(100, '%'), q(100, '%')]),
  seed('2020年主动公开政府信息政府94条,党政联合6条,财政4条,收到依申请公开政府信息58件。', [q(94, '条'), q(6, '条'), q(4, '条'), q(58, '件')]),
  seed('2020年政府购买服务18项。', [q(18, '项', false, { subject: '政府购买服务' })]),
  seed('2020年全年办理区人大代表书面建议和区政协委员提案共3件,办理镇人大代表书面建议2件,办理结果满意或基本满意率100%', [q(3, '件'), q(2, '件'), q(100, '%')]),
  seed('年内共处置问题线索32件,办结问题线索30件,立案16件,结案13件。', [q(32, '件', false, { subject: '处置问题线索' }), q(30, '件'), q(16, '件'), q(13, '件')]),
  // ---- 002 玉龙镇 --------------------------------------------------------------
  seed('2021年，组织镇机关干部职工、村（社区）四职干部和驻镇单位相关负责人专题学法会议3次，组织党员干部学法4次，举办专题讲座2场次。', [q(3, '次'), q(4, '次'), q(2, '场次', false, { subject: '专题讲座' })]),
  seed('镇公共服务中心共进驻8个部门，综合窗口为市民群众提供社保、医保、民政、卫计、劳动等共121项服务事项。', [q(8, '个'), q(121, '项', false, { subject: '服务事项' })]),
  seed('玉龙镇公共服务中心共设有10个窗口，逐步实现村（居）民办证办事“足不出镇”。', [q(10, '个', false, { subject: '窗口' })]),
  seed('共发放法治宣传单10000余份，发放宣传口袋2000个，张帖宣传海报1000余张。', [q(10000, '份', true, { raw: '10000余份' }), q(2000, '个'), q(1000, '张', true)]),
  seed('2021年，镇举办行政执法人员和镇村干部法律知识培训1期；', [q(1, '期')]),
  seed('120余人参加，61名机关干部参加重庆市法制理论考试，合格率达到100%。', [q(120, '人', true, { raw: '120余人' }), q(61, '名', false, { subject: '机关干部' }), q(100, '%')]),
  // ---- 003 云冈镇 --------------------------------------------------------------
  seed('全年专题学习习近平法治思想12次、研讨交流2次。', [q(12, '次'), q(2, '次')]),
  seed('聘请1名专职律师担任法律顾问,实现重大决策、合同协议合法性审查全覆盖,有效防范决策法律风险。', [q(1, '名')]),
  seed('利用好司法所、综治中心、村(居)调委会资源,全年常态化开展法律咨询百余人次,切实提升人民群众的法律服务获得感。', [q(100, '人次', true, { raw: '百余人次', subject: '法律咨询' })]),
  seed('乡镇行政执法队伍对重点企业共检查36次', [q(36, '次', false, { subject: '检查' })]),
  seed('配备专职调解员76名、网格员29名,先后在镇政府及25个下属村及社区建立宪法知识宣传阵地', [q(76, '名'), q(29, '名'), q(25, '个')]),
  seed('大力开展各种形式的普法宣传活动十余次,发放宣传普法彩页1500份,纸抽1000多盒,手提袋1000个。', [q(10, '次', true, { raw: '十余次' }), q(1500, '份'), q(1000, '盒', true, { raw: '1000多盒' }), q(1000, '个')]),
  seed('全年办理人大代表建议10件,办结率和满意率均达99%以上。', [q(10, '件'), q(99, '%', true, { raw: '99%以上', subject: '办结率和满意率' })], '以上 marks a lower bound: approx'),
  seed('全镇月均开展常规检查频次为3次,全年共检查36次,切实从严落实企业安全生产工作。', [q(3, '次', false, { subject: '常规检查频次' }), q(36, '次')]),
  seed('全年共排查各类矛盾纠纷18起,建立台账实行销号管理。', [q(18, '起')]),
  seed('为全镇及各村(社区)等67名“法律明白人”开展“法律明白人”培训', [q(67, '名', false, { subject: '法律明白人' })]),
  // ---- 004 红土乡 --------------------------------------------------------------
  seed('扎实开展道路交通安全和运输执法领域突出问题专项整治,开出道路交通罚单540余单;', [q(540, '单', true, { raw: '540余单', subject: '开出道路交通罚单' })]),
  seed('全年续建项目5个,新建项目9个,计划总投资1977万元。', [q(5, '个'), q(9, '个'), q(19770000, '元', false, { raw: '1977万元' })]),
  seed('累计新增培育个体30家、企业44家,企业培育完成目标任务157.14%。', [q(30, '家'), q(44, '家'), q(157.14, '%')]),
  seed('社保方面,居保扩面参保388人,征收社保基金600万余元,完成困难群体100%参保工作', [q(388, '人'), q(6000000, '元', true, { raw: '600万余元' }), q(100, '%')]),
  seed('小额创业担保贷款2人,申请发放金额40万', [q(2, '人'), q(400000, '元', false, { raw: '40万' })], '40万 with no unit: 金额 makes it money'),
  seed('民政方面,发放低保金327.57万元', [q(3275700, '元', false, { raw: '327.57万元' })]),
  seed('发放残疾人补贴37.263万元', [q(372630, '元')]),
  seed('成功签约项目5个,签约协议金额1.5亿元,落地开工项目4个,开工率66.7%', [q(5, '个'), q(150000000, '元', false, { raw: '1.5亿元' }), q(4, '个'), q(66.7, '%')]),
  seed('累计录入招商系统信息13件次,全年洽谈项目4个', [q(13, '件次'), q(4, '个')]),
  seed('“八五”普法规划实施以来,乡中心组学习会上学习习近平法治思想10次', [q(10, '次')], '“八五” is a plan name'),
  seed('2023年有5名领导干部参加法治培训和考试', [q(5, '名', false, { subject: '领导干部' })]),
  seed('组织机关职工每年进行一次法治理论知识考试,考试合格率100%。', [q(1, '次', false, { raw: '一次' }), q(100, '%', false, { subject: '考试合格率' })], '每年进行一次 is a frequency, a rate the guide counts (and the hand labels of this sentence do)'),
  seed('两名同志参加了全县2023年行政执法人员专题培训,19名人员新取得执法证。', [q(2, '名', false, { raw: '两名', subject: '同志' }), q(19, '名')]),
  seed('今年开展各类专项整治检查945次,下责令整改74份', [q(945, '次'), q(74, '份')]),
  seed('召开风险研判会107次,发布预警信息1.25万条。', [q(107, '次'), q(12500, '条', false, { raw: '1.25万条' })]),
  seed('检查过往车辆2400余台次,落实执法“清零”和执法量提升要求,处罚16起并处罚金3.15万元。', [q(2400, '台次', true), q(16, '起'), q(31500, '元')]),
  seed('争取县应急局支持,新增便携式打印机一台、气体检测仪一台、激光测距仪一台、智慧应急指挥系统一个、布控设备两个、手持终端五个、新增执法服装三套、应急指挥车一辆,配齐应急仓库救援装备。', [
      q(1, '台'),
      q(1, '台'),
      q(1, '台'),
      q(1, '个'),
      q(2, '个'),
      q(5, '个'),
      q(3, '套'),
      q(1, '辆', false, { raw: '一辆' }),
    ]),
  seed('全面落实行政机关负责人按规定出庭应诉,红土乡发生一起行政应诉案件,涉及三星村办公室建设,已胜诉。', [q(1, '起', false, { raw: '一起', subject: '行政应诉案件' })], '发生一起 after an event verb is a count of one'),
  seed('全乡11个村(社区)与夔府律师事务所落实了一村居一法律顾问制度', [q(11, '个')]),
  seed('全面推广使用村居法律服务管理应用,累计用户228人,累计服务577次。', [q(228, '人'), q(577, '次')]),
  seed('深化大调解体系建设,完善乡村两级调委会印章、标识标牌等设施,全年共调解案件296件,调解成功率99.8%,未发生一起民转刑案件。', [
      q(296, '件', false, { raw: '296件', subject: '调解案件' }),
      q(99.8, '%', false, { raw: '99.8%', subject: '调解成功率' }),
    ], 'DECISION: 未发生一起 is a zero-incident claim, not a quantity (neither 1 nor 0)'),
  seed('我乡严格落实动态清理与定期处置相结合的行政规范性文件清理机制,截至目前为0件。', [q(0, '件', false, { raw: '0件' })], 'an explicit zero is a quantity'),
  // ---- numerals and markers the seeds do not show --------------------------------
  { text: '覆盖群众两万余人次', expect: [q(20000, '人次', true, { raw: '两万余人次' })] },
  { text: '累计发放宣传资料三千份', expect: [q(3000, '份', false, { raw: '三千份' })] },
  { text: '全年受理法律援助案件一百二十件', expect: [q(120, '件', false, { raw: '一百二十件' })] },
  { text: '法治宣传惠及群众2.3万', expect: [q(23000, '人', false, { raw: '2.3万' })] },
  { text: '群众满意度达百分之九十', expect: [q(90, '%', false, { raw: '百分之九十' })] },
  { text: '办结率百分之九十九点五', expect: [q(99.5, '%')] },
  { text: '参加学法活动近300人', expect: [q(300, '人', true, { raw: '近300人' })] },
  { text: '开展送法下乡约50场', expect: [q(50, '场', true, { raw: '约50场' })] },
  { text: '发放资料上千份', expect: [q(1000, '份', true, { raw: '上千份' })] },
  { text: '受教育群众逾千人', expect: [q(1000, '人', true, { raw: '逾千人' })] },
  { text: '培训网格员5人左右', expect: [q(5, '人', true, { raw: '5人左右' })] },
  { text: '超过300人次参与线上答题', expect: [q(300, '人次', true, { raw: '超过300人次' })] },
  { text: '收集意见十余万条', expect: [q(100000, '条', true, { raw: '十余万条' })] },
  { text: '发放宣传资料10,000份', expect: [q(10000, '份')] },
  { text: '发放宣传资料３０００份', expect: [q(3000, '份', false, { raw: '３０００份' })] },
  { text: '法治宣传覆盖率提高3个百分点', expect: [q(3, '个百分点')] },
  { text: '调解成功率99.8％', expect: [q(99.8, '%', false, { raw: '99.8％' })] },
  { text: '受理案件一起，已结案', expect: [q(1, '起')] },
  { text: '聘请一名律师担任法律顾问', expect: [q(1, '名', false, { raw: '一名' })] },
  { text: '5部门联合开展执法检查', expect: [q(5, '部门')] },
  { text: '聘请律师一名担任法律顾问', expect: [q(1, '名', false, { raw: '一名', subject: '聘请律师' })] },
  { text: '为群众挽回经济损失30余万元', expect: [q(300000, '元', true, { raw: '30余万元' })] },
  { text: '处理12345热线工单358件', expect: [q(358, '件')] },
  { text: '培育“法律明白人”156名', expect: [q(156, '名', false, { subject: '培育法律明白人' })] },
  { text: '约谈企业负责人3人', expect: [q(3, '人', false, { raw: '3人' })] },
  { text: '参加学法不少于40学时', expect: [q(40, '学时', true, { raw: '不少于40学时' })] },
  { text: '镇司法所共有工作人员3名', expect: [q(3, '名', false, { subject: '工作人员' })] },
  { text: '增长二点五倍', expect: [q(2.5, '倍', false, { raw: '二点五倍' })] },
  { text: '原煤产量达到一亿一千七百多万吨', expect: [q(117000000, '吨', true)] },
];

const NOT_QUANTITIES: Case[] = [
  // years and dates
  seed('2021年11月23日'),
  seed('日期:2022-01-12 来源:万州区高梁镇'),
  seed('四、2022年工作计划'),
  { text: '截至12月底，全镇6月开展的工作全部完成', expect: [] },
  seed('在6月26日、12月4日全国法治宣传日期间,结合我镇实际,抽调有关单位、部门人员和法治宣传志愿者一起参加普法活动'),
  // document numbers and ids
  seed('根据《法治政府建设与责任落实督察工作规定》和大足区政府办公室《关于印发大足区2021年法治政府建设工作要点的通知》（大足府办法〔2021〕69号）文件要求'),
  { text: '依据宝委办【2020】31号文件', expect: [] },
  seed('(宝委办【202031号)'),
  seed('[ 索引号 ] 11500101008645954R/2022-00095'),
  // law and plan names
  { text: '深入开展八五普法，总结七五普法经验', expect: [] },
  { text: '谋划十四五时期工作，总结十三五规划实施情况', expect: [] },
  seed('“八五”普法规划实施以来'),
  seed('全面落实《重庆市法治政府建设实施方案(2021—2025年)》'),
  seed('及《上海市法治政府建设“十三五”规划》的相关规定'),
  { text: '印发《关于做好2021年100件民生实事的通知》', expect: [] },
  // roads and phones
  { text: '在318国道沿线设置宣传牌', expect: [] },
  { text: '在G65高速沿线开展宣传', expect: [] },
  seed('撰稿人:刘鑫\u2002\u2002\u2002联系电话:13212582269'),
  { text: '联系电话：023-12345678', expect: [] },
  // ordinals and list markers
  seed('一是法治宣传和深度不够。'),
  { text: '二是加强执法人员培训', expect: [] },
  { text: '第一，加强组织领导', expect: [] },
  seed('1.健全组织机构。'),
  seed('(一)强化组织抓部署,法治政府建设责任落实'),
  { text: '1.人员培训到位', expect: [] },
  seed('一、2021年工作情况'),
  seed('积极参与第二批市级法治政府建设示范创建活动'),
  { text: '依照该法第3条规定处理', expect: [] },
  seed('全面贯彻落实市委六届二次、三次、四次全会和市委经济工作会议精神'),
  seed('全面贯彻党的二十大及二十届二中、三中、四中全会精神'),
  // fixed phrases and slogans
  seed('乡综合行政执法大队整合调配全乡执法力量,实现“一支队伍管执法”'),
  { text: '实现一支队伍管执法', expect: [] },
  { text: '落实一村一法律顾问制度', expect: [] },
  seed('一年来,我镇不断完善“三重一大”事项科学民主决策机制'),
  { text: '全面推行行政执法三项制度', expect: [] },
  { text: '推行一网通办，打造一站式服务大厅', expect: [] },
  { text: '实行一次性告知制度', expect: [] },
  seed('全面推广全程代理制度，让办事的群众最多只跑一次。'),
  seed('每季度举办一次法治讲座', [q(1, '次', false, { raw: '一次' })]),
  { text: '每一名执法人员都要持证上岗', expect: [] },
  seed('严格执行重大行政决策“五步法”,将公众参与、专家论证、风险评估、合法性审查、集体讨论决定作为必经程序。'),
  { text: '一把手亲自抓', expect: [] },
  { text: '存在一人多岗现象', expect: [] },
  { text: '坚决做到两个维护', expect: [] },
  seed('实现法治建设与中心工作同部署、同推进、同落实。'),
  seed('二是严格执行“收支两条线”制度。'),
  seed('建立“10分钟调解响应圈”。'),
  seed('在村级事务管理中推行“四议两公开”制度'),
  seed('利用“3·15”国际消费者权益日、“4·15”全民国家安全教育日、“12·4”宪法宣传日等重要时间节点'),
  seed('始终坚持法治政府建设工作作为带动全镇经济发展的一项重要工作'),
  { text: '建立特殊群体一人一档', expect: [] },
  { text: '让广大群众一起学法', expect: [] },
  seed('围绕“统筹、协调、督促、检查、推动”五项职能,建立相应制度', [], 'the report\u2019s own framing (五项职能, 四个方面), not things done'),
  seed('从明确审核机构、审核范围、审核内容、审核责任等四个方面完善重大执法决定法制审核制度。'),
  seed('对连续两年无扣分记录的指标调整为监管事项'),
  { text: '组织开展为期3个月的专项整治', expect: [] },
  { text: '60岁以上老人', expect: [] },
  { text: '解决二次供水问题', expect: [] },
  { text: '开展宣传数十次，参与群众几百人，发放十几个宣传品', expect: [] },
  { text: '做到五个到位', expect: [] },
  { text: '一村一名法律顾问全覆盖', expect: [] },
  { text: '以第31个全国法治宣传日为契机', expect: [] },
  { text: '办理时限压缩至3个工作日', expect: [] },
  { text: '坚持统筹国内国际两个大局', expect: [] },
  { text: '今年重点抓好三件事', expect: [] },
  { text: '同全世界人民一起，为争取世界和平而努力', expect: [] },
  { text: '家庭困难学生资助1 9 7 个', expect: [] },
  { text: '千方百计化解矛盾，走进千家万户', expect: [] },
  // zero-incident claims (DECISION: not quantities)
  seed('深入整治“逐利执法”、执法粗暴、执法“寻租”等突出问题,我乡未出现一起违反规范公正文明执法的举报,效果良好。'),
  seed('自觉为全镇作表率2021 年我镇无一起领导干部违规干预司法案件处理的情形发生。'),
  { text: '全年未发生一起民转刑案件', expect: [] },
];

function check(c: Case): void {
  const got = extractQuantities(c.text);
  expect(
    got.map((g) => ({ value: g.value, unit: g.unit, approx: g.approx })),
    c.note ?? c.text,
  ).toEqual(c.expect.map((e) => ({ value: e.value, unit: e.unit, approx: e.approx })));
  c.expect.forEach((e, k) => {
    const g = got[k];
    if (!g) throw new Error(`missing quantity ${k} in ${c.text}`);
    if (e.raw !== undefined) expect(g.raw).toBe(e.raw);
    if (e.subject !== undefined) expect(g.subject).toBe(e.subject);
  });
}

describe('extractQuantities: counts, amounts and rates', () => {
  it.each(COUNTS.map((c) => [c.text, c] as const))('%s', (_t, c) => check(c));
});

describe('extractQuantities: not quantities (guide §5 exclusions)', () => {
  it.each(NOT_QUANTITIES.map((c) => [c.text, c] as const))('%s', (_t, c) => check(c));
});

const REPORTS_DIR = fileURLToPath(new URL('../../data/reports/', import.meta.url));
const reports = readdirSync(REPORTS_DIR)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(REPORTS_DIR + f, 'utf8'));

describe('test table', () => {
  it('has at least 70 value/unit cases and a dozen subject checks', () => {
    expect(COUNTS.length + NOT_QUANTITIES.length).toBeGreaterThanOrEqual(70);
    const subjects = COUNTS.flatMap((c) => c.expect).filter((e) => e.subject !== undefined);
    expect(subjects.length).toBeGreaterThanOrEqual(12);
  });

  it('seed cases are verbatim from data/reports', () => {
    const all = reports.join('\n');
    const missing = [...COUNTS, ...NOT_QUANTITIES].filter((c) => c.seed && !all.includes(c.text));
    expect(missing.map((c) => c.text)).toEqual([]);
  });
});

describe('offsets', () => {
  it('round-trip in a sentence with an offset', () => {
    const sentence = '全年共调解案件296件，调解成功率99.8%，发放资料两万余份。';
    const offset = 1234;
    const got = extractQuantities(sentence, offset);
    expect(got.map((g) => g.raw)).toEqual(['296件', '99.8%', '两万余份']);
    for (const g of got) {
      expect(g.start).toBeGreaterThanOrEqual(offset);
      expect(sentence.slice(g.start - offset, g.end - offset)).toBe(g.raw);
    }
    expect(got[0]?.start).toBe(offset + sentence.indexOf('296件'));
  });

  it('point into the document for every line of the seed reports', () => {
    let count = 0;
    for (const text of reports) {
      let offset = 0;
      for (const line of text.split('\n')) {
        for (const g of extractQuantities(line, offset)) {
          expect(line.slice(g.start - offset, g.end - offset)).toBe(g.raw);
          expect(text.slice(g.start, g.end)).toBe(g.raw);
          count++;
        }
        offset += line.length + 1;
      }
    }
    // The five seed reports state well over a hundred quantities.
    expect(count).toBeGreaterThan(120);
  });
});

describe('Chinese numerals', () => {
  it.each([
    ['一百二十', 120],
    ['两万', 20000],
    ['三千', 3000],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['一百零五', 105],
    ['一千五', 1500],
    ['一亿二千万', 120000000],
    ['二百○八', 208],
  ] as const)('%s = %d', (text, value) => {
    expect(parseChineseNumeral(text)?.value).toBe(value);
  });

  it.each(['十四五', '八五', '二〇二一', '五一', '零'])('%s is not a number', (text) => {
    expect(parseChineseNumeral(text)).toBeNull();
  });

  it('marks bare multipliers as lone', () => {
    expect(parseChineseNumeral('百')).toEqual({ value: 100, lone: true });
    expect(parseChineseNumeral('一百')).toEqual({ value: 100, lone: false });
  });
});

describe('units dictionary', () => {
  it('is the plain text file dictionaries/units.txt', () => {
    expect(UNITS_FILE.replace(/\\/g, '/')).toMatch(/\/dictionaries\/units\.txt$/);
    const surfaces = UNITS.map((u) => u.surface);
    for (const u of ['份', '场次', '场', '次', '件', '人次', '名', '个', '户', '%', '元', '人', '家', '起', '条', '项', '期', '处', '批', '单', '篇', '本', '张', '幅', '条次']) {
      expect(surfaces).toContain(u);
    }
  });

  it('is matched longest first and maps surface forms', () => {
    const parsed = parseUnitList('# comment\n人\n人次\n％ = %\n\n');
    expect(parsed).toEqual([
      { surface: '人次', unit: '人次' },
      { surface: '人', unit: '人' },
      { surface: '％', unit: '%' },
    ]);
    expect(UNITS.findIndex((u) => u.surface === '人次')).toBeLessThan(UNITS.findIndex((u) => u.surface === '人'));
  });
});
