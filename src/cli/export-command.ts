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

export function registerExportCommand(program: Command): Command {
  const exp = exportCommand(program);
  exp
    .command('xlsx')
    .description(
      'One Excel workbook of the analysis and its comparison: documents, profiles (wide, and long as unit, variable, value), ' +
        'association, keyness, trends and the codebook of themes and functions, each a sheet with a frozen header, column widths ' +
        'and numbers as numbers. A table longer than a sheet continues on the next; the "about" sheet lists what is in the workbook and what is not.',
    )
    .argument('<outdir>', 'the analysis folder (after `fazhi compare` for profiles and keyness, `fazhi trends` for trends)')
    .requiredOption('-o, --out <file.xlsx>', 'the workbook to write (its folder must exist)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(exitOnUserError(async (dir: string, opts: { out: string; quiet?: boolean }) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`${dir}: not a folder`);
      const [{ exportXlsx }, { outputFileProblem }] = await Promise.all([
        import('../export/xlsx.js'),
        import('../export/output-target.js'),
      ]);
      const problem = outputFileProblem(opts.out);
      if (problem) fail(problem);
      const result = await exportXlsx(dir, opts.out);
      if (!opts.quiet) {
        for (const t of result.tables) {
          const where = t.leftOut ? `left out: ${t.leftOut}` : `${t.rows} rows on ${t.sheets.join(', ')}`;
          process.stdout.write(`fazhi export xlsx: ${t.table}: ${where}\n`);
        }
        process.stdout.write(`fazhi export xlsx: wrote ${result.file}\n`);
      }
    }));
  exp
    .command('dfm')
    .description(
      'The document-feature matrix (term counts per document, as `fazhi compare` counts terms) as Matrix Market: dfm.mtx ' +
        '(documents as rows), features.txt (the terms, in column order) and docvars.csv (documents.csv in row order), ' +
        'for R (Matrix::readMM, quanteda, stm) and Python (scipy.io.mmread, gensim, BERTopic).',
    )
    .argument('<outdir>', 'the analysis folder')
    .requiredOption('-o, --out <dir>', 'folder to write dfm.mtx, features.txt and docvars.csv into (made if missing; the folder holding it must exist)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(exitOnUserError(async (dir: string, opts: { out: string; quiet?: boolean }) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`${dir}: not a folder`);
      const [{ exportDfm }, { outputFolderTargetProblem }] = await Promise.all([
        import('../export/dfm.js'),
        import('../export/output-target.js'),
      ]);
      const problem = outputFolderTargetProblem(opts.out);
      if (problem) fail(problem);
      const result = exportDfm(dir, opts.out);
      if (!opts.quiet) {
        process.stdout.write(`fazhi export dfm: ${result.documents} documents × ${result.features} terms, ${result.nonZero} non-zero counts\n`);
        for (const n of result.notes) process.stdout.write(`fazhi export dfm: note: ${n}\n`);
        process.stdout.write(`fazhi export dfm: wrote ${result.files.join(', ')}\n`);
      }
    }));
  return exp;
}

