/**
 * Pairwise similarity of units, in long format (a, b, cosine_tfidf,
 * cosine_themes): on TF-IDF of terms and on theme profiles (the share of
 * sentences carrying each theme). A unit with an all-zero vector has cosine
 * 0 with everything.
 *
 * Each pair is computed once (sparse rows against the feature postings).
 * With `neighbours`, every unit keeps its n most similar units in a bounded
 * heap (ties go to the unit listed first), so memory stays proportional to
 * n × units, not units².
 */
import { cosineDense, type SparseVector } from './dfm.js';
import type { SimilarityRow } from './types.js';

/** Unordered pairs (i < j) to report: all of them, or each unit's `neighbours` nearest by TF-IDF. */
export function similarity(
  units: readonly string[],
  vectors: readonly SparseVector[],
  nFeatures: number,
  themeShares: readonly number[][] | null,
  neighbours: number | null,
): SimilarityRow[] {
  const n = units.length;
  const heaps = neighbours === null ? null : Array.from({ length: n }, () => new TopN(neighbours));
  const rows: SimilarityRow[] = [];
  const row = (i: number, j: number, c: number): SimilarityRow => ({
    a: units[i]!,
    b: units[j]!,
    cosine_tfidf: c,
    cosine_themes: themeShares ? cosineDense(themeShares[i]!, themeShares[j]!) : null,
  });
  // The columns of the rows as postings (the units using each feature,
  // ascending): unit i meets only the units that share a feature with it. The
  // rows are read where they are (a copy as one matrix was 80 MB more at
  // 24,000 documents). Each dot product adds the same products in the same
  // order (ascending feature) as a row against a dense copy of the other, so
  // the cosines are the same to the last bit.
  const fptr = new Int32Array(nFeatures + 1);
  for (const v of vectors) for (let k = 0; k < v.idx.length; k++) fptr[v.idx[k]! + 1]!++;
  for (let f = 0; f < nFeatures; f++) fptr[f + 1]! += fptr[f]!;
  const postUnit = new Int32Array(fptr[nFeatures]!);
  const postVal = new Float64Array(fptr[nFeatures]!);
  const cursor = fptr.slice(0, nFeatures);
  for (let i = 0; i < n; i++) {
    const { idx, val } = vectors[i]!;
    for (let k = 0; k < idx.length; k++) {
      const at = cursor[idx[k]!]!++;
      postUnit[at] = i;
      postVal[at] = val[k]!;
    }
  }
  cursor.set(fptr.subarray(0, nFeatures));
  const dot = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const { idx, val } = vectors[i]!;
    for (let k = 0; k < idx.length; k++) {
      const f = idx[k]!;
      const v = val[k]!;
      // cursor[f] is unit i's own entry: the units after it follow.
      const end = fptr[f + 1]!;
      for (let p = ++cursor[f]!; p < end; p++) dot[postUnit[p]!]! += v * postVal[p]!;
    }
    for (let j = i + 1; j < n; j++) {
      const d = dot[j]!;
      dot[j] = 0;
      const c = d < 0 ? 0 : d > 1 ? 1 : d;
      if (heaps) {
        heaps[i]!.offer(c, j);
        heaps[j]!.offer(c, i);
      } else rows.push(row(i, j, c));
    }
  }
  if (!heaps) return rows;
  // Each kept pair once, as (lower unit, higher unit), in that order: the
  // pairs bucketed by their lower unit (a pair kept by both its units comes
  // twice, with the same cosine), each bucket sorted by the higher.
  const start = new Int32Array(n + 1);
  heaps.forEach((h, i) => h.forEach((_c, j) => start[Math.min(i, j) + 1]!++));
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const higher = new Int32Array(start[n]!);
  const cosine = new Float64Array(start[n]!);
  const fill = start.slice(0, n);
  heaps.forEach((h, i) =>
    h.forEach((c, j) => {
      const at = fill[Math.min(i, j)]!++;
      higher[at] = Math.max(i, j);
      cosine[at] = c;
    }),
  );
  for (let i = 0; i < n; i++) {
    const from = start[i]!;
    const to = start[i + 1]!;
    // Insertion sort: a bucket holds about 2 × neighbours pairs.
    for (let a = from + 1; a < to; a++) {
      const j = higher[a]!;
      const c = cosine[a]!;
      let b = a - 1;
      for (; b >= from && higher[b]! > j; b--) {
        higher[b + 1] = higher[b]!;
        cosine[b + 1] = cosine[b]!;
      }
      higher[b + 1] = j;
      cosine[b + 1] = c;
    }
    for (let a = from; a < to; a++) if (a === from || higher[a] !== higher[a - 1]) rows.push(row(i, higher[a]!, cosine[a]!));
  }
  return rows;
}

/**
 * The n best (cosine, unit) pairs seen: higher cosine first, then the lower
 * unit index. A binary heap with the worst kept pair on top.
 */
class TopN {
  private readonly cos: number[] = [];
  private readonly idx: number[] = [];

  constructor(private readonly n: number) {}

  /** a is worse than b. */
  private worse(ca: number, ia: number, cb: number, ib: number): boolean {
    return ca < cb || (ca === cb && ia > ib);
  }

  offer(c: number, j: number): void {
    const size = this.cos.length;
    if (size < this.n) {
      this.cos.push(c);
      this.idx.push(j);
      this.up(size);
    } else if (size > 0 && this.worse(this.cos[0]!, this.idx[0]!, c, j)) {
      this.cos[0] = c;
      this.idx[0] = j;
      this.down(0);
    }
  }

  /** Each kept pair, in heap order. */
  forEach(visit: (c: number, j: number) => void): void {
    for (let k = 0; k < this.cos.length; k++) visit(this.cos[k]!, this.idx[k]!);
  }

  private swap(a: number, b: number): void {
    [this.cos[a], this.cos[b]] = [this.cos[b]!, this.cos[a]!];
    [this.idx[a], this.idx[b]] = [this.idx[b]!, this.idx[a]!];
  }

  private up(k: number): void {
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!this.worse(this.cos[k]!, this.idx[k]!, this.cos[p]!, this.idx[p]!)) break;
      this.swap(k, p);
      k = p;
    }
  }

  private down(k: number): void {
    const size = this.cos.length;
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let w = k;
      if (l < size && this.worse(this.cos[l]!, this.idx[l]!, this.cos[w]!, this.idx[w]!)) w = l;
      if (r < size && this.worse(this.cos[r]!, this.idx[r]!, this.cos[w]!, this.idx[w]!)) w = r;
      if (w === k) return;
      this.swap(k, w);
      k = w;
    }
  }
}
