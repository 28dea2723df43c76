/** The parts of a sentence whose numbers are never quantities: 《titles》, short “quotes”, fixed phrases. */
import { NON_QUANTITY_PHRASES } from './dictionaries.js';

/** Which characters of a sentence are protected: 1 inside a protected span, 0 elsewhere. */
export type ProtectedMask = Uint8Array;

/**
 * The phrases of non_quantity_phrases.txt by the char code of their first
 * character, as indexes into NON_QUANTITY_PHRASES: one pass over a sentence
 * tries at each place only the phrases that start there, where a search per
 * phrase would read the sentence once for each of them.
 */
const PHRASES_BY_FIRST = new Map<number, number[]>();
/** 1 at the char codes that start a phrase: most characters start none, and this answers before the map is asked. */
const STARTS_PHRASE = new Uint8Array(0x10000);
NON_QUANTITY_PHRASES.forEach((phrase, p) => {
  const first = phrase.charCodeAt(0);
  const list = PHRASES_BY_FIRST.get(first);
  if (list) list.push(p);
  else PHRASES_BY_FIRST.set(first, [p]);
  STARTS_PHRASE[first] = 1;
});

/** Per phrase, where its next occurrence may start: occurrences of one phrase do not overlap. Reset per sentence. */
const phraseFrom = new Int32Array(NON_QUANTITY_PHRASES.length);

/** Per character of `s`, whether it lies in a 《title》 (80 characters at most), a “quote” of 20 or fewer, or a phrase of non_quantity_phrases.txt. */
export function protectedMask(s: string): ProtectedMask {
  const mask = new Uint8Array(s.length);
  // Book titles, nested 〈〉 included.
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '《') {
      const close = s.indexOf('》', i + 1);
      if (close > i && close - i <= 80) {
        mask.fill(1, i, close + 1);
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
      if (close - i - 1 <= 20) mask.fill(1, i, close + 1);
      i = s.indexOf(open, close + 1);
    }
  }
  phraseFrom.fill(0);
  for (let i = 0; i < s.length; i++) {
    const first = s.charCodeAt(i);
    if (STARTS_PHRASE[first] === 0) continue;
    for (const p of PHRASES_BY_FIRST.get(first)!) {
      const phrase = NON_QUANTITY_PHRASES[p]!;
      if (i < phraseFrom[p]! || !s.startsWith(phrase, i)) continue;
      mask.fill(1, i, i + phrase.length);
      phraseFrom[p] = i + phrase.length;
    }
  }
  return mask;
}
