/**
 * Compare units of a corpus (reports, townships or provinces), quanteda
 * style: docs → dfm → textstat.
 *
 *   compareCorpus(docs)        ReportDocs from analyzeCorpus / parseReport
 *   compareFolder(dir)         an analysis folder written by `fazhi analyze`
 *   compareInput(input)        what both reduce to
 *
 * Same input and options ⇒ the same result, to the last digit: documents
 * are ordered by id, every sort has a tie-break, k-means is seeded.
 */
import { FUNCTIONS, type ReportDoc } from '../model/document.js';
import { DEFAULT_STOPWORDS, loadStopwords } from '../tokenize/tokenizer.js';
import { clusterUnits, type FeatureMatrix } from './cluster.js';
import { countInput, type CorpusCounts } from './corpus-counts.js';
import { countAnalysisFolder, countAnalysisFolderOnThread } from './analysis-folder.js';
import { buildDfm, termStats, selectFeatures, type Dfm } from './dfm.js';
import { CompareOptionError, inputFromDocs } from './input.js';
import { keyness } from './keyness.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCsvHeader } from '../output/csv.js';
import { ANALYSIS_FILES } from '../output/analysis-folder.js';
import { parseByColumns } from './groups.js';
import { associationTable, type AssociationRow } from '../explore/association.js';
import { buildProfiles, inputTaxonomy } from './profiles.js';
import { yearOnYearReuse } from './reuse.js';
import { release } from './releasable.js';
import { densifyPostings, similarityOfPostings, similarityOnThreads, tfidfPostings, type Postings } from './similarity.js';
import type { ClusterFeatures, CompareInput, CompareOptions, CompareResult, ResolvedCompareOptions, SharedSentence, SimilarityRow } from './types.js';
import { commonValues, documentVariables, groupUnits } from './units.js';
import { ALL_PAIRS_LIMIT, COMPARE_DEFAULTS, DEFAULT_NEIGHBOURS } from './defaults.js';

export { COMPARE_DEFAULTS, ALL_PAIRS_LIMIT, DEFAULT_NEIGHBOURS };

export function resolveCompareOptions(o: CompareOptions = {}): ResolvedCompareOptions {
  const int = (name: string, v: number | undefined, d: number, min: number): number => {
    if (v === undefined) return d;
    if (!Number.isInteger(v) || v < min) throw new CompareOptionError(`${name} must be an integer of at least ${min}, got ${v}`);
    return v;
  };
  const k = o.k ?? COMPARE_DEFAULTS.k;
  if (k !== 'auto' && (!Number.isInteger(k) || k < 1)) throw new CompareOptionError(`k must be 'auto' or a positive integer, got ${k}`);
  const threshold = o.threshold ?? COMPARE_DEFAULTS.threshold;
  if (!(threshold > 0 && threshold <= 1)) throw new CompareOptionError(`threshold must be in (0, 1], got ${threshold}`);
  if (o.by !== undefined && (typeof o.by !== 'string' || o.by.trim() === '')) throw new CompareOptionError(`by must be "document" or columns of documents.csv, got ${String(o.by)}`);
  if (o.features !== undefined && !['themes', 'tfidf', 'both'].includes(o.features)) throw new CompareOptionError(`features must be themes, tfidf or both, got ${o.features}`);
  const keynessMaxP = o.keynessMaxP ?? COMPARE_DEFAULTS.keynessMaxP;
  if (!(keynessMaxP > 0 && keynessMaxP <= 1)) throw new CompareOptionError(`keynessMaxP must be in (0, 1], got ${keynessMaxP}`);
  return {
    by: o.by ?? COMPARE_DEFAULTS.by,
    features: o.features ?? COMPARE_DEFAULTS.features,
    k,
    kMax: int('kMax', o.kMax, COMPARE_DEFAULTS.kMax, 2),
    seed: int('seed', o.seed, COMPARE_DEFAULTS.seed, 0),
    restarts: int('restarts', o.restarts, COMPARE_DEFAULTS.restarts, 1),
    maxFeatures: int('maxFeatures', o.maxFeatures, COMPARE_DEFAULTS.maxFeatures, 1),
    clusterTerms: int('clusterTerms', o.clusterTerms, COMPARE_DEFAULTS.clusterTerms, 1),
    keynessTop: int('keynessTop', o.keynessTop, COMPARE_DEFAULTS.keynessTop, 1),
    keynessMinCount: int('keynessMinCount', o.keynessMinCount, COMPARE_DEFAULTS.keynessMinCount, 1),
    keynessMaxP,
    stopwords: typeof o.stopwords === 'string' ? o.stopwords : o.stopwords ? '(given as a set)' : 'dictionaries/stopwords.txt',
    threshold,
    shingle: int('shingle', o.shingle, COMPARE_DEFAULTS.shingle, 1),
    minChars: int('minChars', o.minChars, COMPARE_DEFAULTS.minChars, 1),
    listDocs: int('listDocs', o.listDocs, COMPARE_DEFAULTS.listDocs, 0),
    neighbours: o.neighbours === undefined ? null : int('neighbours', o.neighbours, 0, 1),
    silhouetteSample: int('silhouetteSample', o.silhouetteSample, COMPARE_DEFAULTS.silhouetteSample, 3),
    // The taxonomy's own relations join these once the input is read (prepareComparison).
    themeParents: { ...(o.themeParents ?? {}) },
  };
}

function stopwordSet(o: CompareOptions): ReadonlySet<string> {
  if (o.stopwords && typeof o.stopwords !== 'string') return o.stopwords;
  return loadStopwords(typeof o.stopwords === 'string' ? o.stopwords : DEFAULT_STOPWORDS);
}

/**
 * Compare ReportDocs (any stages run; functions, themes and quantities are used when present).
 * @example
 * const { docs } = await analyzeCorpus('data/reports');
 * const result = compareCorpus(docs, { by: 'province' });
 * console.log(result.units.map((u) => u.id), result.clusters.k);   // [ '上海市', '山西省', '重庆市' ] 2
 */
export function compareCorpus(docs: readonly ReportDoc[], options: CompareOptions = {}): CompareResult {
  resolveCompareOptions(options);
  return compareInput(inputFromDocs(docs, stopwordSet(options)), options);
}

/**
 * Compare the documents of an analysis folder written by `fazhi analyze`.
 * sentences.csv is streamed once; no sentence is kept as an object (see analysis-folder.ts).
 * @example
 * await runAnalysis('data/reports', 'out');
 * const { profiles, keyness } = compareFolder('out');
 * console.log(profiles.rows.length, keyness.filter((r) => r.rank === 1).map((r) => r.term));
 */
export function compareFolder(dir: string, options: CompareOptions = {}): CompareResult {
  return compareOnThisThread(prepareFolder(dir, options));
}

export function compareInput(input: CompareInput, options: CompareOptions = {}): CompareResult {
  const opts = resolveCompareOptions(options);
  // compareInput reads only the terms of the input, which are already filtered: no stopwords are needed again.
  return compareOnThisThread(prepareComparison(countInput(input, NO_STOPWORDS, nearOptions(opts)), opts));
}

const NO_STOPWORDS: ReadonlySet<string> = new Set();
const NO_TERMS = new Int32Array(0);

function nearOptions(opts: ResolvedCompareOptions) {
  return { threshold: opts.threshold, shingle: opts.shingle, minChars: opts.minChars };
}

/** The phases of compareFolderOnThreads, named when each is over. */
export type ComparePhase = 'prepared' | 'clustered' | 'written';

/** What compareFolderOnThreads calls as the comparison goes on. */
export interface CompareHooks {
  /**
   * The shared sentences (the result's sharedSentences), as soon as they are
   * known: once the folder is read and its units formed, before the
   * profiles, TF-IDF and keyness are computed on this thread alone, so that
   * work of the caller's own on another thread (compare's rewrite of
   * sentences.csv) can use the core left idle meanwhile.
   */
  whenRead?: (sharedSentences: SharedSentence[]) => void;
  /**
   * Everything but the similarity table (empty there), to write the other
   * tables while the threads search. Synchronous: a promise it returns is
   * not awaited.
   */
  whileSearching?: (withoutSimilarity: CompareResult) => void;
  /**
   * Each phase of this thread's own, once it is over: what it made and no
   * longer needs is garbage then (compare's command collects it, cli/heap.ts).
   * prepared: the counts, profiles, TF-IDF and keyness; clustered: k-means;
   * written: whileSearching's tables.
   */
  afterPhase?: (phase: ComparePhase) => void;
}

/**
 * compareFolder with the similarity search (most of compare's time on a
 * large corpus) shared among `jobs` threads: the same result. From two jobs,
 * the near-duplicate search reads the folder on a thread of its own as well
 * (countAnalysisFolderOnThread).
 *
 * The clusters and the rest need no similarity, so this thread computes
 * them while `jobs − 1` worker threads search, then calls `whileSearching`
 * with everything but the similarity table, to write the other tables
 * meanwhile, and then joins the search. When the search is not threaded (one
 * job, every pair kept, fewer than 2 × jobs units, or no built worker) it
 * runs on this thread after `whileSearching`; when a thread fails, the
 * search is run again on this thread after it.
 */
export async function compareFolderOnThreads(dir: string, options: CompareOptions = {}, jobs = 1, hooks: CompareHooks = {}): Promise<CompareResult> {
  const prepared = await prepareFolderOnThreads(dir, options, jobs, hooks.whenRead);
  // The threads have their tasks when this returns: piscina (5.x) posts a task
  // to a pool's first threads (minThreads, created ready) at once, not from
  // this thread's event loop, so the work below does not hold them back. The
  // pool has as many threads as tasks, so none waits in piscina's queue.
  const search = similarityOnThreads(...similarityArguments(prepared), jobs);
  let result: CompareResult;
  try {
    hooks.afterPhase?.('prepared');
    result = finishComparison(prepared, [], hooks.afterPhase);
    hooks.whileSearching?.(result);
    hooks.afterPhase?.('written');
    // A turn of the event loop first: a thread that failed (to start, say) is known then, and this thread does not scan rows table() would scan again.
    await new Promise((resolve) => setImmediate(resolve));
    search.join();
  } catch (e) {
    // The threads stop after their block, and the pool closes, before the error goes up.
    search.cancel();
    await search.settled;
    throw e;
  }
  return { ...result, similarity: await search.table() };
}

/** An analysis folder read (sentences.csv streamed once) and compared up to the similarity table. */
function prepareFolder(dir: string, options: CompareOptions, whenRead?: (sharedSentences: SharedSentence[]) => void): PreparedComparison {
  const opts = folderOptions(dir, options);
  return prepareComparison(countAnalysisFolder(dir, stopwordSet(options), nearOptions(opts)), opts, whenRead);
}

/** prepareFolder with the near-duplicate search on a thread of its own while this one counts, given two jobs or more. */
async function prepareFolderOnThreads(dir: string, options: CompareOptions, jobs: number, whenRead?: (sharedSentences: SharedSentence[]) => void): Promise<PreparedComparison> {
  if (jobs < 2) return prepareFolder(dir, options, whenRead);
  const opts = folderOptions(dir, options);
  return prepareComparison(await countAnalysisFolderOnThread(dir, stopwordSet(options), nearOptions(opts)), opts, whenRead);
}

/** The options resolved, a --by column documents.csv lacks refused before sentences.csv is read (minutes on a large corpus). */
function folderOptions(dir: string, options: CompareOptions): ResolvedCompareOptions {
  const opts = resolveCompareOptions(options);
  const columns = documentsHeader(dir);
  if (columns !== null) parseByColumns(opts.by, columns);
  return opts;
}

function compareOnThisThread(prepared: PreparedComparison): CompareResult {
  return ownRows(finishComparison(prepared, similarityOfPostings(...similarityArguments(prepared))));
}

/**
 * The library's callers get arrays of their own, to sort, change or clone;
 * the rows are made as they are read (lazyArray) only where the CLI writes
 * them straight out (compareFolderOnThreads), so a large corpus never holds
 * them all.
 */
function ownRows(result: CompareResult): CompareResult {
  return {
    ...result,
    profiles: { ...result.profiles, rows: [...result.profiles.rows] },
    keyness: [...result.keyness],
    similarity: [...result.similarity],
    boilerplate: [...result.boilerplate],
    sharedSentences: [...result.sharedSentences],
  };
}

/** Everything a comparison computes before the similarity table, and what that table needs. */
interface PreparedComparison {
  /**
   * Of the corpus counts, what is used after the similarity table is started:
   * not the per-document term counts (the largest part, a few hundred MB at
   * 100,000 reports), used up as the search's postings are made.
   */
  input: CompareInput;
  shared: CorpusCounts['shared'];
  /** Theme ids by the numbers the near-duplicate search counted per passage. */
  themeNames: readonly string[];
  opts: ResolvedCompareOptions;
  notes: string[];
  units: ReturnType<typeof groupUnits>;
  variables: string[];
  profiles: ReturnType<typeof buildProfiles>;
  unitIds: readonly string[];
  features: string[];
  /** The TF-IDF rows as the search reads them: their postings, which hold the weights. */
  rows: Postings;
  keyRows: ReturnType<typeof keyness>;
  association: AssociationRow[];
  neighbours: number | null;
}

function prepareComparison(c: CorpusCounts, given: ResolvedCompareOptions, whenRead?: (sharedSentences: SharedSentence[]) => void): PreparedComparison {
  const input = c.input;
  // Sub-themes of the taxonomy the analysis coded, then any the caller adds (compare.json records them all).
  const opts: ResolvedCompareOptions = { ...given, themeParents: { ...inputTaxonomy(input).parents, ...given.themeParents } };
  const notes = [...input.notes];
  const units = groupUnits(input, opts.by, notes);
  // The units are formed (a --by the documents cannot answer is refused by now): nothing below refuses the folder.
  whenRead?.(c.shared.lightRows(opts.listDocs));
  const n = units.length;
  if (input.docs.length === 0) notes.push('the corpus has no documents: every table is empty.');

  const variables = documentVariables(input);
  const profiles = buildProfiles(c, units, opts.themeParents, variables);
  const renamed = profiles.variableColumns.filter(([col, v]) => col !== v);
  if (renamed.length) notes.push(`document variable(s) named like a profiles.csv column are carried as ${renamed.map(([col]) => col).join(', ')}.`);
  const grouped = opts.by.trim() !== 'document' && opts.by.trim() !== 'doc_id';
  const association = grouped ? associationTable(c, units, opts.themeParents, opts.seed) : [];
  if (grouped && association.length === 0) notes.push('association.csv is empty: it needs at least two groups with sentences.');

  // docs → dfm → TF-IDF, keyness.
  let dfm: Dfm | null = buildDfm(c, units);
  const unitIds = dfm.units;
  const { stats, df } = termStats(dfm);
  const features = selectFeatures(stats, n, opts.maxFeatures);
  if (n < 2) notes.push('keyness needs at least 2 units (a target and a reference): keyness.csv is empty.');
  const keyRows = keyness(dfm, { top: opts.keynessTop, minCount: opts.keynessMinCount, maxP: opts.keynessMaxP });
  // The documents' term counts (3.8 KB a report, 470 MB at 120,000 reports)
  // are given back to the system (releasable.ts) once used: those no unit
  // reads (units of several documents have arrays of their own) before the
  // postings are made, the others as the postings fill.
  releaseTermCounts(c, new Set(dfm.ids.map((ids) => ids.buffer)));
  const rows = tfidfPostings(dfm, features, df, true);
  dfm = null;
  releaseTermCounts(c, new Set());

  let neighbours = opts.neighbours;
  if (neighbours === null && n > ALL_PAIRS_LIMIT) {
    neighbours = DEFAULT_NEIGHBOURS;
    notes.push(`${n} units: similarity.csv keeps each unit's ${DEFAULT_NEIGHBOURS} most similar units (by TF-IDF cosine) rather than all ${(n * (n - 1)) / 2} pairs; use --neighbors to change.`);
  }
  // No unit has more than n − 1 others: a larger --neighbors keeps the same pairs, and would only size the heaps (n × neighbours) beyond memory.
  if (neighbours !== null) neighbours = Math.min(neighbours, Math.max(1, n - 1));
  return { input, shared: c.shared, themeNames: c.themeNames, opts, notes, units, variables, profiles, unitIds, features, rows, keyRows, association, neighbours };
}

/** Release the documents' term counts but those in `kept` buffers, and let them go. */
function releaseTermCounts(c: CorpusCounts, kept: ReadonlySet<ArrayBufferLike>): void {
  for (const d of c.counts) {
    if (kept.has(d.termIds.buffer)) continue;
    release(d.termIds.buffer);
    d.termIds = d.termCounts = NO_TERMS;
  }
}

function similarityArguments(p: PreparedComparison): Parameters<typeof similarityOfPostings> {
  const themeShares = p.input.has.themes ? p.profiles.themeShares : null;
  return [p.unitIds, p.rows, themeShares, p.neighbours];
}

function finishComparison(p: PreparedComparison, sim: SimilarityRow[], afterPhase?: (phase: ComparePhase) => void): CompareResult {
  // Boilerplate: near-identical sentences across documents (searched while the corpus was read).
  const { input, shared, opts, notes, profiles, features, rows } = p;

  // Clusters.
  let used: ClusterFeatures = opts.features;
  if (used !== 'tfidf' && !input.has.themes) {
    notes.push(`clustering on ${used} was asked for, but the corpus has no themes: clustered on TF-IDF instead.`);
    used = 'tfidf';
  }
  const matrix = featureMatrix(used, profiles.themeIds, profiles.themeShares, features, rows, p.unitIds.length, opts.clusterTerms);
  const clusters = clusterUnits(p.unitIds, matrix, used, opts);
  if (clusters.message) notes.push(`clusters: ${clusters.message}.`);
  afterPhase?.('clustered');

  // Each row carries the document variables of its report.
  const docAt = new Map(input.docs.map((d) => [d.id, d]));
  const reuse = yearOnYearReuse(input, shared).map((r) => {
    const doc = docAt.get(r.doc_id);
    return doc ? { ...r, vars: commonValues([doc], p.variables) } : r;
  });

  return {
    options: opts,
    units: p.units,
    variables: p.variables,
    profiles: profiles.table,
    keyness: p.keyRows,
    association: p.association,
    similarity: sim,
    clusters,
    // Light rows: text and docs are read from the index when asked for.
    boilerplate: shared.passageRows(opts.listDocs, FUNCTIONS, p.themeNames),
    sharedSentences: shared.lightRows(opts.listDocs),
    reuse,
    notes,
  };
}

function featureMatrix(
  used: ClusterFeatures,
  themeIds: readonly string[],
  themeShares: readonly number[][],
  terms: readonly string[],
  tfidfRows: Postings,
  n: number,
  clusterTerms: number,
): FeatureMatrix {
  const names: string[] = [];
  const blocks: number[] = [];
  if (used !== 'tfidf') {
    names.push(...themeIds.map((t) => `theme:${t}`));
    blocks.push(...themeIds.map(() => 0));
  }
  let dense: number[][] | null = null;
  if (used !== 'themes') {
    const m = Math.min(clusterTerms, terms.length);
    names.push(...terms.slice(0, m).map((t) => `term:${t}`));
    blocks.push(...new Array<number>(m).fill(1));
    dense = densifyPostings(tfidfRows, n, m);
  }
  // Each unit's row made once (the dense columns alone are rows already): no copy of every row in between.
  const rows =
    used === 'tfidf' && dense
      ? dense
      : Array.from({ length: n }, (_, i) => [...(themeShares[i] ?? []), ...(dense?.[i] ?? [])]);
  return { names, blocks, rows };
}

/** documents.csv's header, or null without the table (or with a damaged one, reported where it is read). */
function documentsHeader(dir: string): string[] | null {
  const path = join(dir, ANALYSIS_FILES.documents);
  if (!existsSync(path)) return null;
  try {
    return readCsvHeader(path);
  } catch {
    return null;
  }
}
