#!/usr/bin/env node
/**
 * fazhi command line. Exit status: 0 when at least one document was
 * analysed, 1 when none could be, 2 for wrong arguments.
 */
import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { BUNDLED_CORPUS, runAnalysis } from '../pipeline/analyze.js';
import { progressBar } from './progress.js';

const program = new Command();
program
  .name('fazhi')
  .description('Analyse Chinese annual reports on building law-based government (法治政府建设年度报告).')
  .showHelpAfterError()
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

program
  .command('analyze')
  .description(
    'Read reports (.txt, .html, .jsonl; UTF-8, GBK/GB18030 or UTF-16, detected automatically), ' +
      'remove web-page chrome, find headings, sections and sentences, tokenise, and write CSV tables.',
  )
  .argument('[paths...]', 'files or folders to analyse (folders are searched recursively); default: the bundled sample of five reports')
  .option('-o, --out <dir>', 'folder to write documents.csv, sentences.csv, manifest.csv, run.json and texts/ into', 'out')
  .option('--meta <file.csv>', 'metadata CSV with a "file" column and any of title, township, county, city, province, admin_level, report_year, published; its values replace what is inferred from the text')
  .option('--user-dict <file>', 'word list for the tokenizer (one "word [frequency] [tag]" per line); default: dictionaries/userdict.txt')
  .option('--stopwords <file>', 'words left out of the tokens column (one per line, # for comments); default: dictionaries/stopwords.txt')
  .option('--max-mb <n>', 'skip files larger than this many megabytes', parsePositive, 50)
  .option('-q, --quiet', 'no progress bar and no summary line')
  .action((paths: string[], opts: { out: string; meta?: string; userDict?: string; stopwords?: string; maxMb: number; quiet?: boolean }) => {
    for (const [flag, file] of [['--meta', opts.meta], ['--user-dict', opts.userDict], ['--stopwords', opts.stopwords]] as const) {
      if (file && !existsSync(file)) fail(`${flag}: file not found: ${file}`);
    }
    const inputs = paths.length > 0 ? paths : [BUNDLED_CORPUS];
    const bar = progressBar(!opts.quiet);
    let summary;
    try {
      summary = runAnalysis(inputs, opts.out, {
        metaFile: opts.meta,
        userDict: opts.userDict,
        stopwords: opts.stopwords,
        maxBytes: Math.round(opts.maxMb * 1024 * 1024),
        onFile: (done, total, file) => bar.update(done, total, file),
      });
    } catch (e) {
      bar.stop();
      fail((e as Error).message);
    }
    bar.stop();
    for (const m of summary.manifest) {
      if (m.status !== 'ok') process.stderr.write(`fazhi: ${m.status}: ${m.file}: ${m.reason}\n`);
    }
    if (!opts.quiet) {
      process.stderr.write(
        `fazhi: ${summary.ok} ok, ${summary.skipped} skipped, ${summary.failed} failed; ` +
          `${summary.sentences} sentences in ${summary.seconds.toFixed(1)} s → ${opts.out}/\n`,
      );
    }
    if (summary.ok === 0) {
      process.stderr.write('fazhi: nothing could be analysed (see manifest.csv)\n');
      process.exitCode = 1;
    }
  });

function parsePositive(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

function fail(message: string): never {
  process.stderr.write(`fazhi: ${message}\n`);
  process.exit(2);
}

program.parse();
