/**
 * Scores of a labeling against gold labels: confusion matrix, per-label
 * precision, recall and F1, macro-F1 and accuracy. Task-agnostic: the
 * function tagger uses it, and so can themes and quantities.
 */

export interface LabelScore {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Gold items with this label. */
  support: number;
  /** Items predicted with this label. */
  predicted: number;
  truePositives: number;
}

export interface Scores {
  labels: string[];
  /** confusion[g][p]: items with gold label g predicted as p (indexes into labels). */
  confusion: number[][];
  perLabel: LabelScore[];
  /**
   * Mean F1 over the labels that occur, in the gold labels or the predictions.
   * A label with neither has no defined F1 and is left out; one that is only
   * predicted counts with F1 0.
   */
  macroF1: number;
  accuracy: number;
  n: number;
}

/** Confusion counts over a fixed label order. Unknown labels are an error, not a silent miss. */
export function confusionMatrix(labels: readonly string[], gold: readonly string[], predicted: readonly string[]): number[][] {
  if (gold.length !== predicted.length) throw new Error(`gold has ${gold.length} items, predictions ${predicted.length}`);
  const idx = new Map(labels.map((l, i) => [l, i]));
  const m = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < gold.length; i++) {
    const g = idx.get(gold[i]!);
    const p = idx.get(predicted[i]!);
    if (g === undefined) throw new Error(`gold label "${gold[i]}" is not one of ${labels.join(', ')}`);
    if (p === undefined) throw new Error(`predicted label "${predicted[i]}" is not one of ${labels.join(', ')}`);
    m[g]![p]!++;
  }
  return m;
}

/** Precision, recall and F1 from counts; 0 (not NaN) when undefined. */
export function prf(truePositives: number, predicted: number, support: number): { precision: number; recall: number; f1: number } {
  const precision = predicted > 0 ? truePositives / predicted : 0;
  const recall = support > 0 ? truePositives / support : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

export function scoresFromConfusion(labels: readonly string[], confusion: number[][]): Scores {
  const perLabel: LabelScore[] = labels.map((label, i) => {
    const tp = confusion[i]![i]!;
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[i]!, 0);
    return { label, ...prf(tp, predicted, support), support, predicted, truePositives: tp };
  });
  const n = confusion.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0);
  const correct = labels.reduce((a, _l, i) => a + confusion[i]![i]!, 0);
  return {
    labels: [...labels],
    confusion,
    perLabel,
    macroF1: macro(perLabel.filter((s) => s.support > 0 || s.predicted > 0)),
    accuracy: n > 0 ? correct / n : 0,
    n,
  };
}

function macro(scores: readonly LabelScore[]): number {
  return scores.length ? scores.reduce((a, s) => a + s.f1, 0) / scores.length : 0;
}

export function score(labels: readonly string[], gold: readonly string[], predicted: readonly string[]): Scores {
  return scoresFromConfusion(labels, confusionMatrix(labels, gold, predicted));
}

/** Micro-averaged precision/recall/F1 for set-valued labels (e.g. themes per sentence). */
export function setScores(gold: ReadonlyArray<ReadonlySet<string>>, predicted: ReadonlyArray<ReadonlySet<string>>): { precision: number; recall: number; f1: number; truePositives: number; predicted: number; support: number } {
  let tp = 0;
  let nPred = 0;
  let nGold = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i]!;
    const p = predicted[i] ?? new Set<string>();
    nGold += g.size;
    nPred += p.size;
    for (const x of p) if (g.has(x)) tp++;
  }
  return { ...prf(tp, nPred, nGold), truePositives: tp, predicted: nPred, support: nGold };
}

/** Precision, recall and F1 of each label that occurs in the gold sets (set-valued labels, as setScores), in label order. */
export function setScoresByLabel(gold: ReadonlyArray<ReadonlySet<string>>, predicted: ReadonlyArray<ReadonlySet<string>>): LabelScore[] {
  const labels = [...new Set(gold.flatMap((g) => [...g]))].sort();
  return labels.map((label) => {
    let [tp, np, ng] = [0, 0, 0];
    gold.forEach((g, i) => {
      const p = predicted[i] ?? new Set<string>();
      if (g.has(label)) ng++;
      if (p.has(label)) np++;
      if (g.has(label) && p.has(label)) tp++;
    });
    return { label, ...prf(tp, np, ng), support: ng, predicted: np, truePositives: tp };
  });
}
