/**
 * fazhi's library API: the same data the CLI writes, as typed objects.
 *
 *   import { analyzeCorpus, parseReport } from 'fazhi';
 */
export * from './types.js';
export { parseReport, type ParseOptions } from './pipeline/parse.js';
export { analyzeCorpus, runAnalysis, defaultStages, BUNDLED_CORPUS, type AnalyzeOptions, type CorpusResult, type RunSummary } from './pipeline/analyze.js';
export { iterateCorpus, loadMetaTable, type CorpusOptions, type CorpusItem } from './pipeline/corpus.js';
export { tokenizeStage, type Stage, type SentenceColumn } from './pipeline/stages.js';
export { cut, loadUserDictionary, loadStopwords, contentTokens } from './tokenize/tokenizer.js';
export { cleanText } from './clean/chrome.js';
export { segment } from './structure/segment.js';
