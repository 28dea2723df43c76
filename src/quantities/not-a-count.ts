/**
 * Numbers that are not counts of things done: ordinals, codes and phone
 * numbers, sessions (十九届四次全会), ranks, slogans and the framing of the
 * report's own argument (从四个方面, 五项职能).
 */
import { isCnNumeralChar, isDigitChar } from './numerals.js';
import type { Core } from './number-tokens.js';
import { bareYiIsCount } from './bare-yi.js';
import type { ProtectedMask } from './protected-spans.js';

/** Before a phone number or an id. */
const PHONE_CONTEXT = /(?:电话|手机|热线|传真|邮编|邮箱|QQ|qq|编号|号码|索引号|代码|账号|身份证|微信号?)[:：\s号为是]*$/;

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

/**
 * Whether the number `core` at `i` is part of something else: a protected
 * span (a title, a quote, a fixed phrase), an ordinal (第二批, 第3条), digits
 * spaced out one by one, a code glued to letters or punctuation (G65,
 * 2022-01-12, 5G), a phone number or id, or a vague number (数十次, 几百人).
 */
export function isPartOfSomethingElse(s: string, i: number, core: Core, mask: ProtectedMask): boolean {
  if (mask[i] || mask[core.end - 1]) return true;
  const prev = i > 0 ? (s[i - 1] as string) : '';
  // Ordinals: 第二批, 第3条.
  if (prev === '第' || (prev === ' ' && s[i - 2] === '第')) return true;
  // Digits spaced out one by one (OCR: "1 9 7 个") cannot be read safely.
  if (/\s/.test(prev) && isDigitChar(s[i - 2])) return true;
  if (/\s/.test(s[core.end] ?? '') && isDigitChar(s[core.end + 1])) return true;

  if (core.kind === 'arabic') {
    if (/[A-Za-z0-9\-－/／·.．:：#№_~～]/.test(prev)) return true; // G65, 2022-01-12, 1.2
    const next = s[core.end] ?? '';
    if (/[A-Za-z\-－/／·:：_~～]/.test(next)) return true; // 5G, 023-…, 9:00, 3-5人
    if (core.text.replace(/[,，.．]/g, '').length >= 11 && !/[.．]/.test(core.text)) return true; // phones, ids
    if (PHONE_CONTEXT.test(s.slice(Math.max(0, i - 10), i))) return true;
  } else {
    if (/[A-Za-z0-9０-９]/.test(prev)) return true;
    // Vague numbers give no value: 数十次, 几百人, 十几个 (the last is cut by the parser).
    if (/[数几]/.test(prev) || s[core.end] === '几') return true;
    // The tail of a Chinese decimal (二点五倍 read from 五).
    if ((prev === '点' || prev === '點') && isCnNumeralChar(s[i - 2])) return true;
  }
  return false;
}

/** What a quantity reads as once its unit and approximation are known. */
export interface CountReading {
  core: Core;
  value: number;
  unit: string;
  /** The surface of the unit matched in the text, null when there is none. */
  unitSurface: string | null;
  approx: boolean;
  hasMult: boolean;
  /** Where the quantity ends, and the clause before it and after it. */
  end: number;
  pre: string;
  post: string;
}

/**
 * Whether a quantity names something rather than counting it: a session
 * (十九届四次全会), a rank (前3名), a slogan (五个一, 五个到位), the framing of
 * the report's argument (从四个方面, 这两个市场), 二 as an ordinal (二期), or
 * a bare 一 that is an article (bareYiIsCount).
 */
export function namesRatherThanCounts(s: string, i: number, r: CountReading): boolean {
  const { core, value, unit, approx, hasMult, end, pre, post } = r;
  const afterUnit = s.slice(end, end + 6);
  if (unit === '次') {
    // Sessions: 十九届四次全会, 六届二次、三次、四次全会, 五届人大五次会议.
    let k = i - 1;
    while (k >= 0 && /[零〇○一二两三四五六七八九十0-9０-９次、，,和及与]/.test(s[k] as string)) k--;
    if (k >= 0 && s[k] === '届') return true;
    if (/^(?:会议|全会|全体会议)/.test(afterUnit) && /届/.test(s.slice(Math.max(0, i - 8), i))) return true;
  }
  // Ranks: 前3名.
  if ((unit === '名' || unit === '位') && /前$/.test(pre)) return true;
  // 五个一, 两个一百年: slogans built from 个 + a numeral.
  if (core.kind === 'chinese' && r.unitSurface === '个' && isCnNumeralChar(s[end])) return true;
  // The parts of the report's own argument, not things done: 从四个方面, 五项职能,
  // 抓好三件事, 这两个市场. Only small counts written before such a noun.
  if (!approx && value <= 12 && r.unitSurface !== null && unit !== '%') {
    if (FRAMING_NOUN_AFTER.test(afterUnit)) return true;
    if (core.kind === 'chinese' && SLOGAN_VERB_AFTER.test(afterUnit)) return true;
    if (DEMONSTRATIVE_BEFORE.test(pre)) return true;
  }

  // 二 alone before a unit is an ordinal or a compound (二次供水, 二期, 二类); a count says 两.
  if (core.kind === 'chinese' && core.text === '二' && !approx) return true;

  if (core.kind === 'chinese' && core.text === '一' && !approx && !hasMult) {
    if (!bareYiIsCount(s, i, end, unit, pre, post)) return true;
  }
  return false;
}
