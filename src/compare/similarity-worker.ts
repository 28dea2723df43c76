/**
 * A worker thread of similarityOnThreads: its share of the rows against the
 * units after them, every unit's best pairs kept. The rows (their postings) are
 * read from shared memory; only the heaps travel back, their buffers
 * transferred rather than copied (at 120,000 reports, 74 MB a thread).
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { scanTask, type SimilarityHeaps, type SimilarityTask } from './similarity.js';

export default function similarityInWorker(task: SimilarityTask): SimilarityHeaps {
  const heaps = scanTask(task);
  const transferable = {
    get [transferableSymbol]() {
      return [heaps.size.buffer, heaps.cos.buffer, heaps.idx.buffer];
    },
    get [valueSymbol]() {
      return heaps;
    },
  };
  // What the pool's caller receives is the heaps (valueSymbol).
  return move(transferable) as unknown as SimilarityHeaps;
}
