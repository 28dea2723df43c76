/**
 * The worker thread of countAnalysisFolderOnThread: the near-duplicate search
 * over an analysis folder's sentences.csv, read here beside the thread that
 * counts it. The index travels back as plain data, its typed arrays
 * transferred rather than copied (hundreds of MB at 100,000 reports).
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { sharedSentencesOfFolder, type SharedSentenceParts } from './analysis-folder.js';
import type { NearDuplicateOptions } from './shingles.js';
import { buffersOf } from './transfer.js';

export default function sharedSentencesInWorker(task: { dir: string; near: NearDuplicateOptions }): SharedSentenceParts {
  const { index, themeNames } = sharedSentencesOfFolder(task.dir, task.near);
  const parts: SharedSentenceParts = { index: index.toParts(), themeNames };
  const transferable = {
    get [transferableSymbol]() {
      return buffersOf(parts);
    },
    get [valueSymbol]() {
      return parts;
    },
  };
  // What the pool's caller receives is the parts (valueSymbol).
  return move(transferable) as unknown as SharedSentenceParts;
}
