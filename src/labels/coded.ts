/**
 * A researcher's coded sheets as labels: each coded row (doc_id, unit_index,
 * function, themes) names a sentence of an analysis folder, which gives its
 * offsets and text (sentences.csv) and where its report is (run.json), so the
 * row becomes a label like those of data/labels, to retrain the tagger on or
 * to score it against.
 *
 * Codes are read as the codebook's conventions say (docs/codebook.md §8):
 * ids or Chinese labels (措施, 组织领导与责任落实), any case, full-width or
 * not; a sub-theme brings its parent; a blank function is a row not coded.
 */
import { errorMessage, UserError } from '../model/errors.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FUNCTIONS, type ReportDoc, type SentenceFunction } from '../model/document.js';
import { readCsv } from '../output/csv.js';
import { analyzeCorpus } from '../pipeline/analyze.js';
import { tokenizeStage } from '../tokenize/stage.js';
import { codebookEntries } from '../export/codebook.js';
import { analysisThemeDictionary } from '../export/analysis.js';
import type { ThemeDictionary } from '../themes/index.js';
import { readCodingSheet, type CodingRow } from '../validate/sheet.js';
import { alignLabels, type LabelRecord, type LabeledDoc } from './index.js';

/** A coded sheet that cannot be used (an unknown code, a row that is not its analysis' sentence …): names the file and the row. */
export class CodedSheetError extends UserError {}

export interface CodedLabels {
  /** Labeled documents, named by doc_id, with their sentences as the analysis cut them. */
  docs: LabeledDoc[];
  /** The analysis folders the rows were resolved in. */
  analyses: string[];
  /** Rows with a function (coded), and rows left blank. */
  coded: number;
  blank: number;
  /** The theme dictionary of the (first) analysis, to score themes with. */
  dictionary: ThemeDictionary;
}

/** Codes as a coder may write them, folded: NFKC (full-width to half-width), lower case, no spaces. */
function fold(code: string): string {
  return code.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** Every way of writing each code: its id and its codebook label, folded. */
function codeReader(ids: readonly string[]): Map<string, string> {
  const entries = codebookEntries();
  const out = new Map<string, string>();
  for (const id of ids) {
    out.set(fold(id), id);
    const label = entries.get(id)?.label;
    if (label) out.set(fold(label), id);
  }
  return out;
}

interface AnalysisSentences {
  dir: string;
  /** `doc_id\0unit_index` → the sentence's offsets and text. */
  units: Map<string, { start: number; end: number; text: string }>;
  run: { roots: string[]; metaFile?: string; userDict?: string };
}

function readAnalysis(dir: string): AnalysisSentences {
  const sentencesPath = join(dir, 'sentences.csv');
  if (!existsSync(sentencesPath)) throw new CodedSheetError(`${dir}: no sentences.csv (give the analysis folder the sheet was drawn from with --analysis)`);
  const units = new Map<string, { start: number; end: number; text: string }>();
  for (const r of readCsv(readFileSync(sentencesPath, 'utf8'))) {
    if ((r.kind ?? 'sentence') !== 'sentence') continue;
    units.set(`${r.doc_id}\u0000${Number(r.unit_index)}`, { start: Number(r.start), end: Number(r.end), text: r.text ?? '' });
  }
  const runPath = join(dir, 'run.json');
  if (!existsSync(runPath)) throw new CodedSheetError(`${runPath}: not found: it records where the analyzed reports are`);
  const run = JSON.parse(readFileSync(runPath, 'utf8')) as { corpus?: { roots?: string[] }; options?: { metaFile?: string | null; userDict?: string | null } };
  const roots = run.corpus?.roots ?? [];
  const gone = roots.filter((r) => !existsSync(r));
  if (roots.length === 0 || gone.length > 0) {
    throw new CodedSheetError(`${runPath}: the analyzed reports are needed to retrain on their sentences, and ${roots.length === 0 ? 'no folder is recorded' : `${gone.join(', ')} is not there any more`}`);
  }
  const existing = (f: string | null | undefined) => (f && existsSync(f) ? f : undefined);
  return { dir, units, run: { roots, metaFile: existing(run.options?.metaFile), userDict: existing(run.options?.userDict) } };
}

/** The analysis folder of a row: --analysis, else the sheet's `analysis` column, else the sheet's own folder when it is one. */
function analysisOf(sheet: string, row: SheetRow, given: string | undefined): string {
  if (given) return given;
  if (row.analysis) return resolve(dirname(sheet), row.analysis);
  const here = dirname(resolve(sheet));
  if (existsSync(join(here, 'sentences.csv'))) return here;
  throw new CodedSheetError(`${sheet}: row ${row.line}: which analysis folder is this sheet from? Give it with --analysis`);
}

/** A hash of a document's text: the same report in two corpora (data/labels and an analysis of the same files) is one document. */
function textKey(doc: ReportDoc): string {
  return createHash('sha1').update(doc.text).digest('hex');
}

/** A coding sheet's row as the labels need it: codes as written (already checked by the sheet reader), '' when not coded. */
interface SheetRow {
  line: number;
  doc_id: string;
  unit_index: number;
  text: string;
  function: string;
  themes: string;
  /** The analysis folder the row's sentence comes from, when the sheet has an `analysis` column. */
  analysis?: string;
}

function sheetRow(r: CodingRow): SheetRow {
  return {
    line: r.row,
    doc_id: r.docId,
    unit_index: r.unitIndex,
    text: r.text ?? '',
    function: r.function ?? '',
    themes: (r.themes ?? []).join(';'),
    ...(r.cells['analysis'] ? { analysis: r.cells['analysis'] } : {}),
  };
}

/**
 * Read coded sheets and resolve every coded row to its sentence and report.
 * Throws CodedSheetError naming the sheet and row for an unknown code, a row
 * whose sentence is not in its analysis, or a text that is not that sentence.
 */
export async function loadCodedSheets(sheets: readonly string[], options: { analysis?: string } = {}): Promise<CodedLabels> {
  let dictionary: ThemeDictionary | undefined;
  const analyses = new Map<string, AnalysisSentences>();
  const recordsByAnalysis = new Map<string, Map<string, LabelRecord>>();
  let coded = 0;
  let blank = 0;
  for (const sheet of sheets) {
    if (!existsSync(sheet)) throw new CodedSheetError(`${sheet}: coding sheet not found`);
    let rows: SheetRow[];
    try {
      rows = (await readCodingSheet(sheet)).rows.map(sheetRow);
    } catch (e) {
      throw new CodedSheetError(errorMessage(e));
    }
    for (const row of rows) {
      if (row.function === '') {
        blank++;
        continue;
      }
      const dir = resolve(analysisOf(sheet, row, options.analysis));
      let analysis = analyses.get(dir);
      if (!analysis) {
        analysis = readAnalysis(dir);
        analyses.set(dir, analysis);
        dictionary ??= analysisThemeDictionary(dir);
      }
      const where = `${sheet}: row ${row.line}`;
      const functions = codeReader(FUNCTIONS);
      const fn = functions.get(fold(row.function));
      if (!fn) throw new CodedSheetError(`${where}: function "${row.function}" is not a code (use ${FUNCTIONS.join(', ')} or 措施, 成效, 问题, 计划, 建议, 其他)`);
      const dict = dictionary!;
      const parentOf = new Map(dict.categories.map((c) => [c.id, c.parent]));
      const themeCodes = codeReader(dict.categories.map((c) => c.id));
      const themes = new Set<string>();
      for (const raw of row.themes.split(/[;；]/).map((t) => t.trim()).filter(Boolean)) {
        const id = themeCodes.get(fold(raw));
        if (!id) throw new CodedSheetError(`${where}: theme "${raw}" is not in the theme dictionary of ${dir}`);
        themes.add(id);
        const parent = parentOf.get(id);
        if (parent) themes.add(parent);
      }
      const unit = analysis.units.get(`${row.doc_id}\u0000${row.unit_index}`);
      if (!unit) throw new CodedSheetError(`${where}: ${row.doc_id} has no sentence ${row.unit_index} in ${join(dir, 'sentences.csv')}`);
      if (row.text.trim() !== '' && row.text.trim() !== unit.text.trim()) {
        throw new CodedSheetError(`${where}: the text is not sentence ${row.unit_index} of ${row.doc_id} in ${join(dir, 'sentences.csv')} (was the sheet drawn from another analysis?)`);
      }
      coded++;
      const records = recordsByAnalysis.get(dir) ?? new Map<string, LabelRecord>();
      recordsByAnalysis.set(dir, records);
      // A sentence coded in two sheets: the later sheet's codes stand.
      records.set(`${row.doc_id}\u0000${row.unit_index}`, {
        doc: row.doc_id,
        start: unit.start,
        end: unit.end,
        text: unit.text,
        function: fn as SentenceFunction,
        themes: dict.categories.map((c) => c.id).filter((id) => themes.has(id)),
        quantities: [],
        file: sheet,
        line: row.line,
      });
    }
  }
  const docs: LabeledDoc[] = [];
  for (const [dir, records] of recordsByAnalysis) {
    const a = analyses.get(dir)!;
    const list = [...records.values()];
    const wanted = new Set(list.map((r) => r.doc));
    const { docs: analyzed } = await analyzeCorpus(a.run.roots, { stages: [tokenizeStage({ userDict: a.run.userDict })], metaFile: a.run.metaFile });
    const found = analyzed.filter((d) => wanted.has(d.id));
    const missing = [...wanted].filter((id) => !found.some((d) => d.id === id));
    if (missing.length) throw new CodedSheetError(`${join(dir, 'run.json')}: ${missing.join(', ')} not found among the reports in ${a.run.roots.join(', ')} (moved or renamed since the analysis?)`);
    const aligned = alignLabels({ dir, files: [...new Set(list.map((r) => r.file))], records: list, docs: [...wanted].sort() }, found, { tolerateSplits: true });
    docs.push(...aligned.docs);
  }
  return { docs, analyses: [...analyses.keys()], coded, blank, dictionary: dictionary ?? analysisThemeDictionary(undefined) };
}

/**
 * Labels with a researcher's corrections: a sentence coded in a sheet takes
 * the sheet's codes instead of its label (the same report is recognized by
 * its text, whatever its file is called); the sheets' other sentences are
 * added. Returns the documents and how many labels were replaced.
 */
export function withCorrections(labels: readonly LabeledDoc[], corrections: readonly LabeledDoc[]): { docs: LabeledDoc[]; replaced: number } {
  const corrected = new Set<string>();
  for (const d of corrections) for (const l of d.labels) corrected.add(`${textKey(d.doc)}:${l.unit.start}:${l.unit.end}`);
  let replaced = 0;
  const kept = labels.map((d) => {
    const key = textKey(d.doc);
    const remaining = d.labels.filter((l) => !corrected.has(`${key}:${l.unit.start}:${l.unit.end}`));
    replaced += d.labels.length - remaining.length;
    return { ...d, labels: remaining };
  });
  return { docs: [...kept.filter((d) => d.labels.length > 0), ...corrections], replaced };
}
