/**
 * The tokenize stage: jieba (nodejieba by default, or jieba-rs) with the domain
 * user dictionary, so that terms of the genre (法治政府, 法律明白人,
 * 行政执法三项制度 …) stay whole.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReportDoc, Unit } from '../types.js';
import { TOKENIZER_NAMES, TokenizerUnavailableError, isTokenizerName, type Tokenizer, type TokenizerName } from './backend.js';
import { nodejiebaTokenizer } from './nodejieba-backend.js';
import { jiebaRsEntry, jiebaRsTokenizer } from './jieba-rs-backend.js';

export { TOKENIZER_NAMES, TokenizerUnavailableError, isTokenizerName, type Tokenizer, type TokenizerName };

export const DEFAULT_USER_DICT = fileURLToPath(new URL('../../dictionaries/userdict.txt', import.meta.url));
export const DEFAULT_STOPWORDS = fileURLToPath(new URL('../../dictionaries/stopwords.txt', import.meta.url));
export const DEFAULT_TOKENIZER: TokenizerName = 'nodejieba';

/**
 * The backend of that name with the user dictionary, loaded once per thread
 * (a load costs 0.2–1 s) and shared by every later call.
 */
export function loadTokenizer(name: TokenizerName = DEFAULT_TOKENIZER, userDict: string = DEFAULT_USER_DICT): Tokenizer {
  return name === 'jieba-rs' ? jiebaRsTokenizer(userDict) : nodejiebaTokenizer(userDict);
}

/** Throws TokenizerUnavailableError when the backend's package is not installed, without loading it. */
export function checkTokenizerInstalled(name: TokenizerName): void {
  if (name === 'jieba-rs') jiebaRsEntry();
}

/**
 * The tokenizer `cut` uses: the one the tokenize stage runs, so that stages
 * cutting a heading or a text without tokens cut it as the stage would.
 */
let current: Tokenizer | null = null;

export function useTokenizer(tokenizer: Tokenizer): void {
  current = tokenizer;
}

function currentTokenizer(): Tokenizer {
  return (current ??= loadTokenizer());
}

/** Load a user dictionary (plain text, `word [freq] [tag]` per line) into the default backend. Idempotent. */
export function loadUserDictionary(path: string = DEFAULT_USER_DICT): void {
  useTokenizer(loadTokenizer(DEFAULT_TOKENIZER, path));
}

/** Tokens of a text, whitespace dropped. */
export function cut(text: string, tokenizer: Tokenizer = currentTokenizer()): string[] {
  const out: string[] = [];
  for (const t of tokenizer.cut(text)) if (t.trim() !== '') out.push(t);
  return out;
}

/**
 * One string per distinct token: the backends return a new string for every
 * token, and a report's tokens are mostly repeats (2,834 distinct among 870,000
 * in 5 MB of reports), so the copies were the largest part of a document in memory.
 */
const internedTokens = new Map<string, string>();
/** A thread's vocabulary stays far below this; the bound only keeps a pathological corpus from growing the table without end. */
const MAX_INTERNED_TOKENS = 1_000_000;

function interned(token: string): string {
  const known = internedTokens.get(token);
  if (known !== undefined) return known;
  internedTokens.set(token, token);
  return token;
}

/**
 * Tokens of every unit from one native call per document instead of one per
 * sentence (the calls, not the cutting, were the cost). The units are joined
 * by line breaks, where jieba always starts a new block, so each unit gets
 * exactly the tokens it would get on its own; joining by the document's own
 * text would not do: jieba does not break at ；, so a sentence's tokens would
 * depend on the sentence before it. If the tokens ever fail to spell the
 * units, the units are cut one by one instead. A long document goes in
 * blocks of units (CHARS_PER_CALL).
 */
export function tokenizeDoc(doc: ReportDoc, tokenizer: Tokenizer = currentTokenizer()): void {
  if (internedTokens.size > MAX_INTERNED_TOKENS) internedTokens.clear();
  const units = doc.units;
  let from = 0;
  while (from < units.length) {
    let to = from;
    let chars = 0;
    while (to < units.length && (to === from || chars + units[to]!.text.length <= CHARS_PER_CALL)) chars += units[to++]!.text.length + 1;
    tokenizeUnits(units.slice(from, to), tokenizer);
    from = to;
  }
}

/**
 * Characters given to one native call: a report or several. A whole pasted
 * collection in one call came back as millions of token strings at once,
 * hundreds of MB before they were interned.
 */
const CHARS_PER_CALL = 1 << 18;

function tokenizeUnits(units: readonly Unit[], tokenizer: Tokenizer): void {
  const perUnit: string[][] = [[]];
  for (const t of tokenizer.cut(units.map((u) => u.text).join('\n'))) {
    if (t === '\n') perUnit.push([]);
    else if (t.trim() !== '') perUnit[perUnit.length - 1]!.push(interned(t));
  }
  if (perUnit.length !== units.length) {
    for (const unit of units) unit.tokens = cut(unit.text, tokenizer).map(interned);
    return;
  }
  units.forEach((unit, i) => (unit.tokens = perUnit[i]!));
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
