/**
 * Pairwise similarity of units, in long format (a, b, cosine_tfidf,
 * cosine_themes): on TF-IDF of terms and on theme profiles (the share of
 * sentences carrying each theme). A unit with an all-zero vector has cosine
 * 0 with everything.
 *
 * Each pair is computed once, from the rows' postings (each feature's units
 * and weights), which are all the search holds.
 * With `neighbours`, every unit keeps its n most similar units in a bounded
 * heap (ties go to the unit listed first), so memory stays proportional to
 * n × units, not units². similarityOnThreads shares the rows out among
 * threads (piscina's workers and the caller's) and merges their heaps: the same table.
 */
import { workerPool } from '../pipeline/pool.js';
import { cosineDense, TfidfRows, type Dfm, type SparseVector } from './dfm.js';
import type { SimilarityRow } from './types.js';
import { lazyArray } from './lazy-array.js';
import { release } from './releasable.js';

/**
 * TF-IDF rows as the search reads them, by column: the units using feature
 * f, ascending, are postUnit[fptr[f]..fptr[f + 1]), with their weights in
 * postVal. A row is found by walking the columns (scanRows).
 */
export interface Postings {
  fptr: Int32Array;
  postUnit: Int32Array;
  postVal: Float64Array;
}

/** Postings of the rows; in shared memory when worker threads are to read them. */
export function buildPostings(row: (i: number) => SparseVector, n: number, nFeatures: number, shared = false): Postings {
  const fptr = int32s(nFeatures + 1, shared);
  for (let i = 0; i < n; i++) {
    const { idx } = row(i);
    for (let k = 0; k < idx.length; k++) fptr[idx[k]! + 1]!++;
  }
  const place = emptyPostings(fptr, shared);
  for (let i = 0; i < n; i++) place(i, row(i));
  return place.postings;
}

function int32s(length: number, shared: boolean): Int32Array {
  return new Int32Array(shared ? new SharedArrayBuffer(4 * length) : new ArrayBuffer(4 * length));
}

/**
 * Postings sized by `fptr` (each feature's count at f + 1, summed here into
 * offsets) and a function that places row i's entries: rows placed in
 * ascending order leave each feature's units ascending.
 */
function emptyPostings(fptr: Int32Array, shared: boolean): ((i: number, row: SparseVector) => void) & { postings: Postings } {
  const nFeatures = fptr.length - 1;
  for (let f = 0; f < nFeatures; f++) fptr[f + 1]! += fptr[f]!;
  const nnz = fptr[nFeatures]!;
  const postUnit = int32s(nnz, shared);
  const postVal = new Float64Array(shared ? new SharedArrayBuffer(8 * nnz) : new ArrayBuffer(8 * nnz));
  const cursor = fptr.slice(0, nFeatures);
  const place = (i: number, { idx, val }: SparseVector) => {
    for (let k = 0; k < idx.length; k++) {
      const at = cursor[idx[k]!]!++;
      postUnit[at] = i;
      postVal[at] = val[k]!;
    }
  };
  return Object.assign(place, { postings: { fptr, postUnit, postVal } });
}

/** Rows taken together from a scan's shared counter. */
export const ROW_BLOCK = 16;

/**
 * A scan's share of the rows: blocks of ROW_BLOCK rows claimed in turn
 * from `next` (one counter in shared memory for all the threads of a
 * search), so a thread given costly rows claims fewer. Rows are not dealt
 * by a fixed stride: a row's cost is its features' postings after it,
 * which vary from report to report (on the bench corpus odd rows cost
 * twice the even ones, so a fixed stride leaves one of two threads waiting).
 */
export function rowClaims(next: Int32Array = new Int32Array(1)): () => number {
  return () => Atomics.add(next, 0, ROW_BLOCK);
}

/**
 * The rows of the blocks `claim` returns (ascending) against every unit
 * after them: eachRow(i, dot) with dot[j] the dot product of rows i and j
 * for each j > i (entries at or below i are not meaningful; the scan clears
 * them after the call). Unit i meets only the units that share a feature
 * with it; each dot product adds the same products in the same order
 * (ascending feature) as a row against a dense copy of the other, so the
 * cosines are the same to the last bit, whichever thread computes them.
 *
 * A row's features are found in the postings themselves: each feature's
 * cursor moves past the units before the row, and the feature is the row's
 * when the row is the unit it stops at. That is a step per feature and row
 * (no slower at 10,000 reports and 2,000 features: the cursors' postings
 * stay in the cache from row to row) and saves the rows' own lists of
 * features, a quarter of the search's memory.
 */
export function scanRows(
  n: number,
  { fptr, postUnit, postVal }: Postings,
  claim: () => number,
  eachRow: (i: number, dot: Float64Array) => void,
): void {
  const nFeatures = fptr.length - 1;
  const cursor = fptr.slice(0, nFeatures);
  const dot = new Float64Array(n);
  let i = n;
  let blockEnd = n;
  for (;;) {
    if (i >= blockEnd) {
      i = claim();
      if (i >= n) return;
      blockEnd = Math.min(n, i + ROW_BLOCK);
    }
    for (let f = 0; f < nFeatures; f++) {
      const end = fptr[f + 1]!;
      // Past the units before row i. Bounded by the end of f's postings:
      // when every unit of f comes before i nothing follows.
      let p = cursor[f]!;
      let unit = -1;
      while (p < end && (unit = postUnit[p]!) < i) p++;
      if (unit !== i) {
        cursor[f] = p;
        continue;
      }
      // Row i's own weight of f, then the units after it.
      const v = postVal[p++]!;
      cursor[f] = p;
      // Four postings a step: V8 does not unroll, and four independent
      // loads and stores overlap (half the time at 10,000 units). A unit
      // occurs once in a posting list, so each dot[u] still gets its
      // products in ascending feature order: the same sums to the last bit.
      for (const end4 = end - 3; p < end4; p += 4) {
        const u0 = postUnit[p]!;
        const u1 = postUnit[p + 1]!;
        const u2 = postUnit[p + 2]!;
        const u3 = postUnit[p + 3]!;
        dot[u0]! += v * postVal[p]!;
        dot[u1]! += v * postVal[p + 1]!;
        dot[u2]! += v * postVal[p + 2]!;
        dot[u3]! += v * postVal[p + 3]!;
      }
      for (; p < end; p++) dot[postUnit[p]!]! += v * postVal[p]!;
    }
    eachRow(i, dot);
    dot.fill(0, i + 1);
    i++;
  }
}

/** A dot product of unit-length rows as a cosine: rounding can take it a hair outside [0, 1]. */
function cosineOf(d: number): number {
  return d < 0 ? 0 : d > 1 ? 1 : d;
}

/** Unordered pairs (i < j) to report: all of them, or each unit's `neighbours` nearest by TF-IDF. */
export function similarity(
  units: readonly string[],
  vectors: readonly SparseVector[],
  nFeatures: number,
  themeShares: readonly number[][] | null,
  neighbours: number | null,
): SimilarityRow[] {
  return similarityOfPostings(units, buildPostings((i) => vectors[i]!, units.length, nFeatures), themeShares, neighbours);
}

/**
 * The TF-IDF rows of a dfm (TfidfRows) as postings, made one row at a time
 * straight into shared memory (the search's threads read them there): the
 * weights are held once, in the postings, and never as vectors (12 bytes a
 * weight, 440 MB at 120,000 reports, on top of the dfm and the postings).
 *
 * With `useUpDfm`, the dfm's counts are used up as the rows are made: a
 * releasable buffer of them (releasable.ts: the corpus counter's chunks,
 * which units of one document point into) is released once the row of the
 * last unit reading it is placed, so that the counts shrink as the postings
 * fill. Other buffers (a unit of several documents has arrays of its own)
 * are left to the garbage collector.
 */
export function tfidfPostings(dfm: Dfm, features: readonly string[], df: Int32Array, useUpDfm = false): Postings {
  const weighting = new TfidfRows(dfm, features, df);
  const n = weighting.n;
  const fptr = int32s(features.length + 1, true);
  for (let u = 0; u < n; u++) weighting.countRow(u, fptr);
  const place = emptyPostings(fptr, true);
  const usedUp = useUpDfm ? lastReaders(dfm) : new Map<number, ArrayBufferLike[]>();
  for (let u = 0; u < n; u++) {
    place(u, weighting.row(u));
    for (const buffer of usedUp.get(u) ?? []) release(buffer);
  }
  return place.postings;
}

/** The dfm's buffers by the last unit that reads them. */
function lastReaders(dfm: Dfm): Map<number, ArrayBufferLike[]> {
  const last = new Map<ArrayBufferLike, number>();
  dfm.ids.forEach((ids, u) => {
    last.set(ids.buffer, u);
    last.set(dfm.counts[u]!.buffer, u);
  });
  const byUnit = new Map<number, ArrayBufferLike[]>();
  for (const [buffer, u] of last) byUnit.set(u, [...(byUnit.get(u) ?? []), buffer]);
  return byUnit;
}

/** similarity() of TF-IDF rows given by their postings, on this thread. */
export function similarityOfPostings(units: readonly string[], rows: Postings, themeShares: readonly number[][] | null, neighbours: number | null): SimilarityRow[] {
  const n = units.length;
  if (neighbours === null) {
    const toRow = rowMaker(units, themeShares);
    const pairs: SimilarityRow[] = [];
    scanRows(n, rows, rowClaims(), (i, dot) => {
      for (let j = i + 1; j < n; j++) pairs.push(toRow(i, j, cosineOf(dot[j]!)));
    });
    return pairs;
  }
  return mergedPairs(units, themeShares, neighbours, [scanHeaps(n, rows, neighbours, rowClaims())]);
}

/** Dense rows over the first `m` features (for k-means), from the postings: each unit's weights of those features, 0 where it has none. */
export function densifyPostings({ fptr, postUnit, postVal }: Postings, n: number, m: number): number[][] {
  const rows = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let f = 0; f < m && f + 1 < fptr.length; f++) for (let p = fptr[f]!; p < fptr[f + 1]!; p++) rows[postUnit[p]!]![f] = postVal[p]!;
  return rows;
}

/** The similarity worker (similarity-worker.ts), under dist/. */
const WORKER = 'compare/similarity-worker.js';

/** What a similarity worker thread is given: the rows (their postings), in shared memory. */
export interface SimilarityTask {
  n: number;
  rows: Postings;
  neighbours: number;
  /** The shared row counter (rowClaims). */
  next: Int32Array;
}

/** A worker's NearestTable: unit u kept size[u] pairs, (cos, idx)[u * neighbours + k]. */
export interface SimilarityHeaps {
  size: Int32Array;
  cos: Float64Array;
  idx: Int32Array;
}

/** A search started on worker threads, which this thread joins once its own work is done. */
export interface SearchOnThreads {
  /**
   * Scan rows on this thread too, until none is left to claim (synchronous):
   * a search not threaded is all done here.
   */
  join(): void;
  /** The table, once every thread is done. */
  table(): Promise<SimilarityRow[]>;
  /** Settled once the worker threads are done and their pool closed, whether they failed or not; nothing is computed here. */
  readonly settled: Promise<void>;
  /** Leave the rows not yet claimed unscanned: the threads stop after the block they are on (the caller has failed, and waits for settled). */
  cancel(): void;
}

/**
 * similarityOfPostings, with the rows shared out among `jobs` threads: `jobs
 * − 1` workers start at once, and this thread makes the last once its own
 * work is done and it joins (on two cores, compare writes its tables beside
 * one searching thread, not two, and this thread's heaps are made only
 * then). Each keeps every unit's best pairs among the rows it computed; the
 * merged heaps keep the same pairs (mergedPairs), so the table is the same
 * as one thread's. The whole table (no `neighbours`), one job or a checkout
 * not yet built stay on this thread, in join().
 */
export function similarityOnThreads(
  units: readonly string[],
  rows: Postings,
  themeShares: readonly number[][] | null,
  neighbours: number | null,
  jobs: number,
): SearchOnThreads {
  const n = units.length;
  let done: SimilarityRow[] | null = null;
  const here = () => (done ??= similarityOfPostings(units, rows, themeShares, neighbours));
  const pool = neighbours === null || jobs < 2 || n < 2 * jobs ? null : workerPool<SimilarityTask, SimilarityHeaps>(WORKER, { threads: jobs - 1 });
  if (pool === null || neighbours === null) return { join: here, table: async () => here(), settled: Promise.resolve(), cancel: () => undefined };
  const next = new Int32Array(new SharedArrayBuffer(4));
  const workers = Promise.all(Array.from({ length: jobs - 1 }, () => pool.run({ n, rows, neighbours, next }))).finally(() => pool.destroy());
  // Awaited in table(); until then a failed thread must not count as unhandled.
  let failed = false;
  const settled = workers.then(
    () => undefined,
    () => void (failed = true),
  );
  let own: SimilarityHeaps | null = null;
  return {
    settled,
    cancel() {
      Atomics.store(next, 0, n);
    },
    join() {
      // Rows left when this thread joins: its heaps are made only then. A
      // thread known to have failed leaves the whole search to table(), on this thread.
      if (!failed && own === null && Atomics.load(next, 0) < n) own = scanTask({ n, rows, neighbours, next });
    },
    async table() {
      let parts: SimilarityHeaps[];
      try {
        parts = await workers;
      } catch {
        // A thread that could not start or died: the same table from this thread, only slower.
        return here();
      }
      return mergedPairs(units, themeShares, neighbours, own ? [own, ...parts] : parts);
    },
  };
}

/**
 * The pairs kept by threads that scanned disjoint rows: the first one's
 * heaps, taken over, gain the others' pairs. Each pair was scanned by one
 * thread only, and a unit keeps its best pairs whatever the order they are
 * offered in (the order is total): the table of one thread.
 */
export function mergedPairs(units: readonly string[], themeShares: readonly number[][] | null, neighbours: number, parts: readonly SimilarityHeaps[]): SimilarityRow[] {
  const n = units.length;
  const nearest = new NearestTable(n, neighbours, parts[0]);
  for (const part of parts.slice(1)) {
    for (let u = 0; u < n; u++) {
      const at = u * neighbours;
      for (let k = 0; k < part.size[u]!; k++) nearest.offer(u, part.cos[at + k]!, part.idx[at + k]!);
    }
  }
  return keptPairs(nearest, rowMaker(units, themeShares));
}

/** The work of one similarity thread (similarity-worker.ts). */
export function scanTask(task: SimilarityTask): SimilarityHeaps {
  return scanHeaps(task.n, task.rows, task.neighbours, rowClaims(task.next));
}

/** Every unit's best pairs among the rows of the blocks `claim` gives (scanRows). */
export function scanHeaps(n: number, rows: Postings, neighbours: number, claim: () => number): SimilarityHeaps {
  const nearest = new NearestTable(n, neighbours);
  scanRows(n, rows, claim, offerRow(nearest));
  return { size: nearest.size, cos: nearest.cos, idx: nearest.idx };
}

/** scanRows' visitor: each pair of row i is a candidate for both its units. */
function offerRow(nearest: NearestTable): (i: number, dot: Float64Array) => void {
  const floor = nearest.floor;
  const n = floor.length;
  return (i, dot) => {
    for (let j = i + 1; j < n; j++) {
      const c = cosineOf(dot[j]!);
      // Most pairs reach neither unit's kept set: rejected here on one
      // sequential array, without touching the heaps (an object per unit,
      // read for every pair, would cost more than anything but the dot products).
      if (c >= floor[j]!) nearest.offer(j, c, i);
      if (c >= floor[i]!) nearest.offer(i, c, j);
    }
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
function keptPairs(nearest: NearestTable, toRow: (i: number, j: number, c: number) => SimilarityRow): SimilarityRow[] {
  const { n, k: width, size, idx: kept, cos: keptCos } = nearest;
  const start = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) for (let a = u * width; a < u * width + size[u]!; a++) start[Math.min(u, kept[a]!) + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const higher = new Int32Array(start[n]!);
  const cosine = new Float64Array(start[n]!);
  const fill = start.slice(0, n);
  for (let u = 0; u < n; u++) {
    for (let a = u * width; a < u * width + size[u]!; a++) {
      const j = kept[a]!;
      const at = fill[Math.min(u, j)]!++;
      higher[at] = Math.max(u, j);
      cosine[at] = keptCos[a]!;
    }
  }
  // The pairs kept, in place: a bucket's distinct pairs moved to the front of the arrays.
  let pairs = 0;
  const lower = new Int32Array(start[n]!);
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
    for (let a = from; a < to; a++) {
      if (a > from && higher[a] === higher[a - 1]) continue;
      lower[pairs] = i;
      higher[pairs] = higher[a]!;
      cosine[pairs++] = cosine[a]!;
    }
  }
  // Rows made when read (lazyArray): at 100,000 units, 5 million row objects held until written.
  return lazyArray(pairs, (k) => toRow(lower[k]!, higher[k]!, cosine[k]!));
}

/**
 * Every unit's k best (cosine, unit) pairs seen: higher cosine first, then
 * the lower unit index. Unit u's pairs are a binary heap with the worst kept
 * pair on top, in cos and idx from u * k, size[u] of them. Flat typed arrays
 * rather than an object per unit: the scan offers every pair to both units.
 */
class NearestTable {
  readonly size: Int32Array;
  readonly cos: Float64Array;
  readonly idx: Int32Array;
  /**
   * Per unit, the cosine a pair must reach to be offered: the worst kept
   * one once the unit has k pairs, -1 before (cosines are in [0, 1]). A pair
   * equal to it may still win on the unit index; offer decides.
   */
  readonly floor: Float64Array;

  /** An empty table, or one holding the heaps a scan kept (their arrays taken over, not copied). */
  constructor(
    readonly n: number,
    readonly k: number,
    heaps?: SimilarityHeaps,
  ) {
    this.size = heaps?.size ?? new Int32Array(n);
    this.cos = heaps?.cos ?? new Float64Array(n * k);
    this.idx = heaps?.idx ?? new Int32Array(n * k);
    this.floor = new Float64Array(n).fill(-1);
    // A full heap's worst pair is on top.
    if (heaps) for (let u = 0; u < n; u++) if (k > 0 && this.size[u] === k) this.floor[u] = this.cos[u * k]!;
  }

  offer(u: number, c: number, j: number): void {
    const k = this.k;
    const base = u * k;
    const size = this.size[u]!;
    if (size < k) {
      this.cos[base + size] = c;
      this.idx[base + size] = j;
      this.size[u] = size + 1;
      this.up(base, size);
      if (size + 1 === k) this.floor[u] = this.cos[base]!;
    } else if (k > 0 && worse(this.cos[base]!, this.idx[base]!, c, j)) {
      this.cos[base] = c;
      this.idx[base] = j;
      this.down(base, k);
      this.floor[u] = this.cos[base]!;
    }
  }

  private swap(a: number, b: number): void {
    const c = this.cos[a]!;
    this.cos[a] = this.cos[b]!;
    this.cos[b] = c;
    const i = this.idx[a]!;
    this.idx[a] = this.idx[b]!;
    this.idx[b] = i;
  }

  /** Sift entry `at` of the heap at `base` up. */
  private up(base: number, at: number): void {
    while (at > 0) {
      const p = (at - 1) >> 1;
      if (!worse(this.cos[base + at]!, this.idx[base + at]!, this.cos[base + p]!, this.idx[base + p]!)) break;
      this.swap(base + at, base + p);
      at = p;
    }
  }

  /** Sift the top of the heap at `base` (of `size` entries) down. */
  private down(base: number, size: number): void {
    let at = 0;
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let w = at;
      if (l < size && worse(this.cos[base + l]!, this.idx[base + l]!, this.cos[base + w]!, this.idx[base + w]!)) w = l;
      if (r < size && worse(this.cos[base + r]!, this.idx[base + r]!, this.cos[base + w]!, this.idx[base + w]!)) w = r;
      if (w === at) return;
      this.swap(base + at, base + w);
      at = w;
    }
  }
}

/** Pair (ca, ia) is worse than (cb, ib): a lower cosine, or the same and a higher unit index. */
function worse(ca: number, ia: number, cb: number, ib: number): boolean {
  return ca < cb || (ca === cb && ia > ib);
}
