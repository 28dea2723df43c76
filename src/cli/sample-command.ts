/**
 * `fazhi sample ANALYSIS_DIR --n N --out FILE`: a coding sheet of sampled
 * sentences for blind hand coding. Exit status: 0 on success, 2 for wrong
 * arguments or a folder without an analysis.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseInteger } from './options.js';
import { argumentError as fail, exitOnUserError } from './exit.js';

interface SampleCliOptions {
  n: number;
  seed: number;
  stratify?: string;
  out: string;
  excel?: boolean;
  quiet?: boolean;
}

export function registerSampleCommand(program: Command): Command {
  return program
    .command('sample')
    .description(
      'Draw sentences of an analysis folder into a coding sheet for hand coding (docs/codebook.md): one row per sentence with its ' +
        "report's metadata, the heading it sits under, the sentences before and after, and blank function, themes and note columns " +
        "to fill in. The machine's codes are never shown. The same seed draws the same sample. With --stratify, each stratum gets " +
        'an equal share (rare classes are coded often enough to score) and the weight column (stratum size / sampled) undoes that; ' +
        'FILE.strata.csv lists the strata.',
    )
    .argument('<dir>', 'the analysis folder written by `fazhi analyze` (sentences.csv and documents.csv)')
    .requiredOption('--n <n>', 'sentences to sample', parseInteger(1))
    .option('--seed <n>', 'seed of the random draw', parseInteger(0), 0)
    .option(
      '--stratify <by>',
      "sample each stratum equally: by the machine's function, its first theme, the section, the township, or any column of documents.csv " +
        '(province, report_year, …); function and theme strata are named S1, S2 … in the sheet, so that coding stays blind',
    )
    .requiredOption('-o, --out <file>', 'the coding sheet to write: .csv, or .xlsx (frozen header, a list of the codes in the function column)')
    .option('--excel', 'for a .csv: a UTF-8 byte-order mark so that Excel reads the Chinese text')
    .option('-q, --quiet', 'print nothing but errors')
    .action(exitOnUserError(async (dir: string, opts: SampleCliOptions) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`${dir}: not a folder`);
      if (!existsSync(`${dir}/sentences.csv`)) fail(`${dir}: no sentences.csv: not an analysis folder written by \`fazhi analyze\``);
      if (!existsSync(dirname(resolve(opts.out)))) fail(`--out ${opts.out}: the folder ${dirname(resolve(opts.out))} does not exist`);
      const { writeCodingSample } = await import('../validate/sample.js');
      const result = await writeCodingSample(dir, { n: opts.n, seed: opts.seed, stratify: opts.stratify, out: opts.out, excel: opts.excel });
      for (const w of result.warnings) process.stderr.write(`fazhi sample: ${w}\n`);
      if (!opts.quiet) {
        process.stderr.write(
          `fazhi sample: ${result.rows} of ${result.sentences} sentences` +
            (opts.stratify ? ` from ${result.strata.length} strata by ${opts.stratify}` : '') +
            ` → ${opts.out} (strata: ${result.strataFile})\n`,
        );
      }
    }));
}

