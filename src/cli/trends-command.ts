/**
 * `fazhi trends ANALYSIS_DIR`: trends.csv, the share of sentences on each
 * theme and function per report year, across the corpus and per township.
 * Exit status: 0 on success, 2 for a wrong argument or an unreadable folder.
 */
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { exitOnUserError, usageError as fail } from './exit.js';

export function registerTrendsCommand(program: Command): Command {
  return program
    .command('trends')
    .description(
      'Write trends.csv from an analysis folder: per report year, the share of sentences carrying each function and each theme, ' +
        'across the corpus (scope "corpus") and per township (scope "township": a township × year panel), with the change from the ' +
        'previous report year of the same scope, absolute (difference of shares) and relative (that difference over the earlier share).',
    )
    .argument('<outdir>', 'the analysis folder written by `fazhi analyze` (documents.csv gives township and report_year)')
    .option('-o, --out <dir>', 'folder to write trends.csv into (default: the analysis folder)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(exitOnUserError(async (dir: string, opts: { out?: string; quiet?: boolean }) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`${dir}: not a folder`);
      const [{ trends, writeTrends }, { outputFolderTargetProblem }, { mkdirSync }] = await Promise.all([
        import('../explore/trends.js'),
        import('../export/output-target.js'),
        import('node:fs'),
      ]);
      const out = opts.out ?? dir;
      const problem = outputFolderTargetProblem(out);
      if (problem) fail(problem);
      const result = trends(dir);
      mkdirSync(out, { recursive: true });
      const path = writeTrends(result, out);
      if (!opts.quiet) {
        process.stdout.write(`fazhi trends: report years ${result.years.join(', ') || 'none'}; ${result.rows.length} rows → ${path}\n`);
        for (const n of result.notes) process.stdout.write(`fazhi trends: note: ${n}\n`);
      }
    }));
}

