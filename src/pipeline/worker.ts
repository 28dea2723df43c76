/**
 * A worker thread of the corpus pool: builds the default stages once, then
 * analyzes the files it is handed. Results travel back by structured clone.
 */
import { workerData } from 'node:worker_threads';
import { workerMetaTable, type WorkerSetup } from './corpus-options.js';
import type { WorkerTask } from './corpus.js';
import { processFiles, type FileResult } from './process-files.js';
import { defaultStages } from './default-stages.js';
import { DocRenderer } from '../output/writer.js';

const setup = workerData as WorkerSetup;
const stages = defaultStages(setup.stageConfig);
const options = { ...setup, meta: workerMetaTable(setup) };
const renderer = setup.render ? DocRenderer.forStages(stages, setup.render) : undefined;

export default async function analyzeInWorker(task: WorkerTask): Promise<FileResult[]> {
  return processFiles(task.inputs, task.ids, stages, options, renderer);
}
