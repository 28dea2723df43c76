/**
 * `fazhi promises ANALYSIS_DIR`: promise tracking between consecutive
 * reports of a township. Exit status: 0 on success, 2 for a wrong argument
 * or an unreadable folder.
 */
import { existsSync, statSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { exitOnUserError, usageError as fail } from './exit.js';

export function registerPromisesCommand(program: Command): Command {
  return program
    .command('promises')
    .description(
      'Follow up the plans of each township\'s reports: for a township with reports in consecutive years, link each plan sentence of ' +
        'year t to the most similar measure or outcome sentence of year t + 1, and each shortcoming to the most similar shortcoming of ' +
        't + 1 (a problem restated). Similarity is TF-IDF cosine over the words, as `fazhi compare` measures it. Writes promises.csv ' +
        '(followed_up yes/no), shortcomings.csv (restated yes/no) and promise_rates.csv (per township).',
    )
    .argument('<outdir>', 'the analysis folder written by `fazhi analyze` (documents.csv gives township and report_year)')
    .option('-o, --out <dir>', 'folder to write the tables into (default: the analysis folder)')
    .option('--threshold <x>', 'the cosine from which a sentence counts as a follow-up (or a restatement); default: the cut that best separates hand-paired follow-ups from unrelated sentences', parseUnit)
    .option('-q, --quiet', 'print nothing but errors')
    .action(exitOnUserError(async (dir: string, opts: { out?: string; threshold?: number; quiet?: boolean }) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`${dir}: not a folder`);
      const [{ trackPromises, writePromises, FOLLOW_UP_THRESHOLD }, { outputFolderTargetProblem }, { mkdirSync }] = await Promise.all([
        import('../explore/promises.js'),
        import('../export/output-target.js'),
        import('node:fs'),
      ]);
      const out = opts.out ?? dir;
      const problem = outputFolderTargetProblem(out);
      if (problem) fail(problem);
      const result = trackPromises(dir, opts.threshold ?? FOLLOW_UP_THRESHOLD);
      mkdirSync(out, { recursive: true });
      const written = writePromises(result, out);
      if (!opts.quiet) {
        const plans = result.promises.length;
        const followed = result.promises.filter((p) => p.linked === 'yes').length;
        process.stdout.write(
          `fazhi promises: ${result.rates.length} township(s) with consecutive reports; ${followed} of ${plans} plans followed up, ` +
            `${result.shortcomings.filter((p) => p.linked === 'yes').length} of ${result.shortcomings.length} shortcomings restated (cosine ≥ ${result.threshold})\n`,
        );
        for (const n of result.notes) process.stdout.write(`fazhi promises: note: ${n}\n`);
        process.stdout.write(`fazhi promises: wrote ${written.join(', ')}\n`);
      }
    }));
}

function parseUnit(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError('must be a number above 0 and at most 1');
  return n;
}

