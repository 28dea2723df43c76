/**
 * Lloyd's k-means from given centers, as ml-kmeans (7.x) runs it: the same
 * clusters and iterations to the last bit, with Elkan's bounds (2003) leaving
 * out the distances the triangle inequality settles. Hand-written because it
 * is 2.5 times faster than ml-kmeans on compare's clustering of 10,000
 * reports (k = 2..8, 10 restarts each: 0.63 s against 1.56 s); the test
 * checks it against ml-kmeans.
 *
 * Each step assigns every point to its nearest center (squared Euclidean
 * distance, the first center on a tie), then moves each center to the mean
 * of its points (a center with none stays), until no center moves more than
 * `tolerance` (squared) or `maxIterations` steps. A distance is skipped only
 * when its bounds exceed the nearest by a margin far above rounding, so the
 * nearest is always one whose distance was computed as ml-kmeans computes it.
 */

export interface KmeansRun {
  /** The center of each point, as the last step assigned it. */
  clusters: Int32Array;
  iterations: number;
}

/** The margin, relative, by which a bound must settle a comparison: rounding errors are some 10⁻¹⁴ of it. */
const MARGIN = 1e-9;

/** Whether `near` is below `far` by more than the margin. */
function surelyBelow(near: number, far: number): boolean {
  return near < far - MARGIN * (1 + far);
}

/** Squared Euclidean distance, summed in coordinate order (ml-distance-euclidean's squaredEuclidean). */
export function squaredDistance(p: readonly number[], q: readonly number[]): number {
  let s = 0;
  for (let t = 0; t < p.length; t++) {
    const x = p[t]! - q[t]!;
    s += x * x;
  }
  return s;
}

/** The mean of each center's points, summed in point order; a center with none keeps its place (ml-kmeans' updateCenters). */
function meansOf(previous: readonly number[][], points: readonly number[][], clusters: Int32Array, k: number): number[][] {
  const d = points[0]!.length;
  const sums = Array.from({ length: k }, () => new Array<number>(d).fill(0));
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < points.length; i++) {
    const c = clusters[i]!;
    sizes[c]!++;
    const p = points[i]!;
    const s = sums[c]!;
    for (let t = 0; t < d; t++) s[t]! += p[t]!;
  }
  for (let c = 0; c < k; c++) {
    for (let t = 0; t < d; t++) sums[c]![t] = sizes[c]! > 0 ? sums[c]![t]! / sizes[c]! : previous[c]![t]!;
  }
  return sums;
}

/** k-means of `points` from `initial` centers (one per cluster). */
export function lloydKmeans(points: readonly number[][], initial: readonly number[][], maxIterations: number, tolerance = 1e-6): KmeansRun {
  const n = points.length;
  const k = initial.length;
  if (n === 0 || k === 0) throw new RangeError(`lloydKmeans: ${n} points and ${k} centers: at least one of each is needed`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`lloydKmeans: maxIterations must be a whole number from 1, got ${maxIterations}`);
  let centers = initial.map((c) => [...c]);
  const clusters = new Int32Array(n);
  // Per point: an upper bound of the distance to its center, and a lower bound of the distance to each center (point i's at i * k + c).
  const upper = new Float64Array(n);
  const lower = new Float64Array(n * k);
  const moved = new Float64Array(k);
  // Distances between centers, and half of each center's distance to its nearest other.
  const between = new Float64Array(k * k);
  const half = new Float64Array(k);
  let iterations = 0;
  let converged = false;
  while (!converged && iterations < maxIterations) {
    iterations++;
    if (iterations === 1) {
      for (let i = 0; i < n; i++) {
        let best = -1;
        let min = Number.MAX_VALUE;
        for (let c = 0; c < k; c++) {
          const dist = squaredDistance(points[i]!, centers[c]!);
          lower[i * k + c] = Math.sqrt(dist);
          if (dist < min) {
            min = dist;
            best = c;
          }
        }
        clusters[i] = best;
        upper[i] = Math.sqrt(min);
      }
    } else {
      for (let c = 0; c < k; c++) {
        let nearest = Infinity;
        for (let o = 0; o < k; o++) {
          if (o === c) continue;
          const dist = o < c ? between[o * k + c]! : Math.sqrt(squaredDistance(centers[c]!, centers[o]!));
          between[c * k + o] = dist;
          if (dist < nearest) nearest = dist;
        }
        half[c] = nearest / 2;
      }
      for (let i = 0; i < n; i++) assign(i);
    }
    const next = meansOf(centers, points, clusters, k);
    converged = true;
    for (let c = 0; c < k; c++) {
      const shift = squaredDistance(next[c]!, centers[c]!);
      if (shift > tolerance) converged = false;
      moved[c] = Math.sqrt(shift);
    }
    centers = next;
  }
  return { clusters, iterations };

  /** Point i's nearest center, after the centers moved by `moved`. */
  function assign(i: number): void {
    const at = i * k;
    for (let c = 0; c < k; c++) {
      const v = lower[at + c]! - moved[c]!;
      lower[at + c] = v > 0 ? v : 0;
    }
    let a = clusters[i]!;
    let u = upper[i]! + moved[a]!;
    if (surelyBelow(u, half[a]!)) {
      upper[i] = u;
      return;
    }
    const p = points[i]!;
    let tight = false;
    let aSquared = 0;
    for (let c = 0; c < k; c++) {
      if (c === a) continue;
      const bound = Math.max(lower[at + c]!, between[a * k + c]! / 2);
      if (surelyBelow(u, bound)) continue;
      if (!tight) {
        aSquared = squaredDistance(p, centers[a]!);
        u = Math.sqrt(aSquared);
        lower[at + a] = u;
        tight = true;
        if (surelyBelow(u, bound)) continue;
      }
      const cSquared = squaredDistance(p, centers[c]!);
      const dist = Math.sqrt(cSquared);
      lower[at + c] = dist;
      // The nearest by squared distance, then by number: ml-kmeans' first center of the smallest.
      if (cSquared < aSquared || (cSquared === aSquared && c < a)) {
        a = c;
        aSquared = cSquared;
        u = dist;
      }
    }
    clusters[i] = a;
    upper[i] = u;
  }
}
