/**
 * A corpus as counts per document, built while the sentences stream in and
 * then dropped: what compareInput and compareFolder compute from.
 *
 * Memory follows the vocabulary and the number of documents, not the
 * sentences: terms are interned to integer ids and counted per document
 * (sorted typed arrays once a document is complete); functions, themes,
 * theme × function and quantity totals are counted per document as rows
 * arrive. What is kept per sentence is what the near-duplicate search and
 * boilerplate.csv need, packed in the SharedSentenceFinder (a few numbers,
 * the text as UTF-16 code units, and each distinct normalized text long
 * enough to be compared).
 *
 * Every count here is an integer, so adding per document first and per unit
 * after gives the same numbers as adding sentence by sentence; quantity values
 * are not (12.5 + 0.3 + …), so each document keeps its values in sentence
 * order and a unit adds them document by document in that order: a sum of
 * floating-point values depends on its order, and this one is the same
 * however the corpus was read.
 */
import { FUNCTIONS, type SentenceFunction } from '../model/document.js';
import { detachedCopy } from '../text/code-units.js';
import { contentTokens, cut } from '../tokenize/tokenizer.js';
import { SharedSentenceFinder } from './shared-sentence-finder.js';
import type { SharedSentenceIndex } from './shared-sentence-index.js';
import type { NearDuplicateOptions } from './shingles.js';
import { cmp, isNumberToken } from './input.js';
import { TokenTable } from './token-table.js';
import { releasableInt32s } from './releasable.js';
import { placeStems, wholePlaceName } from './place-terms.js';
import { Numbering } from './numbering.js';
import { NON_ADDITIVE_UNITS } from '../quantities/non-additive.js';
import type { CompareDoc, CompareDocMeta, CompareInput, CompareQuantity } from './types.js';

const FUNCTION_INDEX: ReadonlyMap<string, number> = new Map(FUNCTIONS.map((f, i) => [f, i]));
/** Slots per theme in a document's theme counts: one per function, then the theme's own count. */
const SLOTS = FUNCTIONS.length + 1;

/** A sentence's function as the near-duplicate search tags it: its place in FUNCTIONS, -1 for none. */
export function functionNumber(fn: SentenceFunction | null): number {
  return fn === null ? -1 : FUNCTION_INDEX.get(fn)!;
}

/**
 * Themes numbered in the order first met. The near-duplicate search counts a
 * passage's themes by these numbers, so whoever adds sentences to it numbers them so.
 */
export class ThemeNumbers extends Numbering {
  /** The numbers of `themes` into `out` (emptied first), each once, in the order listed. */
  numbersOf(themes: readonly string[], out: number[]): number[] {
    out.length = 0;
    for (const th of themes) {
      const t = this.of(th);
      if (!out.includes(t)) out.push(t);
    }
    return out;
  }
}

/** A document's counts. */
export interface DocumentCounts {
  nSentences: number;
  nChars: number;
  nTerms: number;
  /** Sentences per function (FUNCTIONS order). */
  fn: Int32Array;
  /** Term ids, ascending, and their counts: views of a chunk other documents' are in too (TermStore), which compare releases once used. */
  termIds: Int32Array;
  termCounts: Int32Array;
  /** Per theme id t: [t * SLOTS + f] sentences of theme t with function f, [t * SLOTS + FUNCTIONS.length] sentences of theme t. */
  themes: Int32Array;
  /** Quantity keys (`theme\0unit`, `all\0unit`) and values, in sentence order. */
  qtyKeys: string[];
  qtyValues: number[];
}

export interface CorpusCounts {
  /** Documents in id order, as CompareInput has them (sentences left empty). */
  input: CompareInput;
  counts: DocumentCounts[];
  vocab: string[];
  /** Theme ids by theme number. */
  themeNames: string[];
  /** Quantity unit → number of additive quantities (for the column order). */
  qtyUnitCount: Map<string, number>;
  /** The near-duplicate index: sentences in document id order then unit index (a folder), or as given (a CompareInput). */
  shared: SharedSentenceIndex;
}

export const THEME_SLOTS = SLOTS;

/** One document while its sentences come in. */
class DocumentTally {
  nSentences = 0;
  nChars = 0;
  nTerms = 0;
  fn = new Int32Array(FUNCTIONS.length);
  /** Term ids, ascending, and their counts, once the document is closed (TermCounter.close). */
  termIds = new Int32Array(0);
  termCounts = new Int32Array(0);
  themes = new Int32Array(0);
  qtyUnits: number[] = [];
  qtyKeys: string[] = [];
  qtyValues: number[] = [];
  lastUnit = -Infinity;
  qtySorted = true;

  constructor(readonly id: string) {}

  theme(t: number, f: number): void {
    const need = (t + 1) * SLOTS;
    if (this.themes.length < need) {
      const a = new Int32Array(Math.max(need, this.themes.length * 2));
      a.set(this.themes);
      this.themes = a;
    }
    this.themes[t * SLOTS + FUNCTIONS.length]!++;
    if (f >= 0) this.themes[t * SLOTS + f]!++;
  }
}

/**
 * Where closed documents keep their term ids and counts: views of chunks of
 * up to 8 M values rather than two arrays of their own each, chunks that
 * compare gives back to the system as soon as it has used them up
 * (releasable.ts). 240,000 small arrays (120,000 reports) let go stayed
 * resident in the C allocator's heap: 470 MB through the whole search.
 */
class TermStore {
  private static readonly FIRST = 1 << 16;
  private static readonly LARGEST = 1 << 23;
  private chunk: Int32Array<ArrayBuffer> = new Int32Array(0);
  private used = 0;

  /** Room for n values, zeroed: a view of the current chunk, or of a new one (twice as large, up to LARGEST) when it is full. */
  take(n: number): Int32Array<ArrayBuffer> {
    if (this.used + n > this.chunk.length) {
      const size = Math.min(TermStore.LARGEST, Math.max(TermStore.FIRST, 2 * this.chunk.length));
      this.chunk = releasableInt32s(Math.max(n, size));
      this.used = 0;
    }
    const room = this.chunk.subarray(this.used, this.used + n);
    this.used += n;
    return room;
  }
}

/**
 * The term counts of the one document open at a time, dense by term id (a
 * Map per document costs a hash a token), with the ids met so far listed.
 */
class TermCounter {
  private counts = new Int32Array(1024);
  private readonly met: number[] = [];
  private readonly store = new TermStore();

  add(id: number): void {
    if (id >= this.counts.length) {
      const a = new Int32Array(Math.max(id + 1, this.counts.length * 2));
      a.set(this.counts);
      this.counts = a;
    }
    if (this.counts[id]!++ === 0) this.met.push(id);
  }

  /** Take back a closed document's counts (its rows were not all together). */
  open(d: DocumentTally): void {
    for (let k = 0; k < d.termIds.length; k++) {
      const id = d.termIds[k]!;
      this.add(id);
      this.counts[id] = d.termCounts[k]!;
    }
  }

  /** Pack the counts into `d`'s sorted typed arrays (views of the store's chunks), and start afresh. */
  close(d: DocumentTally): void {
    const m = this.met.length;
    const room = this.store.take(2 * m);
    const ids = room.subarray(0, m);
    ids.set(this.met);
    ids.sort();
    const counts = room.subarray(m);
    for (let k = 0; k < ids.length; k++) {
      counts[k] = this.counts[ids[k]!]!;
      this.counts[ids[k]!] = 0;
    }
    d.termIds = ids;
    d.termCounts = counts;
    this.met.length = 0;
  }
}

/**
 * Builds a CorpusCounts from sentences given one by one. What it keeps to the
 * end (document ids, terms, stems, theme ids) it keeps as copies
 * (detachedCopy), not as the slices of the table's text they were read from:
 * a slice keeps its whole chunk of sentences.csv alive.
 */
export class CorpusCounter {
  private readonly docs = new Map<string, DocumentTally>();
  private current: DocumentTally | null = null;
  private readonly termOf = new Map<string, number>();
  private readonly vocab: string[] = [];
  private readonly themes = new ThemeNumbers();
  private readonly qtyUnitCount = new Map<string, number>();
  /** Each quantity key once: a document holds its quantities' keys until the profile rows are written (a string of its own for each would take 0.7 KB a report). */
  private readonly qtyKeyOf = new Map<string, string>();
  private readonly finder: SharedSentenceFinder | null;
  private readonly themeScratch: number[] = [];
  private readonly termCounts = new TermCounter();
  private readonly tokenTable = new TokenTable();
  private readonly places = placeStems();
  /** The sentence whose tokens are being counted: a place-name stem among them is counted as the whole name it has. */
  private currentText = '';
  /** Place-name stems met, by number: a token table caches a token's value, so a stem's is -2 − its number, resolved per sentence. */
  private readonly stems = new Numbering();
  private readonly termOfToken = (token: string): number => (this.places.has(token) ? -2 - this.stems.of(token) : this.term(token));
  private readonly countTerm = (value: number): void => {
    const id = value <= -2 ? this.term(wholePlaceName(this.stems.names[-2 - value]!, this.currentText, this.places)) : value;
    if (id < 0) return;
    this.termCounts.add(id);
    this.current!.nTerms++;
  };

  /**
   * `sortByDocument`: sentences are read in document id order, then unit index
   * (as the folder reader sorts them); otherwise in the order given.
   * `near` null: the near-duplicate search is done elsewhere (a worker thread
   * reading the same sentences), and its index given to finish().
   */
  constructor(
    private readonly stopwords: ReadonlySet<string>,
    near: NearDuplicateOptions | null,
    private readonly sortByDocument: boolean,
  ) {
    this.finder = near === null ? null : new SharedSentenceFinder(near);
  }

  /** The themes' names by number, in the order first met. */
  get themeNames(): readonly string[] {
    return this.themes.names;
  }

  /** The document (created when new); rows of one document usually come together. */
  doc(id: string): DocumentTally {
    const c = this.current;
    if (c !== null && c.id === id) return c;
    if (c !== null) this.termCounts.close(c);
    let d = this.docs.get(id);
    if (!d) {
      const own = detachedCopy(id);
      this.docs.set(own, (d = new DocumentTally(own)));
    } else this.termCounts.open(d);
    this.current = d;
    return d;
  }

  /** The term id of a token, or -1 for a token the comparison does not count (compareTerms). */
  private term(token: string): number {
    let id = this.termOf.get(token);
    if (id === undefined) {
      const own = detachedCopy(token);
      if (contentTokens([own], this.stopwords).length === 0 || isNumberToken(own)) id = -1;
      else {
        id = this.vocab.length;
        this.vocab.push(own);
      }
      this.termOf.set(own, id);
    }
    return id;
  }

  /**
   * A sentence. `tokens`: its tokens, as a list or as a sentences.csv cell
   * (space-separated); null: cut the text with the default dictionary.
   * `themes` and `quantities` in the order they are listed.
   */
  sentence(
    docId: string,
    unitIndex: number,
    text: string,
    tokens: readonly string[] | string | null,
    fn: SentenceFunction | null,
    themes: readonly string[],
    quantities: readonly CompareQuantity[],
  ): void {
    const d = this.doc(docId);
    const f = functionNumber(fn);
    d.nSentences++;
    d.nChars += text.length;
    if (f >= 0) d.fn[f]!++;
    this.currentText = text;
    if (typeof tokens === 'string') this.tokenTable.eachValue(tokens, this.termOfToken, this.countTerm);
    else for (const t of tokens ?? cut(text)) this.countTerm(this.termOfToken(t));
    this.currentText = '';
    const ths = this.themes.numbersOf(themes, this.themeScratch);
    for (const t of ths) d.theme(t, f);
    if (unitIndex < d.lastUnit) d.qtySorted = false;
    d.lastUnit = unitIndex;
    for (const q of quantities) {
      if (NON_ADDITIVE_UNITS.has(q.unit) || !Number.isFinite(q.value)) continue;
      this.qtyUnitCount.set(q.unit, (this.qtyUnitCount.get(q.unit) ?? 0) + 1);
      d.qtyUnits.push(unitIndex);
      d.qtyKeys.push(this.qtyKey('all', q.unit));
      d.qtyValues.push(q.value);
      for (const t of ths) {
        d.qtyUnits.push(unitIndex);
        d.qtyKeys.push(this.qtyKey(this.themes.names[t]!, q.unit));
        d.qtyValues.push(q.value);
      }
    }
    this.finder?.add(docId, unitIndex, text, f, ths);
  }

  /** The key of a quantity total (`theme\0unit`), the same string each time. */
  private qtyKey(theme: string, unit: string): string {
    const key = `${theme}\u0000${unit}`;
    const known = this.qtyKeyOf.get(key);
    if (known !== undefined) return known;
    this.qtyKeyOf.set(key, key);
    return key;
  }

  /**
   * Finish: documents in id order (metadata from `metaOf`), the near-duplicate
   * search run; or, for a counter made without it, `shared` asked for its
   * result, once the counts are packed.
   */
  finish(ids: Iterable<string>, metaOf: (id: string) => CompareDocMeta, has: CompareInput['has'], notes: string[], shared?: () => SharedSentenceIndex): CorpusCounts {
    if ((this.finder === null) === (shared === undefined)) throw new Error('CorpusCounter.finish: the near-duplicate index is given when, and only when, the counter made none');
    if (this.current !== null) this.termCounts.close(this.current);
    this.current = null;
    for (const id of ids) if (!this.docs.has(id)) this.docs.set(id, new DocumentTally(id));
    const accs = [...this.docs.values()].sort((a, b) => cmp(a.id, b.id));
    this.docs.clear();
    const docs: CompareDoc[] = accs.map((a) => ({ id: a.id, meta: metaOf(a.id), sentences: [] }));
    const counts: DocumentCounts[] = accs.map((a) => {
      let { qtyKeys, qtyValues } = a;
      if (this.sortByDocument && !a.qtySorted) {
        // Sentences came out of unit order: put their quantities in unit order (stable), as the comparison reads them.
        const order = a.qtyUnits.map((_, i) => i).sort((x, y) => a.qtyUnits[x]! - a.qtyUnits[y]! || x - y);
        qtyKeys = order.map((i) => a.qtyKeys[i]!);
        qtyValues = order.map((i) => a.qtyValues[i]!);
      }
      return {
        nSentences: a.nSentences, nChars: a.nChars, nTerms: a.nTerms, fn: a.fn,
        termIds: a.termIds, termCounts: a.termCounts, themes: a.themes, qtyKeys, qtyValues,
      };
    });
    this.termOf.clear();
    return {
      input: { docs, has, notes },
      counts,
      vocab: this.vocab,
      themeNames: this.themes.names,
      qtyUnitCount: this.qtyUnitCount,
      shared: shared ? shared() : this.finder!.find({ sortByDocument: this.sortByDocument }),
    };
  }
}

/**
 * A CompareInput (the library's objects) as corpus counts. Sentences are
 * taken in the input's order: documents as listed, each one's sentences as listed.
 */
export function countInput(input: CompareInput, stopwords: ReadonlySet<string>, near: NearDuplicateOptions): CorpusCounts {
  const b = new CorpusCounter(stopwords, near, false);
  for (const d of input.docs) {
    b.doc(d.id);
    for (const s of d.sentences) b.sentence(d.id, s.unitIndex, s.text, s.terms, s.fn, s.themes, s.quantities);
  }
  const meta = new Map(input.docs.map((d) => [d.id, d.meta]));
  const c = b.finish(meta.keys(), (id) => meta.get(id)!, input.has, [...input.notes]);
  if (input.docColumns !== undefined) c.input.docColumns = input.docColumns;
  // Keep the caller's document order: compareInput takes the documents as given.
  const at = new Map(c.input.docs.map((d, i) => [d.id, i]));
  const order = input.docs.map((d) => at.get(d.id)!);
  if (order.some((o, i) => o !== i)) {
    c.input = { ...c.input, docs: order.map((o) => c.input.docs[o]!) };
    c.counts = order.map((o) => c.counts[o]!);
  }
  return c;
}
