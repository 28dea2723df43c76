/**
 * The library's front door: analyze a corpus into objects (for notebooks) or
 * into an analysis folder of CSVs (for the CLI), with the same stages.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ManifestEntry, ReportDoc } from '../model/document.js';
import { AnalysisWriter, DOCUMENT_COLUMNS } from '../output/writer.js';
import { checkOutputFolder, contentFingerprint, corpusIdentity, outputFolderProblem, writeFileAtomic, type CorpusIdentity } from '../output/runfolder.js';
import { DEFAULT_TOKENIZER } from '../tokenize/backend.js';
import { collectInputs, type InputFile } from '../read/inputs.js';
import { analysisThreads, iterateCorpus, type CorpusOptions } from './corpus.js';
import { metaTableMatchesSome, readMetaFrame, unmatchedMetaRows, type MetaFrame } from '../metadata/frame.js';
import { noMetaMatchMessage } from '../metadata/meta-variables.js';
import { documentIds } from './document-ids.js';
import type { Stage } from '../model/stage.js';
import type { StageConfig } from './default-stages.js';
import { defaultStages } from './default-stages.js';
import { ArgumentError, DictionaryError, errorMessage, MetaTableError } from '../model/errors.js';
import { peakResidentBytes, timed, timedAsync, type Profile } from './profile.js';
import { themeDictionaryFor } from '../themes/stage.js';
import { RUN_TAXONOMY_KEY, taxonomyRecords } from '../themes/taxonomy.js';
import { ANALYSIS_FILES } from '../output/analysis-folder.js';

/** The folder of the five reports bundled with fazhi (data/reports): the default corpus. */
export const BUNDLED_CORPUS = fileURLToPath(new URL('../../data/reports', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

/** Options of analyzeCorpus and runAnalysis: the dictionaries and tokenizer of the stages, the --meta table, threads. */
export interface AnalyzeOptions extends StageConfig {
  /** Metadata CSV keyed by file name; overrides what is inferred. */
  metaFile?: string;
  maxBytes?: number;
  onFile?: CorpusOptions['onFile'];
  /** Replace the default stages (tokenize, …). */
  stages?: Stage[];
  /** Analyze every copy of a report saved twice (default: later copies are listed in the manifest as duplicates). */
  keepDuplicates?: boolean;
  /** runAnalysis: CSVs for Excel (UTF-8 BOM, cells starting with = + - @ prefixed with '). */
  excel?: boolean;
  /** runAnalysis: overwrite an output folder that holds a run of a different corpus. */
  force?: boolean;
  /**
   * Worker threads (default 1: this thread). Output is the same whatever the
   * number; custom `stages` always run in this thread.
   */
  jobs?: number;
  /**
   * Below this many bytes of input, the corpus is analyzed on this thread
   * whatever `jobs` says: starting workers would cost more than they save
   * (default MIN_BYTES_FOR_POOL, 8 MB; 0 always uses them).
   */
  minBytesForPool?: number;
  /**
   * runAnalysis: a document of more units than this is annotated and
   * rendered a window of units at a time (windows of no more than this),
   * so that memory holds its rows but not all its annotations (default
   * LONG_DOCUMENT_UNITS). The tables are the same whatever the size.
   */
  windowUnits?: number;
}

/** An analyzed corpus: the reports, and what happened to every input file. */
export interface CorpusResult {
  docs: ReportDoc[];
  manifest: ManifestEntry[];
  /** What the stages want the user to know (Stage.warnings), e.g. that there is no trained function model. */
  warnings: string[];
}

/** What runAnalysis did: counts of files and sentences, the manifest, time per step, table sizes. */
export interface RunSummary {
  ok: number;
  skipped: number;
  failed: number;
  sentences: number;
  seconds: number;
  manifest: ManifestEntry[];
  /** Seconds per step (read, clean, structure, metadata, each stage, write), summed over threads. */
  profile: Profile;
  /** `file` values of the metaFile table that no input file matched, in table order (empty without metaFile). */
  unmatchedMeta: string[];
  /** Columns of the metaFile table that are not read (not `file` nor a metadata field). */
  ignoredMetaColumns: string[];
  /** Threads that analyzed the files: `jobs` worker threads, or 1 for a corpus too small to gain from them. */
  threads: number;
  /** Data rows of each table written (header not counted), by file name: sentences.csv, themes.csv … (rowsBeyondExcel warns from it). */
  rows: Record<string, number>;
  /** What the stages want the user to know (Stage.warnings), e.g. that there is no trained function model. */
  warnings: string[];
}

export { defaultStages };


function stageConfig(options: AnalyzeOptions): StageConfig {
  return { tokenizer: options.tokenizer, userDict: options.userDict, stopwords: options.stopwords, dict: options.dict, dictMode: options.dictMode, internTokens: options.internTokens };
}

/**
 * The caller's stages, or the default ones built from the options. A
 * dictionary the caller gave (--dict, --user-dict, --stopwords) that cannot
 * be loaded is theirs to fix: its error, which names the file, is a
 * DictionaryError.
 */
function buildStages(options: AnalyzeOptions): Stage[] {
  if (options.stages) return options.stages;
  try {
    return defaultStages(stageConfig(options));
  } catch (e) {
    const given = [options.dict, options.userDict, options.stopwords].filter((p): p is string => !!p);
    if (given.some((p) => errorMessage(e).includes(p))) throw new DictionaryError(errorMessage(e), { cause: e });
    throw e;
  }
}

/** The --meta table, read once for the run (its table, its checksum and its document variables, which may not be named like documents.csv's own columns). */
function metaFrame(options: AnalyzeOptions): MetaFrame | undefined {
  return options.metaFile ? readMetaFrame(options.metaFile, DOCUMENT_COLUMNS) : undefined;
}

/**
 * A table none of whose rows names an input is a table for another corpus
 * (or names written differently): said before anything is written.
 */
function checkMetaMatchesSome(frame: MetaFrame, files: readonly InputFile[]): void {
  const ids = documentIds(files);
  if (metaTableMatchesSome(frame.table, files.map((f) => f.file), ids.values())) return;
  const keyColumn = frame.table.keyColumn ?? 'file';
  throw new MetaTableError(noMetaMatchMessage(frame.path, keyColumn, [...frame.table.keys()], files.map((f) => f.file), keyColumn === 'doc_id' ? [...ids.values()] : []));
}

function corpusOptions(options: AnalyzeOptions, stages: Stage[], frame: MetaFrame | undefined, profile?: Profile): CorpusOptions {
  return {
    stages,
    // Worker threads can rebuild the default stages, not a caller's own.
    stagesAreDefault: options.stages === undefined,
    jobs: options.jobs,
    minBytesForPool: options.minBytesForPool,
    stageConfig: stageConfig(options),
    profile,
    meta: frame?.table,
    maxBytes: options.maxBytes,
    keepDuplicates: options.keepDuplicates,
    onFile: options.onFile,
    windowUnits: options.windowUnits,
  };
}

/**
 * Analyze files or folders (default: the bundled sample corpus) into objects. Async: reading .docx and .pdf is.
 * @example
 * const { docs, manifest } = await analyzeCorpus('data/reports');
 * console.log(docs.length, manifest.filter((m) => m.status === 'ok').length);   // 5 5
 */
export async function analyzeCorpus(paths: string | string[] = BUNDLED_CORPUS, options: AnalyzeOptions = {}): Promise<CorpusResult> {
  const stages = buildStages(options);
  const docs: ReportDoc[] = [];
  const manifest: ManifestEntry[] = [];
  for await (const item of iterateCorpus(toArray(paths), corpusOptions(options, stages, metaFrame(options)))) {
    manifest.push(item.entry);
    if (item.doc) docs.push(item.doc);
  }
  return { docs, manifest, warnings: stageWarnings(stages) };
}

/**
 * Analyze and write an analysis folder, streaming rows out as documents
 * finish. Tables are written under temporary names and renamed at the end, so
 * a run that fails half-way leaves no table that looks finished. Rejects with
 * OutputConflictError when outDir holds a run of a different corpus (unless
 * `force`).
 * @example
 * const summary = await runAnalysis('data/reports', 'out');
 * console.log(summary.ok, summary.sentences);   // 5 349 — and out/documents.csv, sentences.csv …
 */
export async function runAnalysis(paths: string | string[], outDir: string, options: AnalyzeOptions = {}): Promise<RunSummary> {
  const started = process.hrtime.bigint();
  // The output folder may lie inside an input folder: its tables and texts are never inputs.
  // Collected once: the same lists give run.json's identity and the run.
  if (options.windowUnits !== undefined && !(Number.isInteger(options.windowUnits) && options.windowUnits >= 1)) {
    throw new ArgumentError(`windowUnits: a whole number of units from 1, got ${options.windowUnits}`);
  }
  const inputs = collectInputs(toArray(paths), { exclude: [resolve(outDir)] });
  const identity = corpusIdentity(toArray(paths), inputs);
  const notAFolder = outputFolderProblem(outDir);
  if (notAFolder) throw new ArgumentError(notAFolder);
  checkOutputFolder(outDir, identity, options.force);
  // Each document's tokens go once its rows are written: not worth interning.
  const streamed: AnalyzeOptions = { ...options, internTokens: options.internTokens ?? false };
  const stages = buildStages(streamed);
  const profile: Profile = {};
  const frame = metaFrame(options);
  if (frame) checkMetaMatchesSome(frame, inputs.files);
  const render = { excel: options.excel, documentVariables: frame?.table.variables ?? [], spoolDir: join(outDir, ANALYSIS_FILES.spool) };
  // Rows an interrupted run spooled (Ctrl-C, a kill) belong to no table: cleared before this run spools its own.
  rmSync(render.spoolDir, { recursive: true, force: true });
  const corpus = { ...corpusOptions(streamed, stages, frame, profile), render, inputs };
  const writer = new AnalysisWriter(outDir, stages.flatMap((s) => s.columns ?? []), render, stages.flatMap((s) => s.tables ?? []));
  let sentences = 0;
  const hashes: Array<[string, string]> = [];
  try {
    for await (const item of iterateCorpus(toArray(paths), corpus)) {
      if (item.inputSha1) hashes.push([item.entry.file.split('#')[0]!, item.inputSha1]);
      timed(profile, 'write', () => writer.add(item.entry, item.doc, item.rendered));
      await timedAsync(profile, 'write', () => writer.drain());
      if (item.rendered) sentences += item.rendered.sentences;
      else if (item.doc) sentences += item.doc.units.filter((u) => u.kind === 'sentence').length;
    }
  } catch (e) {
    writer.abort();
    throw e;
  }
  const manifest = await timedAsync(profile, 'write', () => writer.close());
  // Matched against manifest.csv's names (JSONL lines included) here, not where each file's
  // metadata is looked up: with worker threads that happens in other threads.
  const unmatchedMeta = frame ? unmatchedMetaRows(frame.table, manifest) : [];
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const summary: RunSummary = {
    ok: manifest.filter((m) => m.status === 'ok').length,
    skipped: manifest.filter((m) => m.status === 'skipped').length,
    failed: manifest.filter((m) => m.status === 'failed').length,
    sentences,
    seconds,
    manifest,
    profile,
    unmatchedMeta,
    ignoredMetaColumns: frame?.ignoredColumns ?? [],
    threads: analysisThreads(corpus, inputs.files),
    rows: writer.rowCounts(),
    warnings: stageWarnings(stages),
  };
  const meta = frame ? { sha256: frame.sha256, rows: frame.table.size, unmatched: unmatchedMeta.length, ignored_columns: frame.ignoredColumns } : null;
  writeRunRecord(outDir, toArray(paths), options, stages, summary, { ...identity, read: hashes.length, content_sha1: contentFingerprint(hashes) }, meta);
  return summary;
}

/** run.json: enough to reproduce a result (version, options, checksums of the files that decide the output, counts). */
function writeRunRecord(
  outDir: string,
  paths: string[],
  options: AnalyzeOptions,
  stages: Stage[],
  s: RunSummary,
  corpus: CorpusIdentity & { read: number; content_sha1: string },
  meta: { sha256: string; rows: number; unmatched: number; ignored_columns: string[] } | null,
): void {
  const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string };
  const record = {
    tool: 'fazhi',
    version: pkg.version,
    inputs: paths,
    // What was analyzed: input roots, file count, a hash of the file list (compared by the next run
    // into this folder) and of every file's content (equal content_sha1, byte-identical inputs).
    corpus,
    options: { tokenizer: options.tokenizer ?? DEFAULT_TOKENIZER, userDict: options.userDict ?? null, stopwords: options.stopwords ?? null, dict: options.dict ?? null, dictMode: options.dict ? (options.dictMode ?? 'add') : null, metaFile: options.metaFile ?? null, maxBytes: options.maxBytes ?? null, excel: options.excel ?? false },
    stages: stages.map((st) => st.name),
    dictionaries: stageDigests(stages),
    // The taxonomy the sentences were coded with: compare and report take theme ids, parents and names from here.
    [RUN_TAXONOMY_KEY]: stages.some((st) => st.name === 'themes') ? taxonomyRecords(themeDictionaryFor({ dict: options.dict, mode: options.dictMode })) : null,
    // The --meta table: its checksum, its rows, and how many named no input file (the CLI lists them).
    meta,
    files: { ok: s.ok, skipped: s.skipped, failed: s.failed },
    sentences: s.sentences,
    // The one field that differs between identical runs; the CSVs do not.
    seconds: Math.round(s.seconds * 100) / 100,
    jobs: options.jobs ?? 1,
    // What `jobs` became: a small corpus is analyzed on one thread (see MIN_BYTES_FOR_POOL).
    threads: s.threads,
    // Peak resident memory of the whole process, worker threads included.
    peak_rss_mb: Math.round(peakResidentBytes() / 1024 / 1024),
    profile_seconds: Object.fromEntries(Object.entries(s.profile).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
  };
  writeFileAtomic(`${outDir}/${ANALYSIS_FILES.run}`, JSON.stringify(record, null, 2) + '\n');
}

/**
 * The order run.json lists the default stages' digests in, whatever order
 * the stages run in, so that the records of two runs compare line by line.
 */
const DIGEST_ORDER = ['userdict', 'stopwords', 'themes', 'dict', 'cues', 'model', 'units', 'non_quantity_phrases'];

/**
 * Digests of every file that decides the output, as each stage reports them
 * (Stage.digests): the names in DIGEST_ORDER first, then any other stage's
 * in stage order.
 */
function stageDigests(stages: readonly Stage[]): Record<string, string> {
  const all: Record<string, string> = {};
  for (const stage of stages) Object.assign(all, stage.digests?.() ?? {});
  const ordered: Record<string, string> = {};
  for (const name of DIGEST_ORDER) if (name in all) ordered[name] = all[name]!;
  return Object.assign(ordered, all);
}

function stageWarnings(stages: readonly Stage[]): string[] {
  return stages.flatMap((s) => s.warnings ?? []);
}

function toArray(p: string | string[]): string[] {
  return Array.isArray(p) ? p : [p];
}
