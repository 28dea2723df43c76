/**
 * fazhi's library API: the same data the CLI writes, as typed objects.
 *
 * A small surface, every name documented with an example
 * (test/api/index.test.ts fails on an undocumented or unlisted export):
 *
 *   corpus → tokens → dfm → textstatFrequency / textstatKeyness / textstatSimilarity
 *
 * in quanteda's manner, over the analysis `fazhi analyze` makes
 * (analyzeCorpus, runAnalysis, parseReport), and one function per command
 * over an analysis folder (compareFolder, kwic, trends, trackPromises,
 * writeCodingSample, computeAgreement, exportXlsx, exportDfm, exportQdpx,
 * exportQdc). Charts and HTML tables are in `fazhi/report`; everything else
 * is internal and may change.
 *
 *   import { corpus, tokens, dfm, textstatKeyness } from 'fazhi';
 */

// The document model.
export { FUNCTIONS, SECTIONS } from './model/document.js';
export type { ReportDoc, Unit, UnitKind, DocumentMeta, AdminLevel, Script, Section, SentenceFunction, FunctionTag, ThemeMatch, Quantity, ManifestEntry, FileStatus } from './model/document.js';
export type { Stage } from './model/stage.js';

// Reading and analyzing a corpus.
export { parseReport, type ParseOptions } from './pipeline/parse.js';
export { analyzeCorpus, runAnalysis, defaultStages, BUNDLED_CORPUS, type AnalyzeOptions, type CorpusResult, type RunSummary } from './pipeline/analyze.js';
export type { StageConfig } from './pipeline/default-stages.js';
export { loadTagger, tagDocument, type TagOptions, type LoadedTagger } from './tag/index.js';

// quanteda's verbs.
export {
  corpus,
  tokens,
  dfm,
  textstatFrequency,
  textstatKeyness,
  textstatSimilarity,
  type Tokens,
  type TokensOptions,
  type DfmOptions,
  type TextstatKeynessOptions,
  type TextstatSimilarityOptions,
  type FrequencyRow,
} from './api/verbs.js';
export type { Dfm } from './compare/dfm.js';

// Comparing and exploring.
export { compareCorpus, compareFolder } from './compare/compare.js';
export type { CompareOptions, CompareResult, CompareBy, KeynessRow, SimilarityRow } from './compare/types.js';
export { kwic, type KwicOptions, type KwicResult, type KwicHit } from './explore/kwic.js';
export { trends, type TrendsResult, type TrendRow } from './explore/trends.js';
export { trackPromises, type PromisesResult, type PromiseRow, type RateRow } from './explore/promises.js';

// Validating the coding.
export { writeCodingSample, type SampleOptions, type SampleResult } from './validate/sample.js';
export { computeAgreement, type AgreementOptions, type AgreementResult } from './validate/agreement.js';
export { cohenKappa, fleissKappa, krippendorffAlpha, type Code } from './validate/statistics.js';

// Exports for Excel, R, Python and QDA software.
export { exportXlsx, type XlsxOptions, type XlsxExport } from './export/xlsx.js';
export { exportDfm, type DfmExport } from './export/dfm.js';
export { exportQdpx, type QdpxSummary } from './export/qdpx.js';
export { exportQdc } from './export/qdc.js';

// The user's mistakes: `instanceof UserError` holds for every one of them.
export { UserError, ArgumentError, MetaTableError, DictionaryError } from './model/errors.js';
export { AnalysisFolderError } from './compare/input.js';
export { OutputConflictError } from './output/runfolder.js';
