/**
 * quanteda's verbs over fazhi's objects: corpus → tokens → dfm → textstat.
 * Each is a thin wrapper over the functions `fazhi analyze` and `fazhi
 * compare` run, so that a script gets the same counts and statistics as the
 * tables: `textstatKeyness(dfm(folder))` is keyness.csv's rows.
 */
import type { ReportDoc } from '../model/document.js';
import { analyzeCorpus, BUNDLED_CORPUS, type AnalyzeOptions, type CorpusResult } from '../pipeline/analyze.js';
import { DEFAULT_STOPWORDS, loadStopwords } from '../tokenize/tokenizer.js';
import { cmp, inputFromDocs } from '../compare/input.js';
import { countInput, type CorpusCounts } from '../compare/corpus-counts.js';
import { countAnalysisFolder } from '../compare/analysis-folder.js';
import { groupUnits } from '../compare/units.js';
import { buildDfm, selectFeatures, termStats, type Dfm } from '../compare/dfm.js';
import { keyness } from '../compare/keyness.js';
import { similarityOfPostings, tfidfPostings } from '../compare/similarity.js';
import { COMPARE_DEFAULTS } from '../compare/defaults.js';
import type { CompareBy, CompareInput, KeynessRow, SimilarityRow } from '../compare/types.js';

/**
 * A corpus's documents as the comparison reads them: per document its
 * metadata and sentences, each sentence with its `terms` (content tokens: no
 * punctuation, stopwords or numbers), function, themes and quantities.
 * Headings are left out: they are structure, not prose.
 */
export type Tokens = CompareInput;

/** Options of {@link tokens}. */
export interface TokensOptions {
  /** Words left out of the terms: a set, or a stopword file (one word a line); default dictionaries/stopwords.txt. */
  stopwords?: ReadonlySet<string> | string;
}

/** Options of {@link dfm}: `stopwords` applies to an analysis folder (tokens were filtered when made). */
export interface DfmOptions extends TokensOptions {
  /**
   * The rows of the matrix: `'document'` (default), or documents.csv columns
   * whose values pool documents into one row (`'township'`, `'province'`,
   * `'township,report_year'`), as quanteda's dfm_group and `fazhi compare --by`.
   */
  by?: CompareBy;
}

/** Options of {@link textstatKeyness}; the defaults are `fazhi compare`'s. */
export interface TextstatKeynessOptions {
  /** Rows kept per unit, most distinctive first; default 20. */
  top?: number;
  /** A term must occur at least this often in the unit; default 2. */
  minCount?: number;
  /** Largest Benjamini–Hochberg adjusted p-value listed; default 0.05 (1 lists every over-represented term). */
  maxP?: number;
}

/** Options of {@link textstatSimilarity}; the defaults are `fazhi compare`'s. */
export interface TextstatSimilarityOptions {
  /** TF-IDF is weighted over the terms found in the most units; default 2000. */
  maxFeatures?: number;
  /** Keep each unit's n most similar units instead of every pair. */
  neighbors?: number;
  /** The British spelling of `neighbors`, as compare's `--neighbours` is still accepted. */
  neighbours?: number;
}

/** One row of {@link textstatFrequency}, as quanteda's textstat_frequency. */
export interface FrequencyRow {
  feature: string;
  /** Occurrences in the whole matrix. */
  frequency: number;
  /** 1 for the most frequent; tied frequencies share the best rank. */
  rank: number;
  /** Rows (documents, or groups) that use the feature. */
  docfreq: number;
}

/**
 * Read and analyze a corpus: quanteda's name for {@link analyzeCorpus}.
 *
 * @param paths - files or folders (searched recursively); default the five bundled reports.
 * @param options - as analyzeCorpus: `dict`, `metaFile`, `tokenizer`, `jobs` …
 * @returns the analyzed documents, a manifest row per input file, and the stages' warnings.
 * @example
 * const c = await corpus('data/reports');
 * console.log(c.docs.length, c.docs[0]?.meta.township);   // 5 高梁镇
 */
export function corpus(paths: string | string[] = BUNDLED_CORPUS, options: AnalyzeOptions = {}): Promise<CorpusResult> {
  return analyzeCorpus(paths, options);
}

/**
 * The terms of every sentence of a corpus, as `fazhi compare` counts them.
 *
 * @param docs - a {@link corpus} result, or ReportDocs from analyzeCorpus or parseReport.
 * @returns documents ordered by id, with their sentences' terms.
 * @example
 * const toks = tokens(await corpus());
 * console.log(toks.docs[0]?.sentences[0]?.terms);   // [ '高梁', '区委', '区政府', '正确', '领导', … — numbers and stopwords left out
 */
export function tokens(docs: CorpusResult | readonly ReportDoc[], options: TokensOptions = {}): Tokens {
  return inputFromDocs('docs' in docs ? docs.docs : docs, stopwordSet(options.stopwords));
}

/**
 * The document-feature matrix: per row (a document, or a group with `by`)
 * the count of each term, kept sparse.
 *
 * @param x - {@link tokens}, or an analysis folder written by `fazhi analyze` (its sentences.csv is streamed).
 * @returns rows named by `units`, term ids ascending in `ids` with their `counts`, each row's `totals` and the `vocab`.
 * @example
 * const m = dfm(tokens(await corpus()));
 * console.log(m.units.length, m.vocab.length);              // 5 1622 — documents × terms
 * const byProvince = dfm('out', { by: 'province' });        // an analysis folder
 */
export function dfm(x: Tokens | string, options: DfmOptions = {}): Dfm {
  // The counting also gathers sentences for the near-duplicate search, which a dfm does not need: no sentence is long enough.
  const near = { threshold: COMPARE_DEFAULTS.threshold, shingle: COMPARE_DEFAULTS.shingle, minChars: Number.POSITIVE_INFINITY };
  // Tokens hold terms already filtered: no stopwords are needed again.
  const counts: CorpusCounts = typeof x === 'string' ? countAnalysisFolder(x, stopwordSet(options.stopwords), near) : countInput(x, new Set(), near);
  return buildDfm(counts, groupUnits(counts.input, options.by ?? COMPARE_DEFAULTS.by, []));
}

/**
 * Term frequencies over the whole matrix, most frequent first.
 *
 * @param n - keep the n most frequent (default: every term).
 * @example
 * const top = textstatFrequency(dfm(tokens(await corpus())), 10);
 * console.log(top[0]);   // { feature: '法治政府', frequency: 59, rank: 1, docfreq: 5 }
 */
export function textstatFrequency(x: Dfm, n?: number): FrequencyRow[] {
  const stats = [...termStats(x).stats].sort((a, b) => b.count - a.count || b.df - a.df || cmp(a.term, b.term));
  const rows: FrequencyRow[] = [];
  for (const [i, s] of stats.entries()) {
    if (n !== undefined && i >= n) break;
    const previous = rows[i - 1];
    rows.push({ feature: s.term, frequency: s.count, rank: previous?.frequency === s.count ? previous.rank : i + 1, docfreq: s.df });
  }
  return rows;
}

/**
 * Distinctive terms of every row against all the others pooled (G², as
 * quanteda's textstat_keyness with measure "lr"), with Benjamini–Hochberg
 * adjusted p-values: the rows of keyness.csv.
 *
 * @example
 * const key = textstatKeyness(dfm(tokens(await corpus())), { top: 5 });
 * console.log(key.filter((r) => r.rank === 1).map((r) => `${r.unit}: ${r.term}`));
 */
export function textstatKeyness(x: Dfm, options: TextstatKeynessOptions = {}): KeynessRow[] {
  // compare builds its rows as it writes them; a caller gets an array of its own to sort and change.
  return [
    ...keyness(x, {
      top: options.top ?? COMPARE_DEFAULTS.keynessTop,
      minCount: options.minCount ?? COMPARE_DEFAULTS.keynessMinCount,
      maxP: options.maxP ?? COMPARE_DEFAULTS.keynessMaxP,
    }),
  ];
}

/**
 * Cosine similarity of the rows' TF-IDF vectors, one row per pair of units
 * (`cosine_themes` is null: a dfm holds terms only; compareCorpus gives both).
 *
 * @example
 * const pairs = textstatSimilarity(dfm(tokens(await corpus())));
 * console.log(pairs.length, pairs[0]);   // 10 { a: '000_729e9bcc00219c1c', b: '001_f94b286a94fca01c', cosine_tfidf: 0.0574…
 */
export function textstatSimilarity(x: Dfm, options: TextstatSimilarityOptions = {}): SimilarityRow[] {
  const { stats, df } = termStats(x);
  const features = selectFeatures(stats, x.units.length, options.maxFeatures ?? COMPARE_DEFAULTS.maxFeatures);
  // No unit has more than n − 1 others: a larger number keeps the same pairs.
  const kept = options.neighbors ?? options.neighbours;
  const neighbors = kept === undefined ? null : Math.min(kept, Math.max(1, x.units.length - 1));
  // Straight into the search's postings, as compare makes them: no vectors to copy from. The dfm is the caller's, so it is not used up.
  return [...similarityOfPostings(x.units, tfidfPostings(x, features, df), null, neighbors)];
}

function stopwordSet(stopwords: TokensOptions['stopwords']): ReadonlySet<string> {
  if (stopwords && typeof stopwords !== 'string') return stopwords;
  return loadStopwords(stopwords ?? DEFAULT_STOPWORDS);
}
