/**
 * A corpus run: paths → documents, one at a time, with a manifest row for
 * every input whatever happens to it. A bad file becomes a row with its
 * reason; it never stops the batch. The same report saved twice (as .html and
 * .pdf, or under two names) is analysed once: later copies are listed as
 * duplicates of the first, in input order.
 *
 * Reading .docx and .pdf is asynchronous, so the corpus is an async iterator.
 * Files may be analysed on worker threads (see iterateCorpus); duplicates are
 * decided afterwards, in input order, so they do not depend on thread timing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import Papa from 'papaparse';
import { basename, extname } from 'node:path';
import type { DocumentMeta, ManifestEntry, ReportDoc } from '../model/document.js';
import { collectInputs, InputError, readInput, row, type CollectedInputs, type InputFile, type ReadOptions } from '../read/inputs.js';
import { decodeAs, decodeBytes, type Decoded } from '../read/decode.js';
import { readCsv } from '../output/csv.js';
import { reportTextProblem } from '../read/report-text.js';
import { normalizeForMatch } from '../text/normalize.js';
import { cleanReport, parseReport, runStage } from './parse.js';
import type { Stage } from '../model/stage.js';
import type { StageConfig } from './default-stages.js';
import type { CsvOptions } from '../output/csv.js';
import type { RenderedDoc } from '../output/writer.js';
import { addProfile, timed, timedAsync, type Profile } from './profile.js';

export interface CorpusOptions extends ReadOptions {
  stages?: Stage[];
  /** Explicit metadata keyed by file name (or relative path), overriding inference. */
  meta?: MetaTable;
  /** Analyse every copy of a report saved twice instead of listing later copies as duplicates. */
  keepDuplicates?: boolean;
  /** Called after each input file, for progress bars. */
  onFile?: (done: number, total: number, file: string) => void;
  /**
   * Worker threads. With more than one, each worker builds its own stages from
   * `stageConfig` (stage objects cannot cross threads), so custom `stages`
   * always run in this thread.
   */
  jobs?: number;
  stageConfig?: StageConfig;
  /** True when `stages` are the default ones, which worker threads can rebuild from `stageConfig`. */
  stagesAreDefault?: boolean;
  /** Smallest corpus (bytes of input files) analysed on worker threads; default MIN_BYTES_FOR_POOL. */
  minBytesForPool?: number;
  /**
   * Worker threads render each document's CSV rows themselves and send back
   * text instead of the document object: cloning a ReportDoc across threads
   * costs more than writing it. Set by runAnalysis; analyzeCorpus wants objects.
   */
  render?: CsvOptions;
  /** Seconds per step are added here. */
  profile?: Profile;
  /** The inputs already collected for these paths (runAnalysis collects them once, for run.json's identity and the run). */
  inputs?: CollectedInputs;
}

export type MetaTable = Map<string, Partial<DocumentMeta>>;

export interface CorpusItem {
  entry: ManifestEntry;
  doc?: ReportDoc;
  /** The document's rows, when a worker thread rendered them instead of sending `doc`. */
  rendered?: RenderedDoc;
  /** sha1 of the input file's bytes, on the first item of each file that could be read. */
  inputSha1?: string;
}

/** What one input file became, before duplicates across files are known. */
export interface FileItem extends CorpusItem {
  /** contentKey of an analysed document. */
  key?: string;
}

export interface FileResult {
  items: FileItem[];
  profile: Profile;
}

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/**
 * Analyse inputs in input order, one document at a time, so a caller can
 * stream results out. With `jobs` > 1, files are analysed on a pool of worker
 * threads while results are still handed out in input order, so the output
 * is the same whatever the number of threads.
 */
export async function* iterateCorpus(paths: string[], options: CorpusOptions = {}): AsyncGenerator<CorpusItem> {
  const { files, manifest } = options.inputs ?? collectInputs(paths);
  for (const entry of manifest) yield { entry };
  const ids = documentIds(files);
  const seen = new Map<string, string>();
  const results = usePool(options, files) ? pooled(files, ids, options) : inProcess(files, ids, options);
  let done = 0;
  for await (const result of results) {
    if (options.profile) addProfile(options.profile, result.profile);
    for (const item of result.items) yield dedupe(item, seen, options.keepDuplicates ?? false);
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
 * 80 MB 24 s against 38. Below this many bytes the corpus is analysed here.
 */
export const MIN_BYTES_FOR_POOL = 8 * 1024 * 1024;

/** The threads that will analyse these files: `jobs` worker threads, or 1 (this one). */
export function analysisThreads(options: CorpusOptions, files: readonly InputFile[]): number {
  return usePool(options, files) ? options.jobs! : 1;
}

function usePool(options: CorpusOptions, files: readonly InputFile[]): boolean {
  if ((options.jobs ?? 1) <= 1 || files.length < MIN_FILES_FOR_POOL || !(options.stagesAreDefault ?? false) || !existsSync(WORKER)) return false;
  let bytes = 0;
  for (const f of files) bytes += f.bytes ?? 0;
  return bytes >= (options.minBytesForPool ?? MIN_BYTES_FOR_POOL);
}

async function* inProcess(files: InputFile[], ids: Map<string, string>, options: CorpusOptions): AsyncGenerator<FileResult> {
  for (let i = 0; i < files.length; i += BATCH_FILES) {
    const batch = files.slice(i, i + BATCH_FILES);
    yield* await processFiles(batch, batch.map((f) => ids.get(f.file)!), options);
  }
}

async function* pooled(files: InputFile[], ids: Map<string, string>, options: CorpusOptions): AsyncGenerator<FileResult> {
  const jobs = options.jobs!;
  const pool = new Piscina<WorkerTask, FileResult[]>({
    filename: WORKER,
    minThreads: jobs,
    maxThreads: jobs,
    workerData: { stageConfig: options.stageConfig ?? {}, meta: [...(options.meta ?? new Map())], maxBytes: options.maxBytes, render: options.render } satisfies WorkerSetup,
  });
  // Tasks are batches of files (see BATCH_FILES), smaller ones here so that
  // every thread has work; a bounded window of them in flight keeps memory
  // flat however long the corpus.
  const size = Math.max(1, Math.min(BATCH_FILES, Math.ceil(files.length / (jobs * 4))));
  const batches: InputFile[][] = [];
  for (let i = 0; i < files.length; i += size) batches.push(files.slice(i, i + size));
  const window = jobs * 4;
  const pending = new Map<number, Promise<FileResult[]>>();
  let next = 0;
  try {
    for (let i = 0; i < batches.length; i++) {
      for (; next < batches.length && next < i + window; next++) {
        const batch = batches[next]!;
        const failed = (input: InputFile, e: unknown): FileResult => ({
          items: [{ entry: row(input.file, 'failed', `analysis failed in a worker thread: ${(e as Error)?.message ?? String(e)}`) }],
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

export interface WorkerSetup {
  stageConfig: StageConfig;
  meta: Array<[string, Partial<DocumentMeta>]>;
  maxBytes?: number;
  render?: CsvOptions;
}

/** A batch of files for one worker thread, with their document ids. */
export interface WorkerTask {
  inputs: InputFile[];
  ids: string[];
}

/** A later copy of an analysed report becomes a duplicate row; the first copy in input order is kept. */
function dedupe(item: FileItem, seen: Map<string, string>, keepDuplicates: boolean): CorpusItem {
  const { key, ...rest } = item;
  if (!(item.doc || item.rendered) || key === undefined || keepDuplicates) return rest;
  const original = seen.get(key);
  if (original === undefined) {
    seen.set(key, item.entry.file);
    return rest;
  }
  const e = item.entry;
  return { entry: { ...row(e.file, 'skipped', `duplicate of ${original}`, e.bytes, e.encoding), duplicate_of: original }, inputSha1: item.inputSha1 };
}

/**
 * Files analysed together, one stage at a time over the whole batch rather
 * than one document at a time through every stage, so a stage's tables
 * (jieba's dictionary, the cue lexicons, the theme automaton) stay in the
 * CPU's cache from one document to the next. Measured on 2,000 reports,
 * tokenising gains up to a tenth, but the garbage collector loses some of it
 * back as batches grow (more objects outlive a collection): 8 is where the
 * two balanced, and it keeps a batch's memory small.
 */
export const BATCH_FILES = 8;

/**
 * Read and analyse a batch of input files: everything that does not depend on
 * files outside the batch. One result per file, in the order given; the
 * batch's profile is carried by the first.
 */
export async function processFiles(inputs: InputFile[], ids: string[], options: CorpusOptions): Promise<FileResult[]> {
  const profile: Profile = {};
  const results: FileResult[] = [];
  const analysed: FileItem[] = [];
  for (let f = 0; f < inputs.length; f++) {
    const items = await readAndParse(inputs[f]!, ids[f]!, options, profile);
    results.push({ items, profile: f === 0 ? profile : {} });
    for (const item of items) if (item.doc) analysed.push(item);
  }
  for (const stage of options.stages ?? []) {
    for (const item of analysed) {
      if (!item.doc) continue;
      const doc = item.doc;
      try {
        timed(profile, stage.name, () => runStage(stage, doc));
      } catch (e) {
        const { file, bytes, encoding } = item.entry;
        item.entry = row(file, 'failed', `analysis failed: ${(e as Error)?.message ?? String(e)}`, bytes, encoding);
        delete item.doc;
        delete item.key;
      }
    }
  }
  return results;
}

/** Read one input and take each of its reports through clean, structure and metadata; the stages come later, batch-wide. */
async function readAndParse(input: InputFile, id: string, options: CorpusOptions, profile: Profile): Promise<FileItem[]> {
  let sources;
  try {
    sources = await timedAsync(profile, 'read', () => readInput(input, options));
  } catch (e) {
    if (e instanceof InputError) return [{ entry: row(e.file, e.status, e.reason, e.bytes, e.encoding), inputSha1: e.sha1 }];
    return [{ entry: row(input.file, 'failed', `cannot read: ${(e as Error)?.message ?? String(e)}`) }];
  }
  const items: FileItem[] = [];
  let first = true;
  for (const src of sources) {
    const inputSha1 = first ? src.sha1 : undefined;
    first = false;
    const docId = src.format === 'jsonl' ? `${id}#${src.file.split('#').pop()}` : id;
    try {
      const cleaned = timed(profile, 'clean', () => cleanReport(src.rawText));
      // A page of chrome only, or a text in another script, is named as such and never tagged.
      const noReport = reportTextProblem(cleaned.text);
      if (noReport) {
        items.push({ entry: row(src.file, 'skipped', [noReport, ...src.warnings].join('; '), src.bytes, src.encoding), inputSha1 });
        continue;
      }
      const meta = lookupMeta(options.meta, src.file) ?? metaFromFields(src.fields);
      const doc = parseReport(src.rawText, { file: src.file, id: docId, fields: src.fields, meta, stages: [], cleaned, profile });
      // Decided on the structure alone, so a page that is not a report costs no tokenising or tagging.
      const problem = notAReport(doc);
      if (problem) {
        items.push({ entry: row(src.file, 'skipped', problem, src.bytes, src.encoding), inputSha1 });
        continue;
      }
      items.push({ entry: row(src.file, 'ok', src.warnings.join('; '), src.bytes, src.encoding, doc.id), doc, inputSha1, key: contentKey(cleaned.text) });
    } catch (e) {
      items.push({ entry: row(src.file, 'failed', `analysis failed: ${(e as Error)?.message ?? String(e)}`, src.bytes, src.encoding), inputSha1 });
    }
  }
  return items;
}

/**
 * What makes two inputs the same report: the cleaned text with whitespace,
 * punctuation and symbols removed and widths unified (NFKC), so a page and its
 * PDF attachment, or a file saved under two names, hash the same.
 */
export function contentKey(cleanedText: string): string {
  const core = normalizeForMatch(cleanedText).normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();
  return createHash('sha1').update(core).digest('hex');
}

function notAReport(doc: ReportDoc): string | null {
  const sentences = doc.units.filter((u) => u.kind === 'sentence').length;
  if (sentences === 0) return 'no sentences found after cleaning';
  const hits = doc.text.match(/法治|依法|法制|法律|行政|政府|执法|普法/g)?.length ?? 0;
  if (hits < 3) return 'not a government report: fewer than 3 mentions of 法治/依法/法律/行政/政府/执法';
  return null;
}

/**
 * Stable ids: the path relative to the corpus folder without its extension
 * (000_729e9bcc00219c1c), so adding files never renames others. When two
 * inputs differ only by extension, both keep the extension after '~'; if
 * that still leaves two alike (a.TXT beside a.txt), later ones in input
 * order get ~2, ~3, …: two documents never share an id.
 */
export function documentIds(files: InputFile[]): Map<string, string> {
  const stem = (f: string) => f.slice(0, f.length - extname(f).length);
  const count = new Map<string, number>();
  for (const f of files) count.set(stem(f.file), (count.get(stem(f.file)) ?? 0) + 1);
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const f of files) {
    const s = stem(f.file);
    let id = count.get(s)! > 1 ? `${s}~${extname(f.file).slice(1).toLowerCase()}` : s;
    for (let n = 2; taken.has(id); n++) id = `${s}~${extname(f.file).slice(1).toLowerCase()}~${n}`;
    taken.add(id);
    ids.set(f.file, id);
  }
  return ids;
}

const META_FIELDS = ['title', 'township', 'county', 'city', 'province', 'admin_level', 'report_year', 'published', 'division_code', 'place_note'] as const;
const ADMIN_LEVELS = ['township', 'street', 'county', 'city', 'department', 'other'];

/** The columns of a --meta table that are read. */
export const META_COLUMNS: readonly string[] = ['file', ...META_FIELDS];

/**
 * Read a researcher's metadata CSV: a `file` column (each report's name as
 * manifest.csv lists it) plus any of the metadata fields. Other columns (a
 * sampling frame has its own: strata, codes) are not read;
 * ignoredMetaColumns names them, so that a misspelt one (`twnship`) is seen.
 */
export function loadMetaTable(path: string): MetaTable {
  const text = readMetaText(path);
  const named = metaHeader(text).filter((c) => c !== '');
  const twice = [...new Set(named.filter((c, i) => META_COLUMNS.includes(c) && named.indexOf(c) !== i))];
  const problems: string[] = [];
  if (!named.includes('file')) problems.push(`no "file" column (each report's file name as manifest.csv lists it)`);
  if (twice.length > 0) problems.push(`column${twice.length > 1 ? 's' : ''} ${twice.map((c) => `"${c}"`).join(', ')} given twice`);
  if (problems.length > 0) throw new Error(`metadata file ${path}: ${problems.join('; ')}; the columns read are ${META_COLUMNS.join(', ')}`);
  let rows;
  try {
    rows = readCsv(text);
  } catch (e) {
    throw new Error(`metadata file ${path}: ${(e as Error).message}`);
  }
  const table: MetaTable = new Map();
  const rowOf = new Map<string, number>();
  rows.forEach((raw, i) => {
    // Keyed by header names trimmed (a blank column's key, renamed by papaparse, is never read).
    const r: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) r[k.trim()] = v ?? '';
    const file = (r.file ?? '').trim();
    if (!file) throw new Error(`metadata file ${path}, row ${i + 2}: no value in the "file" column`);
    // Two rows for one report: which one is right is the researcher's call, not ours.
    const earlier = rowOf.get(file);
    if (earlier !== undefined) throw new Error(`metadata file ${path}, rows ${earlier} and ${i + 2}: both are for "${file}"`);
    rowOf.set(file, i + 2);
    const meta: Partial<DocumentMeta> = {};
    for (const k of META_FIELDS) {
      const v = (r[k] ?? '').trim();
      if (!v) continue;
      if (k === 'report_year') {
        if (!/^\d{4}$/.test(v)) throw new Error(`metadata file ${path}, row ${i + 2}: report_year "${v}" is not a year`);
        meta.report_year = Number(v);
      } else if (k === 'admin_level') {
        if (!ADMIN_LEVELS.includes(v)) throw new Error(`metadata file ${path}, row ${i + 2}: admin_level "${v}" is not one of ${ADMIN_LEVELS.join(', ')}`);
        meta.admin_level = v as DocumentMeta['admin_level'];
      } else meta[k] = v;
    }
    table.set(file, meta);
  });
  return table;
}

/** The columns of a metadata CSV that fazhi does not read (not `file` nor a metadata field), in header order. */
export function ignoredMetaColumns(path: string): string[] {
  // Blank header cells are a spreadsheet's empty columns, not columns.
  return [...new Set(metaHeader(readMetaText(path)).filter((c) => c !== '' && !META_COLUMNS.includes(c)))];
}

/**
 * The metadata table's text, in whatever encoding it was saved: Excel's
 * "CSV (逗号分隔)" is GBK on a Chinese Windows, and read as UTF-8 every
 * township and county name came out as U+FFFD while the ASCII file names
 * still matched, so the garbled names silently replaced the inferred ones.
 */
function readMetaText(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`metadata file ${path}: ${(e as Error).message}`);
  }
  let decoded: Decoded;
  try {
    decoded = decodeBytes(bytes);
  } catch (e) {
    throw new Error(`metadata file ${path}: ${(e as Error).message}`);
  }
  // A table of short names gives the detector too little text (a GBK one came
  // out as Big5): not UTF-8, it is taken as GBK/GB18030 when that reads it whole.
  if (!decoded.encoding.startsWith('utf-')) {
    const gb = decodeAs(bytes, 'gb18030');
    if (gb.invalidBytes === 0) decoded = gb;
  }
  // A table with undecodable bytes would write garbled names: stop, naming the file.
  if (decoded.invalidBytes > 0) throw new Error(`metadata file ${path}: not readable as UTF-8, GBK/GB18030 or UTF-16 (${decoded.invalidBytes} undecodable byte(s)): save it as "CSV UTF-8"`);
  // decodeBytes has taken off a byte-order mark.
  return decoded.text;
}

/** A CSV's header cells, trimmed: checked before the rows, so that an empty table is checked too. */
function metaHeader(text: string): string[] {
  const first = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { preview: 1, skipEmptyLines: true }).data[0] ?? [];
  return first.map((c) => c.trim());
}

/**
 * The key of the row that applies to an input (its name as manifest.csv lists
 * it, `#n` after a JSONL file's name for its lines): the name itself, else its
 * last part, else the JSONL file's name or its last part.
 */
function metaKey(table: MetaTable, file: string): string | undefined {
  const whole = file.split('#')[0]!;
  for (const key of [file, basename(file), whole, basename(whole)]) if (table.has(key)) return key;
  return undefined;
}

function lookupMeta(table: MetaTable | undefined, file: string): Partial<DocumentMeta> | undefined {
  if (!table) return undefined;
  const key = metaKey(table, file);
  return key === undefined ? undefined : table.get(key);
}

/**
 * The `file` values of a metadata table that apply to none of the given
 * inputs (names as manifest.csv lists them), in table order: a path where the
 * name was wanted, a misspelt name, a report not in this run. Computed from
 * the names, by the rules each file's lookup follows, so it does not matter
 * on which thread the lookups ran.
 */
export function unmatchedMetaRows(table: MetaTable, files: Iterable<string>): string[] {
  const used = new Set<string>();
  for (const f of files) {
    const key = metaKey(table, f);
    if (key !== undefined) used.add(key);
  }
  return [...table.keys()].filter((k) => !used.has(k));
}

/** JSONL lines may carry metadata fields directly. */
function metaFromFields(fields: Record<string, string>): Partial<DocumentMeta> | undefined {
  const meta: Partial<DocumentMeta> = {};
  for (const k of ['township', 'county', 'city', 'province'] as const) if (fields[k]) meta[k] = fields[k];
  const year = fields.report_year ?? fields.year;
  if (year && /^\d{4}$/.test(year)) meta.report_year = Number(year);
  return Object.keys(meta).length ? meta : undefined;
}
