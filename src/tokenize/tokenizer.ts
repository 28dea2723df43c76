/**
 * The tokenize stage: nodejieba with the domain user dictionary, so that terms
 * of the genre (法治政府, 法律明白人, 行政执法三项制度 …) stay whole.
 *
 * A Tokenizer holds the dictionary it cuts with. nodejieba holds one
 * dictionary per thread, so a tokenizer (re)loads its own before cutting when
 * another was loaded since; a load costs ~0.5 s, so it is done only then.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReportDoc } from '../model/document.js';

const require = createRequire(import.meta.url);
// nodejieba is CommonJS with a native addon; require keeps its lazy loader intact.
const nodejieba = require('nodejieba') as {
  load(opts: { userDict?: string; idfDict?: string; stopWordDict?: string }): void;
  cut(text: string, hmm?: boolean): string[];
};

export const DEFAULT_USER_DICT = fileURLToPath(new URL('../../dictionaries/userdict.txt', import.meta.url));
export const DEFAULT_STOPWORDS = fileURLToPath(new URL('../../dictionaries/stopwords.txt', import.meta.url));
/**
 * One-line stand-ins for jieba's keyword-extraction IDF table and stop words
 * (dictionaries/jieba/README.md): fazhi never calls jieba's extractor, and the
 * 6 MB table was a third of every thread's dictionary load. Tokens are unchanged.
 */
const KEYWORD_IDF_STUB = fileURLToPath(new URL('../../dictionaries/jieba/keyword-idf.utf8', import.meta.url));
const KEYWORD_STOPWORDS_STUB = fileURLToPath(new URL('../../dictionaries/jieba/keyword-stopwords.utf8', import.meta.url));

/** The user dictionary nodejieba holds in this thread. */
let loadedDict: string | null = null;

/** Tokens of texts with one user dictionary (plain text, `word [freq] [tag]` per line). */
export class Tokenizer {
  readonly userDict: string;

  /** Checks that the dictionary is there; it is loaded on first use. */
  constructor(userDict: string = DEFAULT_USER_DICT) {
    if (!existsSync(userDict)) throw new Error(`user dictionary not found: ${userDict}`);
    this.userDict = userDict;
  }

  /** Load this tokenizer's dictionary into nodejieba unless it holds it already. */
  load(): void {
    if (loadedDict === this.userDict) return;
    nodejieba.load({ userDict: this.userDict, idfDict: KEYWORD_IDF_STUB, stopWordDict: KEYWORD_STOPWORDS_STUB });
    loadedDict = this.userDict;
  }

  /** Tokens of a text, whitespace dropped. HMM on so unseen names are still grouped. */
  cut(text: string): string[] {
    this.load();
    const out: string[] = [];
    for (const t of nodejieba.cut(text, true)) if (t.trim() !== '') out.push(t);
    return out;
  }

  /**
   * Tokens of every unit from one native call per document instead of one per
   * sentence (the calls, not the cutting, were the cost). The units are joined
   * by line breaks, where jieba always starts a new block, so each unit gets
   * exactly the tokens it would get on its own; joining by the document's own
   * text would not do: jieba does not break at ；, so a sentence's tokens would
   * depend on the sentence before it. If the tokens ever fail to spell the
   * units, the units are cut one by one instead.
   */
  tokenizeDoc(doc: ReportDoc): void {
    this.load();
    const units = doc.units;
    if (units.length === 0) return;
    const perUnit: string[][] = [[]];
    for (const t of nodejieba.cut(units.map((u) => u.text).join('\n'), true)) {
      if (t === '\n') perUnit.push([]);
      else if (t.trim() !== '') perUnit[perUnit.length - 1]!.push(t);
    }
    if (perUnit.length !== units.length) {
      for (const unit of units) unit.tokens = this.cut(unit.text);
      return;
    }
    units.forEach((unit, i) => (unit.tokens = perUnit[i]!));
  }
}

/** The tokenizer of `cut` and `tokenizeDoc`: the shipped dictionary unless loadUserDictionary chose another. */
let defaultTokenizer: Tokenizer | null = null;

/** Make `cut` and `tokenizeDoc` use this user dictionary (a Tokenizer's own dictionary is its own). */
export function loadUserDictionary(path: string = DEFAULT_USER_DICT): void {
  if (defaultTokenizer?.userDict === path) return;
  const tokenizer = new Tokenizer(path);
  tokenizer.load();
  defaultTokenizer = tokenizer;
}

function sharedTokenizer(): Tokenizer {
  return (defaultTokenizer ??= new Tokenizer());
}

/** Tokens of a text with the dictionary loadUserDictionary chose (default: the shipped one). */
export function cut(text: string): string[] {
  return sharedTokenizer().cut(text);
}

/** Tokens of every unit of a document with the dictionary loadUserDictionary chose (see Tokenizer.tokenizeDoc). */
export function tokenizeDoc(doc: ReportDoc): void {
  sharedTokenizer().tokenizeDoc(doc);
}

/** A stopword list: one word per line, `#` starts a comment line. */
export function loadStopwords(path: string = DEFAULT_STOPWORDS): Set<string> {
  if (!existsSync(path)) throw new Error(`stopword list not found: ${path}`);
  const words = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const w = line.trim();
    if (w && !w.startsWith('#')) words.add(w);
  }
  return words;
}

const PUNCT_ONLY = /^[\p{P}\p{S}\s]+$/u;

/** A token of punctuation, symbols and spaces only. */
export function isPunctuationToken(t: string): boolean {
  // Most tokens start with a Han character, a digit or a Latin letter, which
  // settles it without the Unicode-class regex (asked of every token twice).
  const c = t.charCodeAt(0);
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return false;
  return PUNCT_ONLY.test(t);
}

/** Tokens a researcher counts: no punctuation, no stopwords. */
export function contentTokens(tokens: readonly string[], stopwords: ReadonlySet<string>): string[] {
  return tokens.filter((t) => !isPunctuationToken(t) && !stopwords.has(t));
}
