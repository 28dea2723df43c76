/**
 * Promise tracking: for a township with reports in consecutive years, each
 * `plan` sentence of year t is linked to the most similar `measure` or
 * `outcome` sentence of year t + 1, and each `shortcoming` of year t to the
 * most similar shortcoming of year t + 1 (a problem restated is a problem
 * not yet solved). Similarity is the comparison's own: TF-IDF cosine over
 * the terms compare counts (dfm.ts), with IDF over the sentences of the two
 * years' reports of that township, so a township's links do not change when
 * other townships are added to the corpus.
 */
import { join } from 'node:path';
import { writeCsv, type Cell } from '../output/csv.js';
import { cmp, compareTerms } from '../compare/input.js';
import { cosineSparse, selectFeatures, termStats, tfidf, type Dfm, type SparseVector } from '../compare/dfm.js';
import { forEachSentence, readReports, townshipOf, type ReportRecord } from './analysis-tables.js';

/**
 * The cosine from which a follow-up (or a restated shortcoming) counts: the
 * cut that best separates 30 hand-paired follow-ups from 25 unrelated pairs
 * (most of them a plan's nearest sentence, the hard case) of the national
 * government work reports of 2023 and 2024, by balanced accuracy (0.77:
 * 22 of 30 follow-ups at or above it, 20 of 25 unrelated pairs below).
 * Short sentences that report a plan in other words (深化医药卫生体制改革 →
 * 实施职工医保普通门诊统筹) stay below any cut a bag of words can draw.
 * On 31 held-out pairs of 2024 → 2025, paired after the cut was chosen, it
 * scores 0.74 (12 of 15 follow-ups, 11 of 16 unrelated).
 * test/explore/promises.test.ts checks both against the pairs.
 */
export const FOLLOW_UP_THRESHOLD = 0.23;

export interface LinkedSentence {
  doc_id: string;
  unit_index: number;
  text: string;
  function: string;
  /** Terms as compare counts them. */
  terms: string[];
}

export const PROMISE_COLUMNS = [
  'township',
  'county',
  'province',
  'year',
  'doc_id',
  'unit_index',
  'text',
  'next_year',
  'best_doc_id',
  'best_unit_index',
  'best_text',
  'similarity',
  'n_above_threshold',
  'linked',
] as const;

/** A plan (or shortcoming) of year t with its closest sentence of year t + 1: a row of promises.csv or shortcomings.csv. */
export interface PromiseRow {
  township: string;
  county: string;
  province: string;
  year: number;
  doc_id: string;
  unit_index: number;
  text: string;
  next_year: number;
  best_doc_id: string;
  best_unit_index: number | null;
  best_text: string;
  similarity: number;
  /** Sentences of the next year at or above the threshold. */
  n_above_threshold: number;
  /** followed_up (plans) or restated (shortcomings): yes / no. */
  linked: 'yes' | 'no';
}

export const RATE_COLUMNS = [
  'township',
  'county',
  'province',
  'year_pairs',
  'plans',
  'followed_up',
  'follow_up_rate',
  'shortcomings',
  'restated',
  'restated_rate',
] as const;

/** The share of a township's plans followed up in the next year: a row of promise_rates.csv. */
export interface RateRow {
  township: string;
  county: string;
  province: string;
  /** The consecutive years compared, as 2023→2024;2024→2025. */
  year_pairs: string;
  plans: number;
  followed_up: number;
  follow_up_rate: number | null;
  shortcomings: number;
  restated: number;
  restated_rate: number | null;
}

/** Promises and shortcomings followed from one year's report to the next, and the follow-up rates. */
export interface PromisesResult {
  promises: PromiseRow[];
  shortcomings: PromiseRow[];
  rates: RateRow[];
  threshold: number;
  notes: string[];
}

/**
 * TF-IDF vectors of the sentences of a township's two consecutive years,
 * built with the comparison's document-feature matrix (each sentence a unit).
 */
export class YearPairSpace {
  private readonly vectors: SparseVector[];
  private readonly index = new Map<LinkedSentence, number>();

  constructor(sentences: readonly LinkedSentence[]) {
    const vocab: string[] = [];
    const idOf = new Map<string, number>();
    const ids: Int32Array[] = [];
    const counts: Int32Array[] = [];
    const totals: number[] = [];
    sentences.forEach((s, i) => {
      this.index.set(s, i);
      const m = new Map<number, number>();
      for (const t of s.terms) {
        let id = idOf.get(t);
        if (id === undefined) {
          id = vocab.length;
          vocab.push(t);
          idOf.set(t, id);
        }
        m.set(id, (m.get(id) ?? 0) + 1);
      }
      const a = Int32Array.from(m.keys()).sort();
      ids.push(a);
      counts.push(Int32Array.from(a, (k) => m.get(k)!));
      totals.push(s.terms.length);
    });
    const dfm: Dfm = { units: sentences.map((_, i) => String(i)), ids, counts, totals, vocab };
    const { stats, df } = termStats(dfm);
    this.vectors = tfidf(dfm, selectFeatures(stats, sentences.length, Number.POSITIVE_INFINITY), df);
  }

  cosine(a: LinkedSentence, b: LinkedSentence): number {
    return cosineSparse(this.vectors[this.index.get(a)!]!, this.vectors[this.index.get(b)!]!);
  }
}

/** The sentences of an analysis folder by township and report year (documents without either are left out). */
export function sentencesByTownshipYear(dir: string): { groups: Map<string, Map<number, LinkedSentence[]>>; places: Map<string, ReportRecord>; notes: string[] } {
  const notes: string[] = [];
  const reports = new Map<string, ReportRecord>();
  for (const r of readReports(dir)) reports.set(r.doc_id, r);
  const unplaced = [...reports.values()].filter((r) => r.report_year === null || townshipOf(r) === null).length;
  if (unplaced) notes.push(`${unplaced} report(s) have no township or no report_year in documents.csv and are not tracked.`);
  const groups = new Map<string, Map<number, LinkedSentence[]>>();
  const places = new Map<string, ReportRecord>();
  const NO_STOPWORDS: ReadonlySet<string> = new Set();
  forEachSentence(dir, (s) => {
    const r = reports.get(s.doc_id);
    const key = r ? townshipOf(r) : null;
    if (!r || key === null || r.report_year === null) return;
    if (!places.has(key)) places.set(key, r);
    let byYear = groups.get(key);
    if (!byYear) groups.set(key, (byYear = new Map()));
    let list = byYear.get(r.report_year);
    if (!list) byYear.set(r.report_year, (list = []));
    // The tokens column has the analysis's stopwords removed already; compareTerms drops punctuation and numbers, as compare does.
    const terms = compareTerms(s.tokens.split(' ').filter((t) => t !== ''), NO_STOPWORDS);
    list.push({ doc_id: s.doc_id, unit_index: s.unit_index, text: s.text, function: s.function, terms });
  });
  return { groups, places, notes };
}

const FOLLOW_UP_FUNCTIONS: ReadonlySet<string> = new Set(['measure', 'outcome']);

/**
 * Promises and restated shortcomings of an analysis folder.
 * @example
 * const { rates, notes } = trackPromises('out');
 * console.log(rates.length);   // 0 — the bundled reports have no township in two consecutive years, and a note says so
 */
export function trackPromises(dir: string, threshold = FOLLOW_UP_THRESHOLD): PromisesResult {
  const { groups, places, notes } = sentencesByTownshipYear(dir);
  const promises: PromiseRow[] = [];
  const shortcomings: PromiseRow[] = [];
  const rates: RateRow[] = [];
  for (const key of [...groups.keys()].sort(cmp)) {
    const byYear = groups.get(key)!;
    const place = places.get(key)!;
    const pairs: string[] = [];
    let plans = 0;
    let followed = 0;
    let problems = 0;
    let restated = 0;
    for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
      const next = byYear.get(year + 1);
      if (!next) continue;
      const now = byYear.get(year)!;
      pairs.push(`${year}→${year + 1}`);
      const space = new YearPairSpace([...now, ...next]);
      const link = (from: LinkedSentence, candidates: readonly LinkedSentence[]): PromiseRow => {
        // A sentence sharing no weighted term with the plan (cosine 0) is no follow-up, not even the best one.
        let best: LinkedSentence | null = null;
        let bestCos = 0;
        let above = 0;
        for (const c of candidates) {
          const cos = space.cosine(from, c);
          if (cos >= threshold) above++;
          // Candidates are in document and unit order: the first of equal cosines is kept.
          if (cos > bestCos) {
            bestCos = cos;
            best = c;
          }
        }
        const similarity = best ? bestCos : 0;
        return {
          township: place.township,
          county: place.county,
          province: place.province,
          year,
          doc_id: from.doc_id,
          unit_index: from.unit_index,
          text: from.text,
          next_year: year + 1,
          best_doc_id: best?.doc_id ?? '',
          best_unit_index: best?.unit_index ?? null,
          best_text: best?.text ?? '',
          similarity,
          n_above_threshold: above,
          linked: best !== null && similarity >= threshold ? 'yes' : 'no',
        };
      };
      const followUps = next.filter((s) => FOLLOW_UP_FUNCTIONS.has(s.function));
      const nextProblems = next.filter((s) => s.function === 'shortcoming');
      for (const s of now) {
        if (s.function === 'plan') {
          const row = link(s, followUps);
          promises.push(row);
          plans++;
          if (row.linked === 'yes') followed++;
        } else if (s.function === 'shortcoming') {
          const row = link(s, nextProblems);
          shortcomings.push(row);
          problems++;
          if (row.linked === 'yes') restated++;
        }
      }
    }
    if (pairs.length === 0) continue;
    rates.push({
      township: place.township,
      county: place.county,
      province: place.province,
      year_pairs: pairs.join(';'),
      plans,
      followed_up: followed,
      follow_up_rate: plans ? followed / plans : null,
      shortcomings: problems,
      restated,
      restated_rate: problems ? restated / problems : null,
    });
  }
  if (rates.length === 0) notes.push('no township has reports in two consecutive years: there are no promises to follow.');
  return { promises, shortcomings, rates, threshold, notes };
}

/** Write promises.csv, shortcomings.csv and promise_rates.csv into `outDir` (each under a temporary name, then renamed). */
export function writePromises(result: PromisesResult, outDir: string): string[] {
  const base = PROMISE_COLUMNS.filter((c) => c !== 'linked');
  const asRows = (rows: readonly PromiseRow[], linked: string) =>
    rows.map((r) => ({ ...r, [linked]: r.linked }) as unknown as Record<string, Cell>);
  const written = [join(outDir, 'promises.csv'), join(outDir, 'shortcomings.csv'), join(outDir, 'promise_rates.csv')];
  writeCsv(written[0]!, [...base, 'followed_up'], asRows(result.promises, 'followed_up'));
  writeCsv(written[1]!, [...base, 'restated'], asRows(result.shortcomings, 'restated'));
  writeCsv(written[2]!, RATE_COLUMNS, result.rates as unknown as ReadonlyArray<Record<string, Cell>>);
  return written;
}
