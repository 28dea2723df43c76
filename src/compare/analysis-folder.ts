/**
 * An analysis folder written by `fazhi analyze`, read straight into corpus
 * counts: documents.csv for the metadata, quantities.csv for the values,
 * sentences.csv streamed once, and run.json for how the themes were coded.
 */
import { errorMessage } from '../model/errors.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detachedCopy } from '../text/code-units.js';
import { FUNCTIONS, type SentenceFunction } from '../model/document.js';
import { CsvFormatError, forEachCsvRow, readCsvHeader } from '../output/csv.js';
import { cellValue, forEachRecordAsWritten, NotAsWritten } from '../output/csv-as-written.js';
import { CorpusCounter, type CorpusCounts } from './corpus-counts.js';
import { AnalysisFolderError } from './input.js';
import type { NearDuplicateOptions } from './shingles.js';
import type { CompareDocMeta, CompareQuantity } from './types.js';
import { taxonomyInRun, type ThemeTaxonomy } from '../themes/taxonomy.js';
import { ANALYSIS_FILES } from '../output/analysis-folder.js';

const KNOWN_FUNCTIONS: ReadonlySet<string> = new Set(FUNCTIONS);

/**
 * Read an analysis folder straight into corpus counts: sentences.csv is
 * streamed once and no sentence object is kept. Same notes, errors and
 * numbers for the same documents as inputFromDocs followed by compareInput.
 */
export function countAnalysisFolder(dir: string, stopwords: ReadonlySet<string>, near: NearDuplicateOptions): CorpusCounts {
  const notes: string[] = [];
  const sentencesPath = join(dir, ANALYSIS_FILES.sentences);
  if (!existsSync(sentencesPath)) throw new AnalysisFolderError(`${dir}: no sentences.csv (run \`fazhi analyze -o ${dir}\` first)`);

  const { metas, columns: docColumns } = readDocumentMetas(dir, notes);
  const { quantities, hasQuantities } = readQuantities(dir, notes);

  const { counter, columns, unknownFunctions, tokensFallback } = countSentences(sentencesPath, stopwords, near, quantities);
  const has = { function: columns.includes('function'), themes: columns.includes('themes'), quantities: hasQuantities };
  if (!columns.includes('kind')) notes.push('sentences.csv has no kind column: every row was taken as a sentence (headings included).');
  if (tokensFallback) notes.push('sentences.csv has no tokens column: sentences were tokenized with the default dictionary.');
  if (!has.function) notes.push('sentences.csv has no function column (the tagger has not run): profiles.csv has no function counts and no theme×function shares.');
  if (!has.themes) notes.push('sentences.csv has no themes column (the themes stage has not run): no theme shares, cosine_themes is empty, and clustering uses TF-IDF.');
  if (unknownFunctions) notes.push(`${unknownFunctions} sentence(s) had a function that is not one of ${FUNCTIONS.join(', ')}; they are counted without a function.`);
  quantities.clear();
  const empty: CompareDocMeta = { title: '', township: '', county: '', city: '', province: '', report_year: null };
  const corpus = counter.finish(metas.keys(), (id) => metas.get(id) ?? { ...empty }, has, notes);
  corpus.input.docColumns = docColumns;
  if (has.themes) {
    const run = readRunRecord(dir);
    const taxonomy = recordedTaxonomy(run, join(dir, ANALYSIS_FILES.run));
    if (taxonomy) corpus.input.taxonomy = taxonomy;
    else notes.push(`${run === null ? 'there is no run.json' : 'run.json records no theme categories (an analysis by an earlier fazhi)'}: theme ids, parents and names are those of the shipped dictionary (dictionaries/themes.yml).`);
    if (ownThemesOnlyIn(run)) {
      if (!taxonomy) corpus.input.ownThemesOnly = true;
      notes.push('the analysis coded your theme dictionary alone (--dict-mode replace, run.json): the shipped themes were not looked for, so they are not columns.');
    }
  }
  return corpus;
}

const SENTENCE_COLUMNS = ['doc_id', 'unit_index', 'text'];

/**
 * sentences.csv counted, row by row. A table as fazhi wrote it (nearly
 * always) is read without papaparse, each cell sliced where it lies
 * (forEachRecordAsWritten), and only the cells counted; any other, or a
 * damaged one, is read again from the start by forEachCsvRow, which gives
 * the same cells, or names the damage.
 */
function countSentences(path: string, stopwords: ReadonlySet<string>, near: NearDuplicateOptions, quantities: ReadonlyMap<string, CompareQuantity[]>) {
  const header = headerOf(path);
  if (SENTENCE_COLUMNS.every((c) => header.includes(c))) {
    try {
      const counting = new SentenceCounting(path, header, stopwords, near, quantities);
      let text = '';
      let spans: ArrayLike<number> = [];
      const cellAt = (i: number) => cellValue(text, spans[2 * i]!, spans[2 * i + 1]!);
      forEachRecordAsWritten(path, header.length, false, (t, s) => {
        text = t;
        spans = s;
        counting.row(cellAt);
      });
      return counting.counted(header);
    } catch (e) {
      if (!(e instanceof NotAsWritten || e instanceof CsvFormatError)) throw e;
    }
  }
  let counting: SentenceCounting | null = null;
  let cells: readonly string[] = [];
  const cellOf = (i: number) => cells[i]!;
  const columns = eachRow(path, SENTENCE_COLUMNS, (_cell, _fields, row) => {
    counting ??= new SentenceCounting(path, header, stopwords, near, quantities);
    cells = row;
    counting.row(cellOf);
  });
  return (counting ?? new SentenceCounting(path, columns, stopwords, near, quantities)).counted(columns);
}

/** The first row of a CSV file ([] for none, or for a damaged file: the damage is reported where the whole table is read). */
function headerOf(path: string): string[] {
  try {
    return readCsvHeader(path) ?? [];
  } catch (e) {
    if (!(e instanceof CsvFormatError)) throw e;
    return [];
  }
}

/** sentences.csv's rows counted into a CorpusCounter, each row's cells given by column number. */
class SentenceCounting {
  readonly counter: CorpusCounter;
  unknownFunctions = 0;
  tokensFallback = false;

  constructor(
    private readonly path: string,
    header: readonly string[],
    stopwords: ReadonlySet<string>,
    near: NearDuplicateOptions,
    private readonly quantities: ReadonlyMap<string, CompareQuantity[]>,
  ) {
    this.counter = new CorpusCounter(stopwords, near, true);
    // A name given to two columns reads the last of them, as a record by column name (readCsv) does.
    const position = new Map(header.map((c, i) => [c, i]));
    const at = (name: string) => position.get(name) ?? -1;
    this.kind = at('kind');
    this.docId = at('doc_id');
    this.unitIndex = at('unit_index');
    this.text = at('text');
    this.tokens = at('tokens');
    this.fn = at('function');
    this.themes = at('themes');
  }

  /** Column numbers, -1 for a column the table lacks. */
  private readonly kind: number;
  private readonly docId: number;
  private readonly unitIndex: number;
  private readonly text: number;
  private readonly tokens: number;
  private readonly fn: number;
  private readonly themes: number;

  row(cell: (i: number) => string): void {
    const kind = this.kind < 0 ? 'sentence' : cell(this.kind);
    const docId = cell(this.docId);
    this.counter.doc(docId);
    if (kind !== 'sentence') return;
    const text = cell(this.text);
    const hasTokens = this.tokens >= 0;
    if (!hasTokens) this.tokensFallback = true;
    let fn: SentenceFunction | null = null;
    if (this.fn >= 0) {
      const f = cell(this.fn).trim();
      if (KNOWN_FUNCTIONS.has(f)) fn = f as SentenceFunction;
      else if (f !== '') this.unknownFunctions++;
    }
    const rawUnit = cell(this.unitIndex);
    const unitIndex = Number(rawUnit);
    if (!Number.isInteger(unitIndex)) throw new AnalysisFolderError(`${this.path}: unit_index "${rawUnit}" of document ${docId} is not a whole number`);
    const themes = this.themes >= 0 ? splitInto(cell(this.themes), ';', []) : NONE_STR;
    this.counter.sentence(docId, unitIndex, text, hasTokens ? cell(this.tokens) : null, fn, themes, this.quantities.get(`${docId}\u0000${rawUnit}`) ?? NONE);
  }

  counted(columns: string[]) {
    return { counter: this.counter, columns, unknownFunctions: this.unknownFunctions, tokensFallback: this.tokensFallback };
  }
}

const NONE: CompareQuantity[] = [];

/** The folder's parsed run.json; null when there is none or it cannot be read. */
function readRunRecord(dir: string): unknown {
  const path = join(dir, ANALYSIS_FILES.run);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** The taxonomy run.json records; a malformed record is the folder's error. */
function recordedTaxonomy(run: unknown, path: string): ThemeTaxonomy | null {
  try {
    return taxonomyInRun(run, path);
  } catch (e) {
    throw new AnalysisFolderError(errorMessage(e));
  }
}

/** Each document's metadata from documents.csv, and its columns; none, with a note, without the table. */
function readDocumentMetas(dir: string, notes: string[]): { metas: Map<string, CompareDocMeta>; columns: string[] | null } {
  const metas = new Map<string, CompareDocMeta>();
  const documentsPath = join(dir, ANALYSIS_FILES.documents);
  let columns: string[] | null = null;
  if (existsSync(documentsPath)) {
    columns = eachRow(documentsPath, ['doc_id'], (cell, fields) => {
      // Kept to the end: copies, not slices of documents.csv's text, which would keep all of it.
      const vars: Record<string, string> = {};
      for (const f of fields) vars[f] = detachedCopy(cell(f) ?? '');
      const field = (name: string) => (Object.hasOwn(vars, name) ? vars[name]! : '');
      const year = field('report_year').trim();
      metas.set(field('doc_id'), {
        title: field('title'),
        township: field('township').trim(),
        county: field('county').trim(),
        city: field('city').trim(),
        province: field('province').trim(),
        report_year: /^\d{4}$/.test(year) ? Number(year) : null,
        vars,
      });
    });
  } else {
    notes.push('documents.csv is missing: no township, province or year is known, so --by township/province and reuse.csv cannot group documents.');
  }
  return { metas, columns };
}

/**
 * The quantities of quantities.csv by `doc_id\0unit_index` (as written), in
 * table order; none, with a note, when the table is missing or unreadable.
 */
function readQuantities(dir: string, notes: string[]): { quantities: Map<string, CompareQuantity[]>; hasQuantities: boolean } {
  const quantities = new Map<string, CompareQuantity[]>();
  const quantitiesPath = join(dir, ANALYSIS_FILES.quantities);
  let hasQuantities = false;
  if (existsSync(quantitiesPath)) {
    try {
      eachRow(quantitiesPath, ['doc_id', 'unit_index', 'value', 'unit'], (cell) => {
        const raw = cell('value');
        const value = Number(raw);
        if (!Number.isFinite(value) || (raw ?? '').trim() === '') return;
        const key = `${cell('doc_id')}\u0000${cell('unit_index')}`;
        let list = quantities.get(key);
        if (!list) quantities.set(key, (list = []));
        list.push({ value, unit: (cell('unit') ?? '').trim() });
      });
      hasQuantities = true;
    } catch (e) {
      if (!(e instanceof AnalysisFolderError)) throw e;
      quantities.clear();
      notes.push(`quantities.csv was not used: ${e.message}.`);
    }
  } else {
    notes.push('quantities.csv is missing (the quantities stage has not run): profiles.csv has no quantity totals.');
  }
  return { quantities, hasQuantities };
}

/** Whether a parsed run.json records `--dict-mode replace`: the analysis coded the researcher's theme dictionary alone. */
export function ownThemesOnlyIn(run: unknown): boolean {
  return (run as { options?: { dictMode?: unknown } } | null)?.options?.dictMode === 'replace';
}

const NONE_STR: string[] = [];

/** splitList of input.ts, into `out`: trimmed, empty pieces left out. */
function splitInto(v: string | undefined, sep: string, out: string[]): string[] {
  if (!v) return out;
  for (const s of v.split(sep)) {
    const t = s.trim();
    if (t !== '') out.push(t);
  }
  return out;
}

/**
 * Call fn for every row of a CSV with a header (cells by column name); returns
 * the header. A missing required column or a damaged file (forEachCsvRow's
 * CsvFormatError: not UTF-8, a quote out of place, a row with more or fewer
 * cells than the header) is an AnalysisFolderError, as in input.ts, thrown
 * before the caller writes anything. A file without a header row is an error
 * saying `emptyReason` when given, else one naming the required columns (none
 * required: no rows).
 */
export function eachRow(
  path: string,
  required: readonly string[],
  fn: (cell: (name: string) => string | undefined, fields: ReadonlySet<string>, cells: readonly string[]) => void,
  emptyReason?: string,
): string[] {
  let header: string[] = [];
  let fieldSet: ReadonlySet<string> = new Set();
  let position = new Map<string, number>();
  let error: Error | null = null;
  let cells: string[] = [];
  const cell = (name: string): string | undefined => {
    const i = position.get(name);
    return i === undefined ? undefined : cells[i];
  };
  try {
    forEachCsvRow(path, (row, index) => {
      if (index === 0) {
        header = row;
        fieldSet = new Set(header);
        // A name given to two columns reads the last of them, as a record by column name (readCsv) does.
        position = new Map(header.map((c, i) => [c, i]));
        const missing = required.filter((c) => !fieldSet.has(c));
        if (missing.length) {
          error = new AnalysisFolderError(`${path}: missing column(s) ${missing.join(', ')}`);
          return false;
        }
        return;
      }
      // Every row has as many cells as the header (forEachCsvRow checks it).
      cells = row;
      fn(cell, fieldSet, row);
    });
  } catch (e) {
    if (e instanceof CsvFormatError) throw new AnalysisFolderError(e.message);
    throw e;
  }
  if (error) throw error;
  if (header.length === 0 && emptyReason !== undefined) throw new AnalysisFolderError(`${path}: ${emptyReason}`);
  if (header.length === 0 && required.length) throw new AnalysisFolderError(`${path}: missing column(s) ${required.join(', ')}`);
  return header;
}
