/**
 * The tokenize stage: tokens of every heading and sentence, and the `tokens`
 * column of sentences.csv.
 */
import { existingFileDigests, type Stage } from '../model/stage.js';
import { contentTokens, loadStopwords, loadTokenizer, useTokenizer, Tokenizer, DEFAULT_STOPWORDS, type TokenizerName } from './tokenizer.js';

export interface TokenizeOptions {
  /**
   * The tokenizer to cut with (the default stages share theirs with the tag
   * stage), or the name of a backend to cut with `userDict`: 'nodejieba'
   * (default) or 'jieba-rs' (the optional @node-rs/jieba).
   */
  tokenizer?: Tokenizer | TokenizerName;
  /** Tokenizer user dictionary when `tokenizer` is not one; default dictionaries/userdict.txt. */
  userDict?: string;
  /** Stopword list applied to the `tokens` column; default dictionaries/stopwords.txt. */
  stopwords?: string;
  /**
   * One string per distinct token (default), for a caller that keeps the
   * documents; false for one that lets each document's tokens go once its
   * rows are written (runAnalysis), which saves the lookups (a seventh of
   * tokenizing). Memory is no worse: a 50 MB file peaked at 1,067–1,083 MiB
   * without interning and 676–1,084 MiB with it (three runs each).
   */
  internTokens?: boolean;
}

/**
 * Tokens keep every word for the stages after this one (the future marker 将
 * is a stopword and a tagging cue); the `tokens` column a researcher reads
 * drops punctuation and stopwords.
 */
export function tokenizeStage(options: TokenizeOptions = {}): Stage {
  const tokenizer = options.tokenizer instanceof Tokenizer ? options.tokenizer : loadTokenizer(options.tokenizer, options.userDict);
  const stopwordsPath = options.stopwords ?? DEFAULT_STOPWORDS;
  const stopwords = loadStopwords(stopwordsPath);
  const intern = options.internTokens ?? true;
  return {
    name: 'tokenize',
    // The dictionary is loaded on first use (about a second): a thread that
    // only needs the stage's columns, like the writer beside a worker pool, never pays.
    run(doc) {
      // Texts cut later without a tokenizer (a heading, a table read back) are cut as this stage cuts.
      useTokenizer(tokenizer);
      tokenizer.tokenizeDoc(doc, { intern });
    },
    columns: [{ name: 'tokens', value: (u) => contentTokens(u.tokens ?? [], stopwords).join(' ') }],
    digests: () => existingFileDigests({ userdict: tokenizer.userDict, stopwords: stopwordsPath }),
  };
}
