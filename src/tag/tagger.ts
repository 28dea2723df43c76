/**
 * Two function taggers behind one interface, and their combination.
 *
 *   rules       the guide as a decision list (rules.ts); confidence is the
 *               rule's precision measured on the labels at training time
 *   classifier  sparse softmax regression over tokens, section, cue classes,
 *               rates … (classifier.ts); confidence is its probability
 *   combined    both decide; when they disagree the better evidence wins.
 *               `rules-first` (the default): a rule that fired on a strong
 *               cue decides; otherwise (only the section prior spoke) the
 *               classifier decides if it is more confident than that prior's
 *               measured precision. `confidence`: always the higher calibrated
 *               confidence. `vote`: the average of the two distributions.
 *               In every mode the classifier defers on a section it never saw
 *               in training (it has not learned what that section means).
 */
import { FUNCTIONS, type FunctionTag, type SentenceFunction } from '../model/document.js';
import { featureIds, featureKeys, knowsSection } from './feature-keys.js';
import type { SentenceFeatures } from './features.js';
import { CompiledSoftmax, DEFAULT_CLASSIFIER_OPTIONS, predictSoftmax, trainSoftmax, type ClassifierOptions, type SoftmaxModel, type WeightLookup } from './classifier.js';
import { decideByRules, defaultRuleConfidence, type RuleDecision } from './rules.js';
import { MODEL_FORMAT, MODEL_VERSION, round, type CombineMode, type FunctionModel, type RuleCalibration } from './model.js';

export type TaggerKind = 'rules' | 'classifier' | 'combined';

export interface FunctionTagger {
  readonly kind: TaggerKind;
  tag(f: SentenceFeatures): FunctionTag;
}

const CONF_DECIMALS = 3;

export class RuleTagger implements FunctionTagger {
  readonly kind = 'rules';
  constructor(private readonly calibration: Record<string, RuleCalibration> = {}) {}

  confidence(rule: string): number {
    return this.calibration[rule]?.confidence ?? defaultRuleConfidence(rule);
  }

  decide(f: SentenceFeatures): RuleDecision & { confidence: number } {
    const d = decideByRules(f);
    // A heading takes its section's prior, and so its confidence.
    const key = d.rule === 'heading' ? `prior:${f.section}${f.sectionSource === 'default' ? '/unnamed' : ''}` : d.rule;
    // Fields copied by name: a spread copy of every sentence's decision cost more than the decision.
    return { function: d.function, rule: d.rule, strong: d.strong, cues: d.cues, confidence: this.confidence(key) };
  }

  tag(f: SentenceFeatures): FunctionTag {
    const d = this.decide(f);
    return { function: d.function, confidence: round(d.confidence, CONF_DECIMALS), cues: d.cues, model: 'rules' };
  }
}

export class ClassifierTagger implements FunctionTagger {
  readonly kind = 'classifier';
  /** The model compiled for fast scoring; null when a caller's own lookup must see every feature name. */
  private readonly compiled: CompiledSoftmax | null;

  constructor(
    private readonly model: FunctionModel,
    /** Where weights are looked up; the model's own map unless a test wants to watch. */
    readonly lookup: WeightLookup = model.classifier.weights,
  ) {
    this.compiled = lookup === model.classifier.weights ? compile(model.classifier) : null;
  }

  predict(f: SentenceFeatures): ClassifierPrediction {
    const labels = this.model.classifier.labels as SentenceFunction[];
    if (this.compiled) {
      const model = this.compiled;
      const ids = featureIds(f, model);
      const { label, probabilities } = model.score(ids);
      return new SentencePrediction(labels, label, probabilities, model, ids, f.section, knowsSection(f, model));
    }
    const p = predictSoftmax(this.model.classifier, featureKeys(f), this.lookup);
    return new SentencePrediction(labels, p.label, p.probabilities, p.evidence, null, f.section, this.lookup.get(`sec=${f.section}`) !== undefined);
  }

  tag(f: SentenceFeatures): FunctionTag {
    const p = this.predict(f);
    return { function: p.function, confidence: round(p.confidence, CONF_DECIMALS), cues: p.cues, model: 'classifier' };
  }
}

const compiledModels = new WeakMap<SoftmaxModel, CompiledSoftmax>();

function compile(model: SoftmaxModel): CompiledSoftmax {
  let compiled = compiledModels.get(model);
  if (!compiled) compiledModels.set(model, (compiled = new CompiledSoftmax(model)));
  return compiled;
}

/**
 * What the classifier said about one sentence. A class rather than an object
 * literal with getters over closures: one is made for every sentence, and the
 * probabilities by name and the evidence are wanted only for a few.
 */
class SentencePrediction implements ClassifierPrediction {
  readonly function: SentenceFunction;
  readonly confidence: number;

  constructor(
    private readonly labels: readonly SentenceFunction[],
    private readonly label: number,
    private readonly scores: readonly number[],
    /** Where the evidence comes from: the compiled model (with `ids`) or predictSoftmax's own list. */
    private readonly source: CompiledSoftmax | ReadonlyArray<{ feature: string }>,
    private readonly ids: readonly number[] | null,
    private readonly section: string,
    /** A section the training labels never had: the classifier has not learned what it means. */
    readonly knowsSection: boolean,
  ) {
    this.function = labels[label]!;
    this.confidence = scores[label]!;
  }

  get probabilities(): Record<SentenceFunction, number> {
    return Object.fromEntries(this.labels.map((l, i) => [l, this.scores[i]!])) as Record<SentenceFunction, number>;
  }

  /** Built only when the classifier's choice is the one reported. */
  get cues(): string[] {
    const evidence = this.source instanceof CompiledSoftmax ? this.source.evidence(this.ids!, this.label) : this.source;
    return [`section=${this.section}`, ...evidence.map((e) => e.feature)];
  }
}

export interface ClassifierPrediction {
  function: SentenceFunction;
  confidence: number;
  probabilities: Record<SentenceFunction, number>;
  knowsSection: boolean;
  cues: string[];
}

export class CombinedTagger implements FunctionTagger {
  readonly kind = 'combined';
  readonly rules: RuleTagger;
  readonly classifier: ClassifierTagger;
  constructor(
    model: FunctionModel,
    private readonly mode: CombineMode = model.combine,
    lookup?: WeightLookup,
  ) {
    this.rules = new RuleTagger(model.rules);
    this.classifier = new ClassifierTagger(model, lookup);
  }

  tag(f: SentenceFeatures): FunctionTag {
    const r = this.rules.decide(f);
    const asRules = (confidence: number): FunctionTag => ({ function: r.function, confidence: round(confidence, CONF_DECIMALS), cues: r.cues, model: 'rules' });
    if (f.kind === 'heading') return asRules(r.confidence);
    const c = this.classifier.predict(f);
    if (!c.knowsSection) return asRules(r.confidence);
    if (this.mode === 'vote') {
      // Soft vote: the rule as a distribution (its confidence on its label, the rest shared), averaged with the classifier's.
      const k = FUNCTIONS.length;
      let best: SentenceFunction = r.function;
      let bestP = -1;
      for (const l of FUNCTIONS) {
        const p = ((l === r.function ? r.confidence : (1 - r.confidence) / (k - 1)) + c.probabilities[l]) / 2;
        if (p > bestP + 1e-12) {
          best = l;
          bestP = p;
        }
      }
      return best === r.function ? asRules(bestP) : { function: best, confidence: round(bestP, CONF_DECIMALS), cues: c.cues, model: 'classifier' };
    }
    if (c.function === r.function) return asRules(Math.max(r.confidence, c.confidence));
    const rulesWin = this.mode === 'rules-first' ? r.strong || r.confidence >= c.confidence : r.confidence >= c.confidence;
    return rulesWin ? asRules(r.confidence) : { function: c.function, confidence: round(c.confidence, CONF_DECIMALS), cues: c.cues, model: 'classifier' };
  }
}

export function makeTagger(kind: TaggerKind, model: FunctionModel | null): FunctionTagger {
  if (kind === 'rules' || !model) return new RuleTagger(model?.rules ?? {});
  if (kind === 'classifier') return new ClassifierTagger(model);
  return new CombinedTagger(model);
}

export interface LabeledSentence {
  /** The labeled document (its file name as the labels give it). */
  doc: string;
  features: SentenceFeatures;
  label: SentenceFunction;
}

export interface TrainOptions {
  classifier?: Partial<ClassifierOptions>;
  combine?: CombineMode;
  /** Checksum of the cue lexicons (CueLexicon.digest). */
  cues: string;
}

/** Weight given to the default confidence when a rule's precision is measured on few sentences. */
const CALIBRATION_PRIOR_WEIGHT = 4;

/** Each rule's precision on the labeled sentences, shrunk towards its default. */
export function calibrateRules(examples: readonly LabeledSentence[]): Record<string, RuleCalibration> {
  const stats = new Map<string, { fired: number; correct: number }>();
  for (const ex of examples) {
    const d = decideByRules(ex.features);
    const s = stats.get(d.rule) ?? { fired: 0, correct: 0 };
    s.fired++;
    if (d.function === ex.label) s.correct++;
    stats.set(d.rule, s);
  }
  const out: Record<string, RuleCalibration> = {};
  for (const rule of [...stats.keys()].sort()) {
    const s = stats.get(rule)!;
    const m = CALIBRATION_PRIOR_WEIGHT;
    out[rule] = { ...s, confidence: (s.correct + m * defaultRuleConfidence(rule)) / (s.fired + m) };
  }
  return out;
}

/** Train the classifier and calibrate the rules on labeled sentences. Deterministic. */
export function trainFunctionModel(examples: readonly LabeledSentence[], options: TrainOptions): FunctionModel {
  const labels = [...FUNCTIONS];
  const sorted = [...examples].sort((a, b) => (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : a.features.index - b.features.index));
  const classifier = trainSoftmax(
    labels,
    sorted.map((ex) => ({ keys: featureKeys(ex.features), label: labels.indexOf(ex.label) })),
    options.classifier,
  );
  const counts: Record<string, number> = {};
  for (const l of labels) counts[l] = 0;
  for (const ex of sorted) counts[ex.label]!++;
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    labels,
    combine: options.combine ?? 'rules-first',
    classifier: { ...classifier, type: 'softmax', options: { ...fullOptions(options.classifier) } },
    rules: calibrateRules(sorted),
    training: { documents: [...new Set(sorted.map((e) => e.doc))].sort(), sentences: sorted.length, counts, cues: options.cues },
  };
}

function fullOptions(o: Partial<ClassifierOptions> | undefined): ClassifierOptions {
  return { ...DEFAULT_CLASSIFIER_OPTIONS, ...(o ?? {}) };
}
