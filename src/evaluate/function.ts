/**
 * Scores of the sentence-function tagger by leave-one-report-out
 * cross-validation: for each labeled report, train on the others and tag it,
 * with the rules alone, the classifier alone and the two combined, so the
 * classifier's gain over the rules is visible.
 */
import { FUNCTIONS, type SentenceFunction } from '../model/document.js';
import { loadCueLexicon } from '../tag/cues.js';
import { labeledSentences } from '../labels/sentences.js';
import { CombinedTagger, ClassifierTagger, RuleTagger, trainFunctionModel, type LabeledSentence, type TrainOptions } from '../tag/tagger.js';
import { score, type Scores } from './metrics.js';
import { naturalBaselineScores } from './baselines.js';
import type { EvaluationContext, EvaluationSection, Evaluator, SystemResult } from './report.js';

export const FUNCTION_SYSTEMS = ['rules', 'classifier', 'combined'] as const;
export type FunctionSystem = (typeof FUNCTION_SYSTEMS)[number];

export interface FoldPrediction {
  doc: string;
  index: number;
  text: string;
  gold: SentenceFunction;
  predicted: Record<FunctionSystem, SentenceFunction>;
}

/** Predictions for every labeled sentence, each from a model that never saw its report. */
export function leaveOneReportOut(sentences: readonly LabeledSentence[], options: TrainOptions): FoldPrediction[] {
  const docs = new Set(sentences.map((s) => s.doc));
  if (docs.size < 2) throw new Error(`leave-one-report-out needs labels for at least two reports, found ${docs.size}`);
  return leaveGroupsOut(sentences, (doc) => doc, options);
}

/**
 * Predictions for every labeled sentence, each from a model trained without
 * any report of its fold (`foldOf(doc)`: the report itself, its province …),
 * so a score says how well the tags travel to reports like none seen.
 */
export function leaveGroupsOut(sentences: readonly LabeledSentence[], foldOf: (doc: string) => string, options: TrainOptions): FoldPrediction[] {
  const folds = [...new Set(sentences.map((s) => foldOf(s.doc)))].sort();
  if (folds.length < 2) throw new Error(`cross-validation needs at least two folds, found ${folds.length}`);
  const out: FoldPrediction[] = [];
  for (const held of folds) {
    const model = trainFunctionModel(
      sentences.filter((s) => foldOf(s.doc) !== held),
      options,
    );
    const taggers = { rules: new RuleTagger(model.rules), classifier: new ClassifierTagger(model), combined: new CombinedTagger(model) };
    for (const s of sentences) {
      if (foldOf(s.doc) !== held) continue;
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

/** The source group of a labeled document (sources.tsv's `group`), or `unlisted`. */
export function groupOf(ctx: EvaluationContext, doc: string): string {
  return ctx.corpus.labels.sources?.byDoc.get(doc)?.group || 'unlisted';
}

/** The combined tagger's scores per source group, as extra result rows (`combined [group]`). */
function perGroup(ctx: EvaluationContext, folds: readonly FoldPrediction[]): SystemResult[] {
  if (!ctx.corpus.labels.sources) return [];
  const groups = [...new Set(folds.map((f) => groupOf(ctx, f.doc)))].sort();
  return groups.map((g) => {
    const mine = folds.filter((f) => groupOf(ctx, f.doc) === g);
    return { system: `combined [${g}]`, scores: score(FUNCTIONS, mine.map((f) => f.gold), mine.map((f) => f.predicted.combined)) };
  });
}

function errorsOf(folds: readonly FoldPrediction[]) {
  return folds
    .filter((f) => f.predicted.combined !== f.gold)
    .map((f) => ({ doc: f.doc, item: String(f.index), gold: f.gold, predicted: f.predicted.combined, text: f.text }));
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
    const sentences = labeledSentences(ctx.corpus.docs, lexicon);
    const folds = leaveOneReportOut(sentences, { cues: lexicon.digest });
    const scores = scoreFolds(folds);
    const docs = [...new Set(sentences.map((s) => s.doc))];
    const results: SystemResult[] = FUNCTION_SYSTEMS.map((system) => ({ system: system as string, scores: scores[system] }));
    const notes = [
      `${sentences.length} labeled sentences in ${docs.length} reports; each report tagged by a model trained on the other ${docs.length - 1}.`,
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
      results: [...results, ...perGroup(ctx, folds)],
      errors: errorsOf(folds),
    };
  },
};

/**
 * Leave-one-province-out: each province's reports tagged by a model trained
 * on the other provinces' labels (provinces from sources.tsv), with the
 * combined tagger's scores per source group.
 */
export const provinceEvaluator: Evaluator = {
  task: 'function_by_province',
  run(ctx: EvaluationContext): EvaluationSection {
    const base = { task: 'function_by_province', title: 'Sentence function, leave-one-province-out', scope: 'leave-one-province-out' };
    const sources = ctx.corpus.labels.sources;
    const lexicon = loadCueLexicon(ctx.cues);
    const sentences = labeledSentences(ctx.corpus.docs, lexicon);
    const provinceOf = (doc: string) => sources?.byDoc.get(doc)?.province || 'unknown';
    const provinces = [...new Set(sentences.map((s) => provinceOf(s.doc)))];
    if (!sources || provinces.length < 2) {
      return { ...base, notes: [`skipped: needs a sources.tsv naming the province of labeled reports from at least two provinces (found ${provinces.length})`], results: [] };
    }
    const folds = leaveGroupsOut(sentences, provinceOf, { cues: lexicon.digest });
    const scores = scoreFolds(folds);
    const results: SystemResult[] = FUNCTION_SYSTEMS.map((system) => ({ system: system as string, scores: scores[system] }));
    const docs = new Set(sentences.map((s) => s.doc));
    return {
      ...base,
      notes: [
        `${sentences.length} labeled sentences in ${docs.size} reports from ${provinces.length} provinces; each province tagged by a model trained on the other ${provinces.length - 1}.`,
        'combined [group]: the combined tagger on the reports of one source group (sources.tsv), from the same folds.',
      ],
      results: [...results, ...perGroup(ctx, folds)],
      errors: errorsOf(folds),
    };
  },
};
