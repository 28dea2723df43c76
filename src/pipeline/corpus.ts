/**
 * A corpus run: paths → documents, one at a time, with a manifest row for
 * every input whatever happens to it (files are analyzed by process-files.ts,
 * duplicates decided by duplicates.ts).
 *
 * Reading .docx and .pdf is asynchronous, so the corpus is an async iterator.
 * Files may be analyzed on worker threads; duplicates are decided afterwards,
 * in input order, so they do not depend on thread timing.
 */
import { collectInputs, row, type InputFile } from '../read/inputs.js';
import { errorMessage } from '../model/errors.js';
import { workerSetup, type CorpusOptions } from './corpus-options.js';
import { documentIds } from './document-ids.js';
import { Deduplicator } from './duplicates.js';
import { compiledWorker, workerPool } from './pool.js';
import { fileBatches, processFiles, type CorpusItem, type FileResult } from './process-files.js';
import { addProfile } from './profile.js';
import { DocRenderer } from '../output/writer.js';

export type { CorpusOptions } from './corpus-options.js';
export type { CorpusItem } from './process-files.js';

/** The analysis worker (worker.ts), under dist/. */
const WORKER = 'pipeline/worker.js';

/**
 * Analyze inputs in input order, one document at a time, so a caller can
 * stream results out. With `jobs` > 1, files are analyzed on a pool of worker
 * threads while results are still handed out in input order, so the output
 * is the same whatever the number of threads.
 */
export async function* iterateCorpus(paths: string[], options: CorpusOptions = {}): AsyncGenerator<CorpusItem> {
  const { files, manifest } = options.inputs ?? collectInputs(paths);
  for (const entry of manifest) yield { entry };
  const ids = documentIds(files);
  const duplicates = new Deduplicator(options.keepDuplicates ?? false);
  const results = usePool(options, files) ? pooled(files, ids, options) : inProcess(files, ids, options);
  let done = 0;
  for await (const result of results) {
    if (options.profile) addProfile(options.profile, result.profile);
    for (const item of result.items) yield duplicates.item(item);
    options.onFile?.(++done, files.length, files[done - 1]!.file);
  }
}

/**
 * Starting a worker costs about a second (each loads the dictionaries and the
 * model), so a handful of files is faster in this thread.
 */
export const MIN_FILES_FOR_POOL = 16;

/**
 * Nor do threads pay off on a small corpus, whatever its number of files:
 * workers start (a thread, its modules, then jieba's dictionary, slower when
 * threads load at once) in about 2 s against this thread's 1.5 s, and until
 * they have all started they are not faster. Measured with `--jobs 2` on two
 * cores against `--jobs 1`, median of three: 200 reports (1.6 MB) 3.5 s
 * against 2.4 s; 500 (4 MB) 4.5 against 3.7; 1,244 (10 MB) 6.4 against 6.5;
 * 80 MB 24 s against 38. Below this many bytes the corpus is analyzed here.
 */
export const MIN_BYTES_FOR_POOL = 8 * 1024 * 1024;

/** The threads that will analyze these files: `jobs` worker threads, or 1 (this one). */
export function analysisThreads(options: CorpusOptions, files: readonly InputFile[]): number {
  return usePool(options, files) ? options.jobs! : 1;
}

function usePool(options: CorpusOptions, files: readonly InputFile[]): boolean {
  if ((options.jobs ?? 1) <= 1 || files.length < MIN_FILES_FOR_POOL || !(options.stagesAreDefault ?? false) || compiledWorker(WORKER) === null) return false;
  let bytes = 0;
  for (const f of files) bytes += f.bytes ?? 0;
  return bytes >= (options.minBytesForPool ?? MIN_BYTES_FOR_POOL);
}

async function* inProcess(files: InputFile[], ids: Map<string, string>, options: CorpusOptions): AsyncGenerator<FileResult> {
  const stages = options.stages ?? [];
  const renderer = options.render ? DocRenderer.forStages(stages, options.render) : undefined;
  for (const batch of fileBatches(files)) yield* await processFiles(batch, batch.map((f) => ids.get(f.file)!), stages, options, renderer);
}

/**
 * Files of a worker thread's task at most: fewer than BATCH_FILES, because
 * each worker holds its task's documents until they are rendered. On the
 * 10 MB bench corpus with --jobs 2, tasks of 32 files peaked at 939-948 MiB
 * against 854-883 MiB with 8, in the same time (5.42-5.81 s against
 * 5.57-5.79 s, four alternating runs each).
 */
export const POOL_BATCH_FILES = 8;

/** A batch of files for one worker thread, with their document ids. */
export interface WorkerTask {
  inputs: InputFile[];
  ids: string[];
}

async function* pooled(files: InputFile[], ids: Map<string, string>, options: CorpusOptions): AsyncGenerator<FileResult> {
  const jobs = options.jobs!;
  const pool = workerPool<WorkerTask, FileResult[]>(WORKER, { threads: jobs, workerData: workerSetup(options) })!;
  // Tasks are batches of files (fileBatches), smaller ones here so that
  // every thread has work; a bounded window of them in flight keeps memory
  // flat however long the corpus.
  const batches = fileBatches(files, Math.max(1, Math.min(POOL_BATCH_FILES, Math.ceil(files.length / (jobs * 4)))));
  const window = jobs * 4;
  const pending = new Map<number, Promise<FileResult[]>>();
  let next = 0;
  try {
    for (let i = 0; i < batches.length; i++) {
      for (; next < batches.length && next < i + window; next++) {
        const batch = batches[next]!;
        const failed = (input: InputFile, e: unknown): FileResult => ({
          items: [{ entry: row(input.file, 'failed', `analysis failed in a worker thread: ${errorMessage(e)}`) }],
          profile: {},
        });
        pending.set(
          next,
          pool
            .run({ inputs: batch, ids: batch.map((f) => ids.get(f.file)!) })
            // A batch whose thread died is retried file by file, so only the file that kills a thread fails.
            .catch(() =>
              Promise.all(
                batch.map((input) =>
                  pool
                    .run({ inputs: [input], ids: [ids.get(input.file)!] })
                    .then((r) => r[0]!)
                    .catch((e: unknown) => failed(input, e)),
                ),
              ),
            ),
        );
      }
      const results = await pending.get(i)!;
      pending.delete(i);
      yield* results;
    }
  } finally {
    await pool.destroy();
  }
}
