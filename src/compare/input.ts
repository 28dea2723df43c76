/**
 * The comparison's input from ReportDoc objects (the library: analyzeCorpus,
 * parseReport), and the term filter both inputs share; an analysis folder
 * written by `fazhi analyze` is read by countAnalysisFolder in analysis-folder.ts.
 *
 * Only sentences are compared (headings are structure, not prose). Optional
 * data — functions, themes, quantities, even tokens — may be missing; the
 * comparison then leaves out what needs them and says so in a note.
 */
import type { ReportDoc } from '../model/document.js';
import { contentTokens, cut } from '../tokenize/tokenizer.js';
import { documentRow } from '../output/writer.js';
import type { CompareDoc, CompareDocMeta, CompareInput, CompareSentence } from './types.js';
import { markUserError, UserError } from '../model/errors.js';


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
  let untokenized = 0;
  const out: CompareDoc[] = [];
  for (const doc of docs) {
    const sentences: CompareSentence[] = [];
    let tokenized = true;
    for (const u of doc.units) {
      if (u.kind !== 'sentence') continue;
      if (u.tag) hasFunction = true;
      if (u.themes) hasThemes = true;
      if (u.quantities) hasQuantities = true;
      if (!u.tokens) tokenized = false;
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
    if (!tokenized) untokenized++;
    out.push({ id: doc.id, meta: metaOf(doc), sentences });
  }
  if (untokenized) notes.push(`${untokenized} document(s) had no tokens; their sentences were tokenized with the default dictionary.`);
  const input = finish(out, { function: hasFunction, themes: hasThemes, quantities: hasQuantities }, notes);
  input.docColumns = out.length ? Object.keys(out[0]!.meta.vars!) : null;
  return input;
}

function metaOf(doc: ReportDoc): CompareDocMeta {
  const m = doc.meta;
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(documentRow(doc))) vars[k] = v === null || v === undefined ? '' : String(v);
  return { title: m.title, township: m.township, county: m.county, city: m.city, province: m.province, report_year: m.report_year, vars };
}

/* -------------------------------------------------- analysis folder */

/** A folder that is not an analysis folder, or whose tables cannot be read: the message names the file and why. */
export class AnalysisFolderError extends UserError {}

/**
 * A comparison option out of range (k, threshold, by …): the caller's to fix.
 * A RangeError subclass, so that a caller catching RangeError still catches
 * it, and the CLI can tell it from V8's own (an allocation or string too
 * large), which are not the caller's to fix.
 */
export class CompareOptionError extends RangeError {}
// On the prototype, not the instance: V8 writes the stack ("CompareOptionError: …") before a field would be set.
CompareOptionError.prototype.name = 'CompareOptionError';
markUserError(CompareOptionError);

/* An analysis folder is read by countAnalysisFolder (analysis-folder.ts), streaming, into counts per document. */

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
