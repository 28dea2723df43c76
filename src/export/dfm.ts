/**
 * The document-feature matrix of an analysis folder in the formats topic
 * models read: dfm.mtx (Matrix Market, coordinate integer general, one row
 * per document, one column per term), features.txt (the terms, one a line,
 * in column order) and docvars.csv (documents.csv in row order). R reads it
 * with Matrix::readMM (then quanteda::as.dfm, stm), Python with
 * scipy.io.mmread (then gensim's Sparse2Corpus, BERTopic).
 *
 * The counts are the comparison's (compare/dfm.ts over the corpus counts of
 * compare/analysis-folder.ts): the tokens column of sentences.csv, headings
 * left out, without punctuation and numbers, a place name's stem counted as
 * the whole name (compare/place-terms.ts), as compare counts terms.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { countAnalysisFolder } from '../compare/analysis-folder.js';
import { buildDfm } from '../compare/dfm.js';
import { groupUnits } from '../compare/units.js';
import { renderCellRows } from '../output/csv.js';
import { eachRecord } from '../explore/analysis-tables.js';

/** What exportDfm wrote: the matrix's size and its files. */
export interface DfmExport {
  documents: number;
  features: number;
  nonZero: number;
  files: string[];
  notes: string[];
}

/** The analysis's tokens are already without stopwords: none are taken out again. */
const NO_STOPWORDS: ReadonlySet<string> = new Set();

/**
 * Export the document-feature matrix of analysis folder `dir` into `outDir` (made when missing; each file written under a temporary name, then renamed).
 * @example
 * const { documents, features, files } = exportDfm('out', 'out/dfm');   // dfm.mtx, features.txt, docvars.csv for R or Python
 */
export function exportDfm(dir: string, outDir: string): DfmExport {
  const notes: string[] = [];
  // No sentence is long enough to be searched for copies: the export needs the counts only.
  const counts = countAnalysisFolder(dir, NO_STOPWORDS, { minChars: Number.MAX_SAFE_INTEGER });
  const units = groupUnits(counts.input, 'document', notes);
  const dfm = buildDfm(counts, units);
  // Columns: the terms that occur, in vocabulary order, numbered from 1.
  const column = new Int32Array(dfm.vocab.length);
  const features: string[] = [];
  for (const ids of dfm.ids) for (const t of ids) column[t] = 1;
  column.forEach((used, t) => {
    if (used) {
      features.push(dfm.vocab[t]!);
      column[t] = features.length;
    }
  });
  let nonZero = 0;
  for (const ids of dfm.ids) nonZero += ids.length;

  mkdirSync(outDir, { recursive: true });
  const files = [join(outDir, 'dfm.mtx'), join(outDir, 'features.txt'), join(outDir, 'docvars.csv')];
  const partial: string[] = [];
  try {
    writeLines(files[0]!, partial, (put) => {
      put('%%MatrixMarket matrix coordinate integer general');
      put('% fazhi document-feature matrix: rows are the documents of docvars.csv, columns the terms of features.txt, values term counts');
      put(`${dfm.units.length} ${features.length} ${nonZero}`);
      dfm.ids.forEach((ids, u) => {
        const cs = dfm.counts[u]!;
        // Columns ascending within a row, as the term ids are.
        const order = Array.from(ids.keys()).sort((a, b) => column[ids[a]!]! - column[ids[b]!]!);
        for (const k of order) put(`${u + 1} ${column[ids[k]!]!} ${cs[k]!}`);
      });
    });
    writeLines(files[1]!, partial, (put) => features.forEach((f) => put(f)));
    writeDocvars(dir, dfm.units, files[2]!, partial);
  } catch (e) {
    for (const p of partial) rmSync(p, { force: true });
    throw e;
  }
  // Renamed only once all three are complete: a failure leaves none of them half-written.
  files.forEach((f, i) => renameSync(partial[i]!, f));
  return { documents: dfm.units.length, features: features.length, nonZero, files, notes };
}

/** Write lines (\n-terminated, UTF-8) to `path`.partial, buffered; the partial name is recorded for the caller to rename or remove. */
function writeLines(path: string, partial: string[], fill: (put: (line: string) => void) => void): void {
  const tmp = `${path}.partial`;
  partial.push(tmp);
  const fd = openSync(tmp, 'w');
  try {
    let buffer: string[] = [];
    let size = 0;
    fill((line) => {
      buffer.push(line);
      size += line.length + 1;
      if (size > 1 << 15) {
        writeSync(fd, buffer.join('\n') + '\n');
        buffer = [];
        size = 0;
      }
    });
    if (buffer.length) writeSync(fd, buffer.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
}

/** documents.csv's rows in the matrix's row order (a document missing from it gets its id alone). */
function writeDocvars(dir: string, docIds: readonly string[], path: string, partial: string[]): void {
  const rows = new Map<string, readonly string[]>();
  const header = eachRecord(join(dir, 'documents.csv'), ['doc_id'], (cell, cells) => rows.set(cell('doc_id')!, cells));
  const idAt = header.indexOf('doc_id');
  writeLines(path, partial, (put) => {
    put(renderCellRows([header]).slice(0, -2));
    for (const id of docIds) put(renderCellRows([rows.get(id) ?? header.map((_, i) => (i === idAt ? id : ''))]).slice(0, -2));
  });
}
