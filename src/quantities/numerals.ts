/**
 * Number parsing for the quantities stage: Chinese numerals (一百二十, 两万,
 * 三千, 百余), Arabic numerals in half- or full-width digits (1.5, ３０００,
 * 10,000), and decimal multipliers written in Chinese (2万, 1.5亿, 327.57万).
 */

const CN_DIGIT: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  '○': 0,
  兩: 2,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_SMALL: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const CN_BIG: Readonly<Record<string, number>> = { 万: 1e4, 亿: 1e8, 萬: 1e4, 億: 1e8 };

/** Every character that can be part of a Chinese numeral. */
export const CN_NUMERAL_CHARS = '零〇○一二两兩三四五六七八九十百千万亿萬億';

/** Chinese digits that can follow 点 in a decimal (二点五倍). */
export const CN_DECIMAL_DIGITS: Readonly<Record<string, string>> = {
  零: '0',
  〇: '0',
  '○': '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

export function isCnNumeralChar(ch: string | undefined): boolean {
  return ch !== undefined && ch.length === 1 && CN_NUMERAL_CODES[ch.charCodeAt(0)] === 1;
}

/** 1 at the char codes of Chinese numerals: a table, as the extractor's scan asks of every character. */
const CN_NUMERAL_CODES = new Uint8Array(0x10000);
for (const c of CN_NUMERAL_CHARS) CN_NUMERAL_CODES[c.charCodeAt(0)] = 1;

/** Can a number (Arabic or Chinese) start at this char code? The extractor's scan asks this of every character, so no string is made. */
export function startsNumberCode(c: number): boolean {
  return isDigitCode(c) || CN_NUMERAL_CODES[c] === 1;
}

export function isDigitChar(ch: string | undefined): boolean {
  return ch !== undefined && isDigitCode(ch.charCodeAt(0));
}

/** An ASCII or full-width digit. */
function isDigitCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
}

/** Full-width digits and punctuation to ASCII, one code unit for one. */
export function toHalfWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xff10 + 0x30);
    else if (ch === '．') out += '.';
    else if (ch === '，') out += ',';
    else out += ch;
  }
  return out;
}

export interface CnNumber {
  value: number;
  /**
   * True when the numeral starts with a bare multiplier (百, 千, 万, 亿 with no
   * digit before it): 百余 or 上千 are counts, but 千家 (a village name),
   * 千万 (an adverb) and 万州 (a place) are not, so callers need context.
   */
  lone: boolean;
}

/**
 * Parse a run of Chinese numeral characters. Returns null for runs that are
 * not a well-formed number: 十四五 and 八五 (plan names), 二〇二一 (a year
 * written digit by digit), 五一 (a holiday), 一一. Hand-written for that
 * strictness, which the quantity rules rely on: a converter of numerals
 * reads what it can.
 */
export function parseChineseNumeral(s: string): CnNumber | null {
  if (s.length === 0) return null;
  const chars = [...s];
  let total = 0;
  let section = 0;
  let pending: number | null = null;
  let prevKind: 'none' | 'digit' | 'zero' | 'small' | 'big' = 'none';
  let prevUnit = 1;
  let lone = false;
  let sawNonZero = false;

  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch in CN_DIGIT) {
      const d = CN_DIGIT[ch] as number;
      if (prevKind === 'digit') return null; // 四五, 二〇, 一一
      if (d === 0) {
        if (prevKind === 'none' || prevKind === 'zero') return null; // 零 alone, 〇〇
        prevKind = 'zero';
        continue;
      }
      pending = d;
      prevKind = 'digit';
      sawNonZero = true;
    } else if (ch in CN_SMALL) {
      const unit = CN_SMALL[ch] as number;
      if (pending === null) {
        if (prevKind === 'none') {
          // 十二 means 12; 百余 / 千余 are bare multipliers.
          if (ch !== '十') lone = true;
          pending = 1;
        } else if (prevKind === 'zero' && ch === '十') {
          pending = 1; // 一百零十 is odd but harmless
        } else {
          return null; // 百千, 万十 …
        }
      }
      if (prevKind === 'small' && unit >= prevUnit) return null; // 百十
      section += pending * unit;
      pending = null;
      prevKind = 'small';
      prevUnit = unit;
      sawNonZero = true;
    } else if (ch in CN_BIG) {
      const big = CN_BIG[ch] as number;
      if (pending !== null) section += pending;
      pending = null;
      if (section === 0 && total === 0) {
        if (prevKind !== 'none') return null;
        lone = true;
        section = 1;
      }
      if (big === 1e8) {
        if (prevKind === 'big' && prevUnit === 1e8) return null; // 亿亿
        total = (total + section) * big;
      } else {
        if (prevKind === 'big' && prevUnit === 1e4) return null; // 万万
        total += section * big;
      }
      section = 0;
      prevKind = 'big';
      prevUnit = big;
      sawNonZero = true;
    } else {
      return null;
    }
  }
  if (!sawNonZero) return null;
  if (pending !== null) {
    // Colloquial abbreviations: 一百五 = 150, 三万五 = 35000, 一千二 = 1200.
    if (prevKind === 'digit' && chars.length >= 2) {
      const before = chars[chars.length - 2] as string;
      if (before in CN_SMALL) pending *= (CN_SMALL[before] as number) / 10;
      else if (before in CN_BIG) pending *= (CN_BIG[before] as number) / 10;
    }
    section += pending;
  }
  return { value: total + section, lone };
}

/** Parse Arabic digits (half or full width, with optional `,` thousands separators). */
export function parseArabic(s: string): number {
  return Number(toHalfWidth(s).replace(/,/g, ''));
}

/** Multiplier written after a number: 2万, 1.5亿, 5千万, 3百. */
export const MULTIPLIERS: ReadonlyArray<readonly [string, number]> = [
  ['千万', 1e7],
  ['百万', 1e6],
  ['万亿', 1e12],
  ['亿', 1e8],
  ['億', 1e8],
  ['万', 1e4],
  ['萬', 1e4],
  ['千', 1e3],
  ['百', 1e2],
];

/** Remove binary floating-point noise: 37.263 × 10000 is 372630, not 372630.00000000006. */
export function clean(n: number): number {
  return Number(n.toPrecision(12));
}
