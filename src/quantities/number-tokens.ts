/** Reading the number that starts at a position: Arabic, Chinese (with 点 decimals), or 百分之…. */
import { CN_DECIMAL_DIGITS, MULTIPLIERS, isCnNumeralChar, isDigitChar, parseArabic, parseChineseNumeral } from './numerals.js';

/** A number read from the text, before any multiplier or unit. */
export interface Core {
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
export function readCore(s: string, i: number): { core: Core | null; tokenEnd: number } {
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
export function readPercentWords(s: string, i: number): { end: number; value: number } | null {
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

/** A number with its 余/多 and its multiplier: what stands before the unit. */
export interface Magnitude {
  value: number;
  approx: boolean;
  hasMult: boolean;
  /** Where it ends: the unit, if any, starts here. */
  end: number;
}

/**
 * core [余|多] [万|亿…] [余|多]: the number read on past its approximation
 * marker and multiplier (40万, 2.3万余, 十余万); null when a Chinese numeral
 * cannot take the multiplier.
 */
export function readMagnitude(s: string, core: Core): Magnitude | null {
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
  return { value, approx, hasMult, end: j };
}
