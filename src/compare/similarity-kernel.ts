/**
 * The heart of similarity.ts, in a module of its own so that a worker thread
 * loads nothing else: every pair's TF-IDF cosine, from rows (compressed
 * sparse rows) and their columns (postings), handed to per-unit heaps or to
 * a callback. Rows are claimed CHUNK at a time from a counter that several
 * threads may share (the rows' work falls with their index, so handing them
 * out as they are asked for keeps the threads equally busy).
 */

/** The TF-IDF matrix, as rows and as columns (postings: the units using each feature, ascending). */
export interface SimilarityMatrix {
  n: number;
  nFeatures: number;
  ptr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
  fptr: Int32Array;
  postUnit: Int32Array;
  postVal: Float64Array;
}

/** Rows claimed at a time. */
export const CHUNK = 16;

/**
 * Cosines of rows i (claimed through `claim`, which returns the first row of
 * the next chunk) with every unit j > i: each pair offered to both heaps, or
 * given to `pair` in order (i, then j ascending) when there are no heaps.
 */
export function similarityKernel(
  m: SimilarityMatrix,
  heaps: TopNs | null,
  pair: ((i: number, j: number, c: number) => void) | null,
  claim: () => number,
): void {
  const { n, nFeatures, ptr, cols, vals, fptr, postUnit, postVal } = m;
  // cursor[f]: where this thread is in feature f's postings (rows are claimed in ascending order).
  const cursor = fptr.slice(0, nFeatures);
  const dot = new Float64Array(n);
  for (let i0 = claim(); i0 < n; i0 = claim()) {
    const i1 = Math.min(n, i0 + CHUNK);
    for (let i = i0; i < i1; i++) {
      // Each dot product adds the same products in the same order (ascending
      // feature) as a row against a dense copy of the other, so the cosines
      // are the same to the last bit, whichever thread computes them.
      for (let k = ptr[i]!; k < ptr[i + 1]!; k++) {
        const f = cols[k]!;
        const v = vals[k]!;
        const end = fptr[f + 1]!;
        let p = cursor[f]!;
        while (p < end && postUnit[p]! <= i) p++; // unit i's own entry, and rows of other chunks
        cursor[f] = p;
        for (; p < end; p++) dot[postUnit[p]!]! += v * postVal[p]!;
      }
      for (let j = i + 1; j < n; j++) {
        const d = dot[j]!;
        dot[j] = 0;
        const c = d < 0 ? 0 : d > 1 ? 1 : d;
        if (heaps) {
          heaps.offer(i, c, j);
          heaps.offer(j, c, i);
        } else pair!(i, j, c);
      }
    }
  }
}

/**
 * For every unit, the n best (cosine, unit) pairs offered: higher cosine
 * first, then the lower unit index (a total order, so the set kept does not
 * depend on the order of the offers). One binary heap per unit with the worst
 * kept pair on top, all in flat typed arrays rather than two arrays per unit;
 * most offers are turned away by a look at the top.
 */
export class TopNs {
  readonly cos: Float64Array;
  readonly idx: Int32Array;
  readonly size: Int32Array;

  constructor(units: number, readonly n: number, buffers?: { cos: Float64Array; idx: Int32Array; size: Int32Array }) {
    this.cos = buffers?.cos ?? new Float64Array(units * n);
    this.idx = buffers?.idx ?? new Int32Array(units * n);
    this.size = buffers?.size ?? new Int32Array(units);
  }

  /** Offer unit j, at cosine c, to unit u's heap. */
  offer(u: number, c: number, j: number): void {
    const n = this.n;
    const base = u * n;
    const size = this.size[u]!;
    const cos = this.cos;
    const idx = this.idx;
    if (size < n) {
      // Append, then up.
      let k = size;
      this.size[u] = size + 1;
      while (k > 0) {
        const p = (k - 1) >> 1;
        const cp = cos[base + p]!;
        if (!(c < cp || (c === cp && j > idx[base + p]!))) break;
        cos[base + k] = cp;
        idx[base + k] = idx[base + p]!;
        k = p;
      }
      cos[base + k] = c;
      idx[base + k] = j;
      return;
    }
    if (n === 0) return;
    // Not better than the worst kept: turned away.
    const c0 = cos[base]!;
    if (c < c0 || (c === c0 && j >= idx[base]!)) return;
    // Replace the top, then down.
    let k = 0;
    for (;;) {
      const l = 2 * k + 1;
      if (l >= n) break;
      let w = l;
      const r = l + 1;
      if (r < n && (cos[base + r]! < cos[base + l]! || (cos[base + r] === cos[base + l] && idx[base + r]! > idx[base + l]!))) w = r;
      const cw = cos[base + w]!;
      if (!(cw < c || (cw === c && idx[base + w]! > j))) break;
      cos[base + k] = cw;
      idx[base + k] = idx[base + w]!;
      k = w;
    }
    cos[base + k] = c;
    idx[base + k] = j;
  }

  forEach(u: number, fn: (c: number, j: number) => void): void {
    const base = u * this.n;
    for (let k = 0; k < this.size[u]!; k++) fn(this.cos[base + k]!, this.idx[base + k]!);
  }
}
