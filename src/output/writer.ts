/**
 * Writes an analysis folder as documents stream in:
 *   documents.csv  one row per analyzed document
 *   sentences.csv  one row per heading or sentence (stages add columns)
 *   manifest.csv   one row per input file, whatever its status
 *   texts/         the cleaned text of each document, which offsets point into
 *   <table>.csv    long-format tables of later stages (themes.csv, quantities.csv)
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ManifestEntry, ReportDoc, Unit } from '../model/document.js';
import type { SentenceColumn, Stage, StageTable } from '../model/stage.js';
import { CsvWriter, renderEachInPieces, renderRows, type Cell, type CsvOptions } from './csv.js';
import { ANALYSIS_FILES, stageTableFile } from './analysis-folder.js';
import { linePieces } from '../text/code-units.js';

export const DOCUMENT_COLUMNS = [
  'doc_id', 'file', 'title', 'township', 'county', 'city', 'province', 'admin_level',
  'report_year', 'published', 'division_code', 'place_note', 'n_units', 'n_chars', 'sections_found', 'script',
] as const;

/** How many texts/ files may be written in the background at once. */
const MAX_TEXT_WRITES_IN_FLIGHT = 32;

export const MANIFEST_COLUMNS = ['file', 'status', 'reason', 'bytes', 'encoding', 'doc_id', 'duplicate_of'] as const;

const BASE_SENTENCE_COLUMNS: SentenceColumn[] = [
  { name: 'doc_id', value: (_u, d) => d.id },
  { name: 'unit_index', value: (u) => u.index },
  { name: 'kind', value: (u) => u.kind },
  { name: 'level', value: (u) => u.level },
  { name: 'section', value: (u) => u.section },
  { name: 'start', value: (u) => u.start },
  { name: 'end', value: (u) => u.end },
  { name: 'text', value: (u) => u.text },
];

export function documentRow(doc: ReportDoc): Record<string, Cell> {
  const m = doc.meta;
  return {
    ...m.variables,
    doc_id: doc.id,
    file: doc.file,
    title: m.title,
    township: m.township,
    county: m.county,
    city: m.city,
    province: m.province,
    admin_level: m.admin_level,
    report_year: m.report_year,
    published: m.published,
    division_code: m.division_code,
    place_note: m.place_note,
    n_units: doc.units.length,
    n_chars: doc.text.length,
    sections_found: doc.sectionsFound.join(';'),
    script: m.script ?? 'simplified',
  };
}

/** File name for a document's cleaned text; ids may hold '/' (sub-folders) and '#' (JSONL lines). */
export function textFileName(docId: string): string {
  return `${docId.replace(/[/\\]/g, '__').replace(/#/g, '_L')}.txt`;
}

/** One document's rows, rendered as CSV text: made where the document was analyzed, possibly a worker thread. */
export interface RenderedDoc {
  docId: string;
  sentences: number;
  documents: string;
  /** sentences.csv's rows in pieces of about 32 K characters (renderEachInPieces). */
  sentenceRows: string[];
  /** The rows of each stage table, in stage order, in pieces (one per window of units rendered). */
  tables: string[][];
  /** Rows of sentences.csv and of each table, spooled ones included (a cell may hold a line break, so lines do not count them). */
  rowCounts: { sentences: number; tables: number[] };
  /** Files of the rows that follow those in sentenceRows and tables, for sentences.csv then each table (Spool), when they wait on disk. */
  spooled?: string[];
  text: string;
}

/** How rows are rendered: CSV options, and the --meta table's document variables (columns after fazhi's own in documents.csv). */
export interface RenderOptions extends CsvOptions {
  documentVariables?: readonly string[];
  /** Where the rows of a document rendered in windows wait for the writer (Spool); without it they are held in memory. */
  spoolDir?: string;
}

/** documents.csv's columns: fazhi's own, then the document variables. */
export function documentColumns(variables: readonly string[] = []): string[] {
  return [...DOCUMENT_COLUMNS, ...variables];
}

/**
 * Set to undefined, not deleted: a property deleted turns each of 450,000
 * units of a pasted collection into a slow dictionary object, which held
 * more memory than the rows rendered from them.
 */
function releaseAnnotations(unit: Unit): void {
  unit.tokens = undefined;
  unit.tag = undefined;
  unit.themes = undefined;
  unit.quantities = undefined;
}

/** Turns a ReportDoc into its rows of every table. Pure, so worker threads can do it. */
export class DocRenderer {
  readonly columns: SentenceColumn[];
  readonly documentColumns: string[];

  constructor(
    sentenceColumns: SentenceColumn[],
    readonly tables: StageTable[] = [],
    private readonly csv: RenderOptions = {},
  ) {
    this.columns = [...BASE_SENTENCE_COLUMNS, ...sentenceColumns];
    this.documentColumns = documentColumns(csv.documentVariables);
  }

  /** The renderer of what these stages add: their sentences.csv columns and their tables. */
  static forStages(stages: readonly Stage[], csv: RenderOptions = {}): DocRenderer {
    return new DocRenderer(stages.flatMap((s) => s.columns ?? []), stages.flatMap((s) => s.tables ?? []), csv);
  }

  /**
   * With `release`, each unit's annotations (tokens, tag, themes, quantities)
   * are dropped once its row is rendered, so a large document's rows grow as
   * its annotations go: for a caller that is done with the document.
   */
  render(doc: ReportDoc, options: { release?: boolean } = {}): RenderedDoc {
    const rendered = this.start(doc);
    this.renderUnits(rendered, doc, options);
    return rendered;
  }

  /** The document's row and text, before any rows of its units (renderUnits adds them). */
  start(doc: ReportDoc): RenderedDoc {
    return {
      docId: doc.id,
      sentences: 0,
      documents: renderRows(this.documentColumns, [documentRow(doc)], this.csv),
      sentenceRows: [],
      tables: this.tables.map(() => []),
      rowCounts: { sentences: 0, tables: this.tables.map(() => 0) },
      text: doc.text,
    };
  }

  /**
   * Add the rows of `doc.units` to `into`: the whole document, or the next
   * window of its units (with `doc` the document's, so documents.csv and
   * texts/ have been rendered by start from the whole).
   */
  renderUnits(into: RenderedDoc, doc: ReportDoc, options: { release?: boolean } = {}): void {
    this.tables.forEach((table, i) => {
      const rows = table.rows(doc);
      into.tables[i]!.push(renderRows(table.columns, rows, this.csv));
      into.rowCounts.tables[i]! += rows.length;
    });
    for (const u of doc.units) if (u.kind === 'sentence') into.sentences++;
    const release = options.release ? releaseAnnotations : undefined;
    for (const piece of renderEachInPieces(doc.units, (u) => this.columns.map((c) => c.value(u, doc)), this.csv, release)) into.sentenceRows.push(piece);
    into.rowCounts.sentences += doc.units.length;
  }
}

/** Characters of a text written at a time, at least: a pasted collection's 50 MB never becomes one buffer. */
const TEXT_PIECE_CHARS = 1 << 20;

/**
 * Write `text` to `path` as UTF-8, a long one in pieces of whole lines (so
 * that no surrogate pair is cut in two), each encoded by the write alone:
 * writeFile would make a Buffer of each piece, which all waited for the
 * next garbage collection.
 */
async function writeTextFile(path: string, text: string): Promise<void> {
  if (text.length <= TEXT_PIECE_CHARS) return writeFile(path, text);
  const file = await open(path, 'w');
  try {
    for (const piece of linePieces(text, TEXT_PIECE_CHARS)) await file.write(piece);
  } finally {
    await file.close();
  }
}

export class AnalysisWriter {
  private readonly documents: CsvWriter;
  private readonly sentences: CsvWriter;
  private readonly manifestRows: ManifestEntry[] = [];
  private readonly renderer: DocRenderer;
  private readonly tables: CsvWriter[];
  private readonly texts = new Set<string>();
  /** texts/ files being written in the background (one small file per document: the open/close, not the bytes, cost the time). */
  private readonly textWrites = new Set<Promise<void>>();
  private textWriteError: Error | null = null;

  constructor(
    readonly outDir: string,
    sentenceColumns: SentenceColumn[],
    private readonly csv: RenderOptions = {},
    tables: StageTable[] = [],
  ) {
    mkdirSync(join(outDir, ANALYSIS_FILES.texts), { recursive: true });
    this.renderer = new DocRenderer(sentenceColumns, tables, csv);
    this.documents = new CsvWriter(join(outDir, ANALYSIS_FILES.documents), this.renderer.documentColumns, csv);
    this.sentences = new CsvWriter(join(outDir, ANALYSIS_FILES.sentences), this.renderer.columns.map((c) => c.name), csv);
    this.tables = tables.map((table) => new CsvWriter(join(outDir, stageTableFile(table.name)), table.columns, csv));
  }

  /** Add an input's manifest row and, when it was analyzed, its document (as an object or already rendered). */
  add(entry: ManifestEntry, doc?: ReportDoc, rendered?: RenderedDoc): void {
    this.manifestRows.push(entry);
    // The corpus run hands each document over and never reads its annotations again.
    const r = rendered ?? (doc ? this.renderer.render(doc, { release: true }) : undefined);
    if (!r) return;
    this.documents.writeRendered(r.documents, 1);
    this.sentences.writeRendered(r.sentenceRows, r.rowCounts.sentences);
    r.tables.forEach((chunk, i) => this.tables[i]!.writeRendered(chunk, r.rowCounts.tables[i]!));
    r.spooled?.forEach((path, i) => {
      (i === 0 ? this.sentences : this.tables[i - 1]!).writeFileRows(path);
      rmSync(path, { force: true });
    });
    // Ids are distinct, but the flattening of '/' and '#' need not keep them so (a/b and a__b): a later one gets ~2.
    const base = textFileName(r.docId);
    let name = base;
    for (let n = 2; this.texts.has(name); n++) name = `${base.slice(0, -'.txt'.length)}~${n}.txt`;
    this.writeText(join(this.outDir, ANALYSIS_FILES.texts, name), r.text);
    this.texts.add(name);
  }

  /**
   * Wait until fewer than MAX_TEXT_WRITES_IN_FLIGHT texts are being written,
   * so they never pile up in memory. The caller awaits this between
   * documents; awaiting a write is also what lets finished ones be counted.
   */
  async drain(): Promise<void> {
    while (this.textWrites.size >= MAX_TEXT_WRITES_IN_FLIGHT) await Promise.race(this.textWrites);
  }

  private writeText(path: string, text: string): void {
    const p: Promise<void> = writeTextFile(path, text).then(
      () => void this.textWrites.delete(p),
      (e: Error) => {
        this.textWriteError ??= e;
        this.textWrites.delete(p);
      },
    );
    this.textWrites.add(p);
  }

  /** Move every table into place, one rename after another once all are complete, and drop texts/ of documents no longer in the run. */
  async close(): Promise<ManifestEntry[]> {
    await Promise.all(this.textWrites);
    if (this.textWriteError) {
      this.abort();
      throw this.textWriteError;
    }
    const w = new CsvWriter(join(this.outDir, ANALYSIS_FILES.manifest), MANIFEST_COLUMNS, this.csv);
    try {
      w.write(this.manifestRows as unknown as Array<Record<string, Cell>>);
    } catch (e) {
      w.abort();
      this.abort();
      throw e;
    }
    this.documents.close();
    this.sentences.close();
    for (const writer of this.tables) writer.close();
    w.close();
    for (const f of readdirSync(join(this.outDir, ANALYSIS_FILES.texts))) {
      if (f.endsWith('.txt') && !this.texts.has(f)) rmSync(join(this.outDir, ANALYSIS_FILES.texts, f), { force: true });
    }
    this.removeSpool();
    return this.manifestRows;
  }

  /** The spool folder goes with the run, with the rows of any document not written (a duplicate). */
  private removeSpool(): void {
    if (this.csv.spoolDir) rmSync(this.csv.spoolDir, { recursive: true, force: true });
  }

  /** Data rows (header not counted) of every table written so far, by file name. */
  rowCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const w of [this.documents, this.sentences, ...this.tables]) out[basename(w.path)] = w.rows;
    out[ANALYSIS_FILES.manifest] = this.manifestRows.length;
    return out;
  }

  abort(): void {
    this.removeSpool();
    this.documents.abort();
    this.sentences.abort();
    for (const writer of this.tables) writer.abort();
  }
}
