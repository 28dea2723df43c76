/**
 * Is there a Chinese report in this text? Two reasons a file holds none, each
 * named in the manifest instead of tagging what is there:
 * - it is written in another script: pinyin or another language in Latin
 *   letters, or Cyrillic, Arabic (Uyghur), Tibetan, Mongolian …;
 * - it is a page of chrome only (a navigation page saved by mistake): once
 *   the chrome is removed no line of report prose is left.
 */
import { countHan } from '../text/normalize.js';

const SCRIPTS: Array<[name: string, re: RegExp]> = [
  ['Latin letters (pinyin or another language)', /\p{Script=Latin}/gu],
  ['Cyrillic', /\p{Script=Cyrillic}/gu],
  ['Arabic script', /\p{Script=Arabic}/gu],
  ['Tibetan', /\p{Script=Tibetan}/gu],
  ['Mongolian script', /\p{Script=Mongolian}/gu],
  ['Hangul', /\p{Script=Hangul}/gu],
  ['Japanese kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/gu],
];

/**
 * Letters of an alphabet per Chinese character of the same content: a pinyin
 * syllable or a short word is three or four letters, so a text is taken as
 * written in another script when its letters outnumber its Chinese
 * characters by this much. Chinese reports carry a few Latin letters (APP,
 * LED, QQ, ICP, web addresses), nowhere near it.
 */
const LETTERS_PER_CHARACTER = 3;

/** The other script a text is written in, when its letters outnumber its Chinese characters LETTERS_PER_CHARACTER to one. */
export function otherScript(text: string): { script: string; letters: number; han: number } | null {
  const han = countHan(text);
  // Letters of any one script are at most the code units that are not Chinese characters: too few, the scans are not needed.
  if (text.length - han < LETTERS_PER_CHARACTER * han) return null;
  let best: [string, number] = ['', 0];
  for (const [name, re] of SCRIPTS) {
    const n = text.match(re)?.length ?? 0;
    if (n > best[1]) best = [name, n];
  }
  const [script, letters] = best;
  if (letters === 0 || letters < LETTERS_PER_CHARACTER * han) return null;
  return { script, letters, han };
}

/** Why the text is not Chinese, or null when it is. */
export function notChineseReason(text: string): string | null {
  const other = otherScript(text);
  return other ? `not a Chinese report: written in ${other.script} (${other.letters} letters, ${other.han} Chinese characters)` : null;
}

/**
 * A line of report prose: ten or more Chinese characters and a sentence's
 * punctuation, or a hundred Chinese characters in any case (a text layer that
 * lost its punctuation is still a report; no navigation line is that long).
 */
function isProseLine(line: string): boolean {
  const han = countHan(line);
  return han >= 100 || (han >= 10 && /[。，；！？,;!?]/.test(line));
}

/** Why cleaned text holds no report, or null when it holds one. */
export function reportTextProblem(cleanedText: string): string | null {
  const script = notChineseReason(cleanedText);
  if (script) return script;
  if (!cleanedText.split('\n').some(isProseLine)) return 'no report text: only page navigation, metadata and other chrome (no line of prose)';
  return null;
}
