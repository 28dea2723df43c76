/** When a bare 一 + unit states a count (聘请一名律师) and when it is an article or part of a word (一项重要工作, 第一). */
import { CLAUSE_BOUNDARY } from './subject.js';

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

/** Counting verbs after which 一 + classifier before a noun is a count (聘请一名律师). */
const COUNTING_VERB_BEFORE =
  /(?:聘请|聘用|新增|配备|新建|建成|举办|召开|组织|购置|购买|配置|引进|选派|增设|设立|签订|出动|派出|发生)了?$/;
const COUNTING_VERB_UNITS = new Set(['名', '位', '期', '场', '场次', '起', '台', '辆', '套']);

function isBoundaryOrEnd(s: string, at: number): boolean {
  if (at >= s.length) return true;
  const ch = s[at] as string;
  return CLAUSE_BOUNDARY.test(ch) || /[\s。]/.test(ch);
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
export function bareYiIsCount(s: string, i: number, end: number, unit: string, pre: string, post: string): boolean {
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
