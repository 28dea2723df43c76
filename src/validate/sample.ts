/**
 * `fazhi sample`: draw sentences of an analysis folder into a coding sheet
 * for blind hand coding (the sheet never shows the machine's codes).
 *
 * One pass over sentences.csv, however large: each sentence gets a seeded
 * uniform random key, and each stratum keeps the sentences with the smallest
 * keys (bottom-k sampling: the m smallest keys of a stratum are a uniform
 * sample of m of its sentences, for any m). Once the pass has counted every
 * stratum, the sample is allocated equally among strata (a stratum smaller
 * than its share gives it all and the rest is shared among the others), so
 * that rare classes (suggestion, shortcoming) are coded often enough to
 * score; `weight` = sentences in the stratum / sampled from it undoes that
 * for estimates about the whole corpus.
 */
import { errorMessage, UserError } from '../model/errors.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv, writeCsv, type Cell } from '../output/csv.js';
import { cellText, RecordScanError, scanCsvRecords, type RecordView } from './record-scan.js';
import Papa from 'papaparse';
import { mulberry32 } from '../compare/random.js';
import { FUNCTIONS } from '../model/document.js';
import { CHINESE_FUNCTION_LABELS } from './sheet.js';

/** What a stratified sample is stratified by: a column of sentences.csv or documents.csv. */
export type Stratifier = 'function' | 'theme' | 'section' | string;

/** Options of writeCodingSample: how many sentences, the seed, the strata, the sheet's file. */
export interface SampleOptions {
  n: number;
  seed?: number;
  stratify?: Stratifier;
  /** .csv or .xlsx */
  out: string;
  /** CSV for Excel: a byte-order mark and formula-like cells quoted. */
  excel?: boolean;
}

export interface StratumSummary {
  stratum: string;
  /** What the stratum is (the machine's code for function and theme strata, which the sheet shows only as an id). */
  label: string;
  sentences: number;
  sampled: number;
  weight: number | null;
}

/** What writeCodingSample wrote: the sheet's rows, the strata and their weights. */
export interface SampleResult {
  rows: number;
  sentences: number;
  strata: StratumSummary[];
  /** The file listing each stratum's label, size and weight. */
  strataFile: string;
  warnings: string[];
}

/** A user's mistake: bad folder, unknown column, impossible sample. */
export class SampleError extends UserError {}

/** Strata whose labels are the machine's codes: the sheet names them by an id, so that coding stays blind. */
const BLIND_STRATIFIERS = new Set(['function', 'theme']);

/** Columns of the coding sheet after the document's metadata. */
const CONTEXT_COLUMNS = ['heading', 'previous_sentence', 'text', 'next_sentence'] as const;
/** The coder's columns, left blank. */
export const CODER_COLUMNS = ['function', 'themes', 'note'] as const;

interface Candidate {
  key: number;
  seq: number;
  docId: string;
  unitIndex: string;
  heading: string;
  previous: string;
  text: string;
  next: string;
}

/** A max-heap on key holding at most `capacity` candidates: the smallest keys seen. */
class BottomK {
  readonly items: Candidate[] = [];
  count = 0;
  constructor(readonly capacity: number) {}

  /** The candidate's place if it is kept (it will be filled), or null. */
  offer(key: number): boolean {
    this.count++;
    return this.items.length < this.capacity || key < this.items[0]!.key;
  }

  add(c: Candidate): void {
    const h = this.items;
    if (h.length < this.capacity) {
      h.push(c);
      let i = h.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (h[p]!.key >= h[i]!.key) break;
        [h[p], h[i]] = [h[i]!, h[p]!];
        i = p;
      }
      return;
    }
    h[0] = c;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]!.key > h[m]!.key) m = l;
      if (r < h.length && h[r]!.key > h[m]!.key) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
}

/**
 * How many of n go to each stratum: equal shares; a stratum smaller than its
 * share gives all it has and the others share the rest; what the shares
 * leave over goes one each to the strata in label order.
 */
export function allocateEqually(sizes: ReadonlyMap<string, number>, n: number): Map<string, number> {
  const labels = [...sizes.keys()].sort();
  const total = labels.reduce((s, l) => s + sizes.get(l)!, 0);
  let left = Math.min(n, total);
  const alloc = new Map<string, number>();
  const bySize = [...labels].sort((a, b) => sizes.get(a)! - sizes.get(b)! || (a < b ? -1 : 1));
  bySize.forEach((l, i) => {
    const a = Math.min(sizes.get(l)!, Math.floor(left / (bySize.length - i)));
    alloc.set(l, a);
    left -= a;
  });
  while (left > 0) {
    for (const l of labels) {
      if (left === 0) break;
      if (alloc.get(l)! < sizes.get(l)!) {
        alloc.set(l, alloc.get(l)! + 1);
        left--;
      }
    }
  }
  return alloc;
}

/**
 * Draw the sample and write the coding sheet (and, beside it, the strata table).
 * @example
 * const sample = await writeCodingSample('out', { n: 50, seed: 1, stratify: 'function', out: 'coding.xlsx' });
 * console.log(sample.rows, sample.strataFile);   // 50 coding.strata.csv
 */
export async function writeCodingSample(dir: string, options: SampleOptions): Promise<SampleResult> {
  const { n } = options;
  if (!Number.isInteger(n) || n < 1) throw new SampleError(`--n must be a whole number of at least 1`);
  const sentencesPath = join(dir, 'sentences.csv');
  const documents = readDocuments(dir);
  const docColumns = documents.columns.filter((c) => c !== 'doc_id');
  const stratify = options.stratify;
  const warnings: string[] = [];

  let stratumOf: (row: RecordView, docId: string) => string = () => 'all';
  const col: Record<string, number> = {};
  const random = mulberry32(options.seed ?? 0);
  const strata = new Map<string, BottomK>();
  let sentences = 0;
  let seq = 0;
  // Per document, while reading it: the headings above, the sentence before
  // (its bytes, made text only when a kept sentence needs it), and a kept
  // sentence waiting for the one after.
  let currentDoc = '';
  let headings: string[] = [];
  let prevBuf: Buffer | null = null;
  let prevStart = 0;
  let prevEnd = 0;
  let prevQuoted = false;
  let waiting: Candidate | null = null;
  let docCol = 0;
  let kindCol = 0;
  let textCol = 0;

  try {
    scanCsvRecords(sentencesPath, (row, index) => {
      if (index === 0) {
        for (let i = 0; i < row.count; i++) col[row.cell(i).trim()] = i;
        const missing = ['doc_id', 'unit_index', 'kind', 'text'].filter((c) => col[c] === undefined);
        if (missing.length > 0) throw new SampleError(`${sentencesPath}: no ${missing.join(', ')} column: not a sentences table written by \`fazhi analyze\``);
        stratumOf = stratifierFor(stratify, col, documents, sentencesPath);
        docCol = col.doc_id!;
        kindCol = col.kind!;
        textCol = col.text!;
        return;
      }
      if (!row.cellIs(docCol, currentDoc)) {
        const docId = row.cell(docCol);
        if (docId !== currentDoc) {
          currentDoc = docId;
          headings = [];
          prevBuf = null;
          waiting = null;
        }
      }
      if (row.cellIs(kindCol, 'heading')) {
        const level = col.level === undefined ? 1 : Number(row.cell(col.level)) || 0;
        headings = headings.slice(0, level);
        headings[level] = row.cell(textCol);
        return;
      }
      if (!row.cellIs(kindCol, 'sentence')) return;
      sentences++;
      if (waiting) {
        waiting.next = row.cell(textCol);
        waiting = null;
      }
      const key = random();
      const label = stratumOf(row, currentDoc);
      let heap = strata.get(label);
      if (!heap) {
        if (stratify && strata.size >= n) {
          throw new SampleError(
            `--stratify ${stratify}: more strata than sentences to sample (${n}): each stratum needs at least one; ` +
              `stratify by a coarser column (e.g. county or province) or sample more`,
          );
        }
        heap = new BottomK(n);
        strata.set(label, heap);
      }
      if (heap.offer(key)) {
        const c: Candidate = {
          key,
          seq,
          docId: currentDoc,
          unitIndex: row.cell(col.unit_index!),
          heading: headings.slice(1).filter((h) => h).join(' › ') || (headings[0] ?? ''),
          previous: prevBuf ? cellText(prevBuf, prevStart, prevEnd, prevQuoted) : '',
          text: row.cell(textCol),
          next: '',
        };
        heap.add(c);
        waiting = c;
      }
      seq++;
      prevBuf = row.buf;
      prevStart = row.starts[textCol]!;
      prevEnd = row.ends[textCol]!;
      prevQuoted = row.quoted[textCol] === 1;
    });
  } catch (e) {
    if (e instanceof SampleError) throw e;
    if (e instanceof RecordScanError) throw new SampleError(e.message);
    throw new SampleError(`${sentencesPath}: ${errorMessage(e)}`);
  }
  if (sentences === 0) throw new SampleError(`${sentencesPath}: no sentences to sample`);
  if (sentences < n) warnings.push(`the analysis has ${sentences} sentences, fewer than --n ${n}: all are in the sheet`);

  const sizes = new Map([...strata].map(([l, h]) => [l, h.count]));
  const alloc = stratify ? allocateEqually(sizes, n) : new Map([['all', Math.min(n, sentences)]]);
  const blind = stratify !== undefined && BLIND_STRATIFIERS.has(stratify);
  const labels = [...strata.keys()].sort();
  const idWidth = String(labels.length).length;
  const stratumName = new Map(labels.map((l, i) => [l, blind ? `S${String(i + 1).padStart(idWidth, '0')}` : l]));
  const summaries: StratumSummary[] = [];
  const chosen: Array<{ c: Candidate; stratum: string; weight: number }> = [];
  for (const label of labels) {
    const heap = strata.get(label)!;
    const m = alloc.get(label) ?? 0;
    const weight = m > 0 ? heap.count / m : null;
    summaries.push({ stratum: stratumName.get(label)!, label, sentences: heap.count, sampled: m, weight });
    const smallest = [...heap.items].sort((a, b) => a.key - b.key || a.seq - b.seq).slice(0, m);
    for (const c of smallest) chosen.push({ c, stratum: stratumName.get(label)!, weight: weight! });
  }
  // Report order: a coder reads each report's sentences in sequence.
  chosen.sort((a, b) => a.c.seq - b.c.seq);

  const columns = ['doc_id', 'unit_index', 'stratum', 'weight', ...docColumns, ...CONTEXT_COLUMNS, ...CODER_COLUMNS];
  const rows: Array<Record<string, Cell>> = chosen.map(({ c, stratum, weight }) => {
    const doc = documents.byId.get(c.docId) ?? {};
    const r: Record<string, Cell> = { doc_id: c.docId, unit_index: c.unitIndex, stratum, weight: roundWeight(weight) };
    for (const k of docColumns) r[k] = doc[k] ?? '';
    Object.assign(r, { heading: c.heading, previous_sentence: c.previous, text: c.text, next_sentence: c.next, function: '', themes: '', note: '' });
    return r;
  });
  if (/\.xlsx$/i.test(options.out)) await writeXlsxSheet(options.out, columns, rows);
  else writeCsv(options.out, columns, rows, { excel: options.excel });
  const strataFile = options.out.replace(/(\.[^./\\]*)?$/, '.strata.csv');
  writeCsv(
    strataFile,
    ['stratum', 'stratified_by', 'label', 'sentences', 'sampled', 'weight'],
    summaries.map((s) => ({ ...s, stratified_by: stratify ?? '', weight: s.weight === null ? '' : roundWeight(s.weight) })),
  );
  return { rows: rows.length, sentences, strata: summaries, strataFile, warnings };
}

/** Weights printed with six decimals at most (the same on every platform). */
function roundWeight(w: number): number {
  return Math.round(w * 1e6) / 1e6;
}

interface Documents {
  columns: string[];
  byId: Map<string, Record<string, string>>;
}

function readDocuments(dir: string): Documents {
  const path = join(dir, 'documents.csv');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new SampleError(`${dir}: no documents.csv: not an analysis folder written by \`fazhi analyze\``);
  }
  text = text.replace(/^\ufeff/, '');
  const columns = (Papa.parse<string[]>(text, { preview: 1 }).data[0] ?? []).map((c) => c.trim());
  const byId = new Map(readCsv(text).map((r) => [r.doc_id ?? '', r]));
  return { columns, byId };
}

function stratifierFor(
  stratify: Stratifier | undefined,
  col: Record<string, number>,
  documents: Documents,
  sentencesPath: string,
): (row: RecordView, docId: string) => string {
  if (stratify === undefined) return () => 'all';
  if (stratify === 'theme') {
    const i = col.themes;
    if (i === undefined) throw new SampleError(`--stratify theme: ${sentencesPath} has no themes column`);
    // A sentence's stratum is its first theme (top-level themes come first in the dictionary's order); "(none)" without one.
    return (row) => row.cell(i).split(';')[0] || '(none)';
  }
  if (stratify === 'function' || stratify === 'section') {
    const i = col[stratify];
    if (i === undefined) throw new SampleError(`--stratify ${stratify}: ${sentencesPath} has no ${stratify} column`);
    // Runs of sentences share a code: the last label is compared in place before a cell is made text.
    let last = '';
    return (row) => {
      if (last !== '' && row.cellIs(i, last)) return last;
      last = row.cell(i);
      return last || '(blank)';
    };
  }
  if (stratify !== 'doc_id' && documents.columns.includes(stratify)) {
    return (_row, docId) => documents.byId.get(docId)?.[stratify] || '(blank)';
  }
  const choices = ['function', 'theme', 'section', ...documents.columns.filter((c) => c !== 'doc_id')];
  throw new SampleError(`--stratify ${stratify}: no such column; stratify by one of ${choices.join(', ')}`);
}

/** The function codes with their Chinese labels, for the prompt of the function column. */
function codePrompt(): string {
  const zh = Object.fromEntries(Object.entries(CHINESE_FUNCTION_LABELS).map(([k, v]) => [v, k]));
  return FUNCTIONS.map((f) => `${f} ${zh[f]}`).join(', ');
}

/**
 * The sheet as an Excel workbook: header frozen, the sentence column wide and
 * wrapped, and the function column offering the codebook's codes as a list.
 * Dates in the file are fixed so that the same sample gives the same bytes.
 */
async function writeXlsxSheet(path: string, columns: string[], rows: Array<Record<string, Cell>>): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const fixed = new Date(Date.UTC(2000, 0, 1));
  wb.creator = 'fazhi';
  wb.created = fixed;
  wb.modified = fixed;
  const ws = wb.addWorksheet('coding', { views: [{ state: 'frozen', ySplit: 1 }] });
  const wide: Record<string, number> = { text: 60, previous_sentence: 40, next_sentence: 40, heading: 30, title: 30, themes: 24, note: 30, function: 14 };
  ws.columns = columns.map((c) => ({ header: c, key: c, width: wide[c] ?? Math.max(10, c.length + 2) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => r[c] ?? ''));
  const fnCol = columns.indexOf('function') + 1;
  const list = `"${FUNCTIONS.join(',')}"`;
  for (let i = 2; i <= rows.length + 1; i++) {
    for (const c of ['text', 'previous_sentence', 'next_sentence']) ws.getRow(i).getCell(columns.indexOf(c) + 1).alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(i).getCell(fnCol).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [list],
      showInputMessage: true,
      promptTitle: 'function',
      prompt: codePrompt(),
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: 'function',
      error: `one of ${FUNCTIONS.join(', ')}`,
    };
  }
  // exceljs stamps every part of the zip with the time of writing: the parts
  // are stamped again with a fixed date so that the same sample gives the same file.
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  const stamped = new JSZip();
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name]!;
    if (!entry.dir) stamped.file(name, await entry.async('uint8array'), { date: fixed, createFolders: false });
  }
  writeFileSync(path, await stamped.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'DOS' }));
}
