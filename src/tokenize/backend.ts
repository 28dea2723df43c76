/**
 * The Tokenizer: a segmenter holding its own user dictionary, with two
 * backends (nodejieba-backend.ts, jieba-rs-backend.ts). A backend supplies
 * `segment`; cutting a text and a whole document is the same for both.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReportDoc, Unit } from '../model/document.js';
import { UserError } from '../model/errors.js';

export const TOKENIZER_NAMES = ['nodejieba', 'jieba-rs'] as const;
export type TokenizerName = (typeof TOKENIZER_NAMES)[number];
export const DEFAULT_TOKENIZER: TokenizerName = 'nodejieba';

export const DEFAULT_USER_DICT = fileURLToPath(new URL('../../dictionaries/userdict.txt', import.meta.url));

export function isTokenizerName(name: string): name is TokenizerName {
  return (TOKENIZER_NAMES as readonly string[]).includes(name);
}

/** Asked for a backend whose optional package is absent: a user's choice to change (exit 2), not a crash. */
export class TokenizerUnavailableError extends UserError {}

/**
 * Tokens of texts with one user dictionary (plain text, `word [freq] [tag]`
 * per line). The dictionary is the tokenizer's own: whatever another
 * tokenizer loaded since, this one cuts with its own. It is loaded on first
 * use (0.2–1 s), so building a tokenizer costs nothing.
 */
export abstract class Tokenizer {
  abstract readonly name: TokenizerName;
  readonly userDict: string;

  /** Checks that the dictionary is there. */
  constructor(userDict: string = DEFAULT_USER_DICT) {
    if (!existsSync(userDict)) throw new Error(`user dictionary not found: ${userDict}`);
    this.userDict = userDict;
  }

  /** Every token of the text in order, spaces and line breaks included, so that the tokens spell the text. */
  abstract segment(text: string): string[];

  /** Tokens of a text, whitespace dropped. */
  cut(text: string): string[] {
    const out: string[] = [];
    for (const t of this.segment(text)) if (t.trim() !== '') out.push(t);
    return out;
  }

  /**
   * Tokens of every unit from one native call per block of units instead of
   * one per sentence (the calls, not the cutting, were the cost). The units
   * are joined by line breaks, where jieba always starts a new block, so each
   * unit gets exactly the tokens it would get on its own; joining by the
   * document's own text would not do: jieba does not break at ；, so a
   * sentence's tokens would depend on the sentence before it. If the tokens
   * ever fail to spell the units, the units are cut one by one instead. A long
   * document goes in blocks of units (CHARS_PER_CALL). Tokens are interned
   * (internedTokens) unless `intern` is false.
   */
  tokenizeDoc(doc: ReportDoc, options: { intern?: boolean } = {}): void {
    const intern = options.intern ?? true;
    if (intern && internedTokens.size > MAX_INTERNED_TOKENS) internedTokens.clear();
    const units = doc.units;
    let from = 0;
    while (from < units.length) {
      let to = from;
      let chars = 0;
      while (to < units.length && (to === from || chars + units[to]!.text.length <= CHARS_PER_CALL)) chars += units[to++]!.text.length + 1;
      this.tokenizeUnits(units.slice(from, to), intern);
      from = to;
    }
  }

  private tokenizeUnits(units: readonly Unit[], intern: boolean): void {
    const perUnit: string[][] = [[]];
    for (const t of this.segment(units.map((u) => u.text).join('\n'))) {
      if (t === '\n') perUnit.push([]);
      else if (t.trim() !== '') perUnit[perUnit.length - 1]!.push(intern ? interned(t) : t);
    }
    if (perUnit.length !== units.length) {
      for (const unit of units) unit.tokens = intern ? this.cut(unit.text).map(interned) : this.cut(unit.text);
      return;
    }
    units.forEach((unit, i) => (unit.tokens = perUnit[i]!));
  }
}

/**
 * Characters given to one native call: a report or several. A whole pasted
 * collection in one call came back as millions of token strings at once,
 * hundreds of MB before they were interned.
 */
const CHARS_PER_CALL = 1 << 18;

/**
 * One string per distinct token: the backends return a new string for every
 * token, and a report's tokens are mostly repeats (2,834 distinct among 870,000
 * in 5 MB of reports), so the copies were the largest part of a document kept
 * in memory (analyzeCorpus on 10 MB: 155 MB of heap interned, 194 MB not).
 * A caller that lets each document's tokens go once its rows are written
 * skips it (`intern: false`): the lookups were a seventh of tokenizing.
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
