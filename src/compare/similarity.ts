/**
 * Pairwise similarity of units, in long format (a, b, cosine_tfidf,
 * cosine_themes): on TF-IDF of terms and on theme profiles (the share of
 * sentences carrying each theme). A unit with an all-zero vector has cosine
 * 0 with everything.
 *
 * Each pair is computed once (sparse rows against the feature postings).
 * With `neighbours`, every unit keeps its n most similar units in a bounded
 * heap (ties go to the unit listed first), so memory stays proportional to
 * n × units, not units². similarityOnThreads shares the rows out among
 * worker threads (piscina) and merges their heaps: the same table.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { cosineDense, type SparseVector } from './dfm.js';
import type { SimilarityRow } from './types.js';

/** The TF-IDF columns as postings: the units using feature f, ascending, are postUnit[fptr[f]..fptr[f + 1]), with their weights in postVal. */
export interface Postings {
  fptr: Int32Array;
  postUnit: Int32Array;
  postVal: Float64Array;
}

/** Postings of the rows; in shared memory when worker threads are to read them. */
export function buildPostings(row: (i: number) => SparseVector, n: number, nFeatures: number, shared = false): Postings {
  const fptr = new Int32Array(shared ? new SharedArrayBuffer(4 * (nFeatures + 1)) : new ArrayBuffer(4 * (nFeatures + 1)));
  for (let i = 0; i < n; i++) {
    const { idx } = row(i);
    for (let k = 0; k < idx.length; k++) fptr[idx[k]! + 1]!++;
  }
  for (let f = 0; f < nFeatures; f++) fptr[f + 1]! += fptr[f]!;
  const nnz = fptr[nFeatures]!;
  const postUnit = new Int32Array(shared ? new SharedArrayBuffer(4 * nnz) : new ArrayBuffer(4 * nnz));
  const postVal = new Float64Array(shared ? new SharedArrayBuffer(8 * nnz) : new ArrayBuffer(8 * nnz));
  const cursor = fptr.slice(0, nFeatures);
  for (let i = 0; i < n; i++) {
    const { idx, val } = row(i);
    for (let k = 0; k < idx.length; k++) {
      const at = cursor[idx[k]!]!++;
      postUnit[at] = i;
      postVal[at] = val[k]!;
    }
  }
  return { fptr, postUnit, postVal };
}

/**
 * Rows first, first + stride, … against every unit after them: visit(i, j,
 * cosine) for each j > i, ascending. Unit i meets only the units that share a
 * feature with it; each dot product adds the same products in the same order
 * (ascending feature) as a row against a dense copy of the other, so the
 * cosines are the same to the last bit, whichever thread computes them.
 */
export function scanRows(
  n: number,
  row: (i: number) => SparseVector,
  { fptr, postUnit, postVal }: Postings,
  first: number,
  stride: number,
  visit: (i: number, j: number, cosine: number) => void,
): void {
  const cursor = fptr.slice(0, fptr.length - 1);
  const dot = new Float64Array(n);
  for (let i = first; i < n; i += stride) {
    const { idx, val } = row(i);
    for (let k = 0; k < idx.length; k++) {
      const f = idx[k]!;
      const v = val[k]!;
      const end = fptr[f + 1]!;
      // Past unit i's own entry: the units after it follow.
      let p = cursor[f]!;
      while (postUnit[p]! <= i) p++;
      cursor[f] = p;
      for (; p < end; p++) dot[postUnit[p]!]! += v * postVal[p]!;
    }
    for (let j = i + 1; j < n; j++) {
      const d = dot[j]!;
      dot[j] = 0;
      visit(i, j, d < 0 ? 0 : d > 1 ? 1 : d);
    }
  }
}

/** Unordered pairs (i < j) to report: all of them, or each unit's `neighbours` nearest by TF-IDF. */
export function similarity(
  units: readonly string[],
  vectors: readonly SparseVector[],
  nFeatures: number,
  themeShares: readonly number[][] | null,
  neighbours: number | null,
): SimilarityRow[] {
  const n = units.length;
  const row = (i: number) => vectors[i]!;
  const postings = buildPostings(row, n, nFeatures);
  const toRow = rowMaker(units, themeShares);
  if (neighbours === null) {
    const rows: SimilarityRow[] = [];
    scanRows(n, row, postings, 0, 1, (i, j, c) => rows.push(toRow(i, j, c)));
    return rows;
  }
  const heaps = nearestHeaps(n, neighbours);
  scanRows(n, row, postings, 0, 1, offerToBoth(heaps));
  return keptPairs(heaps, toRow);
}

const WORKER = fileURLToPath(new URL('./similarity-worker.js', import.meta.url));

/** What a similarity worker thread is given: the rows as one compressed sparse row matrix and its postings, in shared memory. */
export interface SimilarityTask {
  n: number;
  ptr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
  postings: Postings;
  neighbours: number;
  first: number;
  stride: number;
}

/** A worker's heaps: unit u kept size[u] pairs, (cos, idx)[u * neighbours + k]. */
export interface SimilarityHeaps {
  size: Int32Array;
  cos: Float64Array;
  idx: Int32Array;
}

/**
 * similarity() with the rows shared out among `jobs` worker threads, each
 * keeping every unit's best pairs among the rows it computed; the merged
 * heaps keep the same pairs (the order they keep is total), so the table is
 * the same as one thread's. The whole table (no `neighbours`), one job or a
 * build without the worker (tests run the sources) stay on this thread.
 */
export async function similarityOnThreads(
  units: readonly string[],
  vectors: readonly SparseVector[],
  nFeatures: number,
  themeShares: readonly number[][] | null,
  neighbours: number | null,
  jobs: number,
): Promise<SimilarityRow[]> {
  const n = units.length;
  if (neighbours === null || jobs < 2 || n < 2 * jobs || !existsSync(WORKER)) return similarity(units, vectors, nFeatures, themeShares, neighbours);
  const ptr = new Int32Array(new SharedArrayBuffer(4 * (n + 1)));
  vectors.forEach((v, i) => (ptr[i + 1] = ptr[i]! + v.idx.length));
  const cols = new Int32Array(new SharedArrayBuffer(4 * ptr[n]!));
  const vals = new Float64Array(new SharedArrayBuffer(8 * ptr[n]!));
  vectors.forEach((v, i) => {
    cols.set(v.idx, ptr[i]!);
    vals.set(v.val, ptr[i]!);
  });
  const postings = buildPostings((i) => vectors[i]!, n, nFeatures, true);
  const pool = new Piscina<SimilarityTask, SimilarityHeaps>({ filename: WORKER, minThreads: jobs, maxThreads: jobs });
  let parts: SimilarityHeaps[];
  try {
    // Rows dealt out in turn: row i meets the n - i - 1 units after it, so
    // contiguous ranges would leave the first thread most of the work.
    parts = await Promise.all(Array.from({ length: jobs }, (_, w) => pool.run({ n, ptr, cols, vals, postings, neighbours, first: w, stride: jobs })));
  } catch {
    // A thread that could not start or died: the same table from this thread, only slower.
    return similarity(units, vectors, nFeatures, themeShares, neighbours);
  } finally {
    await pool.destroy();
  }
  const heaps = nearestHeaps(n, neighbours);
  for (const part of parts) {
    for (let u = 0; u < n; u++) {
      const at = u * neighbours;
      for (let k = 0; k < part.size[u]!; k++) heaps[u]!.offer(part.cos[at + k]!, part.idx[at + k]!);
    }
  }
  return keptPairs(heaps, rowMaker(units, themeShares));
}

/** The work of one similarity thread (similarity-worker.ts). */
export function scanTask(task: SimilarityTask): SimilarityHeaps {
  const { n, ptr, cols, vals, neighbours } = task;
  const heaps = nearestHeaps(n, neighbours);
  const row = (i: number): SparseVector => ({ idx: cols.subarray(ptr[i]!, ptr[i + 1]!), val: vals.subarray(ptr[i]!, ptr[i + 1]!) });
  scanRows(n, row, task.postings, task.first, task.stride, offerToBoth(heaps));
  const size = new Int32Array(n);
  const cos = new Float64Array(n * neighbours);
  const idx = new Int32Array(n * neighbours);
  heaps.forEach((h, u) => {
    let k = u * neighbours;
    h.forEach((c, j) => {
      cos[k] = c;
      idx[k++] = j;
    });
    size[u] = k - u * neighbours;
  });
  return { size, cos, idx };
}

/** One bounded heap per unit. */
function nearestHeaps(n: number, neighbours: number): TopN[] {
  return Array.from({ length: n }, () => new TopN(neighbours));
}

/** scanRows' visitor: a pair is a candidate for both its units. */
function offerToBoth(heaps: readonly TopN[]): (i: number, j: number, c: number) => void {
  return (i, j, c) => {
    heaps[i]!.offer(c, j);
    heaps[j]!.offer(c, i);
  };
}

function rowMaker(units: readonly string[], themeShares: readonly number[][] | null): (i: number, j: number, c: number) => SimilarityRow {
  return (i, j, c) => ({
    a: units[i]!,
    b: units[j]!,
    cosine_tfidf: c,
    cosine_themes: themeShares ? cosineDense(themeShares[i]!, themeShares[j]!) : null,
  });
}

/**
 * Each kept pair once, as (lower unit, higher unit), in that order: the
 * pairs bucketed by their lower unit (a pair kept by both its units comes
 * twice, with the same cosine), each bucket sorted by the higher.
 */
function keptPairs(heaps: readonly TopN[], toRow: (i: number, j: number, c: number) => SimilarityRow): SimilarityRow[] {
  const n = heaps.length;
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
  const rows: SimilarityRow[] = [];
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
    for (let a = from; a < to; a++) if (a === from || higher[a] !== higher[a - 1]) rows.push(toRow(i, higher[a]!, cosine[a]!));
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
