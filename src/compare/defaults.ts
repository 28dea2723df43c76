/**
 * The comparison's defaults, apart from the code that uses them: the CLI
 * shows them in `fazhi compare --help` without loading the comparison
 * (k-means among it), which is most of a command's start-up.
 */
export const COMPARE_DEFAULTS = {
  by: 'document',
  features: 'themes',
  k: 'auto',
  kMax: 8,
  seed: 42,
  restarts: 10,
  maxFeatures: 2000,
  clusterTerms: 200,
  keynessTop: 20,
  keynessMinCount: 2,
  keynessMaxP: 0.05,
  threshold: 0.8,
  shingle: 3,
  minChars: 10,
  listDocs: 20,
  silhouetteSample: 1000,
} as const;

/** Above this many units, similarity.csv keeps each unit's nearest neighbours only (unless `neighbours` is given). */
export const ALL_PAIRS_LIMIT = 1000;
export const DEFAULT_NEIGHBOURS = 50;
