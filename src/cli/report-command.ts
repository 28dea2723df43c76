/**
 * `fazhi report OUTDIR`: write OUTDIR/report.html, one self-contained page
 * with the charts and tables of an analysis folder. Exit status: 0 on
 * success, 2 for wrong arguments or a folder without an analysis.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { argumentError, exitOnUserError } from './exit.js';

const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

export function registerReportCommand(program: Command): Command {
  return program
    .command('report')
    .description(
      'Write OUTDIR/report.html: one page, to open in any browser without a network, with the charts and tables of an ' +
        'analysis folder: the reports, the functions of their sentences, a heatmap of themes by township (click a cell ' +
        'to read its sentences), publicity channels and enforcement aspects, and, once `fazhi compare OUTDIR` has run, ' +
        'distinctive terms (significant ones only), k-means clusters on a map with a reading of their silhouette and the share of boilerplate in each report; ' +
        'group differences (association.csv), trends over the years (trends.csv), follow-up of plans (promise_rates.csv) and coder agreement (agreement.csv) ' +
        'when those tables are in the folder. Every share shows its count (n/N) on hover; every chart fits the window, from a phone to a desktop.',
    )
    .argument('<outdir>', 'the analysis folder written by `fazhi analyze` (and `fazhi compare`, unless --compare names its folder)')
    .option('--compare <dir>', 'the folder `fazhi compare OUTDIR --out DIR` wrote the comparison to (default: OUTDIR itself)')
    .option('-o, --out <file>', 'where to write the page (default: OUTDIR/report.html)')
    .option('--title <text>', 'title of the page', '法治政府建设年度报告分析')
    .option('-q, --quiet', 'print nothing but errors')
    .action(exitOnUserError(async (dir: string, opts: { out?: string; compare?: string; title: string; quiet?: boolean }) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) argumentError(`${dir}: not a folder`);
      if (opts.compare !== undefined && (!existsSync(opts.compare) || !statSync(opts.compare).isDirectory())) argumentError(`--compare ${opts.compare}: not a folder`);
      const version = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
      // Loaded when a report is written, so that other commands do not pay for its start-up.
      const { writeReport } = await import('../report/report.js');
      const out = await writeReport(dir, { out: opts.out, compare: opts.compare, title: opts.title, generator: `fazhi ${version}` });
      if (!opts.quiet) process.stdout.write(`fazhi report: wrote ${out}\n`);
    }));
}
