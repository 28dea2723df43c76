/**
 * A worker thread of similarityOnThreads: its share of the rows against the
 * units after them, every unit's best pairs kept. The rows (their postings) are
 * read from shared memory; only the heaps travel back, their buffers
 * transferred rather than copied (at 120,000 reports, 74 MB a thread).
 */
import { scanTask, type SimilarityHeaps, type SimilarityTask } from './similarity.js';
import { movedToCaller } from '../pipeline/pool.js';

export default function similarityInWorker(task: SimilarityTask): SimilarityHeaps {
  return movedToCaller(scanTask(task));
}
