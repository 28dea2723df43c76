/**
 * Comparison of townships (and reports, and provinces): theme profiles,
 * distinctive terms, similarity, k-means clusters, boilerplate and reuse.
 */
export { compareCorpus, compareFolder, compareFolderOnThreads, compareInput, resolveCompareOptions, COMPARE_DEFAULTS, ALL_PAIRS_LIMIT, DEFAULT_NEIGHBOURS } from './compare.js';
export type { CompareHooks, ComparePhase } from './compare.js';
export { inputFromDocs, AnalysisFolderError, CompareOptionError, compareTerms, isNumberToken } from './input.js';
export { groupUnits, townshipKey, docRowOf } from './units.js';
export { groupKeyOf, parseByColumns, CROSS_SEPARATOR, type DocRow } from './groups.js';
export { isKeynessTerm } from './keyness.js';
export { placeStems, wholePlaceName } from './place-terms.js';
export { buildDfm, termStats, tfidf, selectFeatures, cosineSparse, cosineDense, type Dfm, type TermStats, type SparseVector } from './dfm.js';
export { keyness, logLikelihood, chiSquare1Pvalue, erfc, type KeynessOptions } from './keyness.js';
export { buildProfiles, corpusThemes, inputTaxonomy, type Profiles } from './profiles.js';
export { NON_ADDITIVE_UNITS } from '../quantities/non-additive.js';
export { similarity } from './similarity.js';
export { clusterUnits, fitKmeans, standardize, silhouettes, type FeatureMatrix, type ClusterOptions } from './cluster.js';
export { SharedSentenceFinder, findSharedSentences } from './shared-sentence-finder.js';
export { SharedSentenceIndex } from './shared-sentence-index.js';
export { normalizeForShingles, shingles, shingleJaccard, NEAR_DUPLICATE_DEFAULTS, type NearDuplicateOptions } from './shingles.js';
export { yearOnYearReuse } from './reuse.js';
export { writeCompareResult, writeAllButSimilarity, writeSimilarity, compareRowCounts, formatPValue, runRecord, COMPARE_FILES } from './write.js';
export type * from './types.js';
export { addSharedWithColumn, countSharedSentences, sharedWithColumn, SHARED_WITH_COLUMN, PASSAGE_COLUMN } from './shared-column.js';
export { countInput, type CorpusCounts } from './corpus-counts.js';
export { countAnalysisFolder } from './analysis-folder.js';
export { corpusThemesOf, ownThemesOnlyIn, zScores, type ZScores } from './results.js';
/** Deprecated names of the above, so that code written against them keeps working. */
export {
  countInput as /** @deprecated countInput */ compactFromInput,
  type CorpusCounts as /** @deprecated CorpusCounts */ CompactCorpus,
} from './corpus-counts.js';
export { countAnalysisFolder as /** @deprecated countAnalysisFolder */ compactFromFolder } from './analysis-folder.js';
export {
  buildDfm as /** @deprecated buildDfm */ buildCompactDfm,
  termStats as /** @deprecated termStats */ compactTermStats,
  tfidf as /** @deprecated tfidf */ compactTfidf,
  type Dfm as /** @deprecated Dfm */ CompactDfm,
} from './dfm.js';
export { keyness as /** @deprecated keyness */ compactKeyness } from './keyness.js';
export { buildProfiles as /** @deprecated buildProfiles */ buildProfilesCompact } from './profiles.js';
