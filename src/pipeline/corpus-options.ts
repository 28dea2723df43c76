/**
 * The options of a corpus run, one type from the caller down to each file:
 * the part that is plain data (stage configuration, the --meta table, the
 * size limit, how rows are rendered) is what a worker thread is given as it
 * is, and the rest stays in this thread.
 */
import type { ReadOptions, CollectedInputs } from '../read/inputs.js';
import type { MetaKeyColumn, MetaTable } from '../metadata/frame.js';
import type { RenderOptions } from '../output/writer.js';
import type { Stage } from '../model/stage.js';
import type { StageConfig } from './default-stages.js';
import type { Profile } from './profile.js';

export interface CorpusOptions extends ReadOptions {
  stages?: Stage[];
  /**
   * What the default stages are built from. Worker threads build their own
   * stages from it (stage objects cannot cross threads), so custom `stages`
   * always run in this thread.
   */
  stageConfig?: StageConfig;
  /** True when `stages` are the default ones, which worker threads can rebuild from `stageConfig`. */
  stagesAreDefault?: boolean;
  /** Explicit metadata keyed by file name (or relative path), overriding inference. */
  meta?: MetaTable;
  /**
   * Worker threads render each document's CSV rows themselves and send back
   * text instead of the document object: cloning a ReportDoc across threads
   * costs more than writing it. Set by runAnalysis; analyzeCorpus wants objects.
   */
  render?: RenderOptions;
  /**
   * When rows are rendered (`render`), a document of more units than this
   * is annotated and rendered window by window, in windows of no more units
   * than this nor than WINDOW_UNITS, so its annotations are never held
   * whole (default LONG_DOCUMENT_UNITS).
   */
  windowUnits?: number;
  /** Analyze every copy of a report saved twice instead of listing later copies as duplicates. */
  keepDuplicates?: boolean;
  /** Called after each input file, for progress bars. */
  onFile?: (done: number, total: number, file: string) => void;
  /** Worker threads. */
  jobs?: number;
  /** Smallest corpus (bytes of input files) analyzed on worker threads; default MIN_BYTES_FOR_POOL. */
  minBytesForPool?: number;
  /** Seconds per step are added here. */
  profile?: Profile;
  /** The inputs already collected for these paths (runAnalysis collects them once, for run.json's identity and the run). */
  inputs?: CollectedInputs;
}

/**
 * The options a worker thread is given: the plain-data part of CorpusOptions.
 * A structured clone keeps a Map's entries but not its other properties: the
 * --meta table's key column travels beside it.
 */
export type WorkerSetup = Pick<CorpusOptions, 'stageConfig' | 'meta' | 'maxBytes' | 'render' | 'windowUnits'> & { metaKeyColumn?: MetaKeyColumn };

export function workerSetup(options: CorpusOptions): WorkerSetup {
  return { stageConfig: options.stageConfig ?? {}, meta: options.meta, metaKeyColumn: options.meta?.keyColumn, maxBytes: options.maxBytes, render: options.render, windowUnits: options.windowUnits };
}

/** The --meta table a worker thread was given, with its key column again. */
export function workerMetaTable(setup: WorkerSetup): MetaTable | undefined {
  return setup.meta && Object.assign(setup.meta, { keyColumn: setup.metaKeyColumn });
}
