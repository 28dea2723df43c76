/**
 * What readers of a comparison (the report, notebooks) use from compare: the
 * result types, which themes a corpus's profiles cover, and the z-scores the
 * clusters are computed on. A module of its own, re-exported by
 * compare/index.ts, so that a reader does not load the comparison itself
 * (k-means, the worker pools, the tokenizer) to read its results.
 */
export type * from './types.js';
export { corpusThemesOf } from './profiles.js';
export { ownThemesOnlyIn } from './analysis-folder.js';
export { zScores, type ZScores } from './z-scores.js';
