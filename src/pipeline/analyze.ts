/**
 * The library's front door: analyse a corpus into objects (for notebooks) or
 * into an analysis folder of CSVs (for the CLI), with the same stages.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ManifestEntry, ReportDoc } from '../types.js';
import { AnalysisWriter } from '../output/writer.js';
import { DEFAULT_STOPWORDS, DEFAULT_USER_DICT } from '../tokenize/tokenizer.js';
import { iterateCorpus, loadMetaTable, type CorpusOptions } from './corpus.js';
import { tokenizeStage, type Stage } from './stages.js';

export const BUNDLED_CORPUS = fileURLToPath(new URL('../../data/reports', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

export interface AnalyzeOptions {
  userDict?: string;
  stopwords?: string;
  /** Metadata CSV keyed by file name; overrides what is inferred. */
  metaFile?: string;
  maxBytes?: number;
  onFile?: CorpusOptions['onFile'];
  /** Replace the default stages (tokenize, …). */
  stages?: Stage[];
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
}

export function defaultStages(options: AnalyzeOptions = {}): Stage[] {
  return [tokenizeStage({ userDict: options.userDict, stopwords: options.stopwords })];
}

function corpusOptions(options: AnalyzeOptions, stages: Stage[]): CorpusOptions {
  return {
    stages,
    meta: options.metaFile ? loadMetaTable(options.metaFile) : undefined,
    maxBytes: options.maxBytes,
    onFile: options.onFile,
  };
}

/** Analyse files or folders (default: the bundled sample corpus) into objects. */
export function analyzeCorpus(paths: string | string[] = BUNDLED_CORPUS, options: AnalyzeOptions = {}): CorpusResult {
  const stages = options.stages ?? defaultStages(options);
  const docs: ReportDoc[] = [];
  const manifest: ManifestEntry[] = [];
  for (const item of iterateCorpus(toArray(paths), corpusOptions(options, stages))) {
    manifest.push(item.entry);
    if (item.doc) docs.push(item.doc);
  }
  return { docs, manifest };
}

/** Analyse and write an analysis folder, streaming rows out as documents finish. */
export function runAnalysis(paths: string | string[], outDir: string, options: AnalyzeOptions = {}): RunSummary {
  const started = process.hrtime.bigint();
  const stages = options.stages ?? defaultStages(options);
  const writer = new AnalysisWriter(outDir, stages.flatMap((s) => s.columns ?? []));
  let sentences = 0;
  try {
    for (const item of iterateCorpus(toArray(paths), corpusOptions(options, stages))) {
      writer.add(item.entry, item.doc);
      if (item.doc) sentences += item.doc.units.filter((u) => u.kind === 'sentence').length;
    }
  } catch (e) {
    writer.abort();
    throw e;
  }
  const manifest = writer.close();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const summary: RunSummary = {
    ok: manifest.filter((m) => m.status === 'ok').length,
    skipped: manifest.filter((m) => m.status === 'skipped').length,
    failed: manifest.filter((m) => m.status === 'failed').length,
    sentences,
    seconds,
    manifest,
  };
  writeRunRecord(outDir, toArray(paths), options, stages, summary);
  return summary;
}

/** run.json: enough to reproduce a result (version, options, dictionary checksums, counts). */
function writeRunRecord(outDir: string, paths: string[], options: AnalyzeOptions, stages: Stage[], s: RunSummary): void {
  const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string };
  const dicts: Record<string, string> = {};
  for (const [name, path] of [
    ['userdict', options.userDict ?? DEFAULT_USER_DICT],
    ['stopwords', options.stopwords ?? DEFAULT_STOPWORDS],
  ] as const) {
    if (existsSync(path)) dicts[name] = `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
  }
  const record = {
    tool: 'fazhi',
    version: pkg.version,
    inputs: paths,
    options: { userDict: options.userDict ?? null, stopwords: options.stopwords ?? null, metaFile: options.metaFile ?? null, maxBytes: options.maxBytes ?? null },
    stages: stages.map((st) => st.name),
    dictionaries: dicts,
    files: { ok: s.ok, skipped: s.skipped, failed: s.failed },
    sentences: s.sentences,
    // The one field that differs between identical runs; the CSVs do not.
    seconds: Math.round(s.seconds * 100) / 100,
  };
  writeFileSync(`${outDir}/run.json`, JSON.stringify(record, null, 2) + '\n');
}

function toArray(p: string | string[]): string[] {
  return Array.isArray(p) ? p : [p];
}
