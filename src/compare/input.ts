/**
 * The comparison's input, from either side of the toolkit:
 *   - ReportDoc objects (the library: analyzeCorpus, parseReport), or
 *   - an analysis folder written by `fazhi analyze` (documents.csv,
 *     sentences.csv and, once the quantities stage writes it, quantities.csv).
 *
 * Only sentences are compared (headings are structure, not prose). Optional
 * data — functions, themes, quantities, even tokens — may be missing; the
 * comparison then leaves out what needs them and says so in a note.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS, type ReportDoc, type SentenceFunction } from '../types.js';
import { contentTokens, cut } from '../tokenize/tokenizer.js';
import { forEachCsvRow } from '../output/csv.js';
import type { CompareDoc, CompareDocMeta, CompareInput, CompareQuantity, CompareSentence } from './types.js';

const FUNCTION_SET: ReadonlySet<string> = new Set(FUNCTIONS);

/* ------------------------------------------------------------- terms */

const DIGITS = /^[0-9０-９.．,，:：%％‰\-—~～/]+$/;
const NUMERAL = '零〇一二三四五六七八九十百千万亿两几数';
/** Chinese numerals with an optional 余/多 and at most one classifier: 一次, 两年, 十余次, 万余元, 百余. */
const CHINESE_NUMBER = new RegExp(`^第?[${NUMERAL}]+[余多]?[次台幅项个年级人名场份件户元家批条期天篇届号月日]?$`);

/** A token that is a number (2021, 1., 3000, 一次, 两年, 万余元) rather than a word. */
export function isNumberToken(t: string): boolean {
  return DIGITS.test(t) || /^[0-9０-９.．]+[%％]?[\p{Script=Han}]?$/u.test(t) || CHINESE_NUMBER.test(t);
}

/** Terms the comparison counts: content tokens (no punctuation, no stopwords) that are not numbers. */
export function compareTerms(tokens: readonly string[], stopwords: ReadonlySet<string>): string[] {
  return contentTokens(tokens, stopwords).filter((t) => !isNumberToken(t));
}

/* ------------------------------------------------------- ReportDocs */

/** Reduce ReportDocs (any stages run) to the comparison's input. Documents are ordered by id. */
export function inputFromDocs(docs: readonly ReportDoc[], stopwords: ReadonlySet<string>): CompareInput {
  const notes: string[] = [];
  let hasFunction = false;
  let hasThemes = false;
  let hasQuantities = false;
  let untokenised = 0;
  const out: CompareDoc[] = [];
  for (const doc of docs) {
    const sentences: CompareSentence[] = [];
    let tokenised = true;
    for (const u of doc.units) {
      if (u.kind !== 'sentence') continue;
      if (u.tag) hasFunction = true;
      if (u.themes) hasThemes = true;
      if (u.quantities) hasQuantities = true;
      if (!u.tokens) tokenised = false;
      sentences.push({
        unitIndex: u.index,
        section: u.section,
        text: u.text,
        terms: compareTerms(u.tokens ?? cut(u.text), stopwords),
        fn: u.tag?.function ?? null,
        themes: u.themes ? [...u.themes.themes] : [],
        quantities: (u.quantities ?? []).map((q) => ({ value: q.value, unit: q.unit })),
      });
    }
    if (!tokenised) untokenised++;
    out.push({ id: doc.id, meta: metaOf(doc.meta), sentences });
  }
  if (untokenised) notes.push(`${untokenised} document(s) had no tokens; their sentences were tokenised with the default dictionary.`);
  return finish(out, { function: hasFunction, themes: hasThemes, quantities: hasQuantities }, notes);
}

function metaOf(m: ReportDoc['meta']): CompareDocMeta {
  return { title: m.title, township: m.township, county: m.county, city: m.city, province: m.province, report_year: m.report_year };
}

/* -------------------------------------------------- analysis folder */

export class AnalysisFolderError extends Error {}

/**
 * Read an analysis folder written by `fazhi analyze`. sentences.csv is
 * required (doc_id, unit_index, text); everything else is optional.
 */
export function readAnalysisFolder(dir: string, stopwords: ReadonlySet<string>): CompareInput {
  const notes: string[] = [];
  const sentencesPath = join(dir, 'sentences.csv');
  if (!existsSync(sentencesPath)) throw new AnalysisFolderError(`${dir}: no sentences.csv (run \`fazhi analyze -o ${dir}\` first)`);

  // documents.csv: metadata; without it every document is its own unit.
  const metas = new Map<string, CompareDocMeta>();
  const documentsPath = join(dir, 'documents.csv');
  if (existsSync(documentsPath)) {
    eachRow(documentsPath, ['doc_id'], (r) => {
      const year = (r.report_year ?? '').trim();
      metas.set(r.doc_id!, {
        title: r.title ?? '',
        township: (r.township ?? '').trim(),
        county: (r.county ?? '').trim(),
        city: (r.city ?? '').trim(),
        province: (r.province ?? '').trim(),
        report_year: /^\d{4}$/.test(year) ? Number(year) : null,
      });
    });
  } else {
    notes.push('documents.csv is missing: no township, province or year is known, so --by township/province and reuse.csv cannot group documents.');
  }

  // quantities.csv: attached to their sentence by (doc_id, unit_index).
  const quantities = new Map<string, CompareQuantity[]>();
  const quantitiesPath = join(dir, 'quantities.csv');
  let hasQuantities = false;
  if (existsSync(quantitiesPath)) {
    try {
      eachRow(quantitiesPath, ['doc_id', 'unit_index', 'value', 'unit'], (r) => {
        const value = Number(r.value);
        if (!Number.isFinite(value) || (r.value ?? '').trim() === '') return;
        const key = `${r.doc_id}\u0000${r.unit_index}`;
        let list = quantities.get(key);
        if (!list) quantities.set(key, (list = []));
        list.push({ value, unit: (r.unit ?? '').trim() });
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

  const docs = new Map<string, CompareDoc>();
  let unknownFunctions = 0;
  let tokensFallback = false;
  const columns = eachRow(sentencesPath, ['doc_id', 'unit_index', 'text'], (r, fields) => {
    const kind = r.kind ?? 'sentence';
    const docId = r.doc_id!;
    let doc = docs.get(docId);
    if (!doc) {
      doc = { id: docId, meta: metas.get(docId) ?? emptyMeta(), sentences: [] };
      docs.set(docId, doc);
    }
    if (kind !== 'sentence') return;
    const text = r.text ?? '';
    const hasTokens = fields.has('tokens');
    if (!hasTokens) tokensFallback = true;
    let fn: SentenceFunction | null = null;
    if (fields.has('function')) {
      const f = (r.function ?? '').trim();
      if (FUNCTION_SET.has(f)) fn = f as SentenceFunction;
      else if (f !== '') unknownFunctions++;
    }
    const unitIndex = Number(r.unit_index);
    if (!Number.isInteger(unitIndex)) throw new AnalysisFolderError(`${sentencesPath}: unit_index "${r.unit_index}" of document ${docId} is not a whole number`);
    doc.sentences.push({
      unitIndex,
      section: r.section ?? '',
      text,
      terms: compareTerms(hasTokens ? splitList(r.tokens, ' ') : cut(text), stopwords),
      fn,
      themes: fields.has('themes') ? splitList(r.themes, ';') : [],
      quantities: quantities.get(`${docId}\u0000${r.unit_index}`) ?? [],
    });
  });
  const has = { function: columns.includes('function'), themes: columns.includes('themes'), quantities: hasQuantities };
  if (!columns.includes('kind')) notes.push('sentences.csv has no kind column: every row was taken as a sentence (headings included).');
  if (tokensFallback) notes.push('sentences.csv has no tokens column: sentences were tokenised with the default dictionary.');
  if (!has.function) notes.push('sentences.csv has no function column (the tagger has not run): profiles.csv has no function counts and no theme×function shares.');
  if (!has.themes) notes.push('sentences.csv has no themes column (the themes stage has not run): no theme shares, cosine_themes is empty, and clustering uses TF-IDF.');
  if (unknownFunctions) notes.push(`${unknownFunctions} sentence(s) had a function that is not one of ${FUNCTIONS.join(', ')}; they are counted without a function.`);
  for (const id of metas.keys()) if (!docs.has(id)) docs.set(id, { id, meta: metas.get(id)!, sentences: [] });
  return finish([...docs.values()], has, notes);
}

function emptyMeta(): CompareDocMeta {
  return { title: '', township: '', county: '', city: '', province: '', report_year: null };
}

function splitList(v: string | undefined, sep: string): string[] {
  if (!v) return [];
  return v.split(sep).map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * Call fn for every row of a CSV with a header; returns the header. A missing
 * required column or a malformed row is an AnalysisFolderError.
 */
function eachRow(
  path: string,
  required: string[],
  fn: (row: Record<string, string>, fields: ReadonlySet<string>) => void,
): string[] {
  // Streamed: sentences.csv of a large corpus is larger than a JavaScript string can be.
  let header: string[] = [];
  let fieldSet: ReadonlySet<string> = new Set();
  let error: Error | null = null;
  forEachCsvRow(path, (cells, index) => {
    if (index === 0) {
      header = cells;
      fieldSet = new Set(header);
      const missing = required.filter((c) => !fieldSet.has(c));
      if (missing.length) {
        error = new AnalysisFolderError(`${path}: missing column(s) ${missing.join(', ')}`);
        return false;
      }
      return;
    }
    if (cells.length > header.length) {
      error = new AnalysisFolderError(`${path}, row ${index + 1}: Too many fields: expected ${header.length} fields but parsed ${cells.length}`);
      return false;
    }
    const row: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) if (i < cells.length) row[header[i]!] = cells[i]!;
    fn(row, fieldSet);
  });
  if (error) throw error;
  if (header.length === 0) {
    const missing = required;
    if (missing.length) throw new AnalysisFolderError(`${path}: missing column(s) ${missing.join(', ')}`);
  }
  return header;
}

/* ----------------------------------------------------------- shared */

function finish(docs: CompareDoc[], has: CompareInput['has'], notes: string[]): CompareInput {
  docs.sort((a, b) => cmp(a.id, b.id));
  for (const d of docs) d.sentences.sort((a, b) => a.unitIndex - b.unitIndex);
  const ids = new Set<string>();
  for (const d of docs) {
    if (ids.has(d.id)) throw new Error(`document id ${d.id} occurs twice; ids must be unique`);
    ids.add(d.id);
  }
  return { docs, has, notes };
}

/** Code-point order: the same on every platform and locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
