/**
 * The default pipeline after structure: tokens, sentence function, themes,
 * quantities. Built from plain configuration so that worker threads can build
 * the same pipeline for themselves.
 */
import { quantitiesStage } from '../quantities/stage.js';
import { tagStage } from '../tag/index.js';
import { themesStage } from '../themes/stage.js';
import { tokenizeStage } from '../tokenize/stage.js';
import { loadTokenizer, type TokenizerName } from '../tokenize/tokenizer.js';
import type { Stage } from '../model/stage.js';

/**
 * What the default stages need, as plain data: it crosses to worker threads,
 * where each worker builds its own stages from it.
 */
export interface StageConfig {
  /** Tokenizer backend: 'nodejieba' (default) or 'jieba-rs' (the optional @node-rs/jieba). */
  tokenizer?: TokenizerName;
  /** Tokenizer user dictionary; default dictionaries/userdict.txt. */
  userDict?: string;
  /** Stopword list for the tokens column; default dictionaries/stopwords.txt. */
  stopwords?: string;
  /** A researcher's theme dictionary (YAML, quanteda format). */
  dict?: string;
  /** Whether `dict` adds to the shipped themes (default) or replaces them. */
  dictMode?: 'add' | 'replace';
  /** One string per distinct token (TokenizeOptions.internTokens); default true. */
  internTokens?: boolean;
}

/**
 * The stages `fazhi analyze` runs (tokenize, tag, themes, quantities), built from a researcher's dictionaries and tokenizer.
 * @example
 * const stages = defaultStages({ dict: 'notebooks/dictionaries/grassroots-governance.yml' });
 * const { docs } = await analyzeCorpus('data/reports', { stages });
 */
export function defaultStages(config: StageConfig = {}): Stage[] {
  // One tokenizer: the tag stage cuts headings with the dictionary the tokens were cut with.
  const tokenizer = loadTokenizer(config.tokenizer, config.userDict);
  return [
    tokenizeStage({ tokenizer, stopwords: config.stopwords, internTokens: config.internTokens }),
    tagStage({ tokenizer }),
    themesStage({ dict: config.dict, mode: config.dictMode }),
    quantitiesStage(),
  ];
}
