/**
 * Tokens: jieba (nodejieba by default, or jieba-rs) with the domain user
 * dictionary, so that terms of the genre (法治政府, 法律明白人,
 * 行政执法三项制度 …) stay whole. A Tokenizer (backend.ts) holds the
 * dictionary it cuts with; `cut` and `tokenizeDoc` without one use the
 * tokenizer the tokenize stage ran last, or the shipped dictionary.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReportDoc } from '../model/document.js';
import { isHanOrAsciiAlphanumeric } from '../text/code-units.js';
import { DEFAULT_TOKENIZER, DEFAULT_USER_DICT, TOKENIZER_NAMES, Tokenizer, TokenizerUnavailableError, isTokenizerName, type TokenizerName } from './backend.js';
import { NodejiebaTokenizer } from './nodejieba-backend.js';
import { JiebaRsTokenizer } from './jieba-rs-backend.js';

export { DEFAULT_TOKENIZER, DEFAULT_USER_DICT, TOKENIZER_NAMES, Tokenizer, TokenizerUnavailableError, isTokenizerName, type TokenizerName };

export const DEFAULT_STOPWORDS = fileURLToPath(new URL('../../dictionaries/stopwords.txt', import.meta.url));

/**
 * A tokenizer of that backend with the user dictionary. Nothing is loaded
 * until it cuts; jieba-rs throws TokenizerUnavailableError here when
 * @node-rs/jieba is not installed.
 */
export function loadTokenizer(name: TokenizerName = DEFAULT_TOKENIZER, userDict: string = DEFAULT_USER_DICT): Tokenizer {
  return name === 'jieba-rs' ? new JiebaRsTokenizer(userDict) : new NodejiebaTokenizer(userDict);
}

/**
 * The tokenizer of `cut` and `tokenizeDoc` without one: the one the tokenize
 * stage ran last, so that a heading or a text without tokens is cut as the
 * stage would; the shipped dictionary with nodejieba before any.
 */
let current: Tokenizer | null = null;

export function useTokenizer(tokenizer: Tokenizer): void {
  current = tokenizer;
}

function currentTokenizer(): Tokenizer {
  return (current ??= loadTokenizer());
}

/** Make `cut` and `tokenizeDoc` use this user dictionary with the default backend (a Tokenizer's own dictionary stays its own). */
export function loadUserDictionary(path: string = DEFAULT_USER_DICT): void {
  if (current?.name === DEFAULT_TOKENIZER && current.userDict === path) return;
  const tokenizer = new NodejiebaTokenizer(path);
  // Loaded now: a caller choosing a dictionary expects its cost here, not at the first cut.
  tokenizer.load();
  useTokenizer(tokenizer);
}

/** Tokens of a text, whitespace dropped. */
export function cut(text: string, tokenizer: Tokenizer = currentTokenizer()): string[] {
  return tokenizer.cut(text);
}

/** Tokens of every unit of a document (see Tokenizer.tokenizeDoc). */
export function tokenizeDoc(doc: ReportDoc, tokenizer: Tokenizer = currentTokenizer()): void {
  tokenizer.tokenizeDoc(doc);
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
  if (isHanOrAsciiAlphanumeric(t.charCodeAt(0))) return false;
  return PUNCT_ONLY.test(t);
}

/** Tokens a researcher counts: no punctuation, no stopwords. */
export function contentTokens(tokens: readonly string[], stopwords: ReadonlySet<string>): string[] {
  return tokens.filter((t) => !isPunctuationToken(t) && !stopwords.has(t));
}
