/**
 * A researcher's sampling frame (--meta): a CSV with a `file` column (each
 * report's name as manifest.csv lists it) and any of the metadata fields,
 * whose values replace what is inferred from the text. Read once per run:
 * its bytes give run.json's checksum, its header the columns not read, its
 * rows the table every file's metadata is looked up in.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import type { DocumentMeta } from '../model/document.js';
import { decodeAs, decodeBytes, type Decoded } from '../read/decode.js';
import { readCsv } from '../text/csv-text.js';
import { errorMessage, MetaTableError } from '../model/errors.js';

export type MetaTable = Map<string, Partial<DocumentMeta>>;

/** A --meta file as read: its table and what run.json and the CLI say about it. */
export interface MetaFrame {
  path: string;
  table: MetaTable;
  /** `sha256:<hex>` of the file's bytes. */
  sha256: string;
  /** The columns that are not read (not `file` nor a metadata field), in header order. */
  ignoredColumns: string[];
}

const META_FIELDS = ['title', 'township', 'county', 'city', 'province', 'admin_level', 'report_year', 'published', 'division_code', 'place_note'] as const;
const ADMIN_LEVELS = ['township', 'street', 'county', 'city', 'department', 'other'];

/** The columns of a --meta table that are read. */
export const META_COLUMNS: readonly string[] = ['file', ...META_FIELDS];

/**
 * Read a researcher's metadata CSV. Other columns than `file` and the
 * metadata fields (a sampling frame has its own: strata, codes) are not
 * read; ignoredColumns names them, so that a misspelt one (`twnship`) is seen.
 */
export function readMetaFrame(path: string): MetaFrame {
  const bytes = readMetaBytes(path);
  const text = decodeMetaText(path, bytes);
  const header = metaHeader(text);
  return {
    path,
    table: parseMetaTable(path, text, header),
    sha256: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    // Blank header cells are a spreadsheet's empty columns, not columns.
    ignoredColumns: [...new Set(header.filter((c) => c !== '' && !META_COLUMNS.includes(c)))],
  };
}

/** The table of a metadata CSV (readMetaFrame's table). */
export function loadMetaTable(path: string): MetaTable {
  return readMetaFrame(path).table;
}

/** The columns of a metadata CSV that fazhi does not read (readMetaFrame's ignoredColumns). */
export function ignoredMetaColumns(path: string): string[] {
  return readMetaFrame(path).ignoredColumns;
}

function parseMetaTable(path: string, text: string, header: string[]): MetaTable {
  const named = header.filter((c) => c !== '');
  const twice = [...new Set(named.filter((c, i) => META_COLUMNS.includes(c) && named.indexOf(c) !== i))];
  const problems: string[] = [];
  if (!named.includes('file')) problems.push(`no "file" column (each report's file name as manifest.csv lists it)`);
  if (twice.length > 0) problems.push(`column${twice.length > 1 ? 's' : ''} ${twice.map((c) => `"${c}"`).join(', ')} given twice`);
  if (problems.length > 0) throw new MetaTableError(`metadata file ${path}: ${problems.join('; ')}; the columns read are ${META_COLUMNS.join(', ')}`);
  let rows;
  try {
    rows = readCsv(text);
  } catch (e) {
    throw new MetaTableError(`metadata file ${path}: ${errorMessage(e)}`);
  }
  const table: MetaTable = new Map();
  const rowOf = new Map<string, number>();
  rows.forEach((raw, i) => {
    // Keyed by header names trimmed (a blank column's key, renamed by papaparse, is never read).
    const r: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) r[k.trim()] = v ?? '';
    const file = (r.file ?? '').trim();
    if (!file) throw new MetaTableError(`metadata file ${path}, row ${i + 2}: no value in the "file" column`);
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
 * township and county name came out as U+FFFD while the ASCII file names
 * still matched, so the garbled names silently replaced the inferred ones.
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
 * last part, else the JSONL file's name or its last part.
 */
function metaKey(table: MetaTable, file: string): string | undefined {
  const whole = file.split('#')[0]!;
  for (const key of [file, basename(file), whole, basename(whole)]) if (table.has(key)) return key;
  return undefined;
}

/** The row of the table that applies to an input, if any. */
export function lookupMeta(table: MetaTable | undefined, file: string): Partial<DocumentMeta> | undefined {
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
export function metaFromFields(fields: Record<string, string>): Partial<DocumentMeta> | undefined {
  const meta: Partial<DocumentMeta> = {};
  for (const k of ['township', 'county', 'city', 'province'] as const) if (fields[k]) meta[k] = fields[k];
  const year = fields.report_year ?? fields.year;
  if (year && /^\d{4}$/.test(year)) meta.report_year = Number(year);
  return Object.keys(meta).length ? meta : undefined;
}
