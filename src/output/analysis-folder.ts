/**
 * The layout of an analysis folder, in one place: what `fazhi analyze`
 * writes, what `fazhi compare` adds, and the page `fazhi report` makes from
 * them. Each command names a file from here, never by a string of its own.
 */

/** What `fazhi analyze` writes. themes.csv and quantities.csv are the default stages' tables. */
export const ANALYSIS_FILES = {
  documents: 'documents.csv',
  sentences: 'sentences.csv',
  themes: 'themes.csv',
  quantities: 'quantities.csv',
  manifest: 'manifest.csv',
  run: 'run.json',
  /** A folder: each analyzed document's cleaned text. */
  texts: 'texts',
  /** A folder there only while the analysis runs: rows of documents rendered in windows wait there for the writer (spool.ts). */
  spool: '.spool',
} as const;

/** What `fazhi compare` writes, in the order its summary names them. */
export const COMPARE_TABLES = {
  profiles: 'profiles.csv',
  keyness: 'keyness.csv',
  /** Written when compare groups by columns of documents.csv: which functions and themes differ between the groups. */
  association: 'association.csv',
  similarity: 'similarity.csv',
  clusters: 'clusters.csv',
  clusterFeatures: 'cluster_features.csv',
  boilerplate: 'boilerplate.csv',
  reuse: 'reuse.csv',
  record: 'compare.json',
  /**
   * Written only when compare groups by columns crossed with report_year
   * (township,report_year): the panel's shares per year (as `fazhi trends`
   * writes it for townships).
   */
  trends: 'trends.csv',
} as const;

/** What every `fazhi compare` writes (trends.csv only with --by crossing report_year). */
export const COMPARE_FILES = Object.values(COMPARE_TABLES).filter((f) => f !== COMPARE_TABLES.trends);

/**
 * Tables the follow-up commands write into an analysis folder (trends,
 * promises, agree with its default --out): like the comparison, they describe
 * one analysis and go when the folder is analyzed again.
 */
export const FOLLOW_UP_FILES = ['trends.csv', 'promises.csv', 'shortcomings.csv', 'promise_rates.csv', 'agreement.csv', 'agreement-confusion.csv'] as const;

/** The page `fazhi report` writes into the folder. */
export const REPORT_PAGE = 'report.html';

/** The file name of a stage's long-format table. */
export function stageTableFile(name: string): string {
  return `${name}.csv`;
}
