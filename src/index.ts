/**
 * fazhi's library API: the same data the CLI writes, as typed objects.
 *
 *   import { analyzeCorpus, parseReport } from 'fazhi';
 */
export * from './types.js';
export { parseReport, type ParseOptions } from './pipeline/parse.js';
export { analyzeCorpus, runAnalysis, defaultStages, BUNDLED_CORPUS, type AnalyzeOptions, type CorpusResult, type RunSummary } from './pipeline/analyze.js';
export { iterateCorpus, loadMetaTable, contentKey, type CorpusOptions, type CorpusItem } from './pipeline/corpus.js';
export { OutputConflictError } from './output/runfolder.js';
export { tokenizeStage, type Stage, type SentenceColumn } from './pipeline/stages.js';
export { cut, loadUserDictionary, loadStopwords, contentTokens, loadTokenizer, useTokenizer, TOKENIZER_NAMES, TokenizerUnavailableError, type Tokenizer, type TokenizerName } from './tokenize/tokenizer.js';
export { cleanText } from './clean/chrome.js';
export { segment } from './structure/segment.js';
export {
  tagStage,
  loadTagger,
  tagDocument,
  labelledSentences,
  loadCueLexicon,
  lexiconFromTexts,
  matchCues,
  extractDocFeatures,
  featureKeys,
  decideByRules,
  SECTION_PRIOR,
  loadModel,
  saveModel,
  serializeModel,
  DEFAULT_MODEL_PATH,
  DEFAULT_CUE_DIR,
  RuleTagger,
  ClassifierTagger,
  CombinedTagger,
  makeTagger,
  trainFunctionModel,
  type TagOptions,
  type LoadedTagger,
  type CueLexicon,
  type CueHit,
  type SentenceFeatures,
  type RuleDecision,
  type FunctionModel,
  type CombineMode,
  type FunctionTagger,
  type TaggerKind,
  type LabelledSentence,
} from './tag/index.js';
export {
  loadLabels,
  parseLabelFile,
  alignLabels,
  formatIssue,
  LabelError,
  type LabelRecord,
  type LabelSet,
  type LabelIssue,
  type LabelledDoc,
  type AlignedLabels,
} from './labels/index.js';
export { loadLabelledCorpus, defaultReportsFor, type LabelledCorpus } from './labels/corpus.js';
export {
  runEvaluation,
  registerEvaluator,
  EVALUATORS,
  evaluationRows,
  formatSection,
  leaveOneReportOut,
  scoreFolds,
  score,
  scoresFromConfusion,
  confusionMatrix,
  prf,
  setScores,
  type Scores,
  type LabelScore,
  type Evaluator,
  type EvaluationSection,
  type EvaluationContext,
} from './evaluate/index.js';
export * from './compare/index.js';
export * from './report/index.js';
export * from './themes/index.js';
export { writeCsv, readCsv, forEachCsvRow, formatNumber, rowsBeyondExcel, EXCEL_MAX_ROWS, CsvFormatError, type Cell, type CsvOptions } from './output/csv.js';
