/**
 * The public API's types, checked by the TypeScript compiler
 * (test/api/index.test.ts compiles this file and expects no error): the
 * verbs' signatures, and that they chain as corpus → tokens → dfm → textstat.
 */
import { assertType, expectTypeOf } from 'vitest';
import {
  analyzeCorpus,
  compareFolder,
  computeAgreement,
  corpus,
  dfm,
  kwic,
  parseReport,
  runAnalysis,
  textstatFrequency,
  textstatKeyness,
  textstatSimilarity,
  tokens,
  trends,
  ArgumentError,
  UserError,
  AnalysisFolderError,
  type AgreementResult,
  type AnalyzeOptions,
  type CompareResult,
  type CorpusResult,
  type Dfm,
  type DfmOptions,
  type FrequencyRow,
  type KeynessRow,
  type KwicResult,
  type ReportDoc,
  type RunSummary,
  type SimilarityRow,
  type TextstatKeynessOptions,
  type TextstatSimilarityOptions,
  type Tokens,
  type TokensOptions,
  type TrendsResult,
} from '../../src/index.js';

// The verbs' signatures.
expectTypeOf(corpus).toEqualTypeOf<(paths?: string | string[], options?: AnalyzeOptions) => Promise<CorpusResult>>();
expectTypeOf(corpus).toEqualTypeOf<typeof analyzeCorpus>();
expectTypeOf(tokens).toEqualTypeOf<(docs: CorpusResult | readonly ReportDoc[], options?: TokensOptions) => Tokens>();
expectTypeOf(dfm).toEqualTypeOf<(x: Tokens | string, options?: DfmOptions) => Dfm>();
expectTypeOf(textstatFrequency).toEqualTypeOf<(x: Dfm, n?: number) => FrequencyRow[]>();
expectTypeOf(textstatKeyness).toEqualTypeOf<(x: Dfm, options?: TextstatKeynessOptions) => KeynessRow[]>();
expectTypeOf(textstatSimilarity).toEqualTypeOf<(x: Dfm, options?: TextstatSimilarityOptions) => SimilarityRow[]>();

// The functions over a corpus and over an analysis folder.
expectTypeOf(parseReport).parameter(0).toEqualTypeOf<string>();
expectTypeOf(parseReport).returns.toEqualTypeOf<ReportDoc>();
expectTypeOf(runAnalysis).returns.toEqualTypeOf<Promise<RunSummary>>();
expectTypeOf(compareFolder).returns.toEqualTypeOf<CompareResult>();
expectTypeOf(kwic).returns.toEqualTypeOf<KwicResult>();
expectTypeOf(trends).toEqualTypeOf<(dir: string, panel?: readonly string[]) => TrendsResult>();
expectTypeOf(computeAgreement).returns.toEqualTypeOf<Promise<AgreementResult>>();

// The chain composes, and its figures are typed down to the cell.
export async function chain(): Promise<void> {
  const m = dfm(tokens(await corpus('data/reports')), { by: 'province' });
  expectTypeOf(m.units).toEqualTypeOf<string[]>();
  expectTypeOf(textstatFrequency(m, 10)[0]!.frequency).toBeNumber();
  expectTypeOf(textstatKeyness(dfm('out'), { maxP: 1 })[0]!.G2).toBeNumber();
  expectTypeOf(textstatSimilarity(m)[0]!.cosine_themes).toEqualTypeOf<number | null>();
  // @ts-expect-error a dfm is made from tokens or a folder, not from documents
  dfm((await corpus()).docs);
  // @ts-expect-error the textstat verbs take a dfm, not tokens
  textstatKeyness(tokens([]));
  // @ts-expect-error an unknown option is a mistake
  textstatKeyness(m, { minimumCount: 3 });
}

// Every user's mistake is a UserError.
assertType<UserError>({} as ArgumentError);
assertType<UserError>({} as AnalysisFolderError);
