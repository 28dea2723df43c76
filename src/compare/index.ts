/**
 * Comparison of townships (and reports, and provinces): theme profiles,
 * distinctive terms, similarity, k-means clusters, boilerplate and reuse.
 */
export { compareCorpus, compareFolder, compareFolderOnThreads, compareInput, resolveCompareOptions, COMPARE_DEFAULTS, ALL_PAIRS_LIMIT, DEFAULT_NEIGHBOURS } from './compare.js';
export { inputFromDocs, AnalysisFolderError, CompareOptionError, compareTerms, isNumberToken } from './input.js';
export { groupUnits, townshipKey } from './units.js';
export { buildCompactDfm, compactTermStats, compactTfidf, selectFeatures, cosineSparse, cosineDense, type CompactDfm, type TermStats, type SparseVector } from './dfm.js';
export { compactKeyness, logLikelihood, chiSquare1Pvalue, erfc, type KeynessOptions } from './keyness.js';
export { buildProfilesCompact, corpusThemes, GUIDE_THEMES, GUIDE_THEME_PARENTS, NON_ADDITIVE_UNITS, type Profiles } from './profiles.js';
export { similarity } from './similarity.js';
export { clusterUnits, fitKmeans, standardise, silhouettes, type FeatureMatrix, type ClusterOptions } from './cluster.js';
export {
  SharedSentenceFinder,
  SharedSentenceIndex,
  findSharedSentences,
  sharedWithColumn,
  normaliseForShingles,
  shingles,
  shingleJaccard,
  NEAR_DUPLICATE_DEFAULTS,
  type NearDuplicateOptions,
} from './boilerplate.js';
export { yearOnYearReuse } from './reuse.js';
export { writeCompareResult, writeAllButSimilarity, writeSimilarity, compareRowCounts, formatPValue, runRecord, COMPARE_FILES } from './write.js';
export type * from './types.js';
export { addSharedWithColumn, SHARED_WITH_COLUMN } from './shared-column.js';
export { compactFromInput, compactFromFolder, type CompactCorpus } from './compact.js';
