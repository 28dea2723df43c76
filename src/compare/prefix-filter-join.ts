/**
 * The similarity join of the near-duplicate search: every pair of distinct
 * texts whose shingle sets have a Jaccard similarity at or above the
 * threshold, found with prefix filtering (Bayardo et al., "Scaling up all
 * pairs similarity search", 2007). Shingles are ordered rarest first, each
 * text is indexed under its few rarest shingles, and only texts sharing one
 * of those are compared, exactly: no pair at or above the threshold is
 * missed, and no pair below it is reported.
 */
import { growTo } from './grow.js';

/** Every text's distinct shingles as ids, in one flat array: text r's are flat[ptr[r]..ptr[r + 1]). */
interface ShingleSets {
  flat: Int32Array;
  ptr: Int32Array;
  /** Per shingle id, the number of texts holding it. */
  freq: Int32Array;
  nIds: number;
}

/** For each of `texts` (normalized, distinct), the texts near-identical to it; undefined for none. */
export function nearIdenticalTexts(texts: readonly string[], k: number, threshold: number): Array<number[] | undefined> {
  const sets = shingleSets(texts, k);
  rankRarestFirst(sets);
  return prefixFilterJoin(sets, threshold);
}

/** Shingle ids (first seen first) and their text frequency, every text's distinct shingles in one flat array. */
function shingleSets(texts: readonly string[], k: number): ShingleSets {
  const R = texts.length;
  const numeric = k <= 3;
  const idOfNum = new Map<number, number>();
  const idOfStr = new Map<string, number>();
  let freq = new Int32Array(1024);
  let lastRec = new Int32Array(1024).fill(-1);
  let nIds = 0;
  const ptr = new Int32Array(R + 1);
  let flat = new Int32Array(1024);
  let used = 0;
  for (let r = 0; r < R; r++) {
    const norm = texts[r]!;
    const count = norm.length <= k ? (norm ? 1 : 0) : norm.length - k + 1;
    if (used + count > flat.length) flat = growTo(flat, used + count, used);
    for (let p = 0; p < count; p++) {
      let id: number | undefined;
      if (numeric && norm.length >= k) {
        let key = 0;
        for (let q = 0; q < k; q++) key = key * 65536 + norm.charCodeAt(p + q);
        id = idOfNum.get(key);
        if (id === undefined) idOfNum.set(key, (id = nIds++));
      } else {
        const s = norm.length <= k ? norm : norm.slice(p, p + k);
        id = idOfStr.get(s);
        if (id === undefined) idOfStr.set(s, (id = nIds++));
      }
      if (id >= freq.length) {
        freq = growTo(freq, 0, freq.length);
        const l2 = new Int32Array(lastRec.length * 2).fill(-1);
        l2.set(lastRec);
        lastRec = l2;
      }
      if (lastRec[id] === r) continue;
      lastRec[id] = r;
      freq[id]!++;
      flat[used++] = id;
    }
    ptr[r + 1] = used;
  }
  return { flat, ptr, freq, nIds };
}

/** Renumber the shingles rarest first (then first seen), each text's ids ascending: a text's prefix is its rarest shingles. */
function rankRarestFirst(sets: ShingleSets): void {
  const { flat, ptr, freq, nIds } = sets;
  const R = ptr.length - 1;
  const order = Int32Array.from({ length: nIds }, (_, i) => i).sort((a, b) => freq[a]! - freq[b]! || a - b);
  const rank = new Int32Array(nIds);
  order.forEach((id, r) => (rank[id] = r));
  const used = ptr[R]!;
  for (let q = 0; q < used; q++) flat[q] = rank[flat[q]!]!;
  for (let r = 0; r < R; r++) flat.subarray(ptr[r]!, ptr[r + 1]!).sort();
}

/** Texts shortest first, each compared with the earlier ones sharing a shingle of its prefix, then indexed under its prefix. */
function prefixFilterJoin(sets: ShingleSets, t: number): Array<number[] | undefined> {
  const { flat, ptr, nIds } = sets;
  const R = ptr.length - 1;
  const len = (x: number) => ptr[x + 1]! - ptr[x]!;
  const byLength = Int32Array.from({ length: R }, (_, i) => i).sort((a, b) => len(a) - len(b) || a - b);
  const postings: Array<number[] | undefined> = new Array(nIds);
  const seen = new Int32Array(R).fill(-1);
  const neighbors: Array<number[] | undefined> = new Array(R);
  const link = (a: number, b: number) => {
    (neighbors[a] ??= []).push(b);
    (neighbors[b] ??= []).push(a);
  };
  for (const x of byLength) {
    const x0 = ptr[x]!;
    const n = len(x);
    const minSize = Math.ceil(t * n - 1e-9);
    const prefix = n - minSize + 1;
    for (let p = 0; p < prefix && p < n; p++) {
      const list = postings[flat[x0 + p]!];
      if (!list) continue;
      for (const y of list) {
        if (seen[y] === x) continue;
        seen[y] = x;
        const ny = len(y);
        if (ny < minSize) continue;
        if (jaccardFlat(flat, x0, n, ptr[y]!, ny) >= t - 1e-12) link(x, y);
      }
    }
    for (let p = 0; p < prefix && p < n; p++) (postings[flat[x0 + p]!] ??= []).push(x);
  }
  return neighbors;
}

/** Jaccard similarity of two ascending runs of ids in `f`. */
function jaccardFlat(f: Int32Array, a0: number, na: number, b0: number, nb: number): number {
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < na && j < nb) {
    const x = f[a0 + i]!;
    const y = f[b0 + j]!;
    if (x === y) {
      o++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const u = na + nb - o;
  return u === 0 ? 0 : o / u;
}
