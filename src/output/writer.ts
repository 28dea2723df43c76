/**
 * Writes an analysis folder as documents stream in:
 *   documents.csv  one row per analysed document
 *   sentences.csv  one row per heading or sentence (stages add columns)
 *   manifest.csv   one row per input file, whatever its status
 *   texts/         the cleaned text of each document, which offsets point into
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestEntry, ReportDoc } from '../types.js';
import type { SentenceColumn } from '../pipeline/stages.js';
import { CsvWriter, type Cell, type CsvOptions } from './csv.js';

export const DOCUMENT_COLUMNS = [
  'doc_id', 'file', 'title', 'township', 'county', 'city', 'province', 'admin_level',
  'report_year', 'published', 'n_units', 'n_chars', 'sections_found',
] as const;

export const MANIFEST_COLUMNS = ['file', 'status', 'reason', 'bytes', 'encoding', 'doc_id'] as const;

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
    n_units: doc.units.length,
    n_chars: doc.text.length,
    sections_found: doc.sectionsFound.join(';'),
  };
}

/** File name for a document's cleaned text; ids may hold '/' (sub-folders) and '#' (JSONL lines). */
export function textFileName(docId: string): string {
  return `${docId.replace(/[/\\]/g, '__').replace(/#/g, '_L')}.txt`;
}

export class AnalysisWriter {
  private readonly documents: CsvWriter;
  private readonly sentences: CsvWriter;
  private readonly manifestRows: ManifestEntry[] = [];
  private readonly columns: SentenceColumn[];

  constructor(
    readonly outDir: string,
    sentenceColumns: SentenceColumn[],
    private readonly csv: CsvOptions = {},
  ) {
    mkdirSync(join(outDir, 'texts'), { recursive: true });
    this.columns = [...BASE_SENTENCE_COLUMNS, ...sentenceColumns];
    this.documents = new CsvWriter(join(outDir, 'documents.csv'), DOCUMENT_COLUMNS, csv);
    this.sentences = new CsvWriter(join(outDir, 'sentences.csv'), this.columns.map((c) => c.name), csv);
  }

  add(entry: ManifestEntry, doc?: ReportDoc): void {
    this.manifestRows.push(entry);
    if (!doc) return;
    this.documents.write([documentRow(doc)]);
    this.sentences.write(
      doc.units.map((u) => Object.fromEntries(this.columns.map((c) => [c.name, c.value(u, doc)]))),
    );
    writeFileSync(join(this.outDir, 'texts', textFileName(doc.id)), doc.text);
  }

  close(): ManifestEntry[] {
    this.documents.close();
    this.sentences.close();
    const w = new CsvWriter(join(this.outDir, 'manifest.csv'), MANIFEST_COLUMNS, this.csv);
    w.write(this.manifestRows as unknown as Array<Record<string, Cell>>);
    w.close();
    return this.manifestRows;
  }

  abort(): void {
    this.documents.abort();
    this.sentences.abort();
  }
}
