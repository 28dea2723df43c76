/**
 * The default pipeline after structure: tokens, sentence function, themes,
 * quantities. Built from plain configuration so that worker threads can build
 * the same pipeline for themselves.
 */
import { quantitiesStage } from '../quantities/stage.js';
import { tagStage } from '../tag/index.js';
import { themesStage } from '../themes/stage.js';
import { tokenizeStage, type Stage, type StageConfig } from './stages.js';

export function defaultStages(config: StageConfig = {}): Stage[] {
  return [
    tokenizeStage({ tokenizer: config.tokenizer, userDict: config.userDict, stopwords: config.stopwords }),
    tagStage(),
    themesStage({ dict: config.dict, mode: config.dictMode }),
    quantitiesStage(),
  ];
}
