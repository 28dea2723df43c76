/**
 * Pairwise similarity of units, in long format (a, b, cosine_tfidf,
 * cosine_themes): on TF-IDF of terms and on theme profiles (the share of
 * sentences carrying each theme). A unit with an all-zero vector has cosine
 * 0 with everything.
 *
 * Each pair is computed once (sparse rows against the feature postings). With `neighbours`, every unit keeps its n most similar units in a
 * bounded heap, so memory stays proportional to n × units, not units²; the
 * pairs are then shared with worker threads when there are many units (every
 * pair is still computed, exactly: on these corpora no bound on the cosine was
 * tight enough to skip pairs safely).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { cosineDense, type SparseVector } from './dfm.js';
import { CHUNK, similarityKernel, TopNs, type SimilarityMatrix } from './similarity-kernel.js';
import type { SimilarityRow } from './types.js';

/** Above this many units, similarity is shared with worker threads (below, starting them costs more than it saves). */
export const PARALLEL_MIN_UNITS = 2000;
/** At most this many threads (the calling one included). */
const MAX_THREADS = 4;
const WORKER = fileURLToPath(new URL('./similarity-worker.js', import.meta.url));

/** Unordered pairs (i < j) to report: all of them, or each unit's `neighbours` nearest by TF-IDF. */
export function similarity(
  units: readonly string[],
  vectors: readonly SparseVector[],
  nFeatures: number,
  themeShares: readonly number[][] | null,
  neighbours: number | null,
): SimilarityRow[] {
  const n = units.length;
  const rows: SimilarityRow[] = [];
  const row = (i: number, j: number, c: number): SimilarityRow => ({
    a: units[i]!,
    b: units[j]!,
    cosine_tfidf: c,
    cosine_themes: themeShares ? cosineDense(themeShares[i]!, themeShares[j]!) : null,
  });
  // Neighbours only: a thread's heaps do not depend on which pairs it saw
  // first, so threads can share the rows and their heaps be merged after.
  const threads = neighbours !== null && n >= PARALLEL_MIN_UNITS && existsSync(WORKER) ? Math.min(MAX_THREADS, availableParallelism()) : 1;
  const m = matrix(vectors, nFeatures, threads > 1);
  if (neighbours === null) {
    let next = 0;
    similarityKernel(m, null, (i, j, c) => rows.push(row(i, j, c)), () => (next += CHUNK) - CHUNK);
    return rows;
  }
  let heaps = threads > 1 ? inThreads(m, neighbours, threads) : null;
  if (heaps === null) {
    heaps = new TopNs(n, neighbours);
    let next = 0;
    similarityKernel(m, heaps, null, () => (next += CHUNK) - CHUNK);
  }
  const keep: Array<Map<number, number>> = Array.from({ length: n }, () => new Map());
  for (let i = 0; i < n; i++) heaps.forEach(i, (c, j) => keep[Math.min(i, j)]!.set(Math.max(i, j), c));
  for (let i = 0; i < n; i++) {
    for (const j of [...keep[i]!.keys()].sort((x, y) => x - y)) rows.push(row(i, j, keep[i]!.get(j)!));
  }
  return rows;
}

/** The vectors as compressed sparse rows and as postings, in shared memory when threads will read them. */
function matrix(vectors: readonly SparseVector[], nFeatures: number, shared: boolean): SimilarityMatrix {
  const n = vectors.length;
  const ints = (length: number) => (shared ? new Int32Array(new SharedArrayBuffer(length * 4)) : new Int32Array(length));
  const floats = (length: number) => (shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length));
  const ptr = ints(n + 1);
  vectors.forEach((v, i) => (ptr[i + 1] = ptr[i]! + v.idx.length));
  // Vectors that are consecutive views of shared buffers (compactTfidf's) are the rows as they are.
  const base = packed(vectors, shared);
  const cols = base ? base.cols.subarray(0, ptr[n]!) : ints(ptr[n]!);
  const vals = base ? base.vals.subarray(0, ptr[n]!) : floats(ptr[n]!);
  if (!base) {
    vectors.forEach((v, i) => {
      cols.set(v.idx, ptr[i]!);
      vals.set(v.val, ptr[i]!);
    });
  }
  const fptr = ints(nFeatures + 1);
  for (let k = 0; k < cols.length; k++) fptr[cols[k]! + 1]!++;
  for (let f = 0; f < nFeatures; f++) fptr[f + 1]! += fptr[f]!;
  const postUnit = ints(cols.length);
  const postVal = floats(cols.length);
  const cursor = fptr.slice(0, nFeatures);
  for (let i = 0; i < n; i++) {
    for (let k = ptr[i]!; k < ptr[i + 1]!; k++) {
      const at = cursor[cols[k]!]!++;
      postUnit[at] = i;
      postVal[at] = vals[k]!;
    }
  }
  return { n, nFeatures, ptr, cols, vals, fptr, postUnit, postVal };
}

/** The vectors' shared buffers, from their first entry, when the vectors lie one after another in them (and sharing is wanted). */
function packed(vectors: readonly SparseVector[], shared: boolean): { cols: Int32Array; vals: Float64Array } | null {
  const first = vectors[0];
  if (!shared || !first) return null;
  const ib = first.idx.buffer;
  const vb = first.val.buffer;
  if (!(ib instanceof SharedArrayBuffer) || !(vb instanceof SharedArrayBuffer)) return null;
  let at = 0;
  const i0 = first.idx.byteOffset / 4;
  const v0 = first.val.byteOffset / 8;
  for (const v of vectors) {
    if (v.idx.buffer !== ib || v.val.buffer !== vb || v.idx.byteOffset / 4 !== i0 + at || v.val.byteOffset / 8 !== v0 + at) return null;
    at += v.idx.length;
  }
  return { cols: new Int32Array(ib, first.idx.byteOffset, at), vals: new Float64Array(vb, first.val.byteOffset, at) };
}

/**
 * The kernel on this thread and `threads - 1` workers, sharing one row
 * counter; each thread's heaps are merged into one (the same n best pairs:
 * the heaps' order is total). compare is synchronous, so this thread waits
 * on shared memory for the workers rather than on events; a worker that
 * never starts leaves its rows to the others.
 */
function inThreads(m: SimilarityMatrix, neighbours: number, threads: number): TopNs | null {
  const { n } = m;
  // [0] next row to claim, [1] workers inside a chunk, [2] workers that failed.
  const control = new Int32Array(new SharedArrayBuffer(12));
  const outs = Array.from({ length: threads - 1 }, () => ({
    cos: new Float64Array(new SharedArrayBuffer(n * neighbours * 8)),
    idx: new Int32Array(new SharedArrayBuffer(n * neighbours * 4)),
    size: new Int32Array(new SharedArrayBuffer(n * 4)),
  }));
  const workers = outs.map((out) => {
    const data: SimilarityWorkerData = { m, neighbours, control, out };
    const w = new Worker(WORKER, { workerData: data });
    w.unref();
    return w;
  });
  const heaps = new TopNs(n, neighbours);
  try {
    similarityKernel(m, heaps, null, () => Atomics.add(control, 0, CHUNK));
    // Every row is claimed; wait for the chunks the workers are still on.
    for (let busy = Atomics.load(control, 1); busy > 0; busy = Atomics.load(control, 1)) Atomics.wait(control, 1, busy, 1000);
  } finally {
    for (const w of workers) void w.terminate();
  }
  // A worker that failed lost the rows it had claimed: all again, on this thread.
  if (Atomics.load(control, 2) > 0) return null;
  for (const out of outs) {
    const h = new TopNs(n, neighbours, out);
    for (let u = 0; u < n; u++) h.forEach(u, (c, j) => heaps.offer(u, c, j));
  }
  return heaps;
}

/** What a similarity worker is given. */
export interface SimilarityWorkerData {
  m: SimilarityMatrix;
  neighbours: number;
  control: Int32Array;
  out: { cos: Float64Array; idx: Int32Array; size: Int32Array };
}
