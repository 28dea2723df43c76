/**
 * `fazhi export FORMAT ANALYSIS_DIR --out …`: an analysis folder's tables in
 * the formats other tools read. Each format is a subcommand (xlsx, dfm);
 * more can be added beside them with exportCommand(program).command(…).
 * Exit status: 0 on success, 2 for a wrong argument, an unreadable folder or
 * an output path that cannot be written.
 */
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { exitOnUserError, usageError as fail } from './exit.js';

/** The `export` command, created once: formats register as its subcommands. */
export function exportCommand(program: Command): Command {
  const existing = program.commands.find((c) => c.name() === 'export');
  if (existing) return existing;
  return program
    .command('export')
    .description('Write the tables of an analysis folder in the formats other tools read (see the subcommands).');
}

/**
 * One `fazhi export FORMAT` subcommand: the analysis folder is checked, then
 * `write` writes the output and returns the lines to print unless --quiet.
 */
function exportFormat(
  exp: Command,
  format: string,
  description: string,
  outOption: [flags: string, help: string],
  outKind: 'file' | 'folder',
  write: (dir: string, out: string) => Promise<string[]>,
): void {
  exp
    .command(format)
    .description(description)
    .argument('<outdir>', format === 'xlsx' ? 'the analysis folder (after `fazhi compare` for profiles and keyness, `fazhi trends` for trends)' : 'the analysis folder')
    .requiredOption(...outOption)
    .option('-q, --quiet', 'print nothing but errors')
    .action(exitOnUserError(async (dir: string, opts: { out: string; quiet?: boolean }) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`${dir}: not a folder`);
      const { outputFileProblem, outputFolderTargetProblem } = await import('../export/output-target.js');
      const problem = outKind === 'file' ? outputFileProblem(opts.out) : outputFolderTargetProblem(opts.out);
      if (problem) fail(problem);
      const lines = await write(dir, opts.out);
      if (!opts.quiet) for (const line of lines) process.stdout.write(`fazhi export ${format}: ${line}\n`);
    }));
}

export function registerExportCommand(program: Command): Command {
  const exp = exportCommand(program);
  exportFormat(
    exp,
    'xlsx',
    'One Excel workbook of the analysis and its comparison: documents, profiles (wide, and long as unit, variable, value), ' +
      'association, keyness, trends and the codebook of themes and functions, each a sheet with a frozen header, column widths ' +
      'and numbers as numbers. A table longer than a sheet continues on the next; the "about" sheet lists what is in the workbook and what is not.',
    ['-o, --out <file.xlsx>', 'the workbook to write (its folder must exist)'],
    'file',
    async (dir, out) => {
      const { exportXlsx } = await import('../export/xlsx.js');
      const result = await exportXlsx(dir, out);
      return [
        ...result.tables.map((t) => `${t.table}: ${t.leftOut ? `left out: ${t.leftOut}` : `${t.rows} rows on ${t.sheets.join(', ')}`}`),
        `wrote ${result.file}`,
      ];
    },
  );
  exportFormat(
    exp,
    'dfm',
    'The document-feature matrix (term counts per document, as `fazhi compare` counts terms) as Matrix Market: dfm.mtx ' +
      '(documents as rows), features.txt (the terms, in column order) and docvars.csv (documents.csv in row order), ' +
      'for R (Matrix::readMM, quanteda, stm) and Python (scipy.io.mmread, gensim, BERTopic).',
    ['-o, --out <dir>', 'folder to write dfm.mtx, features.txt and docvars.csv into (made if missing; the folder holding it must exist)'],
    'folder',
    async (dir, out) => {
      const { exportDfm } = await import('../export/dfm.js');
      const result = exportDfm(dir, out);
      return [
        `${result.documents} documents × ${result.features} terms, ${result.nonZero} non-zero counts`,
        ...result.notes.map((n) => `note: ${n}`),
        `wrote ${result.files.join(', ')}`,
      ];
    },
  );
  return exp;
}
