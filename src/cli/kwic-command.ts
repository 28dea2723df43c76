/**
 * `fazhi kwic ANALYSIS_DIR PATTERN`: every occurrence of a word in context.
 * Exit status: 0 (also with no hits), 2 for a wrong argument (a regex that
 * does not compile, an unknown --where column, a missing folder).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { argumentError, exitOnUserError } from './exit.js';
import { parseInteger } from './options.js';

interface KwicCliOptions {
  regex?: boolean;
  window?: number;
  sentence?: boolean;
  where?: string[];
  out?: string;
}

export function registerKwicCommand(program: Command): Command {
  return program
    .command('kwic')
    .description(
      'Keyword in context: every occurrence of PATTERN in the sentences of an analysis folder, with the document ' +
        '(doc_id, unit_index and every column of documents.csv, --meta ones included), the sentence\'s function and themes, ' +
        'and the text left and right of it. Prints an aligned table; --out writes every column as CSV (or xlsx).',
    )
    .argument('<outdir>', 'the analysis folder (it must hold sentences.csv; documents.csv is used when present)')
    .argument('<pattern>', 'the word to look for (literal text), or a regular expression with --regex')
    .option('--regex', 'PATTERN is a JavaScript regular expression (e.g. "普法|法治宣传")')
    .option('--window <n>', 'characters of context each side, within the sentence (default: 20)', parseInteger(0))
    .option('--sentence', 'the whole sentence each side of the keyword instead of a window')
    .option('--where <column=value...>', 'keep only hits where all hold: function=plan, theme=publicity, or any column of sentences.csv (section, kind) or documents.csv (report_year=2023, province=重庆市, a --meta column)')
    .option('-o, --out <file>', 'write every hit with all columns to this file: CSV, or an Excel workbook if it ends in .xlsx')
    .action(exitOnUserError(async (dir: string, pattern: string, opts: KwicCliOptions) => {
      if (opts.window !== undefined && opts.sentence) argumentError('--window and --sentence cannot both be given');
      if (!existsSync(dir) || !statSync(dir).isDirectory()) argumentError(`${dir}: not a folder`);
      if (opts.out !== undefined) {
        const folder = dirname(resolve(opts.out));
        if (!existsSync(folder) || !statSync(folder).isDirectory()) argumentError(`--out ${opts.out}: the folder ${folder} does not exist`);
        if (existsSync(opts.out) && statSync(opts.out).isDirectory()) argumentError(`--out ${opts.out} is a folder: give a file name (e.g. kwic.csv)`);
      }
      const [{ kwic, parseWhere }, { kwicTerminalLines, writeKwicCsv, writeKwicXlsx }, { startsWithBom, EXCEL_MAX_ROWS }, { ANALYSIS_FILES }] = await Promise.all([
        import('../explore/kwic.js'),
        import('../explore/kwic-write.js'),
        import('../output/csv.js'),
        import('../output/analysis-folder.js'),
      ]);
      // A bad pattern, an unknown --where column or a damaged table is a UserError (exit 2).
      const result = kwic(dir, { pattern, regex: opts.regex, window: opts.window, sentence: opts.sentence, where: parseWhere(opts.where ?? []) });
      const n = result.hits.length;
      if (opts.out !== undefined) {
        // A sheet holds 1,048,576 rows, the header one of them: more would be cut off when opened.
        if (opts.out.toLowerCase().endsWith('.xlsx') && n > EXCEL_MAX_ROWS - 1) argumentError(`${n} hits do not fit in an Excel sheet (${EXCEL_MAX_ROWS - 1} rows at most): write CSV (--out hits.csv) or narrow the search with --where`);
        if (opts.out.toLowerCase().endsWith('.xlsx')) await writeKwicXlsx(result, opts.out);
        else writeKwicCsv(result, opts.out, { excel: startsWithBom(join(dir, ANALYSIS_FILES.sentences)) });
        process.stdout.write(`fazhi kwic: ${n} hit${n === 1 ? '' : 's'} in ${result.sentencesWithHits} sentence(s) → ${opts.out}\n`);
        return;
      }
      // One write per thousand lines: a write per line of 100,000 hits costs seconds.
      const lines = kwicTerminalLines(result);
      for (let i = 0; i < lines.length; i += 1000) process.stdout.write(lines.slice(i, i + 1000).join('\n') + '\n');
      process.stdout.write(`${n} hit${n === 1 ? '' : 's'}\n`);
    }));
}
