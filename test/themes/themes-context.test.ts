/**
 * Where a theme cue does not count (annotation guide §4, "How themes are
 * given"): names of offices and bodies, titles cited as basis, set formulas,
 * the areas a service is for, lists of power types, the topics of a
 * leadership meeting, the bodies the work is done under. Sentences are real
 * lines of the seed reports (data/reports) and of the report openings
 * (../shared/corpora/report-openings, copied to data/openings); the two fragments quoted from the
 * guide are marked as such.
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { defaultThemeDictionary, dictionaryFromObject, matchThemes, mergeDictionaries, loadThemeDictionary } from '../../src/themes/index.js';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const nodejieba = require('nodejieba') as { cut(text: string): string[] };
const dict = defaultThemeDictionary();
const match = (s: string) => matchThemes(s, nodejieba.cut(s), dict);
const themesOf = (s: string): string[] => match(s).themes;

describe('a cue inside the name of an office or body is not a cue', () => {
  it('执法大队 and 应急管理办公室 named as actors give no enforcement or emergency theme', () => {
    const s =
      '由镇社会治安和应急管理办公室牵头,组织派出所、司法所、综合行政执法大队、市场监督管理所等部门工作人员按已制订好的学习计划认真学习党的二十大关于法治中国精神,结合长塘镇的实际,学以致用。';
    const m = match(s);
    expect(m.themes).toContain('study_training');
    expect(m.themes).not.toContain('enforcement');
    expect(m.themes).not.toContain('enf_reform');
    expect(m.cues).not.toContain('emergency_safety:应急');
  });

  it('the body named keeps the work it reports: 执法大队整合…执法力量 is still enf_reform, from 执法力量, not from the name', () => {
    const m = match('乡综合行政执法大队整合调配全乡执法力量,实现“一支队伍管执法”,熟悉运用渝快政掌上执法系统。');
    expect(m.themes).toEqual(expect.arrayContaining(['enforcement', 'enf_reform', 'digital']));
    expect(m.cues).not.toContain('enf_reform:综合行政执法');
    expect(m.cues).toContain('enf_reform:执法力量');
  });

  it('平安法治办公室 gives neither emergency_safety nor leadership; the leading group beside it stays leadership', () => {
    const m = match('领导小组下设办公室于平安法治办公室,依托平安法治办公室协助开展行政执法监督相');
    expect(m.themes).toContain('leadership');
    expect(m.themes).not.toContain('emergency_safety');
    expect(m.cues).not.toContain('leadership:法治办');
  });

  it('an addressee (the guide\'s "县委全面依法治县委员会办公室:") gives no theme; a body set up (设立…委员会办公室) is leadership', () => {
    expect(themesOf('县委全面依法治县委员会办公室:')).toEqual([]);
    expect(
      themesOf('设立全面依法治理委员会办公室,围绕“统筹、协调、督促、检查、推动”五项职能,建立相应制度,构建起委员会全面领导、法治办牵头抓总、职能部门各司其职的工作机制,增强了法治建设推进合力。'),
    ).toContain('leadership');
  });

  it('the name of a report (…政府信息公开工作年度报告) gives no theme, cues that run into the name included', () => {
    expect(themesOf('根据《中华人民共和国政府信息公开条例》(以下简称《条例》)的规定,现公布2012年凤安镇政府信息公开工作年度报告。')).toEqual([]);
  });

  it('a word that begins with a suffix ends no name: 协调解决 holds no 调解, 中心组 no 中心', () => {
    expect(themesOf('建立案件协调备案制度,对3起涉及多部门的复杂案件,均通过法定程序协调解决。')).toEqual([]);
    expect(themesOf('组织党委理论学习中心组学法、党内法规学习等活动')).toContain('study_training');
  });

  it('bodies listed by name (行政执法、综治、司法、派出所等相关单位) give no theme; the leading group they staff is leadership', () => {
    // report-openings A/060
    const s =
      '成立以党委书记为组长,镇长为第一副组长、政法副书记为常务副组长,行政执法、综治、司法、派出所等相关单位负责人为成员的法治建设工作领导小组,推动各村(社区)、各相关单位同步建立工作专班,构建“主要领导负总责、分管领导具体抓、相关部门协同抓”的工作格局。';
    expect(themesOf(s)).toEqual(['leadership']);
  });
});

describe('titles cited as the basis of the work', () => {
  it('根据《…工作要点》 gives no leadership; a title the work made keeps its cues', () => {
    const s =
      '根据《2021年全区法治政府建设工作要点》,明确法治政府建设工作的指导思想、工作重点和工作内容,要求全镇上下高度重视,认真落实责任,增强法治政府建设工作的责任感,树立为广大群众服务的理念。';
    expect(themesOf(s)).not.toContain('leadership');
    // A title the work produced keeps its cues: 制定《2022年控江路街道普法责任清单》 is publicity.
    const made =
      '根据《控江路街道关于全面加强和改进基层法治建设的工作方案》,制定《2022年控江路街道普法责任清单》《控江路街道开展法治宣传教育的第八个五年规划(2021-2025年)》并及时通过政务网站向社会公开公示。';
    expect(themesOf(made)).toEqual(expect.arrayContaining(['publicity', 'transparency']));
  });
});

describe('set political formulas give no theme', () => {
  it('深入学习宣传贯彻习近平法治思想 in a preamble is neither study nor publicity; 坚持依法决策 is decision_making', () => {
    const s = '2025年,大中街道在区委、区政府的坚强领导下,坚持以习近平新时代中国特色社会主义思想为指导,深入学习宣传贯彻习近平法治思想,扎实推进依法行政。';
    expect(themesOf(s)).toEqual([]);
    // A framing sentence that names a line of work keeps it (坚持依法决策).
    expect(themesOf('呼中区教育局积极运用法治思维和法治方式解决教育领域内的矛盾纠纷,维护教育稳')).toEqual(['dispute_resolution']);
    expect(themesOf('在重大决策制定、重大项目推进等工作中,坚持依法决策、依法办事,主动听取法律顾问意见,确保行政行为合法合规。')).toContain(
      'decision_making',
    );
  });

  it('运用法治思维和法治方式…化解矛盾 is no dispute resolution', () => {
    const s =
      '2023年度,我乡认真贯彻落实上级关于法治建设的重大决策,自觉运用法治思维和法治方式深化改革、推动发展、化解矛盾、维护稳定,较好的完成法治建设各项工作任务,现将一年来的工作总结如下:';
    expect(themesOf(s)).not.toContain('dispute_resolution');
  });

  it('关键少数 is no leadership: officials studying law is study_training', () => {
    expect(themesOf('一是“关键少数”带头学。')).toEqual(['study_training']);
    expect(
      themesOf('抓住领导干部这个关键少数,将学法纳入党委中心组学习,在党委中心组系统学习了《民法典》、《行政许可法》、《行政复议法》、《行政处罚法》、《习近平在中央全面依法治国工作会议上发表重要讲话》、《保密法》等法治知识。'),
    ).toEqual(['study_training']);
  });

  it('a person in charge studying is study_training only; leadership where the sentence is about responsibility', () => {
    expect(themesOf('党政主要领导坚持会前带头学法制度,利用乡党委会议及机关干部大会,开展集中学习,带领机关干部学习习近平法治思想')).toEqual(['study_training']);
    expect(themesOf('党政主要负责人严格履行法治建设“第一责任人”职责')).toContain('leadership');
  });

});

describe('themes of the work done, not of the areas it serves', () => {
  it('the guide\'s "为重大决策、行政执法等事项提供法律咨询" is legal_services only', () => {
    expect(themesOf('为重大决策、行政执法等事项提供法律咨询')).toEqual(['legal_services']);
  });

  it('为我镇重大决策提供…法律咨询意见 is legal_services only', () => {
    expect(themesOf('紧紧围绕依法行政、建设法治政府,充分发挥法律服务领域的专业力量,积极为我镇重大决策提供具有前瞻性、价值性的法律咨询意见;')).toEqual([
      'legal_services',
    ]);
  });

  it('the guide\'s "梳理行政许可、行政处罚、公共服务等权责事项" is services, not enf_penalty', () => {
    expect(themesOf('梳理行政许可、行政处罚、公共服务等权责事项')).toEqual(['services']);
  });

  it('the topics a leadership meeting studied are not themes of the sentence', () => {
    expect(themesOf('主持召开专题会议4次,研究解决综合执法改革、土地承包纠纷等重点问题。')).toEqual(['leadership']);
    expect(themesOf('三是统筹协调推进,将法治政府建设与平安建设、经济发展等中心工作同部署、同落实、同考核,定期听取工作进展报告。')).toEqual([
      'leadership',
    ]);
  });

  it('the topics of publicity listed before 等领域 are not themes of the sentence', () => {
    const m = themesOf('实施“谁执法谁普法”责任制,组织市场监管、生态环境、食品安全、农村法治等领域专项普法活动26场,覆盖群众1万人次。');
    expect(m).toEqual(expect.arrayContaining(['publicity', 'pub_event']));
    expect(m).not.toContain('emergency_safety');
    // the list ends at an item too long to be a topic: the study before the titles stays
    expect(
      themesOf('分别组织镇党委中心组、机关支部党员集中学习了《中华人民共和国宪法》、《中华人民共和国安全生产法》、《中华人民共和国行政诉讼法》、《民法典》和《中华人民共和国反间谍法》等法律法规。'),
    ).toEqual(['study_training']);
  });

  it('the bodies a town works under (在…领导和…支持下) give no theme', () => {
    const s = '2023年,棣棠乡在县委、县政府正确领导和县依法治县委员会支持下,坚决全面贯彻落实习近平法治思想和党的二十大精神,深入开展法治宣传教育。';
    expect(themesOf(s)).toEqual(['publicity']);
  });
});

describe('enforcement standards, service channels, misses', () => {
  it('generic 规范执法 / 文明执法 / 执法责任制 / 执法程序 is enforcement only, not enf_standards', () => {
    const a = themesOf('以推进重点工作为抓手,坚持依法民主决策、严格规范执法,着力提高公共服务的质量和水平,不断提升政府的公信力和群众的满意度。');
    expect(a).toContain('enforcement');
    expect(a).not.toContain('enf_standards');
    expect(themesOf('深入整治“逐利执法”、执法粗暴、执法“寻租”等突出问题,我乡未出现一起违反规范公正文明执法的举报,效果良好。')).not.toContain('enf_standards');
    expect(themesOf('二是全面推行行政执法责任制。')).toEqual(['enforcement']);
    expect(themesOf('完善行政执法程序。')).toEqual(['enforcement']);
    // a named procedure or qualification is enf_standards
    expect(themesOf('组织执法人员业务培训4场次,参与培训18人次,执法人员持证上岗率100%。')).toContain('enf_standards');
  });

  it('publishing enforcement records is enf_standards (执法公示), not transparency', () => {
    const m = themesOf('严格落实教育行政执法“三项制度”,全年公示行政执法信息6条,全过程记录执法案件13起,开展重大执法决定法制审核5次。');
    expect(m).toContain('enf_standards');
    expect(m).not.toContain('transparency');
  });

  it('a service center and online handling are services, not digital', () => {
    expect(themesOf('一是深化“放管服”改革落地见效,依托街道24小时智慧政务服务中心,优化审批服务流程,推行高频事项“')).toEqual(['services']);
    expect(themesOf('各便民服务中心(站)2025年度内累计办件10790件,其中网上办件1099件,窗口办件9691件,以高效便捷的服务为营商环境加码')).toEqual(['services']);
  });

  it('a legal adviser taking part in decisions is legal_services, not decision_making', () => {
    expect(themesOf('推动法律顾问全程参与重大决策,全年审查合同协议8份,提出法律意见10余条,规避风险6起。')).toEqual(['legal_services']);
  });

  it('the legal affairs an adviser takes part in (参与…法律事务) are areas served: legal_services only', () => {
    // report-openings A/023
    expect(themesOf('聘请专业律师担任法律顾问,参与街道行政复议、行政诉讼、合同审核、民事纠纷等法律事务,并为街道重大事项决策提供法律意见,为防范化解政府法律风险、增强街道法治建设力量提供了强有力的支撑。')).toEqual([
      'legal_services',
    ]);
    // seed 000: the list runs across 和 and 、 up to 法律事务
    expect(themesOf('继续聘请2名律师作为镇、村两级法律顾问,充分发挥法律顾问参与重要决策、重大项目和重大合同洽谈和规范性文件起草论证、处理诉讼和仲裁等法律事务的职责作用,为政府重大决策提供法律咨询和法律论证。')).toEqual([
      'legal_services',
    ]);
    // the frame ends at 法律事务: the review of decisions before it, in its own clause, stays decision_making
    const m = themesOf('完善健全政府法律顾问参与重大决策、重大执法决定合法性审查工作机制,积极引导政府法律顾问参与行政应诉、行政复议、纠纷调解等法律事务。');
    expect(m).toContain('decision_making');
    expect(m).not.toContain('supervision');
    expect(m).not.toContain('dispute_resolution');
  });

  it('任务分解 is leadership (no cue before; 关键少数 is none)', () => {
    const m = match('提升“关键少数”依法行政能力,抓好干部任前法律法规知识考试,明确工作任务、起止时间等,进行任务分解、压实责任。');
    expect(m.themes).toEqual(['leadership', 'study_training']);
    expect(m.cues).toContain('leadership:任务分解');
    expect(m.cues.filter((c) => c.startsWith('leadership:'))).not.toContain('leadership:关键少数');
  });
});

describe('context rules are dictionary data', () => {
  it('a researcher\'s dictionary can add formulas, frames and name suffixes, and validation names the key', () => {
    const extra = dictionaryFromObject({ _formulas: ['一网通办'], grid: ['网格'] }, 'mine.yml');
    const merged = mergeDictionaries(dict, extra, 'add');
    expect(matchThemes('推行一网通办', [], merged).themes).toEqual([]);
    expect(() => dictionaryFromObject({ _frames: ['为提供'], grid: ['网格'] }, 'bad.yml')).toThrow(/bad\.yml: key "_frames": frame "为提供"/);
    expect(() => dictionaryFromObject({ _name_suffixes: ['*办'], grid: ['网格'] }, 'bad.yml')).toThrow(/bad\.yml: key "_name_suffixes".*literal/);
  });

  it('with --dict-mode replace the shipped context rules still apply to the researcher\'s categories', () => {
    const grassroots = loadThemeDictionary(fileURLToPath(new URL('../../notebooks/dictionaries/grassroots-governance.yml', import.meta.url)));
    const replaced = mergeDictionaries(dict, grassroots, 'replace');
    expect(replaced.categories.map((c) => c.id)).not.toContain('leadership');
    expect(replaced.context.formulas).toContain('全面依法治国');
    expect(matchThemes('健全“镇综治中心+村调委会+网格员”三级矛盾化解体系', [], replaced).themes).toContain('grid_governance');
  });
});
