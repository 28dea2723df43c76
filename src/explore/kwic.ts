/**
 * Keyword in context over an analysis folder, as quanteda's kwic() or
 * AntConc's concordance: every occurrence of a word or regular expression in
 * the sentences of sentences.csv, with the document's variables
 * (documents.csv, --meta columns included), the sentence's function and
 * themes, and the text to the left and right of the keyword.
 *
 * sentences.csv is streamed in large byte chunks and only the lines that can
 * hold a hit are parsed as CSV: a literal keyword is searched for in the bytes
 * (a sentence's text never spans lines in fazhi's tables), so most of the
 * file is never decoded. A line that does not parse as a whole row (a cell
 * with a line break, written by something other than fazhi) sends the search
 * back to a full CSV read, which is correct for any file.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { forEachCsvRow } from '../output/csv-reader.js';
import { ANALYSIS_FILES } from '../output/analysis-folder.js';
import { errorMessage, UserError } from '../model/errors.js';

/** A search that cannot be made as asked: a regex that does not compile, an unknown --where column. */
export class KwicError extends UserError {}

/** Options of kwic: what to look for, how much context, which sentences. */
export interface KwicOptions {
  /** A literal keyword, or a regular expression with `regex`. */
  pattern: string;
  regex?: boolean;
  /** Characters of context each side (within the sentence); default 20. */
  window?: number;
  /** The whole rest of the sentence each side instead of a window. */
  sentence?: boolean;
  /** column=value filters, all of which must hold: function, theme (one of the sentence's themes), a sentences.csv or documents.csv column. */
  where?: ReadonlyArray<readonly [string, string]>;
}

/** One occurrence: the sentence it is in, its document's row, and the keyword with its context. */
export interface KwicHit {
  doc_id: string;
  unit_index: number;
  /** The document's documents.csv row (doc_id left out), in column order. */
  vars: Readonly<Record<string, string>>;
  function: string;
  themes: string;
  left: string;
  keyword: string;
  right: string;
}

/** The hits of a kwic search, in the order of sentences.csv. */
export interface KwicResult {
  hits: KwicHit[];
  /** documents.csv columns carried by each hit (doc_id left out). */
  docColumns: string[];
  /** Sentences read (parsed, where the byte search allowed skipping). */
  sentencesWithHits: number;
}

export const DEFAULT_KWIC_WINDOW = 20;

/** Compile a user's pattern; a regex that does not compile is a KwicError naming it. */
export function compilePattern(pattern: string, regex: boolean): RegExp {
  if (pattern === '') throw new KwicError('the pattern is empty');
  if (!regex) return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gu');
  try {
    return new RegExp(pattern, 'gu');
  } catch (e) {
    throw new KwicError(`the regular expression /${pattern}/ does not compile: ${errorMessage(e).replace(/^Invalid regular expression: /, '')}`);
  }
}

/** Parse `col=value` filters. */
export function parseWhere(items: readonly string[]): Array<[string, string]> {
  return items.map((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new KwicError(`--where ${item}: expected column=value (e.g. function=plan, theme=publicity, report_year=2023)`);
    return [item.slice(0, eq).trim(), item.slice(eq + 1).trim()];
  });
}

/**
 * Keyword in context: every occurrence of a word or pattern in the sentences of an analysis folder (`fazhi kwic`).
 * @example
 * const { hits } = kwic('out', { pattern: '普法', where: [['function', 'plan']] });
 * console.log(hits.length);   // 3 — plans that speak of 普法
 * for (const h of hits) console.log(h.doc_id, h.left, h.keyword, h.right);
 */
export function kwic(dir: string, options: KwicOptions): KwicResult {
  const sentencesPath = join(dir, ANALYSIS_FILES.sentences);
  if (!existsSync(sentencesPath)) throw new KwicError(`${dir}: no sentences.csv (run \`fazhi analyze -o ${dir}\` first)`);
  const re = compilePattern(options.pattern, options.regex ?? false);
  const window = options.sentence ? Infinity : (options.window ?? DEFAULT_KWIC_WINDOW);
  const { rows: docs, columns: docColumns } = readDocuments(dir);

  // The header decides which filters apply to sentences and which to documents.
  let header: string[] = [];
  forEachCsvRow(sentencesPath, (row) => {
    header = row;
    return false;
  });
  const at = new Map(header.map((c, i) => [c, i]));
  for (const required of ['doc_id', 'unit_index', 'text']) {
    if (!at.has(required)) throw new KwicError(`${sentencesPath}: missing column ${required}`);
  }
  const where = options.where ?? [];
  const sentenceFilters: Array<(cells: readonly string[]) => boolean> = [];
  const docFilters: Array<[string, string]> = [];
  for (const [col, value] of where) {
    if (col === 'theme') {
      const i = at.get('themes');
      if (i === undefined) throw new KwicError(`--where theme=…: ${sentencesPath} has no themes column (the themes stage has not run)`);
      sentenceFilters.push((cells) => (cells[i] ?? '').split(';').some((t) => t.trim() === value));
    } else if (at.has(col) && col !== 'doc_id') {
      const i = at.get(col)!;
      sentenceFilters.push((cells) => (cells[i] ?? '').trim() === value);
    } else if (docColumns.includes(col) || col === 'doc_id') {
      docFilters.push([col, value]);
    } else {
      const known = [...new Set(['theme', ...header.filter((c) => c !== 'text' && c !== 'tokens'), ...docColumns])];
      throw new KwicError(`--where ${col}=${value}: no column ${col} in sentences.csv or documents.csv; the columns are ${known.join(', ')}`);
    }
  }
  const docOk = (id: string) => docFilters.every(([c, v]) => (c === 'doc_id' ? id === v : (docs.get(id)?.[c] ?? '').trim() === v));

  const iDoc = at.get('doc_id')!;
  const iUnit = at.get('unit_index')!;
  const iText = at.get('text')!;
  const iFn = at.get('function');
  const iThemes = at.get('themes');
  const hits: KwicHit[] = [];
  let sentencesWithHits = 0;
  const NO_VARS: Record<string, string> = {};
  const onRow = (cells: readonly string[]) => {
    const text = cells[iText] ?? '';
    re.lastIndex = 0;
    if (!re.test(text)) return;
    const docId = cells[iDoc] ?? '';
    if (!docOk(docId) || !sentenceFilters.every((f) => f(cells))) return;
    sentencesWithHits++;
    const vars = docs.get(docId) ?? NO_VARS;
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      if (m[0] === '') continue;
      const start = m.index;
      const end = start + m[0].length;
      hits.push({
        doc_id: docId,
        unit_index: Number(cells[iUnit]),
        vars,
        function: iFn === undefined ? '' : (cells[iFn] ?? ''),
        themes: iThemes === undefined ? '' : (cells[iThemes] ?? ''),
        left: text.slice(Math.max(0, start - window), start),
        keyword: m[0],
        right: text.slice(end, end + window),
      });
    }
  };

  const literal = options.regex ? null : options.pattern;
  if (literal === null || !scanLines(sentencesPath, literal, header.length, iDoc, iUnit, onRow)) {
    hits.length = 0;
    sentencesWithHits = 0;
    forEachCsvRow(sentencesPath, (cells, index) => {
      if (index > 0) onRow(cells);
    });
  }
  return { hits, docColumns, sentencesWithHits };
}

/**
 * The byte search: each line holding the keyword's UTF-8 bytes is parsed and
 * given to onRow. Returns false (having given some rows) when a line is not
 * a whole row, for the caller to read the file as CSV instead.
 */
function scanLines(
  path: string,
  literal: string,
  width: number,
  iDoc: number,
  iUnit: number,
  onRow: (cells: readonly string[]) => void,
): boolean {
  const needle = Buffer.from(literal, 'utf8');
  const fd = openSync(path, 'r');
  const chunk = Buffer.allocUnsafe(8 << 20);
  let carry = Buffer.alloc(0);
  let first = true;
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      const cut = n === 0 ? data.length : data.lastIndexOf(0x0a) + 1;
      let from = 0;
      if (first) {
        // The header line is not a sentence.
        const nl = data.indexOf(0x0a);
        if (nl < 0 && n > 0) {
          carry = Buffer.from(data);
          continue;
        }
        from = nl < 0 ? data.length : nl + 1;
        first = false;
      }
      let i = data.indexOf(needle, from);
      while (i >= 0 && i < cut) {
        const lineStart = data.lastIndexOf(0x0a, i) + 1;
        let lineEnd = data.indexOf(0x0a, i);
        if (lineEnd < 0 || lineEnd > cut) lineEnd = cut;
        const line = data.toString('utf8', Math.max(lineStart, from), lineEnd).replace(/\r$/, '');
        const parsed = Papa.parse<string[]>(line, { delimiter: ',' });
        const cells = parsed.data[0];
        if (parsed.errors.length || parsed.data.length !== 1 || !cells || cells.length !== width || !cells[iDoc] || !/^\d+$/.test(cells[iUnit] ?? '')) return false;
        onRow(cells);
        i = data.indexOf(needle, lineEnd + 1);
      }
      carry = Buffer.from(data.subarray(cut));
      if (n === 0) return true;
    }
  } finally {
    closeSync(fd);
  }
}

/** documents.csv rows by doc_id (doc_id left out of each), and its columns; none without the table. */
function readDocuments(dir: string): { rows: Map<string, Record<string, string>>; columns: string[] } {
  const path = join(dir, ANALYSIS_FILES.documents);
  const rows = new Map<string, Record<string, string>>();
  let header: string[] = [];
  if (!existsSync(path)) return { rows, columns: [] };
  forEachCsvRow(path, (cells, index) => {
    if (index === 0) {
      header = cells;
      return;
    }
    const row: Record<string, string> = {};
    let id = '';
    header.forEach((c, i) => {
      if (c === 'doc_id') id = cells[i] ?? '';
      else row[c] = cells[i] ?? '';
    });
    rows.set(id, row);
  });
  return { rows, columns: header.filter((c) => c !== 'doc_id') };
}

/** The rows of a kwic table, for CSV or a sheet: doc_id, unit_index, document variables, function, themes, left, keyword, right. */
export function kwicColumns(result: KwicResult): string[] {
  return ['doc_id', 'unit_index', ...result.docColumns, 'function', 'themes', 'left', 'keyword', 'right'];
}

export function kwicRecord(hit: KwicHit): Record<string, string | number> {
  return { ...hit.vars, doc_id: hit.doc_id, unit_index: hit.unit_index, function: hit.function, themes: hit.themes, left: hit.left, keyword: hit.keyword, right: hit.right };
}
