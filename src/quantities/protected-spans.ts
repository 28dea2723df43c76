/** The parts of a sentence whose numbers are never quantities: 《titles》, short “quotes”, fixed phrases. */
import { NON_QUANTITY_PHRASES } from './dictionaries.js';

/** Per character of `s`, whether it lies in a 《title》 (80 characters at most), a “quote” of 20 or fewer, or a phrase of non_quantity_phrases.txt. */
export function protectedMask(s: string): boolean[] {
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
