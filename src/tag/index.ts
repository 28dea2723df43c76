/**
 * The sentence-function tagger (annotation guide §3): every heading and
 * sentence gets a function (measure, outcome, shortcoming, plan, suggestion,
 * other), a confidence, the evidence behind it and which model decided.
 *
 *   parseReport(text, { stages: [tokenizeStage(), tagStage()] })
 */
import type { ReportDoc } from '../model/document.js';
import type { Stage } from '../model/stage.js';
import { DEFAULT_CUE_DIR, loadCueLexicon, type CueLexicon } from './cues.js';
import { forEachUnitFeatures } from './features.js';
import { DEFAULT_MODEL_PATH, loadModel, type FunctionModel } from './model.js';
import { makeTagger, type FunctionTagger } from './tagger.js';
import { existsSync } from 'node:fs';

export interface TagOptions {
  /** Model file; default models/function-model.json. */
  model?: string;
  /** Rules only: no classifier (rule confidences still come from the model when there is one). */
  rulesOnly?: boolean;
  /** Cue folder; default dictionaries/cues/. */
  cues?: string;
}

export interface LoadedTagger {
  tagger: FunctionTagger;
  lexicon: CueLexicon;
  model: FunctionModel | null;
  /** Why the tagger is not what was asked for, or what the user should know. */
  warnings: string[];
}

/** Build the tagger a stage or a notebook uses. */
export function loadTagger(options: TagOptions = {}): LoadedTagger {
  const lexicon = loadCueLexicon(options.cues ?? DEFAULT_CUE_DIR);
  const warnings: string[] = [];
  let model: FunctionModel | null = null;
  const path = options.model ?? DEFAULT_MODEL_PATH;
  if (options.model || existsSync(path)) model = loadModel(path);
  else warnings.push(`no function model at ${path}; tagging with rules only (run fazhi train)`);
  if (model && model.training.cues !== lexicon.digest) {
    warnings.push(`the cue lexicons in ${lexicon.dir} have changed since the function model was trained; run fazhi train to retrain it`);
  }
  const tagger = makeTagger(options.rulesOnly ? 'rules' : 'combined', model);
  return { tagger, lexicon, model, warnings };
}

/** Set unit.tag on every unit of a document. */
export function tagDocument(doc: ReportDoc, tagger: FunctionTagger, lexicon: CueLexicon): void {
  forEachUnitFeatures(doc, { lexicon }, (f, unit) => (unit.tag = tagger.tag(f)));
}

/**
 * The tag stage: runs after tokenize (it uses the tokens when present) and
 * adds the columns function, confidence, cues (`;`-joined) and model.
 */
export function tagStage(options: TagOptions = {}): Stage {
  const { tagger, lexicon, warnings } = loadTagger(options);
  for (const w of warnings) process.stderr.write(`fazhi: ${w}\n`);
  return {
    name: 'tag',
    run: (doc) => tagDocument(doc, tagger, lexicon),
    columns: [
      { name: 'function', value: (u) => u.tag?.function ?? '' },
      { name: 'confidence', value: (u) => u.tag?.confidence ?? '' },
      { name: 'cues', value: (u) => u.tag?.cues.join(';') ?? '' },
      { name: 'model', value: (u) => u.tag?.model ?? '' },
    ],
  };
}

export { DEFAULT_CUE_DIR, loadCueLexicon, lexiconFromTexts, matchCues, parseCueFile, type CueLexicon, type CueHit } from './cues.js';
export { extractDocFeatures, extractUnitFeatures, featureKeys, findNumbers, findRates, type SentenceFeatures, type NumberMention } from './features.js';
export { decideByRules, SECTION_PRIOR, type RuleDecision } from './rules.js';
export { trainSoftmax, predictSoftmax, type SoftmaxModel, type ClassifierOptions, type WeightLookup } from './classifier.js';
export { DEFAULT_MODEL_PATH, loadModel, parseModel, saveModel, serializeModel, type FunctionModel, type CombineMode } from './model.js';
export {
  RuleTagger,
  ClassifierTagger,
  CombinedTagger,
  makeTagger,
  trainFunctionModel,
  calibrateRules,
  type FunctionTagger,
  type TaggerKind,
  type LabelledSentence,
  type TrainOptions,
} from './tagger.js';
