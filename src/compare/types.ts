/**
 * Types of the comparison stage: what goes in (a corpus reduced to what the
 * comparison reads), the options, and the tables that come out.
 */
import type { AssociationRow } from '../explore/association-columns.js';
import type { ThemeTaxonomy } from '../themes/taxonomy.js';
import type { Cell } from '../output/csv.js';
import type { SentenceFunction } from '../model/document.js';

/**
 * Unit of comparison: 'document', or any column of documents.csv
 * ('township', 'report_year', a --meta column), or columns crossed with a
 * comma ('township,report_year').
 */
export type CompareBy = 'document' | 'township' | 'province' | (string & {});

/** Which features k-means clusters on. */
export type ClusterFeatures = 'themes' | 'tfidf' | 'both';

/** Options of compareCorpus and compareFolder (`fazhi compare`'s options); every one has a default. */
export interface CompareOptions {
  /** Unit of comparison; default 'document'. */
  by?: CompareBy;
  /** Features for k-means; default 'themes' (falls back to 'tfidf' when the corpus has no themes). */
  features?: ClusterFeatures;
  /** Number of clusters, or 'auto' to choose by silhouette over 2..min(8, n-1); default 'auto'. */
  k?: number | 'auto';
  /** Largest k tried by 'auto'; default 8. */
  kMax?: number;
  /** Seed of k-means initialization (restart r uses seed + r); default 42. */
  seed?: number;
  /** Seeded k-means restarts; the one with the lowest within-cluster sum of squares is kept; default 10. */
  restarts?: number;
  /** TF-IDF keeps the terms found in the most units (document frequency); default 2000. */
  maxFeatures?: number;
  /** k-means on TF-IDF uses this many of those terms (the most widespread); default 200. */
  clusterTerms?: number;
  /** Keyness rows per unit; default 20. */
  keynessTop?: number;
  /** A term must occur at least this often in a unit to be listed as key; default 2. */
  keynessMinCount?: number;
  /** keyness.csv lists only terms whose Benjamini–Hochberg adjusted p-value is at most this; default 0.05 (1: every over-represented term). */
  keynessMaxP?: number;
  /** Stopwords left out of TF-IDF and keyness: a set, or a file path; default dictionaries/stopwords.txt. */
  stopwords?: ReadonlySet<string> | string;
  /** Jaccard similarity (character shingles) from which two sentences count as near-identical; default 0.8. */
  threshold?: number;
  /** Shingle length in characters; default 3. */
  shingle?: number;
  /** Sentences shorter than this (normalized characters) are not checked for copies; default 10. */
  minChars?: number;
  /** How many document ids boilerplate.csv lists per passage (n_docs always counts them all); default 20. */
  listDocs?: number;
  /**
   * similarity.csv: keep, for each unit, its n most similar units (by TF-IDF cosine).
   * Default: every pair when there are at most 1000 units, else the 50 nearest.
   */
  neighbours?: number;
  /** Silhouettes are computed on a seeded sample of this many units when there are more; default 1000. */
  silhouetteSample?: number;
  /** Parents of sub-theme ids, beyond those of the taxonomy the analysis recorded (run.json), which always apply. */
  themeParents?: Readonly<Record<string, string>>;
}

export type ResolvedCompareOptions = Required<Omit<CompareOptions, 'stopwords' | 'neighbours' | 'themeParents'>> & {
  stopwords: string;
  neighbours: number | null;
  themeParents: Readonly<Record<string, string>>;
};

/* ------------------------------------------------------------------ input */

export interface CompareQuantity {
  value: number;
  unit: string;
}

/** A sentence as the comparison sees it. */
export interface CompareSentence {
  unitIndex: number;
  section: string;
  text: string;
  /** Content tokens: no punctuation, no stopwords, no numbers. */
  terms: string[];
  fn: SentenceFunction | null;
  themes: string[];
  quantities: CompareQuantity[];
}

export interface CompareDocMeta {
  title: string;
  township: string;
  county: string;
  city: string;
  province: string;
  report_year: number | null;
  /** The document's row of documents.csv (every column, --meta ones included), for grouping by any column. */
  vars?: Readonly<Record<string, string>>;
}

export interface CompareDoc {
  id: string;
  meta: CompareDocMeta;
  sentences: CompareSentence[];
}

/** A corpus reduced to what the comparison reads, with what it has. */
export interface CompareInput {
  docs: CompareDoc[];
  has: { function: boolean; themes: boolean; quantities: boolean };
  /** The columns of documents.csv (null when the folder has none): what `--by` may name. */
  docColumns?: readonly string[] | null;
  /**
   * The theme taxonomy the sentences were coded with (run.json's
   * theme_categories); default: the shipped dictionary's.
   */
  taxonomy?: ThemeTaxonomy;
  /**
   * `taxonomy` is not the one the analysis coded (--dict-mode replace, and
   * run.json records no taxonomy): its themes were not looked for, so they
   * are columns only where they occur (a 0 would read as "looked for, not found").
   */
  ownThemesOnly?: boolean;
  /** Plain-language notes on missing data and fallbacks. */
  notes: string[];
}

/* ----------------------------------------------------------------- output */

export interface ComparisonUnit {
  /** Document id, 'province/county/township', or province name. */
  id: string;
  township: string;
  county: string;
  city: string;
  province: string;
  years: number[];
  docIds: string[];
  /** Indexes into CompareInput.docs. */
  docs: number[];
  /** A document without a value in a grouping column, standing alone under its id (not a group of association.csv). */
  ungrouped?: boolean;
  /**
   * The document variables (documentVariables in units.ts): a document's own
   * values; for a group, each variable's value where every document of the
   * group has the same, else ''.
   */
  vars?: Readonly<Record<string, string>>;
}

export interface Table {
  columns: string[];
  rows: Array<Record<string, Cell>>;
}

/** A distinctive term of a unit against the rest of the corpus: a row of keyness.csv. */
export interface KeynessRow {
  unit: string;
  rank: number;
  term: string;
  count_target: number;
  count_reference: number;
  total_target: number;
  total_reference: number;
  G2: number;
  p_value: number;
  /** Benjamini–Hochberg over the terms tested for the unit. */
  p_adjusted: number;
}

/** The similarity of two units: a row of similarity.csv. */
export interface SimilarityRow {
  a: string;
  b: string;
  cosine_tfidf: number;
  /** Null when the corpus has no themes. */
  cosine_themes: number | null;
}

export interface ClusterRow {
  unit: string;
  cluster: number;
  /** Silhouette of this unit (null when there is no clustering or it was not in the silhouette sample). */
  silhouette: number | null;
  /** Distance to its cluster's center, in standardized units. */
  distance: number;
}

export interface ClusterFeatureRow {
  cluster: number;
  size: number;
  rank: number;
  feature: string;
  mean_z: number;
  cluster_mean: number;
  overall_mean: number;
}

export interface KChoice {
  k: number;
  silhouette: number;
  wss: number;
}

export interface ClusterResult {
  /** Clusters actually found (1 when clustering was not possible). */
  k: number;
  /** Mean silhouette of the chosen clustering; null when k < 2. */
  silhouette: number | null;
  /** 'auto' or 'fixed' or 'none'. */
  chosenBy: 'auto' | 'fixed' | 'none';
  features: ClusterFeatures;
  /** Feature columns used, after dropping constant ones. */
  featureNames: string[];
  /** Every k tried by 'auto', with its silhouette. */
  tried: KChoice[];
  rows: ClusterRow[];
  description: ClusterFeatureRow[];
  /** Why clustering was skipped or changed, in plain words; '' when all went as asked. */
  message: string;
}

export interface SharedSentence {
  docId: string;
  unitIndex: number;
  text: string;
  /** Normalized characters (no spaces or punctuation). */
  nChars: number;
  /** False for sentences too short to be compared. */
  checked: boolean;
  /** Number of other documents with a near-identical sentence. */
  sharedWith: number;
  /** Their ids, sorted; at most `listDocs` of them in a CompareResult (sharedWith counts them all). */
  docs: string[];
  /**
   * The shared passage it belongs to (SharedPassage.passage), null for none:
   * every sentence another document shares has one, and so has a sentence
   * linked to them only through a chain of near-identical ones (shared_with zero).
   */
  passage: number | null;
}

/**
 * A shared passage, a row of boilerplate.csv: a group of near-identical
 * sentences (linked by chains of near-identical pairs) found in two or more
 * documents.
 */
export interface SharedPassage {
  /** Its number, from 1, in table order: most documents first, then most sentences, then normalized text. */
  passage: number;
  /** Documents holding one of its sentences. */
  nDocs: number;
  nSentences: number;
  /** Distinct normalized texts among its sentences. */
  nVariants: number;
  /** Characters of its normalized text. */
  nChars: number;
  /** Its most repeated text that another document shares, normalized (no spaces or punctuation, as compared). */
  normalizedText: string;
  /** The first sentence of that text as written (by document id, then unit index), and where it is. */
  example: string;
  exampleDocId: string;
  exampleUnitIndex: number;
  /** Its documents' ids, sorted; at most `listDocs` of them (nDocs counts them all). */
  docs: string[];
  /** Its sentences per function and per theme, most first: [name, sentences]. */
  functions: Array<[string, number]>;
  themes: Array<[string, number]>;
}

export interface ReuseRow {
  township: string;
  county: string;
  province: string;
  year: number;
  previous_year: number;
  doc_id: string;
  previous_doc_ids: string;
  n_sentences: number;
  n_repeated: number;
  share_repeated: number;
  share_repeated_chars: number;
  /** The document variables of doc_id (documentVariables in units.ts). */
  vars?: Readonly<Record<string, string>>;
}

/** A comparison: the tables `fazhi compare` writes (profiles, keyness, association, similarity, clusters, boilerplate, reuse), as objects. */
export interface CompareResult {
  options: ResolvedCompareOptions;
  units: ComparisonUnit[];
  /** The document variables profiles.csv, clusters.csv and reuse.csv carry (documentVariables in units.ts). */
  variables: string[];
  profiles: Table;
  keyness: KeynessRow[];
  /** Functions and themes by group (empty unless compared by columns): association.csv. */
  association: AssociationRow[];
  similarity: SimilarityRow[];
  clusters: ClusterResult;
  /** Shared passages: boilerplate.csv. */
  boilerplate: SharedPassage[];
  /** Every sentence compared for copies, with how many other documents share it and its passage: the shared_with and passage columns of sentences.csv. */
  sharedSentences: SharedSentence[];
  reuse: ReuseRow[];
  notes: string[];
}
