/**
 * The clause around a number and the subject it counts: the clause before the
 * number with leading time words, adverbs and light verbs removed, or, when
 * the number stands before its noun (2名律师), that noun.
 */

/** Characters that end a clause for the purpose of finding a subject. */
export const CLAUSE_BOUNDARY = /[，,；;。！!？?：:\n\r\t、（）()【】[\]]/;

/** Verbs kept in front of the noun of a prenominal count (聘请2名律师 → 聘请律师). */
const SUBJECT_VERB_BEFORE =
  /(发放|聘请|设置|进驻|新增|培育|配备|建成|新建|开通|打造|签约|录入|开发|引进|选派|招募|慰问|走访|排查|化解|调解|办理|受理|检查|查处|处罚|张贴|悬挂|发布|制作|印发|出动|出具|提供|购置|培训)$/;

/** Words after the unit that show the number does not stand before a noun. */
const NOT_A_NOUN_AFTER =
  /^(?:并|和|及|与|或|等|的|了|在|为|是|以|至|到|参加|参与|担任|作为|负责|进驻|入驻|通过|合格|受益|新取得|取得|获得|被|已|均|全部|实现|完成|达到|达|不等|同比|比|较|占|共|累计|其中|次|内(?:办|完成|答复|处理|回复|反馈|审结|受理))/;

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
  /(?:共计|累计|合计|总计|均达到|均达|均为|分别为|分别|已达到|已达|达到|高达|多达|达|为|计|有|占|仅|只|增至|提高到|提升至|提高至|降至|压缩至|压缩到|压减至|压减到|缩短至|缩短到|缩减至|控制在|是|共|了|的)$/;

const MONEY_CUE = /(?:金额|资金|金|款|费|投资|资产|收入|补贴|补助|预算|产值|税|总值|额|元)/;
const PEOPLE_CUE = /(?:群众|人口|居民|人员|人数|学生|村民|干部|职工|受众|观众|网民|用户|党员|农民工|老人)/;

/** A short parenthetical such as (社区) or （居） is part of the phrase, not a clause boundary. */
const SHORT_PAREN = 6;

/** Where the clause holding `at` starts (not before `floor`). */
export function clauseStartBefore(s: string, at: number, floor: number): number {
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

/** Where the clause from `at` ends. */
export function clauseEndAfter(s: string, at: number): number {
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
export function cleanPre(pre: string): string {
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

/** For a number with no unit: 元 or 人 from the words around it, else none. */
export function inferUnit(context: string): string {
  if (MONEY_CUE.test(context)) return '元';
  if (PEOPLE_CUE.test(context)) return '人';
  return '';
}

/**
 * The subject of a quantity from the clause before it (`pre`) and after its
 * unit (`post`): the noun after a prenominal count, with the verb before it
 * kept (聘请2名律师 → 聘请律师); else the cleaned clause before; else the noun after.
 */
export function subjectOf(pre: string, post: string, unit: string): string {
  const prenominal = post.length > 0 && /^[\u4e00-\u9fff"“]/.test(post) && !NOT_A_NOUN_AFTER.test(post);
  let subject = '';
  if (unit !== '%' && prenominal) {
    const noun = nounAfter(post);
    const verbMatch = SUBJECT_VERB_BEFORE.exec(pre);
    subject = verbMatch ? `${verbMatch[1] ?? ''}${noun}` : noun;
  }
  if (subject.length === 0) subject = cleanPre(pre);
  if (subject.length === 0 && post.length > 0) subject = nounAfter(post);
  return subject;
}
