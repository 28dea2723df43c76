/**
 * `fazhi agree ANALYSIS_DIR SHEET [SHEET2 …]`: agreement of hand coders with
 * each other and with the machine. Exit status: 0 on success, 2 for wrong
 * arguments or a sheet that cannot be scored (the message names file and row).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseInteger } from './options.js';
import { argumentError as fail, exitOnUserError } from './exit.js';

interface AgreeCliOptions {
  out: string;
  seed: number;
  resamples: number;
  quiet?: boolean;
}

export function registerAgreeCommand(program: Command): Command {
  return program
    .command('agree')
    .description(
      'Score coding sheets filled in by hand (see `fazhi sample`): with one sheet, the coder against the machine; with more, each ' +
        'pair of coders, each coder against the machine, and from three coders all coders together. For the function and for each ' +
        "theme (present/absent): n, percent agreement, Cohen's kappa (pairs), Fleiss' kappa (all coders), Krippendorff's alpha " +
        '(nominal; a blank code is missing, not a class), seeded 95% bootstrap intervals of kappa and alpha, and the machine\'s ' +
        'precision, recall and F1 per class against each coder. Prints a table; writes agreement.csv and agreement-confusion.csv ' +
        '(the confusion matrix of each pair, in long form). Each sheet\'s coder is named by its file name.',
    )
    .argument('<dir>', 'the analysis folder the sheets were drawn from (its sentences.csv gives the machine\'s codes)')
    .argument('<sheets...>', 'coding sheets (.csv in UTF-8 or GBK as Excel/WPS save it, or .xlsx)')
    .option('-o, --out <file>', 'the table to write; the confusion matrices go beside it as <name>-confusion.csv', 'agreement.csv')
    .option('--seed <n>', 'seed of the bootstrap resampling', parseInteger(0), 0)
    .option('--resamples <n>', 'bootstrap resamples of the sentences for the 95% intervals', parseInteger(1), 1000)
    .option('-q, --quiet', 'print nothing but warnings and errors')
    .action(exitOnUserError(async (dir: string, sheets: string[], opts: AgreeCliOptions) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`${dir}: not a folder`);
      for (const s of sheets) if (!existsSync(s)) fail(`${s}: file not found`);
      if (!existsSync(dirname(resolve(opts.out)))) fail(`--out ${opts.out}: the folder ${dirname(resolve(opts.out))} does not exist`);
      const { computeAgreement, formatAgreement, writeAgreement } = await import('../validate/agreement.js');
      const result = await computeAgreement(dir, sheets, { seed: opts.seed, resamples: opts.resamples });
      for (const w of result.warnings) process.stderr.write(`fazhi agree: ${w}\n`);
      const confusion = writeAgreement(result, opts.out);
      if (!opts.quiet) {
        process.stdout.write(formatAgreement(result));
        process.stdout.write(`\n${result.sentences} sentences coded by ${result.coders.join(', ')} → ${opts.out}, ${confusion}\n`);
      }
    }));
}

