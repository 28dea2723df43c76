/**
 * A worker thread of similarityOnThreads: its share of the rows against the
 * units after them, every unit's best pairs kept. The rows and postings are
 * read from shared memory; only the heaps travel back.
 */
import { scanTask, type SimilarityHeaps, type SimilarityTask } from './similarity.js';

export default function similarityInWorker(task: SimilarityTask): SimilarityHeaps {
  return scanTask(task);
}
