/**
 * The tokenize stage: tokens of every heading and sentence, and the `tokens`
 * column of sentences.csv.
 */
import { existsSync } from 'node:fs';
import type { Stage } from '../model/stage.js';
import { contentTokens, loadStopwords, loadUserDictionary, tokenizeDoc, DEFAULT_STOPWORDS, DEFAULT_USER_DICT } from './tokenizer.js';

export interface TokenizeOptions {
  /** nodejieba user dictionary; default dictionaries/userdict.txt. */
  userDict?: string;
  /** Stopword list applied to the `tokens` column; default dictionaries/stopwords.txt. */
  stopwords?: string;
}

/**
 * Tokens keep every word for the stages after this one (the future marker 将
 * is a stopword and a tagging cue); the `tokens` column a researcher reads
 * drops punctuation and stopwords.
 */
export function tokenizeStage(options: TokenizeOptions = {}): Stage {
  const userDict = options.userDict ?? DEFAULT_USER_DICT;
  if (!existsSync(userDict)) throw new Error(`user dictionary not found: ${userDict}`);
  const stopwords = loadStopwords(options.stopwords ?? DEFAULT_STOPWORDS);
  return {
    name: 'tokenize',
    // The dictionary is loaded on first use (about a second): a thread that
    // only needs the stage's columns, like the writer beside a worker pool, never pays.
    run(doc) {
      loadUserDictionary(userDict);
      tokenizeDoc(doc);
    },
    columns: [{ name: 'tokens', value: (u) => contentTokens(u.tokens ?? [], stopwords).join(' ') }],
  };
}
