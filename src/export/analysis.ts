/**
 * What an export needs from an analysis folder written by `fazhi analyze`:
 * each document's row of documents.csv and its cleaned text (texts/), its
 * sentences with their offsets, codes and evidence (sentences.csv), and the
 * theme dictionary the analysis coded with (run.json's --dict options).
 */
import { errorMessage, UserError } from '../model/errors.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from '../output/csv.js';
import { textFileName } from '../output/writer.js';
import { themeDictionaryFor, type ThemeDictionary } from '../themes/index.js';

/** A mistake in the analysis folder (a missing table or text, a sentence that is not at its offsets): the user's to fix. */
export class ExportInputError extends UserError {}

export interface AnalyzedSentence {
  unitIndex: number;
  /** UTF-16 code units into the document's text, as every fazhi table counts. */
  start: number;
  end: number;
  text: string;
  section: string;
  function: string;
  confidence: string;
  cues: string;
  model: string;
  themes: string[];
  themeCues: string;
}

export interface AnalyzedDocument {
  id: string;
  /** The document's row of documents.csv, column by column. */
  meta: Record<string, string>;
  text: string;
  sentences: AnalyzedSentence[];
}

export interface AnalysisFolder {
  dir: string;
  documents: AnalyzedDocument[];
  /** documents.csv's columns, in table order. */
  metaColumns: string[];
  dictionary: ThemeDictionary;
  /** Theme ids sentences carry that the dictionary does not define, with the parent themes.csv gives them. */
  extraThemes: Map<string, string>;
}

function readTable(path: string, required: string[]): { rows: Array<Record<string, string>>; columns: string[] } {
  if (!existsSync(path)) throw new ExportInputError(`${path}: not found (is this a folder written by \`fazhi analyze\`?)`);
  const text = readFileSync(path, 'utf8');
  let rows: Array<Record<string, string>>;
  try {
    rows = readCsv(text);
  } catch (e) {
    throw new ExportInputError(`${path}: ${errorMessage(e)}`);
  }
  // A table without rows still names its columns in its header.
  const columns = rows.length > 0 ? Object.keys(rows[0]!) : (text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '').split(',');
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length) throw new ExportInputError(`${path}: missing column(s) ${missing.join(', ')}`);
  return { rows, columns };
}

function splitList(v: string | undefined): string[] {
  return (v ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The theme dictionary an analysis folder's run.json records (--dict, --dict-mode); the shipped one otherwise. */
export function analysisThemeDictionary(dir: string | undefined): ThemeDictionary {
  const runPath = join(dir ?? '', 'run.json');
  let options: { dict?: unknown; dictMode?: unknown } = {};
  if (dir !== undefined && existsSync(runPath)) {
    try {
      options = (JSON.parse(readFileSync(runPath, 'utf8')) as { options?: typeof options }).options ?? {};
    } catch (e) {
      throw new ExportInputError(`${runPath}: not valid JSON: ${errorMessage(e)}`);
    }
  }
  const dict = typeof options.dict === 'string' && options.dict !== '' ? options.dict : undefined;
  if (dict && !existsSync(dict)) {
    throw new ExportInputError(`${runPath}: the analysis used the theme dictionary ${dict}, which is not there any more; its categories are needed for the codebook`);
  }
  return themeDictionaryFor({ dict, mode: options.dictMode === 'replace' ? 'replace' : 'add' });
}

export function readAnalysisFolder(dir: string): AnalysisFolder {
  if (!existsSync(dir)) throw new ExportInputError(`${dir}: folder not found`);
  const documentsPath = join(dir, 'documents.csv');
  const sentencesPath = join(dir, 'sentences.csv');
  const docs = readTable(documentsPath, ['doc_id']);
  const sents = readTable(sentencesPath, ['doc_id', 'unit_index', 'start', 'end', 'text']);
  const dictionary = analysisThemeDictionary(dir);
  const known = new Set(dictionary.categories.map((c) => c.id));

  const byDoc = new Map<string, AnalyzedDocument>();
  const documents: AnalyzedDocument[] = [];
  for (const meta of docs.rows) {
    const id = meta.doc_id!;
    const textPath = join(dir, 'texts', textFileName(id));
    if (!existsSync(textPath)) throw new ExportInputError(`${textPath}: the cleaned text of document ${id} is missing`);
    const doc: AnalyzedDocument = { id, meta, text: readFileSync(textPath, 'utf8'), sentences: [] };
    byDoc.set(id, doc);
    documents.push(doc);
  }

  const extraThemes = new Map<string, string>();
  sents.rows.forEach((r, i) => {
    const row = i + 2;
    if ((r.kind ?? 'sentence') !== 'sentence') return;
    const doc = byDoc.get(r.doc_id!);
    if (!doc) throw new ExportInputError(`${sentencesPath}: row ${row}: document ${r.doc_id} is not in documents.csv`);
    const [unitIndex, start, end] = [Number(r.unit_index), Number(r.start), Number(r.end)];
    if (![unitIndex, start, end].every((n) => Number.isInteger(n) && n >= 0) || end < start || end > doc.text.length) {
      throw new ExportInputError(`${sentencesPath}: row ${row}: unit_index, start and end must be whole numbers within the text of ${doc.id} (found ${r.unit_index}, ${r.start}, ${r.end})`);
    }
    const text = r.text ?? '';
    const there = doc.text.slice(start, end);
    // With --excel, a cell that looks like a formula is written with a ' in front.
    if (there !== text && !(text.startsWith("'") && there === text.slice(1))) {
      throw new ExportInputError(`${sentencesPath}: row ${row}: the text of ${doc.id} at ${start}–${end} is not the sentence of this row (texts/ and sentences.csv come from different analyses?)`);
    }
    const themes = splitList(r.themes);
    for (const t of themes) if (!known.has(t) && !extraThemes.has(t)) extraThemes.set(t, '');
    doc.sentences.push({
      unitIndex,
      start,
      end,
      text: there,
      section: r.section ?? '',
      function: (r.function ?? '').trim(),
      confidence: r.confidence ?? '',
      cues: r.cues ?? '',
      model: r.model ?? '',
      themes,
      themeCues: r.theme_cues ?? '',
    });
  });
  if (extraThemes.size > 0) {
    // themes.csv names each theme's parent: enough to place a category of a dictionary that is gone.
    const themesPath = join(dir, 'themes.csv');
    if (existsSync(themesPath)) {
      for (const r of readTable(themesPath, ['theme', 'parent']).rows) if (extraThemes.has(r.theme!)) extraThemes.set(r.theme!, r.parent ?? '');
    }
  }
  for (const d of documents) d.sentences.sort((a, b) => a.start - b.start || a.unitIndex - b.unitIndex);
  return { dir, documents, metaColumns: docs.columns, dictionary, extraThemes };
}
