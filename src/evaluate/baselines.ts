/**
 * natural's classifiers as baselines for the function classifier, on the same
 * features and the same leave-one-report-out folds (`fazhi evaluate
 * --baselines`). They are here to show whether fazhi's own sparse softmax
 * regression earns its place; natural is loaded only when asked for, because
 * its logistic regression takes about a minute per fold and it builds a dense
 * vector over the whole vocabulary for every sentence.
 */
import { createRequire } from 'node:module';
import { FUNCTIONS, type SentenceFunction } from '../model/document.js';
import { featureKeys } from '../tag/feature-keys.js';
import type { LabeledSentence } from '../tag/tagger.js';
import { score, type Scores } from './metrics.js';

interface NaturalClassifier {
  addDocument(tokens: string[], label: string): void;
  train(): void;
  classify(tokens: string[]): string;
}

export const NATURAL_BASELINES = ['natural-bayes', 'natural-logreg'] as const;
export type NaturalBaseline = (typeof NATURAL_BASELINES)[number];

export function naturalBaselineScores(sentences: readonly LabeledSentence[], which: readonly NaturalBaseline[] = NATURAL_BASELINES): Array<{ system: string; scores: Scores; seconds: number }> {
  const require = createRequire(import.meta.url);
  const natural = require('natural') as Record<string, new () => NaturalClassifier>;
  const docs = [...new Set(sentences.map((s) => s.doc))].sort();
  const out: Array<{ system: string; scores: Scores; seconds: number }> = [];
  for (const name of which) {
    const Ctor = name === 'natural-bayes' ? natural.BayesClassifier! : natural.LogisticRegressionClassifier!;
    const gold: SentenceFunction[] = [];
    const predicted: string[] = [];
    const started = process.hrtime.bigint();
    for (const held of docs) {
      const c = new Ctor();
      for (const s of sentences) if (s.doc !== held) c.addDocument(featureKeys(s.features), s.label);
      c.train();
      for (const s of sentences) {
        if (s.doc !== held) continue;
        gold.push(s.label);
        predicted.push(c.classify(featureKeys(s.features)));
      }
    }
    out.push({ system: name, scores: score(FUNCTIONS, gold, predicted), seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  }
  return out;
}
