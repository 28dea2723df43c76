/**
 * Quantities stage: every count, amount or rate stated in a sentence
 * (annotation guide §5, /work/shared/spec/annotation-guide.md "## 5. Quantities").
 *
 * Why the rules are what they are:
 * - The guide says a quantity is a count, amount or rate with a value, a unit,
 *   an approx flag and the subject it counts, and that years, dates, document
 *   numbers (〔2021〕69号), law and plan names (八五普法, 十四五), road numbers
 *   and phone numbers are not quantities. We are scored on value+unit
 *   precision (>= 0.95) before recall (>= 0.90), so a number is only a
 *   quantity when it is followed by a unit from dictionaries/units.txt, is a
 *   percentage (%, ％, 百分之…), or is a large Arabic number with a Chinese
 *   multiplier (40万, 2.3万). Years (年), dates (月, 日), durations (天, 小时,
 *   个月), ages (岁), levels (级), sessions (届) and document numbers (号) are
 *   therefore excluded by construction: their words are not in the units list.
 * - Numbers are never quantities when they are ordinals (第二批, 第3条,
 *   十九届四次全会), list markers (1. 一是 (一)), inside 《book titles》 or a
 *   short “quoted” slogan (“10分钟调解响应圈”, “八五”), inside a fixed phrase of
 *   dictionaries/non_quantity_phrases.txt (三项制度, 两个维护, 最多跑一次),
 *   glued to Latin letters or to date/phone punctuation (G65, 5G, 2022-01-12,
 *   023-12345678), or long digit strings (phone numbers, ids).
 * - Chinese 一 + classifier is usually an article ("一项重要工作", "一支队伍",
 *   "一次性"), so a bare 一 is counted only where it is clearly a count:
 *   after the noun at the end of a clause (应急指挥车一辆, 开展执法调研一次),
 *   一起 after an event verb (发生一起行政应诉案件), or after a counting verb
 *   (聘请一名律师). A frequency (每季度举办一次, 每年进行一次) is a rate and
 *   counts; a fixed phrase (最多跑一次) does not.
 * - Zero-incident claims (未发生一起民转刑案件, 无一起…, 未出现一起…) are NOT
 *   quantities: 一起 there is emphatic "not a single one"; the count it
 *   states is zero, and labelling it 1 would be wrong while labelling it 0
 *   would be an inference. The guide lists these claims as `outcome`
 *   sentences, not as quantities. An explicit zero (截至目前为0件) is a
 *   quantity with value 0.
 * - A bare multiplier (百, 千, 万) without a digit is only a number with an
 *   approximation marker (百余人次, 上千份, 近万人); otherwise it is a word
 *   (千家村, 千万, 万州, 百姓). Vague 数/几 (数百人, 十几次) give no value and
 *   are skipped.
 * - approx is true for 余, 多, 近, 约, 左右, 超过, 逾, 上(千), 以上, 以下,
 *   不少于, 不足 …; those markers are part of `raw`.
 * - subject is a heuristic: the clause before the number with leading time
 *   words, adverbs (共, 累计, 全年, 先后 …) and light verbs (开展, 举办, 组织)
 *   removed; when the number stands before its noun (2名律师, 2次法治讲座) the
 *   noun after the unit is used.
 */
import type { Quantity } from '../types.js';
import { NON_QUANTITY_PHRASES, UNITS, type UnitEntry } from './dictionaries.js';
import {
  CN_DECIMAL_DIGITS,
  MULTIPLIERS,
  clean,
  isCnNumeralChar,
  isDigitChar,
  parseArabic,
  parseChineseNumeral,
  startsNumberCode,
} from './numerals.js';

/** Characters that end a clause for the purpose of finding a subject. */
const CLAUSE_BOUNDARY = /[，,；;。！!？?：:\n\r\t、（）()【】[\]]/;

/** Text a unit must not be followed by, because then it is the start of another word. */
const UNIT_NOT_BEFORE: Readonly<Record<string, RegExp>> = {
  个: /^(?:多|半)?(?:月|工作日|小时|钟头|星期|礼拜|季度|年头)/,
  人: /^(?:民|大|社|身|工|格|权|文|武|寿|口)/,
  元: /^(?:旦|宵|素|首|老|帅)/,
  单: /^(?:位|独|一|项|元|个|行|体|据|纯|薄)/,
  所: /^(?:长|属|有|得|在|以|谓|需|辖|述|示|获)/,
  支: /^(?:持|付|出|部|撑|援)/,
  期: /^(?:间|限|满|待|望|盼|末|初|工程|项目|扩建)/,
  部: /^(?:署|分|长|委|队|落|位|件)/,
  处: /^(?:罚|理|置|分|于|在|以|长|室|级)/,
  张: /^(?:贴|帖|挂|扬|力|望)/,
  台: /^(?:账|湾|阶|县|河|山|镇|乡|村|风|上)/,
  家: /^(?:庭|乡|属|长|园|庄|渠|坝|湾|沟|村|族|底|务)/,
  起: /^(?:草|诉|点|步|到|来|始|身|见|床|码)/,
  批: /^(?:准|复|示|评|转|判|阅|发)/,
  户: /^(?:籍|口|外|型|主)/,
  条: /^(?:例|件|款|文|理|线)/,
  场: /^(?:所|地|景|面|合|馆|镇|站|长|域)/,
  本: /^(?:级|年|镇|乡|村|区|县|市|地|单|领|着|身|部|届|期|月|次|职|质|人)/,
  位: /^(?:置|于|数)/,
  次: /^(?:产业)/,
  组: /^(?:织|长|成|建|员|别|合|团|委)/,
  集: /^(?:中|体|团|市|镇|聚|成|合|资)/,
  座: /^(?:谈|右)/,
  类: /^(?:型|似|别)/,
  种: /^(?:植|类|养|子)/,
  封: /^(?:闭|面|存|锁|控)/,
  轮: /^(?:胎|换|流|值)/,
  例: /^(?:如|外|会)/,
  宗: /^(?:旨|教|族)/,
  名: /^(?:单|录|称|义|誉|片|牌|目|著)/,
  块: /^(?:钱)/,
};

/** Approximation markers written before the number, longest first. */
const APPROX_PREFIXES = [
  '不少于',
  '不低于',
  '将近',
  '接近',
  '大约',
  '超过',
  '至少',
  '不足',
  '不到',
  '约',
  '近',
  '逾',
  '超',
] as const;
/** Characters that make a preceding marker part of another word (附近, 制约, 赶超). */
const PREFIX_NOT_AFTER: Readonly<Record<string, RegExp>> = {
  近: /[附最就临靠将接亲]$/,
  约: /[制签契节预邀相公条违履简特婉]$/,
  超: /[赶高]$/,
};

/** Approximation markers written after the unit. */
const APPROX_SUFFIXES = ['左右', '以上', '以下', '之多'] as const;

/** Before a phone number or an id. */
const PHONE_CONTEXT = /(?:电话|手机|热线|传真|邮编|邮箱|QQ|qq|编号|号码|索引号|代码|账号|身份证|微信号?)[:：\s号为是]*$/;

/** Negation before a bare 一起 / 一件: a zero-incident claim, not a count. */
const NEGATION_BEFORE =
  /(?:未|无|没有|没|不|从未|杜绝|零)(?:再)?(?:发生|出现|发现|产生|引发|存在|有|接到|收到|造成|办理)?(?:过)?$/;

/** 每 + a period, then at most a verb phrase, just before 一次/一场/一期: a frequency. */
const FREQUENCY_BEFORE = /每(?:年|年度|半年|季度|季|月|周|星期|旬|天|日)[\u4e00-\u9fff]{0,6}$/;
const FREQUENCY_UNITS = new Set(['次', '场', '期', '场次']);

/** Characters before a bare 一 that make it part of a word (统一, 唯一, 第一, 每一). */
const YI_WORD_BEFORE = /[第每逐之唯同这那另某任其哪]$/;

/** Verbs after which 一起 counts an event (发生一起行政应诉案件). */
const EVENT_VERB_BEFORE =
  /(?:发生|出现|受理|办理|查处|查办|处理|调解|化解|侦破|破获|立案|审结|办结|接到|收到|涉及|处置|有)$/;

/** Case nouns after which a clause-final 一起 counts (受理案件一起). */
const CASE_NOUN_BEFORE = /(?:案件|案|事件|事故|纠纷|举报|投诉|火灾|警情|违法行为|问题线索)$/;

/**
 * Nouns that show a small count is the framing of the report's own argument
 * (从四个方面, 五项职能, 抓好三件事, 两个大局, 五项原则), not a thing done.
 */
const FRAMING_NOUN_AFTER =
  /^(?:方面|大局|市场|资源|积极性|工作|任务|原则|主张|大事|件事|事(?![件故项务业例])|举措|措施|层次|层面|关系|目标|体系|职能|意识|自信|维护|确立|全面|结合|统筹|阶段|路径|转变|坚持|必须|务必|文明|手段|指标|攻坚战|方针|战略|理念|思想|精神|要求|条件|道路|路线|战线|错误|倾向|可能|情况|方法|体制|本领|字|部分|公报|基本|不同|相反|性质|作用|功能|优势|特点|步骤|方向|维度|抓手|主线|底线|红线|定位|原因|不足|短板|差距|困难|挑战|经验|亮点|变化|内容|环节|清单)/;

/** Verbs after 个/项 that make a Chinese-numeral count a slogan (五个到位, 三个不放过, 两个毫不动摇). */
const SLOGAN_VERB_AFTER = /^(?:到位|不|没有|毫不|确保|严禁|坚决|注重|聚焦|围绕)/;

/** Demonstratives before a small count that refer back or forward in the text (这三个, 以下五项). */
const DEMONSTRATIVE_BEFORE = /(?:这|那|以下|以上|下列|上述|前述|如下|此)$/;

/** Verbs kept in front of the noun of a prenominal count (聘请2名律师 → 聘请律师). */
const SUBJECT_VERB_BEFORE =
  /(发放|聘请|设置|进驻|新增|培育|配备|建成|新建|开通|打造|签约|录入|开发|引进|选派|招募|慰问|走访|排查|化解|调解|办理|受理|检查|查处|处罚|张贴|悬挂|发布|制作|印发|出动|出具|提供|购置|培训)$/;

/** Counting verbs after which 一 + classifier before a noun is a count (聘请一名律师). */
const COUNTING_VERB_BEFORE =
  /(?:聘请|聘用|新增|配备|新建|建成|举办|召开|组织|购置|购买|配置|引进|选派|增设|设立|签订|出动|派出|发生)了?$/;
const COUNTING_VERB_UNITS = new Set(['名', '位', '期', '场', '场次', '起', '台', '辆', '套']);

/** Words after the unit that show the number does not stand before a noun. */
const NOT_A_NOUN_AFTER =
  /^(?:并|和|及|与|或|等|的|了|在|为|是|以|至|到|参加|参与|担任|作为|负责|进驻|入驻|通过|合格|受益|新取得|取得|获得|被|已|均|全部|实现|完成|达到|达|不等|同比|比|较|占|共|累计|其中|次)/;

/** Where a noun after the unit stops (2名律师作为… → 律师). */
const NOUN_CUT =
  /(?:参加|参与|作为|担任|建立|开展|进行|新取得|取得|获得|创建|实现|提供|接受|落实|完成|签订|开通|入驻|进驻|完善|加强|推进|推动|强化|健全|提升|提高|深化|开设|设立|全链条|被|在|与|和|的|，|。)/;

const LEAD_STRIP: readonly RegExp[] = [
  /^[\s\u3000"'“”‘’「」『』]+/,
  /^[一二三四五六七八九十]+是/,
  /^[（(][一二三四五六七八九十\d]+[)）]/,
  /^\d+[.．、]/,
  /^[一二三四五六七八九十]+、/,
  /^(?:\d{4}|[一二三四五六七八九〇零]{4})\s*年(?:度|底|初|末|内|以来|全年)?/,
  /^\d{1,2}\s*月(?:份|底|初|末|中旬|上旬|下旬)?(?:\d{1,2}\s*日)?/,
  /^\d{1,2}\s*日/,
  /^(?:今年以来|今年初|今年|全年|本年度|年度内|年内|当年|一年来|截至目前|目前|至今|近年来|上半年|下半年|同时|此外|另外|其中|期间|共计|累计|合计|总计|共|先后|分别|均|已经|已|还|又|另|常态化|月均|年均|日均|平均|成功|继续|积极|持续|广泛|大力|深入|扎实|及时|本年|当月|此次|本次|全年共|今年共)/,
  /^(?:我|全)(?:镇|乡|街道|县|区|市|局|委|办|所)/,
  /^有(?![效力序关利机助])(?=[\u4e00-\u9fff]{2})/,
  /^(?:组织开展|主持召开|开展了|开展|举办了|举办|举行了|举行|组织了|组织|进行了|进行|召开了|召开)/,
];

const MID_SPLIT = /(?:累计|共计|合计|总计|先后|(?<![公中])共(?![同享建治产青识性商赢])|进行了?|开展了?|举办了?|召开了?|举行了?)/g;

const TRAIL_STRIP =
  /(?:共计|累计|合计|总计|均达到|均达|均为|分别为|分别|已达到|已达|达到|高达|多达|达|为|计|有|占|仅|只|增至|提高到|提升至|提高至|降至|是|共|了|的)$/;

const MONEY_CUE = /(?:金额|资金|金|款|费|投资|资产|收入|补贴|补助|预算|产值|税|总值|额|元)/;
const PEOPLE_CUE = /(?:群众|人口|居民|人员|人数|学生|村民|干部|职工|受众|观众|网民|用户|党员|农民工|老人)/;

/** Marks the characters whose numbers are never quantities: 《titles》, short “quotes”, fixed phrases. */
function protectedMask(s: string): boolean[] {
  const mask = new Array<boolean>(s.length).fill(false);
  const mark = (from: number, to: number): void => {
    for (let k = from; k < to && k < s.length; k++) mask[k] = true;
  };
  // Book titles, nested 〈〉 included.
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '《') {
      const close = s.indexOf('》', i + 1);
      if (close > i && close - i <= 80) {
        mark(i, close + 1);
        i = close;
      }
    }
  }
  // Short quoted phrases: slogans and names (“八五”, “10分钟调解响应圈”, “三个100%”).
  const pairs: ReadonlyArray<readonly [string, string]> = [
    ['“', '”'],
    ['"', '"'],
    ['「', '」'],
    ['『', '』'],
    ['‘', '’'],
  ];
  for (const [open, closeCh] of pairs) {
    let i = s.indexOf(open);
    while (i >= 0) {
      const close = s.indexOf(closeCh, i + 1);
      if (close < 0) break;
      if (close - i - 1 <= 20) mark(i, close + 1);
      i = s.indexOf(open, close + 1);
    }
  }
  for (const phrase of NON_QUANTITY_PHRASES) {
    let i = s.indexOf(phrase);
    while (i >= 0) {
      mark(i, i + phrase.length);
      i = s.indexOf(phrase, i + phrase.length);
    }
  }
  return mask;
}

function matchUnit(s: string, at: number): UnitEntry | null {
  for (const entry of UNITS) {
    if (s.startsWith(entry.surface, at)) {
      const guard = UNIT_NOT_BEFORE[entry.surface];
      if (guard && guard.test(s.slice(at + entry.surface.length, at + entry.surface.length + 4))) {
        continue; // the unit starts another word here (人民, 处罚); try the shorter units
      }
      return entry;
    }
  }
  return null;
}

function isBoundaryOrEnd(s: string, at: number): boolean {
  if (at >= s.length) return true;
  const ch = s[at] as string;
  return CLAUSE_BOUNDARY.test(ch) || /[\s。]/.test(ch);
}

/** A short parenthetical such as (社区) or （居） is part of the phrase, not a clause boundary. */
const SHORT_PAREN = 6;

function clauseStartBefore(s: string, at: number, floor: number): number {
  let k = at - 1;
  while (k >= floor) {
    const ch = s[k] as string;
    if (ch === ')' || ch === '）') {
      const open = Math.max(s.lastIndexOf('(', k), s.lastIndexOf('（', k));
      if (open >= floor && k - open <= SHORT_PAREN && !/[，,；;。]/.test(s.slice(open, k))) {
        k = open - 1;
        continue;
      }
    }
    if (CLAUSE_BOUNDARY.test(ch)) break;
    k--;
  }
  return Math.max(k + 1, floor);
}

function clauseEndAfter(s: string, at: number): number {
  let k = at;
  while (k < s.length) {
    const ch = s[k] as string;
    if (ch === '(' || ch === '（') {
      const closeA = s.indexOf(')', k);
      const closeB = s.indexOf('）', k);
      const close = closeA < 0 ? closeB : closeB < 0 ? closeA : Math.min(closeA, closeB);
      if (close > k && close - k <= SHORT_PAREN && !/[，,；;。]/.test(s.slice(k, close))) {
        k = close + 1;
        continue;
      }
    }
    if (CLAUSE_BOUNDARY.test(ch)) break;
    k++;
  }
  return k;
}

function stripQuotes(t: string): string {
  return t.replace(/["“”‘’「」『』]/g, '').trim();
}

/** The subject from the text before the number: drop time words, adverbs, light verbs. */
function cleanPre(pre: string): string {
  let t = pre.trim();
  // Take what follows the last mid-clause adverb: 法律顾问累计提供法律咨询 → 提供法律咨询.
  let lastCut = -1;
  for (const m of t.matchAll(MID_SPLIT)) {
    const after = (m.index ?? 0) + m[0].length;
    if (t.length - after >= 2) lastCut = after;
  }
  if (lastCut >= 0) t = t.slice(lastCut);
  for (let changed = true; changed && t.length > 0; ) {
    changed = false;
    for (const re of LEAD_STRIP) {
      const m = re.exec(t);
      if (m && m[0].length > 0) {
        t = t.slice(m[0].length);
        changed = true;
      }
    }
    const m = TRAIL_STRIP.exec(t);
    if (m && m[0].length > 0) {
      t = t.slice(0, t.length - m[0].length);
      changed = true;
    }
  }
  return stripQuotes(t);
}

/** The noun after a prenominal count: 2名律师作为… → 律师. */
function nounAfter(post: string): string {
  const t = post.replace(/^[\s"“”‘’]+/, '');
  const m = NOUN_CUT.exec(t.slice(1));
  const noun = m ? t.slice(0, (m.index ?? 0) + 1) : t;
  return stripQuotes(noun);
}

function inferUnit(context: string): string {
  if (MONEY_CUE.test(context)) return '元';
  if (PEOPLE_CUE.test(context)) return '人';
  return '';
}

interface Core {
  end: number;
  value: number;
  kind: 'arabic' | 'chinese';
  text: string;
  lone: boolean;
}

/** The decimal part of a Chinese numeral at `at` (点五, 點七), or null. */
function readCnDecimal(s: string, at: number): { digits: string; end: number } | null {
  if (s[at] !== '点' && s[at] !== '點') return null;
  let k = at + 1;
  let digits = '';
  while (k < s.length && (s[k] as string) in CN_DECIMAL_DIGITS) {
    digits += CN_DECIMAL_DIGITS[s[k] as string];
    k++;
  }
  return digits.length > 0 ? { digits, end: k } : null;
}

/** The number token that starts at `i`, or null. Always reports how far the token runs. */
function readCore(s: string, i: number): { core: Core | null; tokenEnd: number } {
  const ch = s[i];
  if (isDigitChar(ch)) {
    // Thousands separators (10,000 / 3，000) only in the strict 1-3 digit + groups of 3 form.
    const m =
      /^[0-9０-９]{1,3}(?:[,，][0-9０-９]{3}(?![0-9０-９]))+(?:[.．][0-9０-９]+)?/.exec(s.slice(i)) ??
      /^[0-9０-９]+(?:[.．][0-9０-９]+)?/.exec(s.slice(i));
    const text = m ? m[0] : (ch as string);
    let tokenEnd = i + text.length;
    // A digit string glued to more digits/dots (1.2.3, 2022.01.12) is one token.
    while (tokenEnd < s.length && /[.．]/.test(s[tokenEnd] as string) && isDigitChar(s[tokenEnd + 1])) {
      tokenEnd++;
      while (tokenEnd < s.length && isDigitChar(s[tokenEnd])) tokenEnd++;
    }
    if (tokenEnd !== i + text.length) return { core: null, tokenEnd };
    return {
      core: { end: tokenEnd, value: parseArabic(text), kind: 'arabic', text, lone: false },
      tokenEnd,
    };
  }
  if (isCnNumeralChar(ch)) {
    let j = i;
    while (j < s.length && isCnNumeralChar(s[j])) j++;
    const text = s.slice(i, j);
    const parsed = parseChineseNumeral(text);
    if (!parsed) return { core: null, tokenEnd: j };
    let value = parsed.value;
    // Chinese decimals: 二点五倍, 三點七倍 (only a plain integer part before 点).
    const dec = readCnDecimal(s, j);
    if (dec) {
      if (/[万亿萬億]/.test(text)) return { core: null, tokenEnd: dec.end };
      value = Number(`${value}.${dec.digits}`);
      const core: Core = { end: dec.end, value, kind: 'chinese', text: s.slice(i, dec.end), lone: parsed.lone };
      return { core, tokenEnd: dec.end };
    }
    return { core: { end: j, value, kind: 'chinese', text, lone: parsed.lone }, tokenEnd: j };
  }
  return { core: null, tokenEnd: i + 1 };
}

/** 百分之九十, 百分之九十九点八, 百分之百, 百分之30. */
function readPercentWords(s: string, i: number): { end: number; value: number } | null {
  if (!s.startsWith('百分之', i)) return null;
  let j = i + 3;
  if (isDigitChar(s[j])) {
    const m = /^[0-9０-９]+(?:[.．][0-9０-９]+)?/.exec(s.slice(j));
    if (!m) return null;
    return { end: j + m[0].length, value: parseArabic(m[0]) };
  }
  let k = j;
  while (k < s.length && isCnNumeralChar(s[k])) k++;
  if (k === j) return null;
  const whole = parseChineseNumeral(s.slice(j, k));
  if (!whole) return null;
  let value = whole.value;
  j = k;
  const dec = readCnDecimal(s, j);
  if (dec) {
    value = Number(`${value}.${dec.digits}`);
    j = dec.end;
  }
  return { end: j, value };
}

function approxPrefixBefore(s: string, at: number, floor: number): string {
  for (const p of APPROX_PREFIXES) {
    const from = at - p.length;
    if (from >= floor && s.startsWith(p, from)) {
      const guard = PREFIX_NOT_AFTER[p];
      if (guard && guard.test(s.slice(Math.max(0, from - 1), from))) continue;
      return p;
    }
  }
  return '';
}

/**
 * Every count, amount or rate stated in `sentence`. `offset` is where the
 * sentence starts in the document text; `start`/`end` are document offsets.
 */
export function extractQuantities(sentence: string, offset = 0): Quantity[] {
  const s = sentence;
  const out: Quantity[] = [];
  // Most sentences hold no number at all: the protected spans are found only once one does.
  let protectedSpans: boolean[] | null = null;
  let lastEnd = 0;
  let i = 0;

  while (i < s.length) {
    if (!startsNumberCode(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const mask = (protectedSpans ??= protectedMask(s));

    // ---- 百分之… -------------------------------------------------------------
    const pw = readPercentWords(s, i);
    if (pw) {
      if (!mask[i]) {
        const prefix = approxPrefixBefore(s, i, lastEnd);
        let end = pw.end;
        let approx = prefix.length > 0;
        for (const suf of APPROX_SUFFIXES) {
          if (s.startsWith(suf, end)) {
            end += suf.length;
            approx = true;
            break;
          }
        }
        const start = i - prefix.length;
        const pre = s.slice(clauseStartBefore(s, start, lastEnd), start);
        out.push({
          start: offset + start,
          end: offset + end,
          raw: s.slice(start, end),
          value: clean(pw.value),
          unit: '%',
          approx,
          subject: cleanPre(pre),
        });
        lastEnd = end;
      }
      i = pw.end;
      continue;
    }

    const { core, tokenEnd } = readCore(s, i);
    const q = core ? buildQuantity(s, i, core, mask, lastEnd) : null;
    if (q) {
      out.push({ ...q, start: offset + q.start, end: offset + q.end });
      lastEnd = q.end;
      i = q.end;
    } else {
      i = Math.max(tokenEnd, i + 1);
      // A rejected Arabic number takes its Chinese multiplier with it (１０亿余万).
      if (core?.kind === 'arabic') while (i < s.length && /[余多万亿千百萬億]/.test(s[i] as string)) i++;
    }
  }
  return out;
}

function buildQuantity(
  s: string,
  i: number,
  core: Core,
  mask: boolean[],
  lastEnd: number,
): Quantity | null {
  if (mask[i] || mask[core.end - 1]) return null;
  const prev = i > 0 ? (s[i - 1] as string) : '';
  // Ordinals: 第二批, 第3条.
  if (prev === '第' || (prev === ' ' && s[i - 2] === '第')) return null;
  // Digits spaced out one by one (OCR: "1 9 7 个") cannot be read safely.
  if (/\s/.test(prev) && isDigitChar(s[i - 2])) return null;
  if (/\s/.test(s[core.end] ?? '') && isDigitChar(s[core.end + 1])) return null;

  if (core.kind === 'arabic') {
    if (/[A-Za-z0-9\-－/／·.．:：#№_~～]/.test(prev)) return null; // G65, 2022-01-12, 1.2
    const next = s[core.end] ?? '';
    if (/[A-Za-z\-－/／·:：_~～]/.test(next)) return null; // 5G, 023-…, 9:00, 3-5人
    if (core.text.replace(/[,，.．]/g, '').length >= 11 && !/[.．]/.test(core.text)) return null; // phones, ids
    if (PHONE_CONTEXT.test(s.slice(Math.max(0, i - 10), i))) return null;
  } else {
    if (/[A-Za-z0-9０-９]/.test(prev)) return null;
    // Vague numbers give no value: 数十次, 几百人, 十几个 (the last is cut by the parser).
    if (/[数几]/.test(prev) || s[core.end] === '几') return null;
    // The tail of a Chinese decimal (二点五倍 read from 五).
    if ((prev === '点' || prev === '點') && isCnNumeralChar(s[i - 2])) return null;
  }

  // ---- the quantity grammar: [prefix] core [余|多] [万|亿…] [余|多] [ ] unit [左右|以上…]
  let j = core.end;
  let approx = false;
  let value = core.value;
  let hasMult = false;
  if (s[j] === '余' || s[j] === '多') {
    approx = true;
    j++;
  }
  if (core.kind === 'arabic' || approx) {
    for (const [m, factor] of MULTIPLIERS) {
      if (s.startsWith(m, j)) {
        if (core.kind === 'arabic') {
          value *= factor;
        } else {
          // 十余万, 一亿一千七百多万: read the numeral as if the marker were not there.
          const reparsed = parseChineseNumeral(core.text + m);
          if (!reparsed) return null;
          value = reparsed.value;
        }
        hasMult = true;
        j += m.length;
        break;
      }
    }
    if (hasMult && !approx && (s[j] === '余' || s[j] === '多')) {
      approx = true;
      j++;
    }
  }
  let unitAt = j;
  if (s[unitAt] === ' ' || s[unitAt] === '\u3000' || s[unitAt] === '\u00a0') unitAt++;
  const unitEntry = matchUnit(s, unitAt);
  let unit = '';
  let end = j;
  if (unitEntry) {
    unit = unitEntry.unit;
    end = unitAt + unitEntry.surface.length;
  }

  const prefix = approxPrefixBefore(s, i, lastEnd);
  const shangPrefix =
    core.kind === 'chinese' && core.lone && i > lastEnd && s[i - 1] === '上' ? '上' : '';
  const start = i - (prefix || shangPrefix).length;
  if (prefix || shangPrefix) approx = true;

  if (core.lone && !approx) return null; // 千家村, 千万, 万州, 百姓

  if (!unitEntry) {
    // No unit: only a big Arabic number with a multiplier (40万, 2.3万), or 两万余.
    const bigMult = hasMult && value >= 1e4 && core.kind === 'arabic';
    const cnBig = core.kind === 'chinese' && /[万亿萬億]/.test(core.text) && approx;
    if (!bigMult && !cnBig) return null;
    // A Han character right after means a word continues (2万州?): not a bare number.
    const next = s[end] ?? '';
    if (/[\u4e00-\u9fff]/.test(next)) {
      if (!/^(?:群众|人口|居民|村民|用户|元|的)/.test(s.slice(end))) return null;
    }
  }

  // Approximation after the unit.
  if (unitEntry) {
    for (const suf of APPROX_SUFFIXES) {
      if (s.startsWith(suf, end)) {
        end += suf.length;
        approx = true;
        break;
      }
    }
  }

  const clauseStart = clauseStartBefore(s, start, lastEnd);
  const pre = s.slice(clauseStart, start);
  const post = s.slice(end, clauseEndAfter(s, end));
  const afterUnit = s.slice(end, end + 6);

  if (unit === '次') {
    // Sessions: 十九届四次全会, 六届二次、三次、四次全会, 五届人大五次会议.
    let k = i - 1;
    while (k >= 0 && /[零〇○一二两三四五六七八九十0-9０-９次、，,和及与]/.test(s[k] as string)) k--;
    if (k >= 0 && s[k] === '届') return null;
    if (/^(?:会议|全会|全体会议)/.test(afterUnit) && /届/.test(s.slice(Math.max(0, i - 8), i))) return null;
  }
  // Ranks: 前3名.
  if ((unit === '名' || unit === '位') && /前$/.test(pre)) return null;
  // 五个一, 两个一百年: slogans built from 个 + a numeral.
  if (core.kind === 'chinese' && unitEntry?.surface === '个' && isCnNumeralChar(s[end])) return null;
  // The parts of the report's own argument, not things done: 从四个方面, 五项职能,
  // 抓好三件事, 这两个市场. Only small counts written before such a noun.
  if (!approx && value <= 12 && unitEntry && unit !== '%') {
    if (FRAMING_NOUN_AFTER.test(afterUnit)) return null;
    if (core.kind === 'chinese' && SLOGAN_VERB_AFTER.test(afterUnit)) return null;
    if (DEMONSTRATIVE_BEFORE.test(pre)) return null;
  }

  // 二 alone before a unit is an ordinal or a compound (二次供水, 二期, 二类); a count says 两.
  if (core.kind === 'chinese' && core.text === '二' && !approx) return null;

  if (core.kind === 'chinese' && core.text === '一' && !approx && !hasMult) {
    if (!bareYiIsCount(s, i, end, unit, pre, post)) return null;
  }

  const prenominal = post.length > 0 && /^[\u4e00-\u9fff"“]/.test(post) && !NOT_A_NOUN_AFTER.test(post);
  let subject = '';
  if (unit !== '%' && prenominal) {
    const noun = nounAfter(post);
    const verbMatch = SUBJECT_VERB_BEFORE.exec(pre);
    subject = verbMatch ? `${verbMatch[1] ?? ''}${noun}` : noun;
  }
  if (subject.length === 0) subject = cleanPre(pre);
  if (subject.length === 0 && post.length > 0) subject = nounAfter(post);

  if (!unitEntry) unit = inferUnit(`${pre}${post.slice(0, 4)}`);

  return {
    start,
    end,
    raw: s.slice(start, end),
    value: clean(value),
    unit,
    approx,
    subject,
  };
}

/**
 * Whether a bare 一 + unit is a count. It is when the count follows its noun at
 * the end of a clause (应急指挥车一辆, 开展执法调研一次), when 一起 follows an
 * event verb or a case noun (发生一起, 受理案件一起), or after a counting verb
 * (聘请一名律师). It is not when 一 is part of a word (第一, 每一名, 唯一), a
 * pattern 一X一Y (一人一档), an article after 的/是/有 (其中的一个, 只有一个),
 * "together" (和群众一起, 在一起), "a batch of" (一批), "X alone" (仅…一项),
 * a negated zero-incident claim (未发生一起, 无一起), or "only once" (最多只跑
 * 一次). A frequency (每年进行一次) is a count: the guide counts rates.
 */
function bareYiIsCount(s: string, i: number, end: number, unit: string, pre: string, post: string): boolean {
  if (unit === '批') return false;
  if (YI_WORD_BEFORE.test(s.slice(Math.max(0, i - 1), i))) return false;
  if (s[end] === '一' || /一[\u4e00-\u9fff]{1,2}$/.test(pre)) return false; // 一村一…, 一人一档
  if (NEGATION_BEFORE.test(pre)) return false;
  if (/(?:[的是有在和与同跟了着过之]|最后|最初|上|下|前|后|首)$/.test(pre)) return false;
  const clause = `${pre}一${unit}${post}`;
  // A frequency (每季度举办一次, 每年进行一次) is a rate, which the guide counts
  // (§5: every count, amount or rate), and the hand labels count it; 每 in any
  // other place (每一名, 每村一名) is not a stated count.
  if (FREQUENCY_BEFORE.test(pre) && FREQUENCY_UNITS.has(unit)) return true;
  if (/每/.test(clause)) return false;
  if (/(?:最多|只|仅|跑)/.test(clause)) return false;
  if (unit === '次' && /再/.test(clause)) return false;
  if (unit === '起') {
    return EVENT_VERB_BEFORE.test(pre) || (isBoundaryOrEnd(s, end) && CASE_NOUN_BEFORE.test(pre));
  }
  if (isBoundaryOrEnd(s, end)) return pre.trim().length > 0;
  // 聘请律师一名担任法律顾问: the count follows its noun and a verb follows the count.
  if (/^(?:担任|作为|参加|参与|负责|进驻|入驻)/.test(post) && /[\u4e00-\u9fff]$/.test(pre)) return true;
  if (COUNTING_VERB_UNITS.has(unit) && COUNTING_VERB_BEFORE.test(pre)) return true;
  return false;
}
