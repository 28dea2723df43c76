/**
 * A researcher's sampling frame (--meta): a CSV with a `file` column (each
 * report's name as manifest.csv lists it) or a `doc_id` column, any of the
 * metadata fields, whose values replace what is inferred from the text, and
 * columns of its own, carried into documents.csv as document variables
 * (meta-variables.ts). Read once per run: its bytes give run.json's checksum,
 * its header the document variables, its rows the table every file's
 * metadata is looked up in.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import type { DocumentMeta } from '../model/document.js';
import { decodeAs, decodeBytes, type Decoded } from '../read/decode.js';
import { readCsv } from '../text/csv-text.js';
import { errorMessage, MetaTableError } from '../model/errors.js';
import { clashingColumns, documentVariableColumns, metaColumnName } from './meta-variables.js';

/**
 * Rows of a --meta table by their key (a file name, or a doc_id when the
 * table has no file column); `variables`: its columns beyond the standard
 * fields, carried into documents.csv.
 */
export type MetaTable = Map<string, Partial<DocumentMeta>> & { variables?: readonly string[]; keyColumn?: MetaKeyColumn };

/** The column a --meta table's rows are matched to inputs by. */
export type MetaKeyColumn = 'file' | 'doc_id';

/** A --meta file as read: its table and what run.json and the CLI say about it. */
export interface MetaFrame {
  path: string;
  table: MetaTable;
  /** `sha256:<hex>` of the file's bytes. */
  sha256: string;
  /** The columns beyond the key and the metadata fields, in header order: carried into documents.csv as document variables. */
  ignoredColumns: string[];
}

const META_FIELDS = ['title', 'township', 'county', 'city', 'province', 'admin_level', 'report_year', 'published', 'division_code', 'place_note'] as const;
const ADMIN_LEVELS = ['township', 'street', 'county', 'city', 'department', 'other'];

/** The standard columns of a --meta table: the key and the metadata fields. */
export const META_COLUMNS: readonly string[] = ['file', ...META_FIELDS];

/**
 * Read a researcher's metadata CSV. Other columns than the key and the
 * metadata fields (a sampling frame has its own: strata, codes) are carried
 * into documents.csv; ignoredColumns names them, so that a misspelled standard
 * one (`twnship`) is seen. `reservedColumns` are names a document variable
 * may not have (documents.csv's own columns): such a column is an error.
 */
export function readMetaFrame(path: string, reservedColumns: readonly string[] = []): MetaFrame {
  const bytes = readMetaBytes(path);
  const text = decodeMetaText(path, bytes);
  const header = metaHeader(text);
  return {
    path,
    table: parseMetaTable(path, text, header, reservedColumns),
    sha256: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    // Blank header cells are a spreadsheet's empty columns, not columns.
    ignoredColumns: documentVariableColumns(header, META_FIELDS),
  };
}

/** The table of a metadata CSV (readMetaFrame's table). */
export function loadMetaTable(path: string): MetaTable {
  return readMetaFrame(path).table;
}

/** The columns of a metadata CSV carried as document variables (readMetaFrame's ignoredColumns). */
export function ignoredMetaColumns(path: string): string[] {
  return readMetaFrame(path).ignoredColumns;
}

function parseMetaTable(path: string, text: string, header: string[], reservedColumns: readonly string[]): MetaTable {
  const named = header.filter((c) => c !== '').map(metaColumnName);
  const twice = [...new Set(named.filter((c, i) => named.indexOf(c) !== i))];
  const problems: string[] = [];
  const keyColumn: MetaKeyColumn = named.includes('file') ? 'file' : 'doc_id';
  if (!named.includes('file') && !named.includes('doc_id')) problems.push(`no "file" (文件名) or "doc_id" column (each report's file name as manifest.csv lists it, or its doc_id)`);
  const variables = documentVariableColumns(named, META_FIELDS);
  const clashes = clashingColumns(variables, reservedColumns);
  if (clashes.length > 0) problems.push(`column${clashes.length > 1 ? 's' : ''} ${clashes.map((c) => `"${c}"`).join(', ')} clash${clashes.length > 1 ? '' : 'es'} with fazhi's own column${clashes.length > 1 ? 's' : ''} of documents.csv: rename ${clashes.length > 1 ? 'them' : 'it'}`);
  if (twice.length > 0) problems.push(`column${twice.length > 1 ? 's' : ''} ${twice.map((c) => `"${c}"`).join(', ')} given twice`);
  if (problems.length > 0) throw new MetaTableError(`metadata file ${path}: ${problems.join('; ')}; the standard columns are ${META_COLUMNS.join(', ')}`);
  let rows;
  try {
    rows = readCsv(text);
  } catch (e) {
    throw new MetaTableError(`metadata file ${path}: ${errorMessage(e)}`);
  }
  const table: MetaTable = Object.assign(new Map<string, Partial<DocumentMeta>>(), { variables, keyColumn });
  const rowOf = new Map<string, number>();
  rows.forEach((raw, i) => {
    // Keyed by header names trimmed, Chinese standard headers in English (a blank column's key, renamed by papaparse, is never read).
    const r: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) r[metaColumnName(k)] = v ?? '';
    const file = (r[keyColumn] ?? '').trim();
    if (!file) throw new MetaTableError(`metadata file ${path}, row ${i + 2}: no value in the "${keyColumn}" column`);
    // Two rows for one report: which one is right is the researcher's call, not ours.
    const earlier = rowOf.get(file);
    if (earlier !== undefined) throw new MetaTableError(`metadata file ${path}, rows ${earlier} and ${i + 2}: both are for "${file}"`);
    rowOf.set(file, i + 2);
    const meta: Partial<DocumentMeta> = {};
    for (const k of META_FIELDS) {
      const v = (r[k] ?? '').trim();
      if (!v) continue;
      if (k === 'report_year') {
        if (!/^\d{4}$/.test(v)) throw new MetaTableError(`metadata file ${path}, row ${i + 2}: report_year "${v}" is not a year`);
        meta.report_year = Number(v);
      } else if (k === 'admin_level') {
        if (!ADMIN_LEVELS.includes(v)) throw new MetaTableError(`metadata file ${path}, row ${i + 2}: admin_level "${v}" is not one of ${ADMIN_LEVELS.join(', ')}`);
        meta.admin_level = v as DocumentMeta['admin_level'];
      } else meta[k] = v;
    }
    if (variables.length > 0) meta.variables = Object.fromEntries(variables.map((c) => [c, (r[c] ?? '').trim()]));
    table.set(file, meta);
  });
  return table;
}

function readMetaBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new MetaTableError(`metadata file ${path}: ${errorMessage(e)}`);
  }
}

/**
 * The metadata table's text, in whatever encoding it was saved: Excel's
 * "CSV (逗号分隔)" is GBK on a Chinese Windows, and read as UTF-8 every
 * township and county name would come out as U+FFFD while the ASCII file
 * names still match, so the garbled names would silently replace the
 * inferred ones.
 */
function decodeMetaText(path: string, bytes: Buffer): string {
  let decoded: Decoded;
  try {
    decoded = decodeBytes(bytes);
  } catch (e) {
    throw new MetaTableError(`metadata file ${path}: ${errorMessage(e)}`);
  }
  // A table of short names gives the detector too little text (a GBK one came
  // out as Big5): not UTF-8, it is taken as GBK/GB18030 when that reads it whole.
  if (!decoded.encoding.startsWith('utf-')) {
    const gb = decodeAs(bytes, 'gb18030');
    if (gb.invalidBytes === 0) decoded = gb;
  }
  // A table with undecodable bytes would write garbled names: stop, naming the file.
  if (decoded.invalidBytes > 0) throw new MetaTableError(`metadata file ${path}: not readable as UTF-8, GBK/GB18030 or UTF-16 (${decoded.invalidBytes} undecodable byte(s)): save it as "CSV UTF-8"`);
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
 * last part, else the JSONL file's name or its last part, else its doc_id (a
 * file column may hold doc_ids copied from documents.csv). A table keyed by
 * doc_id is matched by the doc_id alone.
 */
function metaKey(table: MetaTable, file: string, docId?: string): string | undefined {
  const byId = docId !== undefined && table.has(docId) ? docId : undefined;
  if (table.keyColumn === 'doc_id') return byId;
  const whole = file.split('#')[0]!;
  for (const key of [file, basename(file), whole, basename(whole)]) if (table.has(key)) return key;
  return byId;
}

/** The row of the table that applies to an input (by its name or its doc_id), if any. */
export function lookupMeta(table: MetaTable | undefined, file: string, docId?: string): Partial<DocumentMeta> | undefined {
  if (!table) return undefined;
  const key = metaKey(table, file, docId);
  return key === undefined ? undefined : table.get(key);
}

/**
 * Whether some row of the table applies to one of the inputs (by file name,
 * a JSONL file's name for its lines, or doc_id), checked before any is read:
 * `files` are the input files' names, `ids` their document ids.
 */
export function metaTableMatchesSome(table: MetaTable, files: readonly string[], ids: Iterable<string>): boolean {
  if (table.size === 0 || files.length === 0) return true;
  const idSet = new Set(ids);
  if (table.keyColumn === 'doc_id') {
    // JSONL lines get ids id#n, known once read: their file's id is enough here.
    for (const k of table.keys()) if (idSet.has(k) || idSet.has(k.split('#')[0]!)) return true;
    return false;
  }
  const wholeKeys = new Set<string>();
  for (const k of table.keys()) wholeKeys.add(k.split('#')[0]!);
  for (const f of files) {
    if (metaKey(table, f) !== undefined) return true;
    if (wholeKeys.has(f) || wholeKeys.has(basename(f))) return true;
  }
  for (const k of wholeKeys) if (idSet.has(k)) return true;
  return false;
}

/**
 * The `file` values of a metadata table that apply to none of the given
 * inputs (names as manifest.csv lists them), in table order: a path where the
 * name was wanted, a misspelled name, a report not in this run. Computed from
 * the names, by the rules each file's lookup follows, so it does not matter
 * on which thread the lookups ran.
 */
export function unmatchedMetaRows(table: MetaTable, files: Iterable<string | { file: string; doc_id?: string }>): string[] {
  const used = new Set<string>();
  for (const entry of files) {
    const f = typeof entry === 'string' ? entry : entry.file;
    const key = metaKey(table, f, typeof entry === 'string' ? undefined : entry.doc_id || undefined);
    if (key !== undefined) used.add(key);
  }
  return [...table.keys()].filter((k) => !used.has(k));
}

/** JSONL lines may carry metadata fields directly. */
export function metaFromFields(fields: Record<string, string>): Partial<DocumentMeta> | undefined {
  const meta: Partial<DocumentMeta> = {};
  for (const k of ['township', 'county', 'city', 'province'] as const) if (fields[k]) meta[k] = fields[k];
  const year = fields.report_year ?? fields.year;
  if (year && /^\d{4}$/.test(year)) meta.report_year = Number(year);
  return Object.keys(meta).length ? meta : undefined;
}
