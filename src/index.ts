/**
 * fazhi's library API: the same data the CLI writes, as typed objects.
 *
 *   import { analyzeCorpus, parseReport } from 'fazhi';
 */
export * from './model/document.js';
export { parseReport, type ParseOptions } from './pipeline/parse.js';
export { analyzeCorpus, runAnalysis, defaultStages, BUNDLED_CORPUS, type AnalyzeOptions, type CorpusResult, type RunSummary } from './pipeline/analyze.js';
export { iterateCorpus, type CorpusOptions, type CorpusItem } from './pipeline/corpus.js';
export { contentKey } from './pipeline/duplicates.js';
export { loadMetaTable, readMetaFrame, type MetaFrame, type MetaTable } from './metadata/frame.js';
export { UserError, ArgumentError, MetaTableError, DictionaryError, errorMessage } from './model/errors.js';
export { OutputConflictError } from './output/runfolder.js';
export { tokenizeStage } from './tokenize/stage.js';
export type { Stage, SentenceColumn } from './model/stage.js';
export { cut, tokenizeDoc, loadUserDictionary, loadStopwords, contentTokens, loadTokenizer, useTokenizer, Tokenizer, TOKENIZER_NAMES, TokenizerUnavailableError, type TokenizerName } from './tokenize/tokenizer.js';
export { cleanText } from './clean/chrome.js';
export { segment } from './structure/segment.js';
export {
  tagStage,
  loadTagger,
  tagDocument,
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
  type LabeledSentence,
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
  type LabeledDoc,
  type AlignedLabels,
} from './labels/index.js';
export { loadLabeledCorpus, defaultReportsFor, type LabeledCorpus } from './labels/corpus.js';
export { labeledSentences } from './labels/sentences.js';
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
export * from './explore/index.js';
export * from './report/index.js';
export * from './themes/index.js';
export * from './validate/index.js';
export { writeCsv, readCsv, forEachCsvRow, formatNumber, rowsBeyondExcel, EXCEL_MAX_ROWS, CsvFormatError, type Cell, type CsvOptions } from './output/csv.js';
export { exportQdpx, projectXml, codePointIndex, type QdpxSummary } from './export/qdpx.js';
export { exportQdc, codebookXml } from './export/qdc.js';
export { codeTree, codebookEntries, readCodebookEntries, type CodeNode, type CodebookEntry } from './export/codebook.js';
export { readAnalysisFolder, analysisThemeDictionary, ExportInputError, type AnalysisFolder } from './export/analysis.js';
export { loadCodedSheets, withCorrections, CodedSheetError, type CodedLabels } from './labels/coded.js';
export { heldOutSections } from './evaluate/coded.js';
export { readCodingSheet, CodingSheetError, type CodingSheet } from './validate/sheet.js';
export { trends, writeTrends, TREND_COLUMNS, type TrendRow, type TrendsResult } from './explore/trends.js';
export { trackPromises, writePromises, YearPairSpace, FOLLOW_UP_THRESHOLD, PROMISE_COLUMNS, RATE_COLUMNS, type PromiseRow, type RateRow, type PromisesResult } from './explore/promises.js';
export { exportXlsx, SHEET_DATA_ROWS, type XlsxExport, type XlsxOptions, type XlsxTableReport } from './export/xlsx.js';
export { exportDfm, type DfmExport } from './export/dfm.js';
