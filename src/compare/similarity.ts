/**
 * Pairwise similarity of units, in long format (a, b, cosine_tfidf,
 * cosine_themes): on TF-IDF of terms and on theme profiles (the share of
 * sentences carrying each theme). A unit with an all-zero vector has cosine
 * 0 with everything.
 *
 * Each pair is computed once (sparse row against a dense scatter of the
 * other). With `neighbours`, every unit keeps its n most similar units in a
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
  const dense = new Float64Array(nFeatures);
  const heaps = neighbours === null ? null : Array.from({ length: n }, () => new TopN(neighbours));
  const rows: SimilarityRow[] = [];
  const row = (i: number, j: number, c: number): SimilarityRow => ({
    a: units[i]!,
    b: units[j]!,
    cosine_tfidf: c,
    cosine_themes: themeShares ? cosineDense(themeShares[i]!, themeShares[j]!) : null,
  });
  // Rows as one compressed sparse row matrix: tight loops over typed arrays.
  const ptr = new Int32Array(n + 1);
  vectors.forEach((v, i) => (ptr[i + 1] = ptr[i]! + v.idx.length));
  const cols = new Int32Array(ptr[n]!);
  const vals = new Float64Array(ptr[n]!);
  vectors.forEach((v, i) => {
    cols.set(v.idx, ptr[i]!);
    vals.set(v.val, ptr[i]!);
  });
  for (let i = 0; i < n; i++) {
    const a0 = ptr[i]!;
    const a1 = ptr[i + 1]!;
    for (let k = a0; k < a1; k++) dense[cols[k]!] = vals[k]!;
    for (let j = i + 1; j < n; j++) {
      let dot = 0;
      const b1 = ptr[j + 1]!;
      for (let k = ptr[j]!; k < b1; k++) dot += dense[cols[k]!]! * vals[k]!;
      const c = dot < 0 ? 0 : dot > 1 ? 1 : dot;
      if (heaps) {
        heaps[i]!.offer(c, j);
        heaps[j]!.offer(c, i);
      } else rows.push(row(i, j, c));
    }
    for (let k = a0; k < a1; k++) dense[cols[k]!] = 0;
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
