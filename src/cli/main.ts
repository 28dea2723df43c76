#!/usr/bin/env node
/**
 * fazhi command line. Exit status: 0 when at least one document was
 * analyzed, 1 when none could be (or with a stack, when something failed that
 * is not the user's mistake), 2 for the user's mistakes (cli/exit.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { progressBar } from './progress.js';
import { jobsOption } from './jobs.js';
import { registerTagCommands } from './tag-commands.js';
import { registerCompareCommand } from './compare-command.js';
import { registerReportCommand } from './report-command.js';
import { registerSampleCommand } from './sample-command.js';
import { registerAgreeCommand } from './agree-command.js';
import { registerExportCommand } from './export-command.js';
import { registerQdaExportCommands } from './export-qda-command.js';
import { argumentError, exitOnUserError } from './exit.js';
import type { TokenizerName } from '../tokenize/backend.js';
import { registerTrendsCommand } from './trends-command.js';
import { registerPromisesCommand } from './promises-command.js';
import { registerKwicCommand } from './kwic-command.js';

/** The version in package.json, which is in the package next to dist/. */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string };
  return pkg.version;
}

const program = new Command();
program
  .name('fazhi')
  .description('Analyze Chinese annual reports on building law-based government (法治政府建设年度报告).')
  .version(packageVersion(), '-V, --version', 'the version of fazhi')
  .showHelpAfterError()
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

program
  .command('analyze')
  .description(
    'Read reports (.txt, .html, .jsonl in UTF-8, GBK/GB18030 or UTF-16, detected automatically; .docx; .pdf with a text layer), ' +
      'remove web-page chrome, find headings, sections and sentences, tokenize, tag each sentence\'s function, themes and quantities, and write CSV tables. ' +
      'Every input file gets a row in manifest.csv (ok, skipped with the reason, e.g. a duplicate or a scanned PDF, or failed).',
  )
  .argument('[paths...]', 'files or folders to analyze (folders are searched recursively); default: the bundled sample of five reports')
  .option('-o, --out <dir>', 'folder to write documents.csv, sentences.csv, themes.csv, quantities.csv, manifest.csv, run.json and texts/ into', 'out')
  .option('--meta <file.csv>', 'metadata CSV with a "file" column (each report\'s name as manifest.csv lists it: its path relative to the folder given) or a "doc_id" column, and any of title, township, county, city, province, admin_level, report_year, published, division_code, place_note (Chinese headers 文件名, 乡镇/街道, 区县, 市, 省, 年度, 发布日期 are accepted), whose values replace what is inferred from the text; every other column (pilot, region …) is carried into documents.csv as a document variable, for compare --by and kwic --where')
  .option('--tokenizer <name>', 'the segmenter: "nodejieba" (cppjieba) or "jieba-rs" (the optional package @node-rs/jieba: faster to load and to cut, a few tokens differ, e.g. numbers kept whole)', parseTokenizer, 'nodejieba')
  .option('--user-dict <file>', 'word list for the tokenizer (one "word [frequency] [tag]" per line); default: dictionaries/userdict.txt')
  .option('--stopwords <file>', 'words left out of the tokens column (one per line, # for comments); default: dictionaries/stopwords.txt')
  .option('--dict <file.yml>', 'your own theme dictionary (YAML in the quanteda format of dictionaries/themes.yml: categories, sub-categories, glob patterns such as 普法*); its categories are counted like the shipped themes')
  .option('--dict-mode <mode>', '"add" puts your categories beside the shipped themes (a category with the same id gets your extra patterns); "replace" counts only your scheme', parseDictMode, 'add')
  .addOption(jobsOption('worker threads analyzing files at once (a corpus under 8 MB is analyzed on one: starting workers would cost more than they save); the tables are the same whatever the number'))
  .option('--max-mb <n>', 'skip files larger than this many megabytes', parsePositive, 50)
  .option('--excel', 'write CSVs for Excel: a UTF-8 byte-order mark, and cells starting with = + - @ prefixed with \' so they are not run as formulas')
  .option('--force', 'overwrite an output folder that holds the results of a different corpus')
  .option('-q, --quiet', 'no progress bar, no summary line and no list of skipped files (failed files are still listed)')
  .action(exitOnUserError(async (paths: string[], opts: { out: string; meta?: string; tokenizer: TokenizerName; userDict?: string; stopwords?: string; dict?: string; dictMode: 'add' | 'replace'; maxMb: number; jobs: number; excel?: boolean; force?: boolean; quiet?: boolean }) => {
    for (const [flag, file] of [['--meta', opts.meta], ['--user-dict', opts.userDict], ['--stopwords', opts.stopwords], ['--dict', opts.dict]] as const) {
      if (file && !existsSync(file)) argumentError(`${flag}: file not found: ${file}`);
    }
    // The pipeline is loaded when a command runs, not for --help or --version,
    // nor for compare and report, which do not use it.
    const [{ BUNDLED_CORPUS, runAnalysis }, { META_COLUMNS }, { removeComparison }, { rowsBeyondExcel }] = await Promise.all([
      import('../pipeline/analyze.js'),
      import('../metadata/frame.js'),
      import('../compare/write.js'),
      import('../output/csv.js'),
    ]);
    const inputs = paths.length > 0 ? paths : [BUNDLED_CORPUS];
    const bar = progressBar(!opts.quiet);
    let summary;
    try {
      summary = await runAnalysis(inputs, opts.out, {
        excel: opts.excel,
        force: opts.force,
        jobs: opts.jobs,
        metaFile: opts.meta,
        tokenizer: opts.tokenizer,
        userDict: opts.userDict,
        dict: opts.dict,
        dictMode: opts.dictMode,
        stopwords: opts.stopwords,
        maxBytes: Math.round(opts.maxMb * 1024 * 1024),
        onFile: (done, total, file) => bar.update(done, total, file),
      });
    } catch (e) {
      bar.stop();
      throw e;
    }
    bar.stop();
    // Said whatever --quiet: the tables were made without what the warning names.
    for (const warning of summary.warnings) process.stderr.write(`fazhi: ${warning}\n`);
    // Failures are listed whole, always. Skips (not a report, a duplicate …)
    // are expected in a large corpus: the first few are shown, the rest
    // counted; manifest.csv has every file with its reason.
    let skipsListed = 0;
    for (const m of summary.manifest) {
      const listed = m.status === 'failed' || (m.status === 'skipped' && !opts.quiet && skipsListed++ < SKIPS_LISTED);
      if (listed) process.stderr.write(`fazhi: ${m.status}: ${m.file}: ${m.reason}\n`);
    }
    if (!opts.quiet && summary.skipped > SKIPS_LISTED) {
      process.stderr.write(`fazhi: … and ${summary.skipped - SKIPS_LISTED} more skipped (manifest.csv gives every file's reason)\n`);
    }
    if (!opts.quiet) {
      process.stderr.write(
        `fazhi: ${summary.ok} ok, ${summary.skipped} skipped, ${summary.failed} failed; ` +
          `${summary.sentences} sentences in ${summary.seconds.toFixed(1)} s → ${asFolder(opts.out)}\n`,
      );
    }
    // The comparison of the previous analysis in this folder describes documents and counts that are gone.
    const removed = removeComparison(opts.out);
    if (removed.length > 0 && !opts.quiet) {
      process.stderr.write(`fazhi: removed the previous comparison (${removed.join(', ')}): run \`fazhi compare ${opts.out}\` again\n`);
    }
    // Named, so that a misspelled standard column (twnship) is seen for what it became.
    if (summary.ignoredMetaColumns.length > 0 && !opts.quiet) {
      process.stderr.write(
        `fazhi: --meta: column(s) carried into documents.csv as document variables: ${summary.ignoredMetaColumns.join(', ')} (the standard columns are ${META_COLUMNS.join(', ')})\n`,
      );
    }
    // Rows naming no input would otherwise change nothing and say nothing; run.json counts them too.
    const unmatched = summary.unmatchedMeta;
    if (unmatched.length > 0) {
      const more = unmatched.length > META_ROWS_LISTED ? ` and ${unmatched.length - META_ROWS_LISTED} more` : '';
      process.stderr.write(
        `fazhi: --meta: ${unmatched.length} row(s) matched no input file: ${unmatched.slice(0, META_ROWS_LISTED).join(', ')}${more} ` +
          `(give the file name as manifest.csv lists it)\n`,
      );
    }
    // Said whatever --quiet: Excel opens such a table with rows missing, and only a message in its status bar says so.
    for (const warning of rowsBeyondExcel(summary.rows)) process.stderr.write(`fazhi: ${warning}\n`);
    if (summary.ok === 0) {
      process.stderr.write('fazhi: nothing could be analyzed (see manifest.csv)\n');
      process.exitCode = 1;
    }
  }));

/** Skipped files named one by one on stderr, at most; the others are counted. */
const SKIPS_LISTED = 10;

/** --meta rows matching no input named on stderr, at most; the others are counted. */
const META_ROWS_LISTED = 10;

/** A folder as the user gave it, with one trailing separator (`results/`, not `results//`). */
function asFolder(dir: string): string {
  return /[\\/]$/.test(dir) ? dir : `${dir}/`;
}

function parseDictMode(v: string): 'add' | 'replace' {
  if (v !== 'add' && v !== 'replace') throw new InvalidArgumentError('must be "add" or "replace"');
  return v;
}

function parseTokenizer(v: string): TokenizerName {
  if (v !== 'nodejieba' && v !== 'jieba-rs') throw new InvalidArgumentError('must be "nodejieba" or "jieba-rs"');
  return v;
}

function parsePositive(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

registerCompareCommand(program);
registerReportCommand(program);
registerSampleCommand(program);
registerAgreeCommand(program);
registerTrendsCommand(program);
registerPromisesCommand(program);
registerExportCommand(program);
registerQdaExportCommands(program);
registerKwicCommand(program);

registerTagCommands(program);

await program.parseAsync();
