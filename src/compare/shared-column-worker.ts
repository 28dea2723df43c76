/**
 * The worker thread of addSharedWithColumnOnThread: sentences.csv read and
 * written again with its shared_with column, from the table it is given.
 */
import type { SharedWithTable } from './shared-sentence-index.js';
import { rewriteWithSharedWith } from './shared-column.js';

export default function rewriteInWorker(task: { dir: string; table: SharedWithTable }): boolean {
  return rewriteWithSharedWith(task.dir, task.table);
}
