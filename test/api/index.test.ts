/**
 * The public API (src/index.ts, the package root): exactly the names below,
 * every one documented (each function with an example that compiles and
 * runs), the verbs' types as index.test-d.ts states them, and the verbs run
 * end to end on the five bundled reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import ts from 'typescript';
import * as api from '../../src/index.js';
import { SEED_DIR } from '../helpers/seeds.js';

const INDEX = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const TYPE_TEST = fileURLToPath(new URL('./index.test-d.ts', import.meta.url));

const RUNTIME_NAMES = [
  'AnalysisFolderError', 'ArgumentError', 'BUNDLED_CORPUS', 'DictionaryError', 'FUNCTIONS', 'MetaTableError', 'OutputConflictError', 'SECTIONS', 'UserError',
  'analyzeCorpus', 'cohenKappa', 'compareCorpus', 'compareFolder', 'computeAgreement', 'corpus', 'defaultStages', 'dfm', 'exportDfm', 'exportQdc', 'exportQdpx',
  'exportXlsx', 'fleissKappa', 'kwic', 'krippendorffAlpha', 'loadTagger', 'parseReport', 'runAnalysis', 'tagDocument', 'textstatFrequency', 'textstatKeyness',
  'textstatSimilarity', 'tokens', 'trackPromises', 'trends', 'writeCodingSample',
];
const TYPE_NAMES = [
  'AdminLevel', 'AgreementOptions', 'AgreementResult', 'AnalyzeOptions', 'Code', 'CompareBy', 'CompareOptions', 'CompareResult', 'CorpusResult', 'Dfm', 'DfmExport',
  'DfmOptions', 'DocumentMeta', 'FileStatus', 'FrequencyRow', 'FunctionTag', 'KeynessRow', 'KwicHit', 'KwicOptions', 'KwicResult', 'LoadedTagger', 'ManifestEntry',
  'ParseOptions', 'PromiseRow', 'PromisesResult', 'QdpxSummary', 'Quantity', 'RateRow', 'ReportDoc', 'RunSummary', 'SampleOptions', 'SampleResult', 'Script',
  'Section', 'SentenceFunction', 'SimilarityRow', 'Stage', 'StageConfig', 'TagOptions', 'TextstatKeynessOptions', 'TextstatSimilarityOptions', 'ThemeMatch',
  'Tokens', 'TokensOptions', 'TrendRow', 'TrendsResult', 'Unit', 'UnitKind', 'XlsxExport', 'XlsxOptions',
];

/** A type assertion that does not hold, to show that the compiler run below reports one (given to the compiler, never written). */
const WRONG_TYPE_TEST = fileURLToPath(new URL('./wrong-type.test-d.ts', import.meta.url));
const WRONG_TYPE_SOURCE = `import { expectTypeOf } from 'vitest';
import { textstatFrequency, type KeynessRow } from '../../src/index.js';
expectTypeOf(textstatFrequency).returns.toEqualTypeOf<KeynessRow[]>();
`;

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts'],
  types: ['node'],
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  resolveJsonModule: true,
  noEmit: true,
};

/**
 * A compiler run over the type test (which imports src/index.ts) and the
 * sources given by path (never written); `old` lends the files it has read.
 */
function compile(virtual: ReadonlyMap<string, string>, old?: ts.Program): ts.Program {
  const host = ts.createCompilerHost(COMPILER_OPTIONS);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => {
    const text = virtual.get(name);
    return text !== undefined ? ts.createSourceFile(name, text, language) : getSourceFile.call(host, name, language, ...rest);
  };
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name);
  return ts.createProgram([TYPE_TEST, ...virtual.keys()], COMPILER_OPTIONS, host, old);
}

/** Every @example of the exports as the body of a function in one module that imports the API, for the compiler. */
const EXAMPLES = fileURLToPath(new URL('./examples.test-d.ts', import.meta.url));
const BROKEN_EXAMPLES = fileURLToPath(new URL('./broken-examples.test-d.ts', import.meta.url));
function examplesModule(docs: ReturnType<typeof exportDocs>): string {
  const bodies = docs.flatMap((e) => e.examples.map((code, i) => `export async function ${e.name}Example${i}(): Promise<void> {\n${code}\n}\n`));
  return [
    "import { readFileSync, writeFileSync } from 'node:fs';",
    `import { ${RUNTIME_NAMES.join(', ')} } from '../../src/index.js';`,
    `void readFileSync, writeFileSync, ${RUNTIME_NAMES.join(', ')};`,
    ...bodies,
  ].join('\n');
}

function diagnostics(program: ts.Program, file: string): string[] {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`the compiler did not read ${file}`);
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Each name src/index.ts exports, with its declaration's summary, whether it is a function, and its examples' code. */
function exportDocs(program: ts.Program): Array<{ name: string; summary: string; isFunction: boolean; examples: string[] }> {
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
  return checker.getExportsOfModule(module).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    return {
      name: symbol.name,
      summary: ts.displayPartsToString(target.getDocumentationComment(checker)).trim(),
      isFunction: (target.flags & ts.SymbolFlags.Function) !== 0,
      examples: target.getJsDocTags(checker).filter((t) => t.name === 'example').map((t) => ts.displayPartsToString(t.text).trim()).filter((code) => code !== ''),
    };
  });
}

/** The compiler's view of the API, made once for the tests that read it. */
let compiled: ts.Program | undefined;
function apiProgram(): ts.Program {
  compiled ??= compile(new Map([[WRONG_TYPE_TEST, WRONG_TYPE_SOURCE]]));
  return compiled;
}

describe('the public API', () => {
  let program: ts.Program;
  beforeAll(() => {
    program = apiProgram();
  });

  it('exports exactly the listed values: an unlisted export fails here', () => {
    expect(Object.keys(api).sort()).toEqual([...RUNTIME_NAMES].sort());
  });

  it('exports exactly the listed values and types, according to the compiler', () => {
    expect(exportDocs(program).map((e) => e.name).sort()).toEqual([...RUNTIME_NAMES, ...TYPE_NAMES].sort());
  });

  it('documents every export, and shows every function in an example', () => {
    const docs = exportDocs(program);
    expect(docs.filter((e) => e.summary === '').map((e) => e.name)).toEqual([]);
    expect(docs.filter((e) => e.isFunction && e.examples.length === 0).map((e) => e.name)).toEqual([]);
    // The check reads what it should: the verbs are functions with examples.
    expect(docs.filter((e) => e.isFunction).length).toBeGreaterThanOrEqual(25);
  });

  it('has the types index.test-d.ts states, and the check sees a wrong one', () => {
    expect(diagnostics(program, TYPE_TEST)).toEqual([]);
    const wrong = diagnostics(program, WRONG_TYPE_TEST);
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatch(/FrequencyRow|KeynessRow|Expected/);
  });

  it('has examples that compile against the API', () => {
    const source = examplesModule(exportDocs(program));
    expect(source).toContain('textstatKeyness(dfm(tokens(await corpus()))');
    // The same examples with an option the function does not have, which the compiler must see.
    const broken = source.replace('{ top: 5 }', '{ topN: 5 }');
    expect(broken).not.toBe(source);
    const withExamples = compile(new Map([[EXAMPLES, source], [BROKEN_EXAMPLES, broken]]), program);
    expect(diagnostics(withExamples, EXAMPLES)).toEqual([]);
    expect(diagnostics(withExamples, BROKEN_EXAMPLES).join('\n')).toMatch(/topN/);
  });
});

/** An example's code as the body of an async function of the API's names (types taken out). */
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...params: string[]) => (...args: unknown[]) => Promise<void>;
function exampleFunction(code: string, names: readonly string[]): (...args: unknown[]) => Promise<void> {
  const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  return new AsyncFunction(...names, js);
}

/**
 * An example's `console.log(…);   // output` lines state what they print: the
 * comment up to a ' — ' or '…' (what follows is a remark) must begin the
 * printed line, as util.format writes it with its spaces collapsed. Such a
 * call becomes `console.expect(output, …)`.
 */
function withStatedOutputs(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      const m = /^(.*)console\.log\((.*)\s+\/\/ (.+)$/.exec(line);
      if (!m) return line;
      const stated = m[3]!.split(/ — |…/)[0]!.trim();
      return `${m[1]}console.expect(${JSON.stringify(stated)}, ${m[2]}`;
    })
    .join('\n');
}

describe('the examples', () => {
  const cwd = process.cwd();
  let dir: string;
  beforeAll(async () => {
    // The examples name the bundled reports and an analysis folder, 'out', from the package's root
    // (a folder of this test's own; files of one worker run one after another, and afterAll returns to the first folder).
    dir = mkdtempSync(join(tmpdir(), 'fazhi-examples-'));
    for (const folder of ['data', 'notebooks']) symlinkSync(fileURLToPath(new URL(`../../${folder}`, import.meta.url)), join(dir, folder));
    process.chdir(dir);
    await api.runAnalysis('data/reports', 'out');
  });
  afterAll(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('run on the bundled reports', async () => {
    const examples = exportDocs(apiProgram()).flatMap((e) => e.examples.map((code) => ({ name: e.name, code })));
    expect(examples.length).toBeGreaterThanOrEqual(26);
    const names = [...RUNTIME_NAMES, 'readFileSync', 'writeFileSync', 'console'];
    const failed: string[] = [];
    let stoppedAtSheets = false;
    let stated = 0;
    for (const { name, code } of examples) {
      const console = {
        log: () => undefined,
        expect: (output: string, ...args: unknown[]) => {
          stated++;
          const printed = format(...args).replace(/\s+/g, ' ');
          if (!printed.startsWith(output)) failed.push(`${name} printed ${printed.slice(0, 200)}, its example says ${output}`);
        },
      };
      const values = [...RUNTIME_NAMES.map((n) => (api as Record<string, unknown>)[n]), readFileSync, writeFileSync, console];
      try {
        await exampleFunction(withStatedOutputs(code), names)(...values);
      } catch (e) {
        // Agreement needs the coders' own sheets: its example goes as far as asking for them.
        if (name === 'computeAgreement' && e instanceof api.UserError && /anna\.xlsx/.test(e.message)) {
          stoppedAtSheets = true;
          continue;
        }
        failed.push(`${name}: ${(e as Error).message}`);
      }
    }
    expect(failed).toEqual([]);
    expect(stoppedAtSheets).toBe(true);
    expect(stated).toBeGreaterThanOrEqual(15);
    expect(existsSync(join(dir, 'fazhi.xlsx')) && existsSync(join(dir, 'fazhi.qdpx')) && existsSync(join(dir, 'out', 'dfm', 'dfm.mtx'))).toBe(true);
  });
});

describe('corpus → tokens → dfm → textstat on the bundled reports', () => {
  let c: api.CorpusResult;
  let out: string;
  beforeAll(async () => {
    c = await api.corpus(SEED_DIR);
    out = mkdtempSync(join(tmpdir(), 'fazhi-api-'));
    await api.runAnalysis(SEED_DIR, out);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('counts a term as often as the sentences hold it', () => {
    expect(c.docs).toHaveLength(5);
    expect(c.manifest.map((m) => m.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    const m = api.dfm(api.tokens(c));
    expect(m.units).toEqual(c.docs.map((d) => d.id).sort());
    // 依法行政 is never cut into pieces nor part of a longer token: its count is its occurrences in the sentences' text.
    const term = '依法行政';
    const perDoc = c.docs.map((d) => d.units.filter((u) => u.kind === 'sentence').reduce((n, u) => n + u.text.split(term).length - 1, 0));
    const row = api.textstatFrequency(m).find((r) => r.feature === term)!;
    expect(row.frequency).toBe(perDoc.reduce((a, b) => a + b, 0));
    expect(row.frequency).toBeGreaterThan(10);
    expect(row.docfreq).toBe(perDoc.filter((n) => n > 0).length);
    // The same count from each document's tokens.
    const fromTokens = c.docs.flatMap((d) => d.units.filter((u) => u.kind === 'sentence').flatMap((u) => u.tokens ?? [])).filter((t) => t === term).length;
    expect(row.frequency).toBe(fromTokens);
  });

  it('ranks by frequency, tied frequencies sharing a rank', () => {
    const rows = api.textstatFrequency(api.dfm(api.tokens(c)));
    expect(rows[0]!.rank).toBe(1);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.frequency).toBeLessThanOrEqual(rows[i - 1]!.frequency);
      expect(rows[i]!.rank).toBe(rows[i]!.frequency === rows[i - 1]!.frequency ? rows[i - 1]!.rank : i + 1);
    }
    expect(api.textstatFrequency(api.dfm(api.tokens(c)), 3).map((r) => r.feature)).toEqual(rows.slice(0, 3).map((r) => r.feature));
  });

  it('gives the keyness and similarity of fazhi compare', () => {
    const m = api.dfm(api.tokens(c));
    const compared = api.compareCorpus(c.docs);
    const key = api.textstatKeyness(m);
    expect(key.length).toBeGreaterThan(0);
    expect(key).toEqual(compared.keyness);
    const pairs = api.textstatSimilarity(m);
    expect(pairs).toHaveLength(10);
    expect(pairs.map((p) => [p.a, p.b, p.cosine_tfidf])).toEqual(compared.similarity.map((p) => [p.a, p.b, p.cosine_tfidf]));
    expect(api.textstatSimilarity(m, { neighbors: 1 }).length).toBeLessThan(10);
  });

  it('reads the same matrix from the analysis folder, and groups rows with by', () => {
    const fromDocs = api.dfm(api.tokens(c));
    const fromFolder = api.dfm(out);
    expect(fromFolder.units).toEqual(fromDocs.units);
    expect(api.textstatFrequency(fromFolder)).toEqual(api.textstatFrequency(fromDocs));
    expect(api.textstatKeyness(fromFolder)).toEqual(api.compareFolder(out).keyness);
    const byProvince = api.dfm(out, { by: 'province' });
    const provinces = [...new Set(c.docs.map((d) => d.meta.province))].sort();
    expect([...byProvince.units].sort()).toEqual(provinces);
    // Pooling documents keeps every occurrence.
    expect(byProvince.totals.reduce((a, b) => a + b, 0)).toBe(fromFolder.totals.reduce((a, b) => a + b, 0));
  });

  it('says which folder is not an analysis, as a UserError', () => {
    const missing = join(out, 'no-such-folder');
    expect(() => api.dfm(missing)).toThrow(api.UserError);
    expect(() => api.dfm(missing)).toThrow(/no-such-folder/);
  });
});
