/**
 * A worker thread of similarity.ts: claims rows from the shared counter and
 * keeps its pairs in heaps in shared memory, which the calling thread merges.
 * It counts itself busy (control[1]) from its first claim until a claim finds
 * no rows left, and whatever happens it does not stay counted, so the
 * calling thread never waits for it forever.
 */
import { workerData } from 'node:worker_threads';
import type { SimilarityWorkerData } from './similarity.js';

const { m, neighbours, control, out } = workerData as SimilarityWorkerData;
let busy = false;
const done = () => {
  if (busy) Atomics.sub(control, 1, 1);
  busy = false;
  Atomics.notify(control, 1);
};
try {
  const { similarityKernel, TopNs, CHUNK } = await import('./similarity-kernel.js');
  const heaps = new TopNs(m.n, neighbours, out);
  similarityKernel(m, heaps, null, () => {
    if (!busy) {
      Atomics.add(control, 1, 1);
      busy = true;
    }
    const i0 = Atomics.add(control, 0, CHUNK);
    if (i0 >= m.n) done();
    return i0;
  });
} catch {
  Atomics.add(control, 2, 1);
} finally {
  done();
}
