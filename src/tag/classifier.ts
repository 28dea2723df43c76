/**
 * A sparse multinomial logistic regression (softmax) classifier.
 *
 * Weights are a map feature → one weight per label, holding only features
 * seen in training; scoring a sentence looks up its own features and nothing
 * else, so it costs time in proportion to the sentence, not to the vocabulary.
 * (natural's classifiers build a dense 0/1 vector over the whole vocabulary for
 * every document; see `fazhi evaluate --baselines` for how they compare.)
 *
 * Training is deterministic: full-batch gradient descent with AdaGrad steps
 * over features in sorted order, no random initialization and no shuffling,
 * so the same examples give the same weights, bit for bit.
 */

export interface TrainingExample {
  /** Distinct feature names (featureKeys()). */
  keys: readonly string[];
  /** Index into the label list. */
  label: number;
}

export interface ClassifierOptions {
  /** L2 penalty per unit of example weight. */
  l2: number;
  epochs: number;
  learningRate: number;
  /** Features seen in fewer training sentences are dropped. */
  minCount: number;
  /**
   * Example weight by class: 'balanced' weights each class by
   * (n / (k · n_class))^power, so rare functions are not drowned by measures.
   */
  classWeighting: 'none' | 'balanced';
  classWeightPower: number;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  l2: 0.002,
  epochs: 300,
  learningRate: 0.2,
  minCount: 1,
  classWeighting: 'balanced',
  classWeightPower: 0.5,
};

/** Looks weights up one feature at a time; a Map satisfies it. */
export interface WeightLookup {
  get(feature: string): readonly number[] | undefined;
}

export interface SoftmaxModel {
  labels: string[];
  weights: Map<string, number[]>;
}

export interface Prediction {
  label: number;
  probabilities: number[];
  /** Features that pushed most towards the predicted label, strongest first. */
  evidence: Array<{ feature: string; weight: number }>;
}

export function trainSoftmax(labels: string[], examples: TrainingExample[], options: Partial<ClassifierOptions> = {}): SoftmaxModel {
  const o = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
  const k = labels.length;
  const counts = new Map<string, number>();
  for (const ex of examples) for (const f of ex.keys) counts.set(f, (counts.get(f) ?? 0) + 1);
  const features = [...counts.keys()].filter((f) => counts.get(f)! >= o.minCount).sort();
  const index = new Map(features.map((f, i) => [f, i]));
  const rows = examples.map((ex) => {
    const ids: number[] = [];
    for (const f of ex.keys) {
      const i = index.get(f);
      if (i !== undefined) ids.push(i);
    }
    return Int32Array.from(ids.sort((a, b) => a - b));
  });

  const perClass = new Array<number>(k).fill(0);
  for (const ex of examples) perClass[ex.label]!++;
  const exWeight = examples.map((ex) =>
    o.classWeighting === 'balanced' ? Math.pow(examples.length / (k * Math.max(1, perClass[ex.label]!)), o.classWeightPower) : 1,
  );
  const totalWeight = exWeight.reduce((a, b) => a + b, 0) || 1;

  const n = features.length;
  const w = new Float64Array(n * k);
  const g = new Float64Array(n * k);
  const acc = new Float64Array(n * k);
  const scores = new Float64Array(k);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    g.fill(0);
    for (let e = 0; e < examples.length; e++) {
      const ids = rows[e]!;
      scores.fill(0);
      for (const i of ids) for (let c = 0; c < k; c++) scores[c]! += w[i * k + c]!;
      softmaxInPlace(scores);
      const y = examples[e]!.label;
      const s = exWeight[e]! / totalWeight;
      for (const i of ids) {
        for (let c = 0; c < k; c++) g[i * k + c]! += s * (scores[c]! - (c === y ? 1 : 0));
      }
    }
    for (let j = 0; j < n * k; j++) {
      const grad = g[j]! + o.l2 * w[j]!;
      acc[j]! += grad * grad;
      w[j]! -= (o.learningRate * grad) / (Math.sqrt(acc[j]!) + 1e-8);
    }
  }

  const weights = new Map<string, number[]>();
  features.forEach((f, i) => weights.set(f, Array.from(w.subarray(i * k, i * k + k))));
  return { labels: [...labels], weights };
}

/** Score one sentence from its feature names, looking up nothing else. */
export function predictSoftmax(model: SoftmaxModel, keys: readonly string[], lookup: WeightLookup = model.weights, evidenceCount = 3): Prediction {
  const k = model.labels.length;
  const scores = new Array<number>(k).fill(0);
  const found: Array<[string, readonly number[]]> = [];
  for (const f of keys) {
    const row = lookup.get(f);
    if (!row) continue;
    found.push([f, row]);
    for (let c = 0; c < k; c++) scores[c]! += row[c]!;
  }
  const probabilities = softmax(scores);
  let label = 0;
  for (let c = 1; c < k; c++) if (probabilities[c]! > probabilities[label]!) label = c;
  // A feature's evidence for the winner: its weight there minus its mean weight.
  const evidence = found
    .filter(([f]) => f !== 'bias')
    .map(([feature, row]) => ({ feature, weight: row[label]! - row.reduce((a, b) => a + b, 0) / k }))
    .filter((e) => e.weight > 0)
    .sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1))
    .slice(0, evidenceCount);
  return { label, probabilities, evidence };
}

export function softmax(scores: readonly number[]): number[] {
  const out = scores.slice();
  softmaxInPlace(out);
  return out;
}

function softmaxInPlace(s: Float64Array | number[]): void {
  let max = -Infinity;
  for (const v of s) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < s.length; c++) {
    s[c] = Math.exp(s[c]! - max);
    sum += s[c]!;
  }
  for (let c = 0; c < s.length; c++) s[c] = s[c]! / sum;
}

/**
 * The model's weights compiled for scoring many sentences: features numbered
 * in sorted-name order and their weights in one flat array, so a sentence is
 * scored from integer ids with no feature-name strings built, no map of rows
 * and no sort of names. Scores are summed in the same order as
 * predictSoftmax (sorted feature names), so the probabilities are the same
 * to the last bit.
 */
export class CompiledSoftmax {
  readonly k: number;
  readonly labels: readonly string[];
  /** Feature name → id; ids follow the sorted order of the names. */
  readonly ids: ReadonlyMap<string, number>;
  /** `w=` features by their word, the most frequent lookup, without building `w=…` strings. */
  readonly wordIds: ReadonlyMap<string, number>;
  readonly names: readonly string[];
  private readonly rows: Float64Array;

  constructor(model: SoftmaxModel) {
    this.labels = model.labels;
    this.k = model.labels.length;
    const names = [...model.weights.keys()].sort();
    this.names = names;
    this.rows = new Float64Array(names.length * this.k);
    const ids = new Map<string, number>();
    const wordIds = new Map<string, number>();
    names.forEach((name, i) => {
      ids.set(name, i);
      if (name.startsWith('w=')) wordIds.set(name.slice(2), i);
      this.rows.set(model.weights.get(name)!, i * this.k);
    });
    this.ids = ids;
    this.wordIds = wordIds;
  }

  /** Scores of distinct feature ids in ascending order (the order predictSoftmax sums in). */
  score(sortedIds: ArrayLike<number>): { label: number; probabilities: number[] } {
    const k = this.k;
    const scores = new Array<number>(k).fill(0);
    for (let j = 0; j < sortedIds.length; j++) {
      const base = sortedIds[j]! * k;
      for (let c = 0; c < k; c++) scores[c]! += this.rows[base + c]!;
    }
    const probabilities = softmax(scores);
    let label = 0;
    for (let c = 1; c < k; c++) if (probabilities[c]! > probabilities[label]!) label = c;
    return { label, probabilities };
  }

  /** The same evidence predictSoftmax gives, asked for only when the classifier's choice is reported. */
  evidence(sortedIds: ArrayLike<number>, label: number, evidenceCount = 3): Array<{ feature: string; weight: number }> {
    const k = this.k;
    const out: Array<{ feature: string; weight: number }> = [];
    for (let j = 0; j < sortedIds.length; j++) {
      const id = sortedIds[j]!;
      const feature = this.names[id]!;
      if (feature === 'bias') continue;
      const row = Array.from(this.rows.subarray(id * k, id * k + k));
      const weight = row[label]! - row.reduce((a, b) => a + b, 0) / k;
      if (weight > 0) out.push({ feature, weight });
    }
    return out.sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1)).slice(0, evidenceCount);
  }
}
