/**
 * Quantities stage: every count, amount or rate stated in a sentence
 * (annotation guide §5, docs/annotation-guide.md "## 5. Quantities").
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
 *   states is zero, and labeling it 1 would be wrong while labeling it 0
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
import type { Quantity } from '../model/document.js';
import { clean, startsNumberCode } from './numerals.js';
import { readCore, readMagnitude, readPercentWords, type Core } from './number-tokens.js';
import { protectedMask, type ProtectedMask } from './protected-spans.js';
import { matchUnit } from './unit-match.js';
import { approxPrefixBefore, approxSuffixAt } from './approximation.js';
import { clauseEndAfter, clauseStartBefore, cleanPre, inferUnit, subjectOf } from './subject.js';
import { isPartOfSomethingElse, namesRatherThanCounts } from './not-a-count.js';

/**
 * Every count, amount or rate stated in `sentence`. `offset` is where the
 * sentence starts in the document text; `start`/`end` are document offsets.
 */
export function extractQuantities(sentence: string, offset = 0): Quantity[] {
  const s = sentence;
  const out: Quantity[] = [];
  // Most sentences hold no number at all: the protected spans are found only once one does.
  let protectedSpans: ProtectedMask | null = null;
  let lastEnd = 0;
  let i = 0;

  while (i < s.length) {
    if (!startsNumberCode(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const mask = (protectedSpans ??= protectedMask(s));

    const pw = readPercentWords(s, i);
    if (pw) {
      if (!mask[i]) {
        const q = percentQuantity(s, i, pw, lastEnd);
        out.push({ ...q, start: offset + q.start, end: offset + q.end });
        lastEnd = q.end;
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

/** A percentage in words (百分之九十) at `i`, with the approximation markers around it. */
function percentQuantity(s: string, i: number, pw: { end: number; value: number }, lastEnd: number): Quantity {
  const prefix = approxPrefixBefore(s, i, lastEnd);
  const suffix = approxSuffixAt(s, pw.end);
  const end = pw.end + suffix.length;
  const start = i - prefix.length;
  const pre = s.slice(clauseStartBefore(s, start, lastEnd), start);
  return {
    start,
    end,
    raw: s.slice(start, end),
    value: clean(pw.value),
    unit: '%',
    approx: prefix.length > 0 || suffix.length > 0,
    subject: cleanPre(pre),
  };
}

/**
 * The quantity whose number `core` starts at `i`, or null when it is not one.
 * The grammar: [prefix] core [余|多] [万|亿…] [余|多] [ ] unit [左右|以上…].
 */
function buildQuantity(s: string, i: number, core: Core, mask: ProtectedMask, lastEnd: number): Quantity | null {
  if (isPartOfSomethingElse(s, i, core, mask)) return null;
  const magnitude = readMagnitude(s, core);
  if (!magnitude) return null;
  const { value, hasMult } = magnitude;
  let approx = magnitude.approx;

  let unitAt = magnitude.end;
  if (s[unitAt] === ' ' || s[unitAt] === '\u3000' || s[unitAt] === '\u00a0') unitAt++;
  const unitEntry = matchUnit(s, unitAt);
  let unit = unitEntry ? unitEntry.unit : '';
  let end = unitEntry ? unitAt + unitEntry.surface.length : magnitude.end;

  const prefix = approxPrefixBefore(s, i, lastEnd);
  const shangPrefix = core.kind === 'chinese' && core.lone && i > lastEnd && s[i - 1] === '上' ? '上' : '';
  const start = i - (prefix || shangPrefix).length;
  if (prefix || shangPrefix) approx = true;

  if (core.lone && !approx) return null; // 千家村, 千万, 万州, 百姓
  if (!unitEntry && !isBareNumberQuantity(s, core, value, hasMult, approx, end)) return null;

  if (unitEntry) {
    const suffix = approxSuffixAt(s, end);
    if (suffix) {
      end += suffix.length;
      approx = true;
    }
  }

  const pre = s.slice(clauseStartBefore(s, start, lastEnd), start);
  const post = s.slice(end, clauseEndAfter(s, end));
  const reading = { core, value, unit, unitSurface: unitEntry ? unitEntry.surface : null, approx, hasMult, end, pre, post };
  if (namesRatherThanCounts(s, i, reading)) return null;

  const subject = subjectOf(pre, post, unit);
  if (!unitEntry) unit = inferUnit(`${pre}${post.slice(0, 4)}`);
  return { start, end, raw: s.slice(start, end), value: clean(value), unit, approx, subject };
}

/**
 * Whether a number with no unit is a quantity: only a big Arabic number with a
 * multiplier (40万, 2.3万), or an approximate Chinese one (两万余), and not
 * when a Han character after it continues a word (2万州).
 */
function isBareNumberQuantity(s: string, core: Core, value: number, hasMult: boolean, approx: boolean, end: number): boolean {
  const bigMult = hasMult && value >= 1e4 && core.kind === 'arabic';
  const cnBig = core.kind === 'chinese' && /[万亿萬億]/.test(core.text) && approx;
  if (!bigMult && !cnBig) return false;
  const next = s[end] ?? '';
  if (/[\u4e00-\u9fff]/.test(next)) {
    if (!/^(?:群众|人口|居民|村民|用户|元|的)/.test(s.slice(end))) return false;
  }
  return true;
}
