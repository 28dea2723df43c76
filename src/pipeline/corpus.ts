/**
 * A corpus run: paths → documents, one at a time, with a manifest row for
 * every input whatever happens to it. A bad file becomes a row with its
 * reason; it never stops the batch.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { DocumentMeta, ManifestEntry, ReportDoc } from '../types.js';
import { collectInputs, InputError, readInput, row, type InputFile, type ReadOptions } from '../read/inputs.js';
import { readCsv } from '../output/csv.js';
import { parseReport } from './parse.js';
import type { Stage } from './stages.js';

export interface CorpusOptions extends ReadOptions {
  stages?: Stage[];
  /** Explicit metadata keyed by file name (or relative path), overriding inference. */
  meta?: MetaTable;
  /** Called after each input file, for progress bars. */
  onFile?: (done: number, total: number, file: string) => void;
}

export type MetaTable = Map<string, Partial<DocumentMeta>>;

export interface CorpusItem {
  entry: ManifestEntry;
  doc?: ReportDoc;
}

/** Analyse inputs one document at a time, so a caller can stream results out. */
export function* iterateCorpus(paths: string[], options: CorpusOptions = {}): Generator<CorpusItem> {
  const { files, manifest } = collectInputs(paths);
  for (const entry of manifest) yield { entry };
  const ids = documentIds(files);
  let done = 0;
  for (const input of files) {
    yield* analyzeFile(input, ids.get(input.file)!, options);
    options.onFile?.(++done, files.length, input.file);
  }
}

function* analyzeFile(input: InputFile, id: string, options: CorpusOptions): Generator<CorpusItem> {
  let sources;
  try {
    sources = readInput(input, options);
  } catch (e) {
    if (e instanceof InputError) yield { entry: row(e.file, e.status, e.reason, e.bytes, e.encoding) };
    else yield { entry: row(input.file, 'failed', `cannot read: ${(e as Error).message}`) };
    return;
  }
  for (const src of sources) {
    const docId = src.format === 'jsonl' ? `${id}#${src.file.split('#').pop()}` : id;
    try {
      const meta = lookupMeta(options.meta, src.file) ?? metaFromFields(src.fields);
      const doc = parseReport(src.rawText, { file: src.file, id: docId, fields: src.fields, meta, stages: options.stages });
      const problem = notAReport(doc);
      if (problem) {
        yield { entry: row(src.file, 'skipped', problem, src.bytes, src.encoding) };
        continue;
      }
      yield { entry: row(src.file, 'ok', src.warnings.join('; '), src.bytes, src.encoding, doc.id), doc };
    } catch (e) {
      yield { entry: row(src.file, 'failed', `analysis failed: ${(e as Error).message}`, src.bytes, src.encoding) };
    }
  }
}

/**
 * A text with none of the genre's vocabulary is not a report on law-based
 * government (a news page, a notice saved by mistake); it is listed, not analysed.
 */
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
 * inputs differ only by extension, both keep the extension after '~'.
 */
export function documentIds(files: InputFile[]): Map<string, string> {
  const stem = (f: string) => f.slice(0, f.length - extname(f).length);
  const count = new Map<string, number>();
  for (const f of files) count.set(stem(f.file), (count.get(stem(f.file)) ?? 0) + 1);
  const ids = new Map<string, string>();
  for (const f of files) {
    const s = stem(f.file);
    ids.set(f.file, count.get(s)! > 1 ? `${s}~${extname(f.file).slice(1).toLowerCase()}` : s);
  }
  return ids;
}

const META_FIELDS = ['title', 'township', 'county', 'city', 'province', 'admin_level', 'report_year', 'published'] as const;
const ADMIN_LEVELS = ['township', 'street', 'county', 'department', 'other'];

/** Read a researcher's metadata CSV: a `file` column plus any of the metadata fields. */
export function loadMetaTable(path: string): MetaTable {
  let rows;
  try {
    rows = readCsv(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`metadata file ${path}: ${(e as Error).message}`);
  }
  const table: MetaTable = new Map();
  rows.forEach((r, i) => {
    const file = (r.file ?? '').trim();
    if (!file) throw new Error(`metadata file ${path}, row ${i + 2}: no value in the "file" column`);
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

function lookupMeta(table: MetaTable | undefined, file: string): Partial<DocumentMeta> | undefined {
  if (!table) return undefined;
  return table.get(file) ?? table.get(basename(file)) ?? table.get(file.split('#')[0]!) ?? table.get(basename(file.split('#')[0]!));
}

/** JSONL lines may carry metadata fields directly. */
function metaFromFields(fields: Record<string, string>): Partial<DocumentMeta> | undefined {
  const meta: Partial<DocumentMeta> = {};
  for (const k of ['township', 'county', 'city', 'province'] as const) if (fields[k]) meta[k] = fields[k];
  const year = fields.report_year ?? fields.year;
  if (year && /^\d{4}$/.test(year)) meta.report_year = Number(year);
  return Object.keys(meta).length ? meta : undefined;
}
