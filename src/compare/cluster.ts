/**
 * k-means clusters of units (ml-kmeans' Lloyd iterations, from seeded k-means++ centres).
 *
 * Features are standardised (z-scores, population standard deviation) and
 * columns that are constant across units are dropped. When theme and TF-IDF
 * features are combined, each block is scaled by 1/√(its number of columns),
 * so the 200 term columns do not drown the 22 theme columns. Several seeded
 * restarts are run and the one with the lowest within-cluster sum of squares
 * is kept. With k = 'auto', k runs over 2..min(kMax, n−1) and the k with the
 * highest mean silhouette wins (ties: the smaller k). Clusters are numbered
 * 1, 2, … in the order of their first unit, so labels do not depend on the
 * library's internal numbering.
 */
import type { ClusterFeatureRow, ClusterFeatures, ClusterResult, ClusterRow, KChoice } from './types.js';
import { cmp } from './input.js';
import { mulberry32 } from './random.js';

export interface FeatureMatrix {
  /** Feature names, e.g. theme:publicity, term:普法. */
  names: string[];
  /** Block of each column (0 = themes, 1 = terms); blocks are weighted equally. */
  blocks: number[];
  /** One row per unit, raw values. */
  rows: number[][];
}

export interface ClusterOptions {
  k: number | 'auto';
  kMax: number;
  seed: number;
  restarts: number;
  silhouetteSample: number;
}

export interface Standardised {
  names: string[];
  /** Columns kept (indexes into the input). */
  kept: number[];
  /** z-scores (unweighted), one row per unit. */
  z: number[][];
  /** z-scores with block weights, what k-means sees. */
  weighted: number[][];
}

export function standardise(m: FeatureMatrix): Standardised {
  const n = m.rows.length;
  const d = m.names.length;
  const kept: number[] = [];
  const mean: number[] = [];
  const sd: number[] = [];
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += m.rows[i]![j]!;
    const mu = n > 0 ? s / n : 0;
    let v = 0;
    for (let i = 0; i < n; i++) v += (m.rows[i]![j]! - mu) ** 2;
    const sigma = n > 0 ? Math.sqrt(v / n) : 0;
    if (sigma > 1e-12) {
      kept.push(j);
      mean.push(mu);
      sd.push(sigma);
    }
  }
  const perBlock = new Map<number, number>();
  for (const j of kept) perBlock.set(m.blocks[j]!, (perBlock.get(m.blocks[j]!) ?? 0) + 1);
  const weight = kept.map((j) => (perBlock.size > 1 ? 1 / Math.sqrt(perBlock.get(m.blocks[j]!)!) : 1));
  const z = m.rows.map((row) => kept.map((j, c) => (row[j]! - mean[c]!) / sd[c]!));
  const weighted = z.map((row) => row.map((v, c) => v * weight[c]!));
  return { names: kept.map((j) => m.names[j]!), kept, z, weighted };
}

/** Indexes of the silhouette sample: all units, or a seeded sample of `size`, ascending. */
export function sampleIndexes(n: number, size: number, seed: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= size) return all;
  const rnd = mulberry32(seed);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rnd() * (n - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, size).sort((a, b) => a - b);
}

function sqDist(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return s;
}

/** Euclidean distances between the sampled points (row-major m × m). */
export function distanceMatrix(points: readonly number[][], sample: readonly number[]): Float64Array {
  const m = sample.length;
  const dist = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const d = Math.sqrt(sqDist(points[sample[i]!]!, points[sample[j]!]!));
      dist[i * m + j] = d;
      dist[j * m + i] = d;
    }
  }
  return dist;
}

/**
 * Silhouette of each sampled point (Rousseeuw 1987): (b − a) / max(a, b), with
 * a the mean distance to its own cluster and b to the nearest other cluster;
 * 0 for a point alone in its cluster or when a = b = 0.
 */
export function silhouettes(dist: Float64Array, labels: readonly number[], k: number): number[] {
  const m = labels.length;
  const size = new Array<number>(k).fill(0);
  for (const l of labels) size[l]!++;
  const out: number[] = [];
  const sum = new Array<number>(k);
  for (let i = 0; i < m; i++) {
    sum.fill(0);
    for (let j = 0; j < m; j++) if (j !== i) sum[labels[j]!]! += dist[i * m + j]!;
    const own = labels[i]!;
    if (size[own]! <= 1) {
      out.push(0);
      continue;
    }
    const a = sum[own]! / (size[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && size[c]! > 0) b = Math.min(b, sum[c]! / size[c]!);
    if (!Number.isFinite(b)) {
      out.push(0);
      continue;
    }
    const mx = Math.max(a, b);
    out.push(mx > 0 ? (b - a) / mx : 0);
  }
  return out;
}

interface Fit {
  labels: number[];
  k: number;
  wss: number;
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007) with a seeded generator:
 * the first centre uniformly, each next one with probability proportional to
 * its squared distance from the nearest centre already chosen. (ml-kmeans has
 * its own, but it copies every row for every distance; this one is O(n·k·d).)
 */
export function seedCentres(points: readonly number[][], k: number, seed: number): number[][] {
  const n = points.length;
  const rnd = mulberry32(seed);
  const first = Math.min(n - 1, Math.floor(rnd() * n));
  const centres = [[...points[first]!]];
  const d2 = points.map((p) => sqDist(p, points[first]!));
  while (centres.length < k) {
    let total = 0;
    for (const d of d2) total += d;
    let pick = -1;
    if (total > 0) {
      let r = rnd() * total;
      for (let i = 0; i < n; i++) {
        r -= d2[i]!;
        if (r < 0 && d2[i]! > 0) {
          pick = i;
          break;
        }
      }
      if (pick < 0) pick = d2.findLastIndex((d) => d > 0);
    }
    if (pick < 0) break; // fewer distinct points than k
    centres.push([...points[pick]!]);
    for (let i = 0; i < n; i++) d2[i] = Math.min(d2[i]!, sqDist(points[i]!, points[pick]!));
  }
  return centres;
}

/**
 * Best of `restarts` k-means runs (ml-kmeans Lloyd iterations from
 * k-means++ centres seeded with seed + r); labels renumbered 0.. by first appearance.
 */
export function fitKmeans(points: number[][], k: number, seed: number, restarts: number): Fit {
  let best: Fit | null = null;
  for (let r = 0; r < Math.max(1, restarts); r++) {
    const centres = seedCentres(points, k, seed + r);
    const fit = relabel(lloyd(points, centres, 300));
    fit.wss = withinSS(points, fit.labels, fit.k);
    if (best === null || fit.wss < best.wss - 1e-12) best = fit;
  }
  return best!;
}

/**
 * Lloyd iterations exactly as ml-kmeans 6 runs them from given centres
 * (squared Euclidean distance, the first nearest centre on ties, an empty
 * cluster keeps its centre, stop when no centre moved more than 1e-6 in
 * squared distance or after maxIterations), and the same floating-point
 * operations in the same order, so the same labels; but over flat typed
 * arrays rather than a function call per point and centre, which was most of
 * compare's clustering time. Returns each point's cluster.
 */
export function lloyd(points: readonly number[][], initial: readonly number[][], maxIterations: number): number[] {
  const n = points.length;
  const K = initial.length;
  const d = points[0]?.length ?? 0;
  const data = new Float64Array(n * d);
  points.forEach((p, i) => data.set(p, i * d));
  let centres = new Float64Array(K * d);
  initial.forEach((c, k) => centres.set(c, k * d));
  const labels = new Array<number>(n).fill(0);
  const size = new Int32Array(K);
  for (let step = 0; step < maxIterations; step++) {
    for (let i = 0; i < n; i++) {
      // ml-kmeans takes the first centre (lowest k) at the least distance. Here
      // the point's centre of the last step is measured first (usually still
      // the nearest, so the others are given up early), then every other
      // centre, a tie going to the lower k: the same centre.
      let best = -1;
      let bestDist = Number.MAX_VALUE;
      const io = i * d;
      const prev = step > 0 ? labels[i]! : -1;
      if (prev >= 0) {
        const s = sqDistFlat(data, io, centres, prev * d, d);
        if (s < bestDist) {
          bestDist = s;
          best = prev;
        }
      }
      for (let k = 0; k < K; k++) {
        if (k === prev && best === prev) continue;
        const ko = k * d;
        let s = 0;
        // The sum only grows (its terms are squares): once it is past the best
        // distance (or at it, for a higher k) this centre cannot win, and
        // stopping there changes nothing.
        for (let j = 0; j < d && (s < bestDist || (s === bestDist && k < best)); j++) {
          const diff = data[io + j]! - centres[ko + j]!;
          s += diff * diff;
        }
        if (s < bestDist || (s === bestDist && k < best)) {
          bestDist = s;
          best = k;
        }
      }
      // ml-kmeans would fail on a point nearer to no centre (a NaN distance): so does this.
      if (best < 0) throw new RangeError('k-means: a point has no nearest centre (non-finite features)');
      labels[i] = best;
    }
    const next = new Float64Array(K * d);
    size.fill(0);
    for (let i = 0; i < n; i++) {
      const k = labels[i]!;
      size[k]!++;
      for (let j = 0; j < d; j++) next[k * d + j]! += data[i * d + j]!;
    }
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < d; j++) {
        if (size[k]) next[k * d + j]! /= size[k]!;
        else next[k * d + j] = centres[k * d + j]!;
      }
    }
    let converged = true;
    for (let k = 0; k < K && converged; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const diff = next[k * d + j]! - centres[k * d + j]!;
        s += diff * diff;
      }
      if (s > 1e-6) converged = false;
    }
    centres = next;
    if (converged) break;
  }
  return labels;
}

/** Squared distance of a[ao..ao+d) and b[bo..bo+d), summed in order. */
function sqDistFlat(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const diff = a[ao + j]! - b[bo + j]!;
    s += diff * diff;
  }
  return s;
}

function relabel(raw: readonly number[]): Fit {
  const map = new Map<number, number>();
  const labels = raw.map((c) => {
    let l = map.get(c);
    if (l === undefined) map.set(c, (l = map.size));
    return l;
  });
  return { labels, k: map.size, wss: 0 };
}

export function centroids(points: readonly number[][], labels: readonly number[], k: number): number[][] {
  const d = points[0]?.length ?? 0;
  const c = Array.from({ length: k }, () => new Array<number>(d).fill(0));
  const size = new Array<number>(k).fill(0);
  points.forEach((p, i) => {
    const l = labels[i]!;
    size[l]!++;
    for (let j = 0; j < d; j++) c[l]![j]! += p[j]!;
  });
  for (let l = 0; l < k; l++) for (let j = 0; j < d; j++) if (size[l]! > 0) c[l]![j]! /= size[l]!;
  return c;
}

function withinSS(points: readonly number[][], labels: readonly number[], k: number): number {
  const c = centroids(points, labels, k);
  let s = 0;
  points.forEach((p, i) => (s += sqDist(p, c[labels[i]!]!)));
  return s;
}

/** Number of distinct rows (at most `cap` are needed). */
function distinctRows(points: readonly number[][], cap: number): number {
  const seen: number[][] = [];
  for (const p of points) {
    if (!seen.some((q) => sqDist(p, q) === 0)) {
      seen.push(p);
      if (seen.length >= cap) break;
    }
  }
  return seen.length;
}

export function clusterUnits(units: readonly string[], matrix: FeatureMatrix, features: ClusterFeatures, options: ClusterOptions): ClusterResult {
  const n = units.length;
  const std = standardise(matrix);
  const points = std.weighted;
  const base: ClusterResult = {
    k: 1, silhouette: null, chosenBy: 'none', features, featureNames: std.names, tried: [], rows: [], description: [], message: '',
  };
  const single = (message: string): ClusterResult => {
    const labels = new Array<number>(n).fill(0);
    return finish({ ...base, message }, units, matrix, std, labels, 1, null);
  };
  if (n < 3) return single(`clustering needs at least 3 units, there ${n === 1 ? 'is' : 'are'} ${n}: all units are in cluster 1`);
  if (std.names.length === 0) return single('every feature has the same value in all units: nothing to cluster on, all units are in cluster 1');
  const distinct = distinctRows(points, Math.max(options.kMax, typeof options.k === 'number' ? options.k : 0) + 1);
  if (distinct < 2) return single('all units have the same profile: all units are in cluster 1');
  const kLimit = Math.min(n - 1, distinct);

  const sample = sampleIndexes(n, options.silhouetteSample, options.seed);
  const dist = distanceMatrix(points, sample);
  const score = (fit: Fit) => {
    const s = silhouettes(dist, sample.map((i) => fit.labels[i]!), fit.k);
    return { per: s, mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0 };
  };

  let message = '';
  let chosen: Fit;
  let chosenBy: ClusterResult['chosenBy'];
  const tried: KChoice[] = [];
  if (options.k === 'auto') {
    const hi = Math.min(options.kMax, kLimit);
    let best: { fit: Fit; s: number } | null = null;
    for (let k = 2; k <= hi; k++) {
      const fit = fitKmeans(points, k, options.seed, options.restarts);
      const s = fit.k >= 2 ? score(fit).mean : 0;
      tried.push({ k, silhouette: s, wss: fit.wss });
      if (best === null || s > best.s + 1e-12) best = { fit, s };
    }
    chosen = best!.fit;
    chosenBy = 'auto';
  } else {
    let k = Math.max(1, Math.floor(options.k));
    if (k > kLimit) {
      message = `k = ${k} is more than the data allow (${kLimit}: at most one less than the ${n} units${distinct <= n - 1 ? `, and only ${distinct} distinct profiles` : ''}); k = ${kLimit} was used`;
      k = kLimit;
    }
    if (k === 1) return { ...single(message || 'k = 1: all units are in cluster 1'), chosenBy: 'fixed' };
    chosen = fitKmeans(points, k, options.seed, options.restarts);
    chosenBy = 'fixed';
  }
  if (sample.length < n) {
    message = [message, `silhouettes were computed on a seeded sample of ${sample.length} of the ${n} units`].filter(Boolean).join('; ');
  }
  const s = score(chosen);
  const per: Array<number | null> = new Array<number | null>(n).fill(null);
  sample.forEach((i, m) => (per[i] = s.per[m]!));
  return finish({ ...base, chosenBy, tried, message }, units, matrix, std, chosen.labels, chosen.k, s.mean, per);
}

function finish(
  base: ClusterResult,
  units: readonly string[],
  matrix: FeatureMatrix,
  std: Standardised,
  labels: readonly number[],
  k: number,
  silhouette: number | null,
  per: ReadonlyArray<number | null> = [],
): ClusterResult {
  const c = centroids(std.weighted, labels, k);
  const rows: ClusterRow[] = units.map((u, i) => ({
    unit: u,
    cluster: labels[i]! + 1,
    silhouette: per[i] ?? null,
    distance: std.weighted.length && std.names.length ? Math.sqrt(sqDist(std.weighted[i]!, c[labels[i]!]!)) : 0,
  }));
  return { ...base, k, silhouette, rows, description: describe(matrix, std, labels, k) };
}

/** Each cluster's features with the highest mean z-score, so that a person can name it. */
export function describe(matrix: FeatureMatrix, std: Standardised, labels: readonly number[], k: number, top = 10): ClusterFeatureRow[] {
  const rows: ClusterFeatureRow[] = [];
  const n = labels.length;
  for (let c = 0; c < k; c++) {
    const members = labels.map((l, i) => (l === c ? i : -1)).filter((i) => i >= 0);
    const stats = std.names.map((name, col) => {
      const j = std.kept[col]!;
      let zs = 0;
      let raw = 0;
      let all = 0;
      for (const i of members) {
        zs += std.z[i]![col]!;
        raw += matrix.rows[i]![j]!;
      }
      for (let i = 0; i < n; i++) all += matrix.rows[i]![j]!;
      const size = members.length;
      return { name, meanZ: size ? zs / size : 0, clusterMean: size ? raw / size : 0, overallMean: n ? all / n : 0 };
    });
    stats.sort((a, b) => b.meanZ - a.meanZ || cmp(a.name, b.name));
    stats.slice(0, top).forEach((s, r) =>
      rows.push({ cluster: c + 1, size: members.length, rank: r + 1, feature: s.name, mean_z: s.meanZ, cluster_mean: s.clusterMean, overall_mean: s.overallMean }),
    );
  }
  return rows;
}
