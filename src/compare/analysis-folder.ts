/**
 * An analysis folder written by `fazhi analyze`, read straight into corpus
 * counts: documents.csv for the metadata, quantities.csv for the values,
 * sentences.csv streamed (once, or by two threads at once, one of them for
 * the near-duplicate search), and run.json for how the themes were coded.
 */
import { errorMessage } from '../model/errors.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detachedCopy } from '../text/code-units.js';
import { FUNCTIONS, type SentenceFunction } from '../model/document.js';
import { CsvFormatError, forEachCsvRow, readCsvHeader } from '../output/csv.js';
import { cellValue, forEachRecordAsWritten, NotAsWritten } from '../output/csv-as-written.js';
import { CorpusCounter, functionNumber, ThemeNumbers, type CorpusCounts } from './corpus-counts.js';
import { AnalysisFolderError } from './input.js';
import type { NearDuplicateOptions } from './shingles.js';
import { SharedSentenceFinder } from './shared-sentence-finder.js';
import { SharedSentenceIndex, type SharedSentenceIndexParts } from './shared-sentence-index.js';
import { workerPool } from '../pipeline/pool.js';
import type { CompareDocMeta, CompareInput, CompareQuantity } from './types.js';
import { taxonomyInRun, type ThemeTaxonomy } from '../themes/taxonomy.js';
import { ANALYSIS_FILES } from '../output/analysis-folder.js';

const KNOWN_FUNCTIONS: ReadonlySet<string> = new Set(FUNCTIONS);

/**
 * Read an analysis folder straight into corpus counts: sentences.csv is
 * streamed once and no sentence object is kept. Same notes, errors and
 * numbers for the same documents as inputFromDocs followed by compareInput.
 */
export function countAnalysisFolder(dir: string, stopwords: ReadonlySet<string>, near: NearDuplicateOptions): CorpusCounts {
  return finishFolder(readFolder(dir, stopwords, near));
}

/**
 * countAnalysisFolder with the near-duplicate search on a worker thread,
 * which reads sentences.csv beside this one: the search is a fifth of the
 * reading's time, and the other core has nothing else to do until the counts
 * are made. The same counts; a checkout not yet built searches on this
 * thread, and so does a thread that fails, with a note saying why.
 */
export async function countAnalysisFolderOnThread(dir: string, stopwords: ReadonlySet<string>, near: NearDuplicateOptions): Promise<CorpusCounts> {
  sentencesOf(dir);
  const search = sharedSentencesOnThread(dir, near);
  if (search === null) return countAnalysisFolder(dir, stopwords, near);
  let read: FolderRead;
  try {
    read = readFolder(dir, stopwords, null);
  } catch (e) {
    await search.cancel();
    throw e;
  }
  const outcome = await search.outcome;
  if ('failure' in outcome) read.notes.push(`the near-duplicate search's thread failed (${outcome.failure}): the search ran on the main thread.`);
  // Searched here after the counts are packed, when the thread failed: with the term map let go, as on one thread.
  return finishFolder(read, () => {
    const found = 'found' in outcome ? outcome.found : sharedSentencesOfFolder(dir, near);
    const names = read.counter.themeNames;
    if (found.themeNames.length !== names.length || found.themeNames.some((t, i) => t !== names[i])) {
      throw new Error(`${dir}: the near-duplicate search numbered the themes otherwise than the counts (${found.themeNames.join(', ')} against ${names.join(', ')})`);
    }
    return found.index;
  });
}

/** A folder's sentences counted; finishFolder makes the corpus counts. */
interface FolderRead {
  dir: string;
  counter: CorpusCounter;
  metas: Map<string, CompareDocMeta>;
  docColumns: string[] | null;
  has: CompareInput['has'];
  notes: string[];
}

/** documents.csv, quantities.csv and sentences.csv read into a counter; `near` null: one that leaves the near-duplicate search to finishFolder's caller. */
function readFolder(dir: string, stopwords: ReadonlySet<string>, near: NearDuplicateOptions | null): FolderRead {
  const notes: string[] = [];
  const sentencesPath = sentencesOf(dir);
  const { metas, columns: docColumns } = readDocumentMetas(dir, notes);
  const { quantities, hasQuantities } = readQuantities(dir, notes);

  let counter: CorpusCounter | null = null;
  const { columns, unknownFunctions, tokensFallback } = readSentences(sentencesPath, () => {
    const c = (counter = new CorpusCounter(stopwords, near, true));
    return {
      doc: (id) => c.doc(id),
      sentence: (docId, unitIndex, rawUnit, text, tokens, fn, themes) => c.sentence(docId, unitIndex, text, tokens, fn, themes, quantities.get(`${docId}\u0000${rawUnit}`) ?? NONE),
    };
  });
  const has = { function: columns.includes('function'), themes: columns.includes('themes'), quantities: hasQuantities };
  if (!columns.includes('kind')) notes.push('sentences.csv has no kind column: every row was taken as a sentence (headings included).');
  if (tokensFallback) notes.push('sentences.csv has no tokens column: sentences were tokenized with the default dictionary.');
  if (!has.function) notes.push('sentences.csv has no function column (the tagger has not run): profiles.csv has no function counts and no theme×function shares.');
  if (!has.themes) notes.push('sentences.csv has no themes column (the themes stage has not run): no theme shares, cosine_themes is empty, and clustering uses TF-IDF.');
  if (unknownFunctions) notes.push(`${unknownFunctions} sentence(s) had a function that is not one of ${FUNCTIONS.join(', ')}; they are counted without a function.`);
  quantities.clear();
  // readSentences asks for a sink at least once.
  return { dir, counter: counter!, metas, docColumns, has, notes };
}

/** The corpus counts of a folder read, with the near-duplicate search's index (asked for once) when the counter made none. */
function finishFolder(read: FolderRead, shared?: () => SharedSentenceIndex): CorpusCounts {
  const { dir, counter, metas, docColumns, has, notes } = read;
  const empty: CompareDocMeta = { title: '', township: '', county: '', city: '', province: '', report_year: null };
  const corpus = counter.finish(metas.keys(), (id) => metas.get(id) ?? { ...empty }, has, notes, shared);
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

function sentencesOf(dir: string): string {
  const path = join(dir, ANALYSIS_FILES.sentences);
  if (!existsSync(path)) throw new AnalysisFolderError(`${dir}: no sentences.csv (run \`fazhi analyze -o ${dir}\` first)`);
  return path;
}

/** The near-duplicate search's index of a folder's sentences, and the theme numbers it counted passages by. */
export interface FoundSharedSentences {
  index: SharedSentenceIndex;
  themeNames: string[];
}

/**
 * The near-duplicate search over a folder's sentences.csv alone: the index
 * countAnalysisFolder makes, with the themes numbered as its counts number
 * them (what the worker thread of countAnalysisFolderOnThread runs).
 */
export function sharedSentencesOfFolder(dir: string, near: NearDuplicateOptions): FoundSharedSentences {
  let found: { finder: SharedSentenceFinder; themes: ThemeNumbers } | null = null;
  const scratch: number[] = [];
  readSentences(sentencesOf(dir), () => {
    const { finder, themes } = (found = { finder: new SharedSentenceFinder(near), themes: new ThemeNumbers() });
    return {
      doc: () => {},
      sentence: (docId, unitIndex, _rawUnit, text, _tokens, fn, themeList) => finder.add(docId, unitIndex, text, functionNumber(fn), themes.numbersOf(themeList, scratch)),
    };
  });
  // readSentences asks for a sink at least once.
  const { finder, themes } = found!;
  return { index: finder.find({ sortByDocument: true }), themeNames: themes.names };
}

/** The near-duplicate search's worker (shared-sentence-worker.ts), under dist/. */
const SHARED_SENTENCE_WORKER = 'compare/shared-sentence-worker.js';

/** What the thread of sharedSentencesOnThread gives: the index, or why it has none (an error, or the search cancelled). */
export type SharedSentencesOutcome = { found: FoundSharedSentences } | { failure: string };

/** sharedSentencesOfFolder on a worker thread: null before a build. */
export function sharedSentencesOnThread(dir: string, near: NearDuplicateOptions): { outcome: Promise<SharedSentencesOutcome>; cancel: () => Promise<void> } | null {
  const pool = workerPool<{ dir: string; near: NearDuplicateOptions }, SharedSentenceParts>(SHARED_SENTENCE_WORKER, { threads: 1 });
  if (pool === null) return null;
  // Destroyed once: piscina (5.x) destroying a pool again while the first call waits for its thread starts a new thread, which nothing would stop.
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= pool.destroy());
  const outcome = pool
    .run({ dir, near })
    .then(
      (parts): SharedSentencesOutcome => ({ found: { index: SharedSentenceIndex.fromParts(parts.index), themeNames: parts.themeNames } }),
      (e: unknown): SharedSentencesOutcome => ({ failure: errorMessage(e) }),
    )
    .finally(close);
  return {
    outcome,
    cancel: async () => {
      await close();
      await outcome;
    },
  };
}

/** FoundSharedSentences as plain data, as the worker sends it. */
export interface SharedSentenceParts {
  index: SharedSentenceIndexParts;
  themeNames: string[];
}

const SENTENCE_COLUMNS = ['doc_id', 'unit_index', 'text'];

/** What a reader of sentences.csv is given, row by row: the corpus counts, or the near-duplicate search. */
interface SentenceSink {
  /** Every row's document, headings' too. */
  doc(docId: string): void;
  /** A sentence; `rawUnit` its unit_index cell as written, `tokens` its tokens cell (null: the table has none). */
  sentence(docId: string, unitIndex: number, rawUnit: string, text: string, tokens: string | null, fn: SentenceFunction | null, themes: readonly string[]): void;
}

/**
 * sentences.csv read row by row into a sink. A table as fazhi wrote it
 * (nearly always) is read without papaparse, each cell sliced where it lies
 * (forEachRecordAsWritten), and only the cells used; any other, or a
 * damaged one, is read again from the start by forEachCsvRow, which gives
 * the same cells, or names the damage. `sink` is asked for at the start of
 * each reading: what the first one took is to be forgotten.
 */
function readSentences(path: string, sink: () => SentenceSink) {
  const header = headerOf(path);
  if (SENTENCE_COLUMNS.every((c) => header.includes(c))) {
    try {
      const rows = new SentenceRows(path, header, sink());
      let text = '';
      let spans: ArrayLike<number> = [];
      const cellAt = (i: number) => cellValue(text, spans[2 * i]!, spans[2 * i + 1]!);
      forEachRecordAsWritten(path, header.length, false, (t, s) => {
        text = t;
        spans = s;
        rows.row(cellAt);
      });
      return rows.read(header);
    } catch (e) {
      if (!(e instanceof NotAsWritten || e instanceof CsvFormatError)) throw e;
    }
  }
  let rows: SentenceRows | null = null;
  let cells: readonly string[] = [];
  const cellOf = (i: number) => cells[i]!;
  const columns = eachRow(path, SENTENCE_COLUMNS, (_cell, _fields, row) => {
    rows ??= new SentenceRows(path, header, sink());
    cells = row;
    rows.row(cellOf);
  });
  return (rows ?? new SentenceRows(path, columns, sink())).read(columns);
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

/** sentences.csv's rows, each row's cells given by column number, read into a sink. */
class SentenceRows {
  unknownFunctions = 0;
  tokensFallback = false;

  constructor(
    private readonly path: string,
    header: readonly string[],
    private readonly sink: SentenceSink,
  ) {
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
  private readonly themeList: string[] = [];

  row(cell: (i: number) => string): void {
    const kind = this.kind < 0 ? 'sentence' : cell(this.kind);
    const docId = cell(this.docId);
    this.sink.doc(docId);
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
    this.themeList.length = 0;
    const themes = this.themes >= 0 ? splitInto(cell(this.themes), ';', this.themeList) : NONE_STR;
    this.sink.sentence(docId, unitIndex, rawUnit, text, hasTokens ? cell(this.tokens) : null, fn, themes);
  }

  read(columns: string[]) {
    return { columns, unknownFunctions: this.unknownFunctions, tokensFallback: this.tokensFallback };
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
