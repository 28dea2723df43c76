/**
 * Figures in a sentence as the function taggers see them: numbers with their
 * units (3000份, 百余人次) and rates or shares stated with a figure (通过率100%),
 * evidence that a sentence reports an outcome.
 */

export interface NumberMention {
  raw: string;
  /** Arabic figures only; null for Chinese numerals. */
  value: number | null;
  unit: string;
  /** Offset in the sentence. */
  at: number;
}

const UNITS =
  '万亿元|亿元|万元|千元|元|人次|户次|件次|场次|台次|余人|平方米|平方公里|公里|千米|米|亩|吨|%|个|名|位|次|场|件|份|人|户|家|项|条|起|期|批|单|处|所|台|套|辆|篇|本|册|张|幅|块|天|小时|年|月|倍|万人|万份|万条|万件|万次';
const NUMBER = new RegExp(
  `(\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千万亿]{1,8})\\s*(余|多|近|约)?\\s*(${UNITS})`,
  'gu',
);
const YEAR = /^\d{4}$/;
const PERCENT = /(\d+(?:\.\d+)?)\s*%|百分之[零〇一二三四五六七八九十百点]+/gu;
/** A rate word shortly before a figure: 通过率100%, 满意度达100%, 占比30%. */
const RATE_BEFORE = /(率|度|占比|比例|比重)[^,;。:!?]{0,8}$/u;

/** Numbers with a unit (3000份, 百余人次, 99.8%); four-digit years are left out. */
export function findNumbers(norm: string): NumberMention[] {
  const out: NumberMention[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(norm); m; m = NUMBER.exec(norm)) {
    const figure = m[1]!;
    const unit = m[3]!;
    if (unit === '年' && YEAR.test(figure)) continue;
    const arabic = /^\d/.test(figure);
    out.push({ raw: m[0], value: arabic ? Number(figure) : null, unit, at: m.index });
  }
  return out;
}

/** Does the sentence state a percentage, and a rate or share with one (通过率100%, 占比30%)? */
export function findRates(norm: string): { hasRate: boolean; hasPercent: boolean } {
  let hasPercent = false;
  let hasRate = false;
  // Both need a % or 百分之, which most sentences have not: two searches answer for them, not the pattern.
  if (!norm.includes('%') && !norm.includes('百分之')) return { hasRate, hasPercent };
  PERCENT.lastIndex = 0;
  for (let m = PERCENT.exec(norm); m; m = PERCENT.exec(norm)) {
    hasPercent = true;
    if (RATE_BEFORE.test(norm.slice(Math.max(0, m.index - 12), m.index))) hasRate = true;
  }
  return { hasRate, hasPercent };
}
