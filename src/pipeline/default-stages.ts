/**
 * The default pipeline after structure: tokens, sentence function, themes,
 * quantities. Built from plain configuration so that worker threads can build
 * the same pipeline for themselves.
 */
import { quantitiesStage } from '../quantities/stage.js';
import { tagStage } from '../tag/index.js';
import { themesStage } from '../themes/stage.js';
import { tokenizeStage } from '../tokenize/stage.js';
import type { Stage } from '../model/stage.js';

/**
 * What the default stages need, as plain data: it crosses to worker threads,
 * where each worker builds its own stages from it.
 */
export interface StageConfig {
  /** nodejieba user dictionary; default dictionaries/userdict.txt. */
  userDict?: string;
  /** Stopword list for the tokens column; default dictionaries/stopwords.txt. */
  stopwords?: string;
  /** A researcher's theme dictionary (YAML, quanteda format). */
  dict?: string;
  /** Whether `dict` adds to the shipped themes (default) or replaces them. */
  dictMode?: 'add' | 'replace';
}

export function defaultStages(config: StageConfig = {}): Stage[] {
  return [
    tokenizeStage({ userDict: config.userDict, stopwords: config.stopwords }),
    tagStage(),
    themesStage({ dict: config.dict, mode: config.dictMode }),
    quantitiesStage(),
  ];
}
