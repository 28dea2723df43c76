/**
 * k-means clusters of units (Lloyd iterations, kmeans.ts, from seeded k-means++ centers).
 *
 * Features are standardized (z-scores, population standard deviation) and
 * columns that are constant across units are dropped. When theme and TF-IDF
 * features are combined, each block is scaled by 1/√(its number of columns),
 * so the 200 term columns do not drown the 22 theme columns. Several seeded
 * restarts are run and the one with the lowest within-cluster sum of squares
 * is kept. With k = 'auto', k runs over 2..min(kMax, n−1) and the k with the
 * highest mean silhouette wins (ties: the smaller k). Clusters are numbered
 * 1, 2, … in the order of their first unit, so labels do not depend on the
 * order of the centers k-means started from.
 */
import { lloydKmeans, squaredDistance } from './kmeans.js';
import type { ClusterFeatureRow, ClusterFeatures, ClusterResult, ClusterRow, KChoice } from './types.js';
import { cmp } from './input.js';
import { mulberry32 } from './random.js';
import { zScores } from './z-scores.js';

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

export interface Standardized {
  names: string[];
  /** Columns kept (indexes into the input). */
  kept: number[];
  /** z-scores (unweighted), one row per unit. */
  z: number[][];
  /** z-scores with block weights, what k-means sees: `z` itself (the same arrays) when every weight is 1. */
  weighted: number[][];
}

/** The features as z-scores (zScores), and weighted by block: what k-means sees. */
export function standardize(m: FeatureMatrix): Standardized {
  const { kept, z } = zScores(m.rows, m.names.length);
  const perBlock = new Map<number, number>();
  for (const j of kept) perBlock.set(m.blocks[j]!, (perBlock.get(m.blocks[j]!) ?? 0) + 1);
  const weight = kept.map((j) => (perBlock.size > 1 ? 1 / Math.sqrt(perBlock.get(m.blocks[j]!)!) : 1));
  // Every weight 1 (one block, as themes or terms alone are): k-means sees the z-scores themselves, not a copy (70 MB at 120,000 reports).
  const weighted = weight.every((w) => w === 1) ? z : z.map((row) => row.map((v, c) => v * weight[c]!));
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

/** Euclidean distances between the sampled points (row-major m × m). */
export function distanceMatrix(points: readonly number[][], sample: readonly number[]): Float64Array {
  const m = sample.length;
  const dist = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const d = Math.sqrt(squaredDistance(points[sample[i]!]!, points[sample[j]!]!));
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
 * the first center uniformly, each next one with probability proportional to
 * its squared distance from the nearest center already chosen. (ml-kmeans has
 * its own, but it copies every row for every distance; this one is O(n·k·d).)
 */
export function seedCenters(points: readonly number[][], k: number, seed: number): number[][] {
  const n = points.length;
  const rnd = mulberry32(seed);
  const first = Math.min(n - 1, Math.floor(rnd() * n));
  const centers = [[...points[first]!]];
  const d2 = points.map((p) => squaredDistance(p, points[first]!));
  while (centers.length < k) {
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
    centers.push([...points[pick]!]);
    for (let i = 0; i < n; i++) d2[i] = Math.min(d2[i]!, squaredDistance(points[i]!, points[pick]!));
  }
  return centers;
}

/**
 * Best of `restarts` k-means runs (Lloyd iterations from k-means++ centers
 * seeded with seed + r); labels renumbered 0.. by first appearance.
 */
export function fitKmeans(points: number[][], k: number, seed: number, restarts: number): Fit {
  let best: Fit | null = null;
  for (let r = 0; r < Math.max(1, restarts); r++) {
    const centers = seedCenters(points, k, seed + r);
    const fit = relabel(lloydKmeans(points, centers, 300).clusters);
    fit.wss = withinSS(points, fit.labels, fit.k);
    if (best === null || fit.wss < best.wss - 1e-12) best = fit;
  }
  return best!;
}

function relabel(raw: ArrayLike<number>): Fit {
  const map = new Map<number, number>();
  const labels = Array.from(raw, (c) => {
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
  points.forEach((p, i) => (s += squaredDistance(p, c[labels[i]!]!)));
  return s;
}

/** Number of distinct rows (at most `cap` are needed). */
function distinctRows(points: readonly number[][], cap: number): number {
  const seen: number[][] = [];
  for (const p of points) {
    if (!seen.some((q) => squaredDistance(p, q) === 0)) {
      seen.push(p);
      if (seen.length >= cap) break;
    }
  }
  return seen.length;
}

export function clusterUnits(units: readonly string[], matrix: FeatureMatrix, features: ClusterFeatures, options: ClusterOptions): ClusterResult {
  const n = units.length;
  const std = standardize(matrix);
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
  std: Standardized,
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
    distance: std.weighted.length && std.names.length ? Math.sqrt(squaredDistance(std.weighted[i]!, c[labels[i]!]!)) : 0,
  }));
  return { ...base, k, silhouette, rows, description: describe(matrix, std, labels, k) };
}

/** Each cluster's features with the highest mean z-score, so that a person can name it. */
export function describe(matrix: FeatureMatrix, std: Standardized, labels: readonly number[], k: number, top = 10): ClusterFeatureRow[] {
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
