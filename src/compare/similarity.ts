/**
 * Pairwise similarity of units, in long format (a, b, cosine_tfidf,
 * cosine_themes): on TF-IDF of terms and on theme profiles (the share of
 * sentences carrying each theme). A unit with an all-zero vector has cosine
 * 0 with everything.
 *
 * Each pair is computed once (sparse rows against the feature postings). With `neighbours`, every unit keeps its n most similar units in a
 * bounded heap, so memory stays proportional to n × units, not units².
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
  // Rows as one compressed sparse row matrix, and its columns as postings
  // (the units using each feature, ascending): unit i meets only the units
  // that share a feature with it. Each dot product adds the same products in
  // the same order (ascending feature) as a row against a dense copy of the
  // other, so the cosines are the same to the last bit.
  const ptr = new Int32Array(n + 1);
  vectors.forEach((v, i) => (ptr[i + 1] = ptr[i]! + v.idx.length));
  const cols = new Int32Array(ptr[n]!);
  const vals = new Float64Array(ptr[n]!);
  vectors.forEach((v, i) => {
    cols.set(v.idx, ptr[i]!);
    vals.set(v.val, ptr[i]!);
  });
  const fptr = new Int32Array(nFeatures + 1);
  for (let k = 0; k < cols.length; k++) fptr[cols[k]! + 1]!++;
  for (let f = 0; f < nFeatures; f++) fptr[f + 1]! += fptr[f]!;
  const postUnit = new Int32Array(cols.length);
  const postVal = new Float64Array(cols.length);
  const cursor = fptr.slice(0, nFeatures);
  for (let i = 0; i < n; i++) {
    for (let k = ptr[i]!; k < ptr[i + 1]!; k++) {
      const at = cursor[cols[k]!]!++;
      postUnit[at] = i;
      postVal[at] = vals[k]!;
    }
  }
  cursor.set(fptr.subarray(0, nFeatures));
  const dot = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = ptr[i]!; k < ptr[i + 1]!; k++) {
      const f = cols[k]!;
      const v = vals[k]!;
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
  const keep: Array<Map<number, number>> = Array.from({ length: n }, () => new Map());
  heaps.forEach((h, i) => {
    for (const [c, j] of h.entries()) keep[Math.min(i, j)]!.set(Math.max(i, j), c);
  });
  for (let i = 0; i < n; i++) {
    for (const j of [...keep[i]!.keys()].sort((x, y) => x - y)) rows.push(row(i, j, keep[i]!.get(j)!));
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

  entries(): Array<[number, number]> {
    return this.cos.map((c, k) => [c, this.idx[k]!] as [number, number]);
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
