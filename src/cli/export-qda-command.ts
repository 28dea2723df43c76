/**
 * `fazhi export qdpx ANALYSIS_DIR --out FILE.qdpx` and `fazhi export qdc
 * [ANALYSIS_DIR] --out FILE.qdc`: an analysis as a REFI-QDA project, or its
 * codebook alone, for NVivo, MAXQDA, ATLAS.ti, QDA Miner or QualCoder.
 * Exit status: 0 on success, 2 for wrong arguments or an unreadable analysis
 * folder.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { exportCommand } from './export-command.js';
import { argumentError as fail, exitOnUserError } from './exit.js';

const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

function origin(): string {
  return `fazhi ${(JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version}`;
}

function parseDictMode(v: string): 'add' | 'replace' {
  if (v !== 'add' && v !== 'replace') throw new InvalidArgumentError('must be "add" or "replace"');
  return v;
}

function writeOut(out: string, data: string | Uint8Array): void {
  if (existsSync(out) && statSync(out).isDirectory()) fail(`--out ${out}: is a folder; give a file name`);
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, data);
}

/** `fazhi export qdpx` and `fazhi export qdc`, subcommands of `fazhi export` beside xlsx and dfm. */
export function registerQdaExportCommands(program: Command): Command {
  const exp = exportCommand(program);

  exp
    .command('qdpx')
    .description(
      'Write a REFI-QDA project (.qdpx: NVivo, MAXQDA, ATLAS.ti, QDA Miner and QualCoder import it): each report\'s cleaned text as a source, ' +
        'every sentence coded with its function and themes at its place (the cues behind the codes as the selection\'s description), ' +
        'the codebook (functions, themes with sub-themes nested, named as in docs/codebook.md), documents.csv\'s columns as variables ' +
        'on the sources, and one case per township. The same folder gives the same file byte for byte.',
    )
    .argument('<analysis_dir>', 'the analysis folder written by `fazhi analyze` (documents.csv, sentences.csv, texts/)')
    .requiredOption('-o, --out <file.qdpx>', 'the project file to write')
    .option('--name <text>', 'the project\'s name in the QDA tool (default: the analysis folder\'s name)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(exitOnUserError(async (dir: string, opts: { out: string; name?: string; quiet?: boolean }) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`${dir}: not a folder`);
      // Loaded when an export runs: the zip and XML libraries are not for other commands.
      const { exportQdpx } = await import('../export/qdpx.js');
      const result = await exportQdpx(dir, { name: opts.name ?? basename(resolve(dir)), origin: origin() });
      writeOut(opts.out, result.bytes);
      const s = result.summary;
      if (!opts.quiet) {
        process.stderr.write(
          `fazhi: wrote ${opts.out}: ${s.sources} sources, ${s.selections} coded sentences (${s.codings} codings), ${s.codes} codes, ${s.variables} variables, ${s.cases} cases\n`,
        );
      }
    }));

  exp
    .command('qdc')
    .description(
      'Write the codebook alone as a REFI-QDA codebook (.qdc): the six functions and the themes with their sub-themes, named and described as in ' +
        'docs/codebook.md, with the GUIDs an exported project uses. Without an analysis folder, the codebook of the shipped themes ' +
        '(with --dict, of your dictionary as analyze would use it).',
    )
    .argument('[analysis_dir]', 'take the theme dictionary this analysis used (its run.json)')
    .requiredOption('-o, --out <file.qdc>', 'the codebook file to write')
    .option('--dict <file.yml>', 'your theme dictionary, as given to analyze --dict')
    .option('--dict-mode <mode>', '"add" or "replace", as given to analyze --dict-mode', parseDictMode, 'add')
    .option('-q, --quiet', 'print nothing but errors')
    .action(exitOnUserError(async (dir: string | undefined, opts: { out: string; dict?: string; dictMode: 'add' | 'replace'; quiet?: boolean }) => {
      if (dir !== undefined && (!existsSync(dir) || !statSync(dir).isDirectory())) fail(`${dir}: not a folder`);
      if (dir !== undefined && opts.dict) fail('give an analysis folder or --dict, not both (the folder records the dictionary it used)');
      if (opts.dict && !existsSync(opts.dict)) fail(`--dict: file not found: ${opts.dict}`);
      const { exportQdc } = await import('../export/qdc.js');
      const result = exportQdc({ analysis: dir, dict: opts.dict, dictMode: opts.dictMode, origin: origin() });
      writeOut(opts.out, result.xml);
      if (!opts.quiet) process.stderr.write(`fazhi: wrote ${opts.out}: ${result.codes} codes\n`);
    }));
  return exp;
}
