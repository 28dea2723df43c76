/**
 * Hand labels: a folder of JSON Lines files (data/labels/*.jsonl), one object
 * per labeled sentence (format in data/labels/README.md):
 *
 *   {"doc": "000_….txt", "start": 221, "end": 415, "text": "…",
 *    "function": "measure", "themes": ["leadership"], "quantities": [...]}
 *
 * Loading checks every line and reports every problem with its file and line
 * (a missing field, an unknown label, a sentence that no longer matches the
 * text at its offsets), so a labeling mistake is found before it skews a
 * score.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { FUNCTIONS, type ReportDoc, type SentenceFunction, type Unit } from '../model/document.js';
import { readSources, type SourceTable } from './sources.js';
import { errorMessage, UserError } from '../model/errors.js';

export interface LabelQuantity {
  raw: string;
  value: number;
  unit: string;
  approx: boolean;
  subject: string;
}

export interface LabelRecord {
  doc: string;
  start: number;
  end: number;
  text: string;
  function: SentenceFunction;
  themes: string[];
  quantities: LabelQuantity[];
  /** Where the label was read: the label file and its 1-based line. */
  file: string;
  line: number;
}

export interface LabelIssue {
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file. */
  line: number;
  message: string;
}

export function formatIssue(i: LabelIssue): string {
  return i.line > 0 ? `${i.file}:${i.line}: ${i.message}` : `${i.file}: ${i.message}`;
}

export class LabelError extends UserError {
  constructor(readonly issues: LabelIssue[]) {
    const shown = issues.slice(0, 20).map(formatIssue);
    if (issues.length > 20) shown.push(`… and ${issues.length - 20} more`);
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'} in the labels:\n  ${shown.join('\n  ')}`);
    this.name = 'LabelError';
  }
}

export interface LabelSet {
  dir: string;
  /** Label files read, sorted. */
  files: string[];
  records: LabelRecord[];
  /** Documents the labels are about, sorted. */
  docs: string[];
  /** The folder's sources.tsv, when it has one: where each labeled document came from. */
  sources?: SourceTable;
}

export const LABEL_FIELDS = ['doc', 'start', 'end', 'text', 'function', 'themes', 'quantities'] as const;
const QUANTITY_FIELDS: Array<[keyof LabelQuantity, string]> = [
  ['raw', 'string'],
  ['value', 'number'],
  ['unit', 'string'],
  ['approx', 'boolean'],
  ['subject', 'string'],
];

export interface LabelCheckOptions {
  /** Theme ids allowed in `themes`; unchecked when absent. */
  themeIds?: ReadonlySet<string>;
}

/** Parse one label file's text; problems are returned, not thrown. */
export function parseLabelFile(text: string, file: string, options: LabelCheckOptions = {}): { records: LabelRecord[]; issues: LabelIssue[] } {
  const records: LabelRecord[] = [];
  const issues: LabelIssue[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const issue = (message: string) => issues.push({ file, line, message });
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (e) {
      issue(`not valid JSON: ${errorMessage(e)}`);
      return;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      issue('expected a JSON object');
      return;
    }
    const o = obj as Record<string, unknown>;
    const missing = LABEL_FIELDS.filter((f) => !(f in o));
    if (missing.length > 0) {
      issue(`missing field${missing.length > 1 ? 's' : ''} ${missing.map((f) => `"${f}"`).join(', ')}`);
      return;
    }
    const before = issues.length;
    if (typeof o.doc !== 'string' || o.doc.trim() === '') issue('"doc" must be a non-empty string (the report file name)');
    if (!isOffset(o.start)) issue(`"start" must be a non-negative integer, found ${JSON.stringify(o.start)}`);
    if (!isOffset(o.end)) issue(`"end" must be a non-negative integer, found ${JSON.stringify(o.end)}`);
    if (isOffset(o.start) && isOffset(o.end) && o.end <= o.start) issue(`"end" (${o.end}) must be greater than "start" (${o.start})`);
    if (typeof o.text !== 'string') issue('"text" must be a string');
    else if (isOffset(o.start) && isOffset(o.end) && o.end > o.start && o.text.length !== o.end - o.start) {
      issue(`"text" has ${o.text.length} characters but the offsets span ${o.end - o.start}`);
    }
    if (typeof o.function !== 'string' || !(FUNCTIONS as readonly string[]).includes(o.function)) {
      issue(`unknown function label ${JSON.stringify(o.function)} (expected one of ${FUNCTIONS.join(', ')})`);
    }
    if (!Array.isArray(o.themes) || o.themes.some((t) => typeof t !== 'string')) issue('"themes" must be a list of theme ids');
    else if (options.themeIds) {
      const unknown = (o.themes as string[]).filter((t) => !options.themeIds!.has(t));
      if (unknown.length) issue(`unknown theme${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => JSON.stringify(t)).join(', ')}`);
    }
    if (!Array.isArray(o.quantities)) issue('"quantities" must be a list');
    else {
      (o.quantities as unknown[]).forEach((q, k) => {
        if (typeof q !== 'object' || q === null || Array.isArray(q)) {
          issue(`quantities[${k}] must be an object`);
          return;
        }
        for (const [f, type] of QUANTITY_FIELDS) {
          if (!(f in q)) issue(`quantities[${k}]: missing field "${f}"`);
          else if (typeof (q as Record<string, unknown>)[f] !== type) issue(`quantities[${k}].${f} must be a ${type}`);
        }
      });
    }
    if (issues.length > before) return;
    const key = `${o.doc}\u0000${o.start}\u0000${o.end}`;
    if (seen.has(key)) {
      issue(`duplicate label for ${o.doc} ${o.start}–${o.end} (first on line ${seen.get(key)})`);
      return;
    }
    seen.set(key, line);
    records.push({
      doc: o.doc as string,
      start: o.start as number,
      end: o.end as number,
      text: o.text as string,
      function: o.function as SentenceFunction,
      themes: o.themes as string[],
      quantities: o.quantities as LabelQuantity[],
      file,
      line,
    });
  });
  return { records, issues };
}

/** Every `*.jsonl` under a folder, subfolders included, as sorted paths relative to it. */
function labelFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.jsonl')) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Read and check every `*.jsonl` under a folder (subfolders included) and its
 * sources.tsv when there is one. Throws LabelError listing every problem:
 * besides each line's own, a document labeled in two files, and, with a
 * sources table, a labeled document the table does not name.
 */
export function loadLabels(dir: string, options: LabelCheckOptions = {}): LabelSet {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new LabelError([{ file: dir, line: 0, message: 'labels folder not found' }]);
  const files = labelFilesUnder(dir);
  if (files.length === 0) throw new LabelError([{ file: dir, line: 0, message: 'no label files (*.jsonl) in this folder' }]);
  const records: LabelRecord[] = [];
  const issues: LabelIssue[] = [];
  const sources = readSources(dir);
  if (sources) issues.push(...sources.issues);
  const labeledIn = new Map<string, string>();
  for (const f of files) {
    const path = join(dir, f);
    const parsed = parseLabelFile(readFileSync(path, 'utf8'), path, options);
    records.push(...parsed.records);
    issues.push(...parsed.issues);
    const named = new Set<string>();
    for (const r of parsed.records) {
      if (named.has(r.doc)) continue;
      named.add(r.doc);
      const other = labeledIn.get(r.doc);
      if (other !== undefined && other !== path) issues.push({ file: path, line: r.line, message: `${r.doc} is labeled in two files (also ${other})` });
      else labeledIn.set(r.doc, path);
      if (sources && !sources.table.byDoc.has(r.doc)) {
        issues.push({ file: path, line: r.line, message: `${r.doc} is not in ${sources.table.file}: record where the report came from there` });
      }
    }
  }
  if (issues.length > 0) throw new LabelError(issues);
  return {
    dir,
    files: files.map((f) => join(dir, f)),
    records,
    docs: [...new Set(records.map((r) => r.doc))].sort(),
    ...(sources ? { sources: sources.table } : {}),
  };
}

export interface LabeledDoc {
  /** The document name the labels use. */
  name: string;
  doc: ReportDoc;
  /** Labels in text order, each with the unit at its offsets (or, splitting tolerated, the sentence that covers most of it). */
  labels: Array<{ record: LabelRecord; unit: Unit; exact: boolean }>;
  /** Labels no sentence of the document covers (splitting tolerated): made a heading, or removed as chrome. */
  unmatched: LabelRecord[];
}

export interface AlignedLabels {
  docs: LabeledDoc[];
  /** Labeled documents that are not in the corpus. */
  missing: string[];
}

export interface AlignOptions {
  /**
   * When the toolkit cuts a labeled sentence differently, score the label
   * against the sentence unit that covers most of it (at least half) instead
   * of stopping: labels made by reading the guide's unit rules, not the
   * toolkit's units, measure the splitting too. Text that no longer matches
   * its offsets is an error either way.
   */
  tolerateSplits?: boolean;
}

/** The document a label names: its file path, its base name, or its id. */
function docIndex(docs: readonly ReportDoc[]): Map<string, ReportDoc> {
  const m = new Map<string, ReportDoc>();
  for (const d of docs) for (const k of [d.file, basename(d.file), d.id, basename(d.id)]) if (!m.has(k)) m.set(k, d);
  return m;
}

/**
 * Match labels to the corpus: each label's text must still be the text at its
 * offsets, and a unit must still have those offsets. Throws LabelError naming
 * file and line for every label that no longer matches; labeled documents
 * absent from the corpus are returned in `missing`, for the caller to report.
 */
export function alignLabels(set: LabelSet, docs: readonly ReportDoc[], options: AlignOptions = {}): AlignedLabels {
  const index = docIndex(docs);
  const byDoc = new Map<string, LabelRecord[]>();
  for (const r of set.records) {
    const list = byDoc.get(r.doc) ?? [];
    list.push(r);
    byDoc.set(r.doc, list);
  }
  const issues: LabelIssue[] = [];
  const out: LabeledDoc[] = [];
  const missing: string[] = [];
  for (const name of [...byDoc.keys()].sort()) {
    const doc = index.get(name) ?? index.get(name.replace(/\.[^./]+$/, '')) ?? index.get(basename(name));
    if (!doc) {
      missing.push(name);
      continue;
    }
    const units = new Map(doc.units.map((u) => [`${u.start}:${u.end}`, u]));
    const labels: LabeledDoc['labels'] = [];
    const unmatched: LabelRecord[] = [];
    for (const r of byDoc.get(name)!.sort((a, b) => a.start - b.start)) {
      const found = doc.text.slice(r.start, r.end);
      if (r.end > doc.text.length) {
        issues.push({ file: r.file, line: r.line, message: `offsets ${r.start}–${r.end} lie beyond the end of ${name} (${doc.text.length} characters)` });
        continue;
      }
      if (found !== r.text) {
        issues.push({
          file: r.file,
          line: r.line,
          message: `the sentence no longer matches the text of ${name} at ${r.start}–${r.end}: labeled "${clip(r.text)}", the text there is "${clip(found)}"`,
        });
        continue;
      }
      const unit = units.get(`${r.start}:${r.end}`);
      if (unit && (unit.kind === 'sentence' || !options.tolerateSplits)) {
        labels.push({ record: r, unit, exact: true });
        continue;
      }
      if (options.tolerateSplits) {
        const covering = mostOverlapping(doc.units, r.start, r.end);
        if (covering) labels.push({ record: r, unit: covering, exact: false });
        else unmatched.push(r);
        continue;
      }
      {
        issues.push({ file: r.file, line: r.line, message: `no sentence of ${name} has offsets ${r.start}–${r.end} (the sentence splitting has changed)` });
      }
    }
    out.push({ name, doc, labels, unmatched });
  }
  if (issues.length > 0) throw new LabelError(issues);
  return { docs: out, missing };
}

/** The sentence unit sharing the most characters with start–end, if it shares at least half of them. */
function mostOverlapping(units: readonly Unit[], start: number, end: number): Unit | undefined {
  let best: Unit | undefined;
  let bestOverlap = 0;
  for (const u of units) {
    if (u.kind !== 'sentence' || u.end <= start || u.start >= end) continue;
    const overlap = Math.min(u.end, end) - Math.max(u.start, start);
    if (overlap > bestOverlap) {
      best = u;
      bestOverlap = overlap;
    }
  }
  return bestOverlap * 2 >= end - start ? best : undefined;
}

function isOffset(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function clip(s: string): string {
  return s.length > 30 ? `${s.slice(0, 30)}…` : s;
}
