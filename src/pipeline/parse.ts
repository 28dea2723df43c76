/**
 * One report from text to an annotated ReportDoc:
 * clean → structure → metadata → the configured stages (tokens, tags, …).
 *
 * A report in traditional characters is read through a simplified view of
 * the same length (src/text/script.ts): cleaning, structure, metadata and
 * every stage decide on the view, while the ReportDoc keeps the source's
 * characters in `text`, in every unit's `text` and heading path and in every
 * quantity's `raw`. A stage reads `unit.text`, so `runStage` shows it the
 * view for the length of its run and puts the source back afterwards; what a
 * stage derives (tokens, cues, quantity subjects) stays simplified, as the
 * dictionaries it was matched against are.
 */
import type { DocumentMeta, ReportDoc, Script, Unit } from '../model/document.js';
import { cleanText, type CleanResult } from '../clean/chrome.js';
import { segment } from '../structure/segment.js';
import { inferMetadata } from '../metadata/infer.js';
import { simplifiedView, toSimplified } from '../text/script.js';
import type { Stage } from '../model/stage.js';
import { tokenizeStage } from '../tokenize/stage.js';
import { timed, type Profile } from './profile.js';

/** Options of parseReport. */
export interface ParseOptions {
  /** File name shown in outputs; also the last resort for a title. */
  file?: string;
  /** Document id; defaults to the file name without extension. */
  id?: string;
  /** Metadata carried by the input (JSONL fields such as title, year). */
  fields?: Record<string, string>;
  /** Explicit metadata that overrides what is inferred (a researcher's sampling frame). */
  meta?: Partial<DocumentMeta>;
  /** Stages after structure; default: tokenize. */
  stages?: Stage[];
  /** cleanReport(rawText) (or cleanText) when the caller already has it (the corpus run hashes it to find duplicates). */
  cleaned?: CleanResult | CleanedReport;
  /** Seconds per step are added here when given. */
  profile?: Profile;
}

/** A cleaned report with the simplified view its decisions are made on. */
export interface CleanedReport extends CleanResult {
  /** `text` in simplified characters, of the same length; `text` itself for a report in simplified characters. */
  view: string;
  script: Script;
}

/**
 * Remove the page chrome. For a report in traditional characters the
 * cleaner decides on the simplified view, line by line, and the lines it
 * keeps are taken from the source.
 */
export function cleanReport(rawText: string): CleanedReport {
  const { script, view: rawView } = simplifiedView(rawText);
  if (script === 'simplified') {
    const cleaned = cleanText(rawText);
    return { ...cleaned, view: cleaned.text, script };
  }
  const cleaned = cleanText(rawView);
  return { text: sourceOfKeptLines(rawText, rawView, cleaned.text), view: cleaned.text, removed: cleaned.removed, script };
}

const EDGE_SPACE = /^[\s\u3000\u00a0\ufeff]+|[\s\u3000\u00a0\ufeff]+$/g;

/**
 * The cleaner keeps whole trimmed lines in order, and drops or collapses the
 * rest; each kept line of the view is matched to the next raw line whose
 * trimmed view it is, and that line's source characters are kept instead.
 * The view changes no whitespace, so a line trims at the same places in both.
 */
function sourceOfKeptLines(raw: string, rawView: string, cleanedView: string): string {
  const sourceLines = raw.replace(/\r\n?/g, '\n').split('\n');
  const viewLines = rawView.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let j = 0;
  for (const kept of cleanedView.split('\n')) {
    if (kept === '') {
      out.push('');
      continue;
    }
    // The cleaner may keep part of a line (a page title without its site name): the nearest line holding it,
    // not a later line equal to it, which would skip every line between.
    while (j < viewLines.length && !viewLines[j]!.includes(kept)) j++;
    if (j === viewLines.length) throw new Error('cleaning the simplified view kept a line that is not in the source');
    const line = viewLines[j]!;
    const start = line.replace(EDGE_SPACE, '') === kept ? line.search(/[^\s\u3000\u00a0\ufeff]/) : line.indexOf(kept);
    out.push(sourceLines[j]!.slice(start, start + kept.length));
    j++;
  }
  const text = out.join('\n');
  if (text.length !== cleanedView.length) throw new Error('the cleaned source and its simplified view differ in length');
  return text;
}

/** Both surfaces of a traditional report's units, by unit index. */
interface Surfaces {
  source: string;
  view: string;
  sourceUnits: Array<Pick<Unit, 'text' | 'headingPath'>>;
  viewUnits: Array<Pick<Unit, 'text' | 'headingPath'>>;
}

/** Reports in traditional characters, with their simplified surfaces; simplified reports have no entry. */
const SURFACES = new WeakMap<ReportDoc, Surfaces>();

/**
 * One report from its raw text to a ReportDoc: cleaned, cut into headings and sentences, its metadata inferred, then the stages run (default: tokens only).
 * @param rawText - the report as read: a web page's text, chrome and all, is cleaned first.
 * @example
 * const doc = parseReport(readFileSync('data/reports/000_729e9bcc00219c1c.txt', 'utf8'), { stages: defaultStages() });
 * console.log(doc.meta.township, doc.meta.report_year);   // 高梁镇 2021
 * console.log(doc.units.filter((u) => u.kind === 'sentence').map((u) => u.tag?.function));
 */
export function parseReport(rawText: string, options: ParseOptions = {}): ReportDoc {
  const file = options.file ?? 'report.txt';
  const profile = options.profile;
  const cleaned = withView(options.cleaned ?? timed(profile, 'clean', () => cleanReport(rawText)));
  const traditional = cleaned.script === 'traditional';
  const { units, sectionsFound } = timed(profile, 'structure', () => segment(cleaned.view));
  // Structure decides on the view alone, so the same spans come out with the source's characters.
  const sourceUnits = traditional ? segment(cleaned.text, cleaned.view).units : units;
  const fields = traditional && options.fields ? simplifiedFields(options.fields) : options.fields;
  const inferred = timed(profile, 'metadata', () => inferMetadata({ text: cleaned.view, units, chrome: cleaned.removed, fields, file }));
  const doc: ReportDoc = {
    id: options.id ?? file.replace(/\.[^./#]+$/, ''),
    file,
    text: cleaned.view,
    meta: { ...applyOverrides(inferred, options.meta), script: cleaned.script },
    units,
    sectionsFound,
  };
  if (traditional) {
    const surfaces: Surfaces = {
      source: cleaned.text,
      view: cleaned.view,
      sourceUnits: sourceUnits.map((u) => ({ text: u.text, headingPath: u.headingPath })),
      viewUnits: units.map((u) => ({ text: u.text, headingPath: u.headingPath })),
    };
    SURFACES.set(doc, surfaces);
    showSurface(doc, surfaces.source, surfaces.sourceUnits);
  }
  for (const stage of options.stages ?? [tokenizeStage()]) timed(profile, stage.name, () => runStage(stage, doc));
  return doc;
}

/** A run of consecutive units of a document, annotated on their own (Stage.run). */
export interface UnitWindow {
  units: Unit[];
  /** Stands for the document in this run: the same for each of its windows. */
  carry: object;
}

/**
 * Run one stage on a parsed report, or on a window of its units. A report
 * in traditional characters is shown to the stage in its simplified view,
 * and given back its source characters afterwards, whatever the stage did.
 */
export function runStage(stage: Stage, doc: ReportDoc, window?: UnitWindow): void {
  if (!window) inSimplifiedView(doc, () => stage.run(doc));
  else inSimplifiedView(doc, () => stage.run({ ...doc, units: window.units }, window.carry), window.units);
}

/**
 * `fn()` with `doc` showing its simplified view (`text`, and `text` and
 * heading paths of `units`, by default all of them), for code that reads a
 * parsed report outside a stage, such as feature extraction for training; a
 * report in simplified characters is shown as it is.
 */
export function inSimplifiedView<T>(doc: ReportDoc, fn: () => T, units: readonly Unit[] = doc.units): T {
  const surfaces = SURFACES.get(doc);
  if (!surfaces) return fn();
  showSurface(doc, surfaces.view, surfaces.viewUnits, units);
  try {
    return fn();
  } finally {
    showSurface(doc, surfaces.source, surfaces.sourceUnits, units);
  }
}

function showSurface(doc: ReportDoc, text: string, surface: Surfaces['sourceUnits'], units: readonly Unit[] = doc.units): void {
  doc.text = text;
  for (const unit of units) {
    const s = surface[unit.index];
    if (!s) continue;
    unit.text = s.text;
    unit.headingPath = s.headingPath;
    for (const q of unit.quantities ?? []) q.raw = text.slice(q.start, q.end);
  }
}

/** A caller's own cleanText result: its view is made from the cleaned text. */
function withView(cleaned: CleanResult | CleanedReport): CleanedReport {
  if ('view' in cleaned) return cleaned;
  const { script, view } = simplifiedView(cleaned.text);
  return { ...cleaned, view, script };
}

function simplifiedFields(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, toSimplified(v)]));
}

function applyOverrides(meta: DocumentMeta, over: Partial<DocumentMeta> | undefined): DocumentMeta {
  if (!over) return meta;
  const out: DocumentMeta = { ...meta };
  const overridden: string[] = [];
  for (const [k, v] of Object.entries(over) as Array<[keyof DocumentMeta, unknown]>) {
    if (v === undefined || v === '' || k === 'overridden') continue;
    (out as unknown as Record<string, unknown>)[k] = v;
    if (k === 'variables') continue;
    overridden.push(k);
  }
  if (overridden.length) out.overridden = overridden;
  return out;
}
