/**
 * The worker thread of countAnalysisFolderOnThread: the near-duplicate search
 * over an analysis folder's sentences.csv, read here beside the thread that
 * counts it. The index travels back as plain data, its typed arrays
 * transferred rather than copied (hundreds of MB at 100,000 reports).
 */
import { sharedSentencesOfFolder, type SharedSentenceParts } from './analysis-folder.js';
import type { NearDuplicateOptions } from './shingles.js';
import { movedToCaller } from '../pipeline/pool.js';

export default function sharedSentencesInWorker(task: { dir: string; near: NearDuplicateOptions }): SharedSentenceParts {
  const { index, themeNames } = sharedSentencesOfFolder(task.dir, task.near);
  return movedToCaller({ index: index.toParts(), themeNames });
}
