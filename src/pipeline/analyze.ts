/**
 * The library's front door: analyse a corpus into objects (for notebooks) or
 * into an analysis folder of CSVs (for the CLI), with the same stages.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ManifestEntry, ReportDoc } from '../types.js';
import { AnalysisWriter } from '../output/writer.js';
import { checkOutputFolder, contentFingerprint, corpusIdentity, outputFolderProblem, writeFileAtomic, type CorpusIdentity } from '../output/runfolder.js';
import { DEFAULT_STOPWORDS, DEFAULT_TOKENIZER, DEFAULT_USER_DICT, type TokenizerName } from '../tokenize/tokenizer.js';
import { collectInputs } from '../read/inputs.js';
import { analysisThreads, ignoredMetaColumns, iterateCorpus, loadMetaTable, unmatchedMetaRows, type CorpusOptions } from './corpus.js';
import type { Stage, StageConfig } from './stages.js';
import { defaultStages } from './default-stages.js';
import { peakResidentBytes, timed, timedAsync, type Profile } from './profile.js';
import { defaultThemeDictionaryPath, type MergeMode } from '../themes/dictionary.js';
import { DEFAULT_CUE_DIR, loadCueLexicon } from '../tag/cues.js';
import { DEFAULT_MODEL_PATH } from '../tag/model.js';
import { NON_QUANTITY_PHRASES_FILE, UNITS_FILE } from '../quantities/dictionaries.js';

export const BUNDLED_CORPUS = fileURLToPath(new URL('../../data/reports', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

export interface AnalyzeOptions {
  /** Tokenizer backend: 'nodejieba' (default) or 'jieba-rs' (the optional @node-rs/jieba). */
  tokenizer?: TokenizerName;
  userDict?: string;
  stopwords?: string;
  /** A researcher's theme dictionary (YAML, quanteda format). */
  dict?: string;
  /** Whether `dict` adds to the shipped themes (default) or replaces them. */
  dictMode?: MergeMode;
  /** Metadata CSV keyed by file name; overrides what is inferred. */
  metaFile?: string;
  maxBytes?: number;
  onFile?: CorpusOptions['onFile'];
  /** Replace the default stages (tokenize, …). */
  stages?: Stage[];
  /** Analyse every copy of a report saved twice (default: later copies are listed in the manifest as duplicates). */
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
   * Below this many bytes of input, the corpus is analysed on this thread
   * whatever `jobs` says: starting workers would cost more than they save
   * (default MIN_BYTES_FOR_POOL, 8 MB; 0 always uses them).
   */
  minBytesForPool?: number;
}

export interface CorpusResult {
  docs: ReportDoc[];
  manifest: ManifestEntry[];
}

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
  /** Threads that analysed the files: `jobs` worker threads, or 1 for a corpus too small to gain from them. */
  threads: number;
  /** Data rows of each table written (header not counted), by file name: sentences.csv, themes.csv … (rowsBeyondExcel warns from it). */
  rows: Record<string, number>;
}

export { defaultStages };


function stageConfig(options: AnalyzeOptions): StageConfig {
  return { tokenizer: options.tokenizer, userDict: options.userDict, stopwords: options.stopwords, dict: options.dict, dictMode: options.dictMode };
}

function corpusOptions(options: AnalyzeOptions, stages: Stage[], profile?: Profile): CorpusOptions {
  return {
    stages,
    // Worker threads can rebuild the default stages, not a caller's own.
    stagesAreDefault: options.stages === undefined,
    jobs: options.jobs,
    minBytesForPool: options.minBytesForPool,
    stageConfig: stageConfig(options),
    profile,
    meta: options.metaFile ? loadMetaTable(options.metaFile) : undefined,
    maxBytes: options.maxBytes,
    keepDuplicates: options.keepDuplicates,
    onFile: options.onFile,
  };
}

/** Analyse files or folders (default: the bundled sample corpus) into objects. Async: reading .docx and .pdf is. */
export async function analyzeCorpus(paths: string | string[] = BUNDLED_CORPUS, options: AnalyzeOptions = {}): Promise<CorpusResult> {
  const stages = options.stages ?? defaultStages(stageConfig(options));
  const docs: ReportDoc[] = [];
  const manifest: ManifestEntry[] = [];
  for await (const item of iterateCorpus(toArray(paths), corpusOptions(options, stages))) {
    manifest.push(item.entry);
    if (item.doc) docs.push(item.doc);
  }
  return { docs, manifest };
}

/**
 * Analyse and write an analysis folder, streaming rows out as documents
 * finish. Tables are written under temporary names and renamed at the end, so
 * a run that fails half-way leaves no table that looks finished. Rejects with
 * OutputConflictError when outDir holds a run of a different corpus (unless
 * `force`).
 */
export async function runAnalysis(paths: string | string[], outDir: string, options: AnalyzeOptions = {}): Promise<RunSummary> {
  const started = process.hrtime.bigint();
  // The output folder may lie inside an input folder: its tables and texts are never inputs.
  // Collected once: the same lists give run.json's identity and the run.
  const inputs = collectInputs(toArray(paths), { exclude: [resolve(outDir)] });
  const identity = corpusIdentity(toArray(paths), inputs);
  const notAFolder = outputFolderProblem(outDir);
  if (notAFolder) throw new Error(notAFolder);
  checkOutputFolder(outDir, identity, options.force);
  const stages = options.stages ?? defaultStages(stageConfig(options));
  const profile: Profile = {};
  const corpus = { ...corpusOptions(options, stages, profile), render: { excel: options.excel }, inputs };
  const writer = new AnalysisWriter(outDir, stages.flatMap((s) => s.columns ?? []), { excel: options.excel }, stages.flatMap((s) => s.tables ?? []));
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
  const unmatchedMeta = corpus.meta ? unmatchedMetaRows(corpus.meta, manifest.map((m) => m.file)) : [];
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
    ignoredMetaColumns: options.metaFile ? ignoredMetaColumns(options.metaFile) : [],
    threads: analysisThreads(corpus, inputs.files),
    rows: writer.rowCounts(),
  };
  const meta = options.metaFile && corpus.meta ? { rows: corpus.meta.size, unmatched: unmatchedMeta.length, ignored_columns: summary.ignoredMetaColumns } : null;
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
  meta: { rows: number; unmatched: number; ignored_columns: string[] } | null,
): void {
  const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string };
  const record = {
    tool: 'fazhi',
    version: pkg.version,
    inputs: paths,
    // What was analysed: input roots, file count, a hash of the file list (compared by the next run
    // into this folder) and of every file's content (equal content_sha1, byte-identical inputs).
    corpus,
    options: { tokenizer: options.tokenizer ?? DEFAULT_TOKENIZER, userDict: options.userDict ?? null, stopwords: options.stopwords ?? null, dict: options.dict ?? null, dictMode: options.dict ? (options.dictMode ?? 'add') : null, metaFile: options.metaFile ?? null, maxBytes: options.maxBytes ?? null, excel: options.excel ?? false },
    stages: stages.map((st) => st.name),
    dictionaries: dictionaryChecksums(options),
    // The --meta table: its checksum, its rows, and how many named no input file (the CLI lists them).
    meta: meta && options.metaFile ? { sha256: fileChecksum(options.metaFile), ...meta } : null,
    files: { ok: s.ok, skipped: s.skipped, failed: s.failed },
    sentences: s.sentences,
    // The one field that differs between identical runs; the CSVs do not.
    seconds: Math.round(s.seconds * 100) / 100,
    jobs: options.jobs ?? 1,
    // What `jobs` became: a small corpus is analysed on one thread (see MIN_BYTES_FOR_POOL).
    threads: s.threads,
    // Peak resident memory of the whole process, worker threads included.
    peak_rss_mb: Math.round(peakResidentBytes() / 1024 / 1024),
    profile_seconds: Object.fromEntries(Object.entries(s.profile).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
  };
  writeFileAtomic(`${outDir}/run.json`, JSON.stringify(record, null, 2) + '\n');
}

/** `sha256:<hex>` of a file's bytes. */
function fileChecksum(path: string): string {
  return `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
}

/**
 * Checksums of every file that decides the default stages' output, each
 * from the path (or the digest) the stage itself loads: the tokenizer's user
 * dictionary and stopwords, the shipped themes and a --dict file (its mode is
 * under options), the cue lexicons (the digest a trained model records), the
 * function model, and the quantities' word lists. A file that is not there
 * (no trained model) has no entry.
 */
function dictionaryChecksums(options: AnalyzeOptions): Record<string, string> {
  const dicts: Record<string, string> = {};
  const files: Array<[string, string | undefined]> = [
    ['userdict', options.userDict ?? DEFAULT_USER_DICT],
    ['stopwords', options.stopwords ?? DEFAULT_STOPWORDS],
    ['themes', defaultThemeDictionaryPath()],
    ['dict', options.dict],
  ];
  for (const [name, path] of files) if (path && existsSync(path)) dicts[name] = fileChecksum(path);
  // Cached: the lexicon the tag stage loaded, so the digest is of what tagged this run.
  if (existsSync(DEFAULT_CUE_DIR)) dicts.cues = loadCueLexicon(DEFAULT_CUE_DIR).digest;
  for (const [name, path] of [
    ['model', DEFAULT_MODEL_PATH],
    ['units', UNITS_FILE],
    ['non_quantity_phrases', NON_QUANTITY_PHRASES_FILE],
  ] as const) {
    if (existsSync(path)) dicts[name] = fileChecksum(path);
  }
  return dicts;
}

function toArray(p: string | string[]): string[] {
  return Array.isArray(p) ? p : [p];
}
