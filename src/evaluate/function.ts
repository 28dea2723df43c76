/**
 * Scores of the sentence-function tagger by leave-one-report-out
 * cross-validation: for each labelled report, train on the others and tag it,
 * with the rules alone, the classifier alone and the two combined, so the
 * classifier's gain over the rules is visible.
 */
import { FUNCTIONS, type SentenceFunction } from '../types.js';
import { loadCueLexicon } from '../tag/cues.js';
import { labelledSentences } from '../tag/index.js';
import { CombinedTagger, ClassifierTagger, RuleTagger, trainFunctionModel, type LabelledSentence, type TrainOptions } from '../tag/tagger.js';
import { score, type Scores } from './metrics.js';
import { naturalBaselineScores } from './baselines.js';
import type { EvaluationContext, EvaluationSection, Evaluator } from './report.js';

export const FUNCTION_SYSTEMS = ['rules', 'classifier', 'combined'] as const;
export type FunctionSystem = (typeof FUNCTION_SYSTEMS)[number];

export interface FoldPrediction {
  doc: string;
  index: number;
  text: string;
  gold: SentenceFunction;
  predicted: Record<FunctionSystem, SentenceFunction>;
}

/** Predictions for every labelled sentence, each from a model that never saw its report. */
export function leaveOneReportOut(sentences: readonly LabelledSentence[], options: TrainOptions): FoldPrediction[] {
  const docs = [...new Set(sentences.map((s) => s.doc))].sort();
  if (docs.length < 2) throw new Error(`leave-one-report-out needs labels for at least two reports, found ${docs.length}`);
  const out: FoldPrediction[] = [];
  for (const held of docs) {
    const model = trainFunctionModel(
      sentences.filter((s) => s.doc !== held),
      options,
    );
    const taggers = { rules: new RuleTagger(model.rules), classifier: new ClassifierTagger(model), combined: new CombinedTagger(model) };
    for (const s of sentences) {
      if (s.doc !== held) continue;
      out.push({
        doc: s.doc,
        index: s.features.index,
        text: s.features.text,
        gold: s.label,
        predicted: {
          rules: taggers.rules.tag(s.features).function,
          classifier: taggers.classifier.tag(s.features).function,
          combined: taggers.combined.tag(s.features).function,
        },
      });
    }
  }
  return out;
}

export function scoreFolds(folds: readonly FoldPrediction[]): Record<FunctionSystem, Scores> {
  const gold = folds.map((f) => f.gold);
  const out = {} as Record<FunctionSystem, Scores>;
  for (const s of FUNCTION_SYSTEMS) out[s] = score(FUNCTIONS, gold, folds.map((f) => f.predicted[s]));
  return out;
}

/** The `function` section of `fazhi evaluate`. */
export const functionEvaluator: Evaluator = {
  task: 'function',
  run(ctx: EvaluationContext): EvaluationSection {
    const lexicon = loadCueLexicon(ctx.cues);
    const sentences = labelledSentences(ctx.corpus.docs, lexicon);
    const folds = leaveOneReportOut(sentences, { cues: lexicon.digest });
    const scores = scoreFolds(folds);
    const docs = [...new Set(sentences.map((s) => s.doc))];
    const results = FUNCTION_SYSTEMS.map((system) => ({ system: system as string, scores: scores[system] }));
    const notes = [
      `${sentences.length} labelled sentences in ${docs.length} reports; each report tagged by a model trained on the other ${docs.length - 1}.`,
      'rules: the guide as a decision list (section prior + cues); classifier: sparse softmax regression over tokens, section, cue classes, rates;',
      'combined: a rule that fired on a strong cue decides, otherwise the classifier when it is more confident than the section prior.',
    ];
    if (ctx.baselines) {
      ctx.log?.('scoring natural\'s classifiers on the same folds (logistic regression takes about a minute per fold) …');
      for (const b of naturalBaselineScores(sentences)) {
        results.push({ system: b.system, scores: b.scores });
        notes.push(`${b.system}: natural's classifier on the same features, ${b.seconds.toFixed(1)} s for ${docs.length} folds.`);
      }
    }
    return {
      task: 'function',
      title: 'Sentence function (annotation guide §3)',
      scope: 'leave-one-report-out',
      notes,
      results,
      errors: folds
        .filter((f) => f.predicted.combined !== f.gold)
        .map((f) => ({ doc: f.doc, item: String(f.index), gold: f.gold, predicted: f.predicted.combined, text: f.text })),
    };
  },
};
