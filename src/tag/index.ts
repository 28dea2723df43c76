/**
 * The sentence-function tagger (annotation guide §3): every heading and
 * sentence gets a function (measure, outcome, shortcoming, plan, suggestion,
 * other), a confidence, the evidence behind it and which model decided.
 *
 *   parseReport(text, { stages: [tokenizeStage(), tagStage()] })
 */
import type { ReportDoc } from '../model/document.js';
import { existingFileDigests, type Stage } from '../model/stage.js';
import type { Tokenizer } from '../tokenize/tokenizer.js';
import { DEFAULT_CUE_DIR, loadCueLexicon, type CueLexicon } from './cues.js';
import { forEachUnitFeatures, startFeatureWalk, type FeatureWalk } from './features.js';
import { DEFAULT_MODEL_PATH, loadModel, type FunctionModel } from './model.js';
import { makeTagger, type FunctionTagger } from './tagger.js';
import { existsSync } from 'node:fs';

/** Options of loadTagger: the model, the cue lexicons, rules only. */
export interface TagOptions {
  /** Model file; default models/function-model.json. */
  model?: string;
  /** Rules only: no classifier (rule confidences still come from the model when there is one). */
  rulesOnly?: boolean;
  /** Cue folder; default dictionaries/cues/. */
  cues?: string;
  /** Cuts headings (and units without tokens) for cue matching; default: the shared tokenizer. The default stages pass the tokenize stage's. */
  tokenizer?: Tokenizer;
}

/** A function tagger with its cue lexicon and model, and what the user should know about them. */
export interface LoadedTagger {
  tagger: FunctionTagger;
  lexicon: CueLexicon;
  model: FunctionModel | null;
  /** The model file read, null without a model. */
  modelPath: string | null;
  /** Why the tagger is not what was asked for, or what the user should know. */
  warnings: string[];
}

/**
 * Build the tagger a stage or a notebook uses.
 * @example
 * const { docs } = await analyzeCorpus('data/reports');
 * // rules alone here; { model: 'models/retrained.json' } for a model `fazhi train` wrote
 * const { tagger, lexicon } = loadTagger({ rulesOnly: true });
 * for (const doc of docs) tagDocument(doc, tagger, lexicon);
 */
export function loadTagger(options: TagOptions = {}): LoadedTagger {
  const lexicon = loadCueLexicon(options.cues ?? DEFAULT_CUE_DIR);
  const warnings: string[] = [];
  let model: FunctionModel | null = null;
  const path = options.model ?? DEFAULT_MODEL_PATH;
  const modelPath = options.model || existsSync(path) ? path : null;
  if (modelPath) model = loadModel(modelPath);
  else warnings.push(`no function model at ${path}; tagging with rules only (run fazhi train)`);
  if (model && model.training.cues !== lexicon.digest) {
    warnings.push(`the cue lexicons in ${lexicon.dir} have changed since the function model was trained; run fazhi train to retrain it`);
  }
  const tagger = makeTagger(options.rulesOnly ? 'rules' : 'combined', model);
  return { tagger, lexicon, model, modelPath, warnings };
}

/**
 * Set unit.tag on every unit of a document, or of a window of its units after the window `walk` was left at (Stage.run).
 * @example
 * const doc = parseReport(readFileSync('data/reports/000_729e9bcc00219c1c.txt', 'utf8'));
 * const { tagger, lexicon } = loadTagger();
 * tagDocument(doc, tagger, lexicon);
 * console.log(doc.units.find((u) => u.kind === 'sentence')?.tag);   // { function: 'outcome', confidence: 0.987, cues: […], model: 'rules' }
 */
export function tagDocument(doc: ReportDoc, tagger: FunctionTagger, lexicon: CueLexicon, tokenizer?: Tokenizer, walk?: FeatureWalk): void {
  forEachUnitFeatures(doc, { lexicon, tokenizer }, (f, unit) => (unit.tag = tagger.tag(f)), walk);
}

/**
 * The tag stage: runs after tokenize (it uses the tokens when present) and
 * adds the columns function, confidence, cues (`;`-joined) and model. Its
 * warnings (no model, a model trained on other cue lexicons) are on the stage.
 */
export function tagStage(options: TagOptions = {}): Stage {
  const { tagger, lexicon, modelPath, warnings } = loadTagger(options);
  // A unit's context (its paragraph, the preamble, a plan part) is read from the units before it, window after window.
  const walks = new WeakMap<object, FeatureWalk>();
  const walkOf = (carry: object) => walks.get(carry) ?? walks.set(carry, startFeatureWalk()).get(carry)!;
  return {
    name: 'tag',
    run: (doc, carry) => tagDocument(doc, tagger, lexicon, options.tokenizer, carry && walkOf(carry)),
    warnings,
    // The lexicon's digest is of the texts it was built from, the one a trained model records.
    digests: () => ({ cues: lexicon.digest, ...existingFileDigests({ model: modelPath }) }),
    columns: [
      { name: 'function', value: (u) => u.tag?.function ?? '' },
      { name: 'confidence', value: (u) => u.tag?.confidence ?? '' },
      { name: 'cues', value: (u) => u.tag?.cues.join(';') ?? '' },
      { name: 'model', value: (u) => u.tag?.model ?? '' },
    ],
  };
}

export { DEFAULT_CUE_DIR, loadCueLexicon, lexiconFromTexts, matchCues, parseCueFile, type CueLexicon, type CueHit } from './cues.js';
export { extractDocFeatures, extractUnitFeatures, type SentenceFeatures } from './features.js';
export { featureKeys } from './feature-keys.js';
export { findNumbers, findRates, type NumberMention } from './sentence-numbers.js';
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
  type LabeledSentence,
  type TrainOptions,
} from './tagger.js';
