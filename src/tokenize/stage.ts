/**
 * The tokenize stage: tokens of every heading and sentence, and the `tokens`
 * column of sentences.csv.
 */
import { existingFileDigests, type Stage } from '../model/stage.js';
import { contentTokens, loadStopwords, Tokenizer, DEFAULT_STOPWORDS } from './tokenizer.js';

export interface TokenizeOptions {
  /** nodejieba user dictionary; default dictionaries/userdict.txt. */
  userDict?: string;
  /** The tokenizer to cut with, instead of one of `userDict` (the default stages share theirs with the tag stage). */
  tokenizer?: Tokenizer;
  /** Stopword list applied to the `tokens` column; default dictionaries/stopwords.txt. */
  stopwords?: string;
}

/**
 * Tokens keep every word for the stages after this one (the future marker 将
 * is a stopword and a tagging cue); the `tokens` column a researcher reads
 * drops punctuation and stopwords.
 */
export function tokenizeStage(options: TokenizeOptions = {}): Stage {
  const tokenizer = options.tokenizer ?? new Tokenizer(options.userDict);
  const stopwordsPath = options.stopwords ?? DEFAULT_STOPWORDS;
  const stopwords = loadStopwords(stopwordsPath);
  return {
    name: 'tokenize',
    // The dictionary is loaded on first use (about a second): a thread that
    // only needs the stage's columns, like the writer beside a worker pool, never pays.
    run: (doc) => tokenizer.tokenizeDoc(doc),
    columns: [{ name: 'tokens', value: (u) => contentTokens(u.tokens ?? [], stopwords).join(' ') }],
    digests: () => existingFileDigests({ userdict: tokenizer.userDict, stopwords: stopwordsPath }),
  };
}
