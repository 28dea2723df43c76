/**
 * `fazhi compare OUTDIR`: compare the documents of an analysis folder.
 * Exit status: 0 on success, 1 when the folder has no documents, 2 for wrong
 * arguments or an unreadable folder.
 */
import { existsSync, statSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { COMPARE_DEFAULTS } from '../compare/defaults.js';
import { join, resolve } from 'node:path';
import { formatNumber, rowsBeyondExcel, startsWithBom } from '../output/csv.js';
import { outputFolderProblem } from '../output/runfolder.js';
import { jobsOption } from './jobs.js';
import { collectGarbage, limitHeapGrowth } from './heap.js';
import { argumentError, exitOnUserError } from './exit.js';
import { errorMessage } from '../model/errors.js';
import type { ClusterFeatures, CompareBy, CompareOptions, CompareResult, SharedSentence } from '../compare/types.js';
import { ANALYSIS_FILES, COMPARE_FILES, COMPARE_TABLES } from '../output/analysis-folder.js';
import { parseInteger } from './options.js';

interface CompareCliOptions {
  out?: string;
  by: CompareBy;
  features: ClusterFeatures;
  k: number | 'auto';
  kMax: number;
  seed: number;
  restarts: number;
  maxFeatures: number;
  clusterTerms: number;
  top: number;
  minCount: number;
  maxP: number;
  stopwords?: string;
  threshold: number;
  minChars: number;
  listDocs: number;
  neighbors?: number;
  /** The British spelling of --neighbors, still accepted. */
  neighbours?: number;
  jobs: number;
  quiet?: boolean;
}

export function registerCompareCommand(program: Command): Command {
  const d = COMPARE_DEFAULTS;
  return program
    .command('compare')
    .description(
      'Compare the reports of an analysis folder written by `fazhi analyze`: what share of sentences each report ' +
        '(or township, or province) gives to each theme and function, its most distinctive words, how similar the ' +
        'units are, k-means clusters of similar units, sentences copied between reports (boilerplate), and how much ' +
        "of a township's report repeats its report of the year before. Writes profiles.csv, keyness.csv, " +
        'association.csv (groups compared: with --by), similarity.csv, clusters.csv, cluster_features.csv, boilerplate.csv, reuse.csv and compare.json; ' +
        'with --by crossing report_year (township,report_year), also trends.csv: per theme and function, the share of sentences per year ' +
        'across the corpus and per group of the other columns, with the change from the previous year (as `fazhi trends`).',
    )
    .argument('<outdir>', 'the analysis folder (it must hold sentences.csv; documents.csv and quantities.csv are used when present)')
    .option('-o, --out <dir>', 'folder to write the comparison into (default: the analysis folder itself)')
    .option(
      '--by <columns>',
      'what to compare: each report ("document"), or the groups of reports sharing a value of any column of documents.csv: ' +
        '"township" (its reports of all years pooled; a township is township + county + province), "province", "report_year", ' +
        '"admin_level", a column of your --meta table; two or more columns with commas are crossed ("township,report_year"). ' +
        'Grouped by columns, compare also writes association.csv (which functions and themes differ between the groups). ' +
        'profiles.csv and clusters.csv carry the document variables (title, admin_level, report_year, published, division_code, ' +
        'place_note, script and every --meta column): a report\'s own values, and for a group the value all its reports share ' +
        '(province for a group of one county), empty where they differ; reuse.csv carries those of its report',
      d.by,
    )
    .addOption(
      new Option('--features <set>', 'what the clusters are based on: the share of sentences on each theme ("themes"), the words used, weighted by TF-IDF ("tfidf"), or both with equal weight ("both"); without themes in the folder, TF-IDF is used')
        .choices(['themes', 'tfidf', 'both'])
        .default(d.features),
    )
    .option('-k <k>', 'number of clusters, or "auto" to try 2 to 8 (never more than the number of units minus one) and keep the k whose clusters are best separated (highest silhouette)', parseK, d.k)
    .option('--k-max <n>', 'largest number of clusters "auto" tries', parseInteger(2), d.kMax)
    .option('--seed <n>', 'seed of the random start of k-means: the same seed gives the same clusters', parseInteger(0), d.seed)
    .option('--restarts <n>', 'k-means is run this many times from different seeded starts and the tightest result is kept', parseInteger(1), d.restarts)
    .option('--max-features <n>', 'TF-IDF uses at most this many words, those found in the most units (keeps memory bounded on large corpora)', parseInteger(1), d.maxFeatures)
    .option('--cluster-terms <n>', 'clustering on TF-IDF uses this many of those words (the most widespread)', parseInteger(1), d.clusterTerms)
    .option('--top <n>', 'distinctive words listed per unit in keyness.csv', parseInteger(1), d.keynessTop)
    .option('--min-count <n>', 'a word must occur at least this often in a unit to be listed as distinctive of it', parseInteger(1), d.keynessMinCount)
    .option('--max-p <x>', 'keyness.csv lists only words whose p-value, adjusted for the number of words tested in the unit (Benjamini–Hochberg), is at most this; 1 lists every over-represented word', parseUnit, d.keynessMaxP)
    .option('--stopwords <file>', 'words never counted in TF-IDF and keyness (one per line, # for comments); default: dictionaries/stopwords.txt. Numbers are never counted')
    .option('--threshold <x>', 'how alike two sentences must be to count as copies: the share of their 3-character pieces they have in common (Jaccard, 0 to 1)', parseUnit, d.threshold)
    .option('--min-chars <n>', 'sentences shorter than this many characters (punctuation and spaces not counted) are not checked for copies', parseInteger(1), d.minChars)
    .option('--list-docs <n>', 'boilerplate.csv lists at most this many ids of the documents holding a shared passage (n_docs always counts them all)', parseInteger(0), d.listDocs)
    .option('--neighbors <n>', 'similarity.csv keeps only the n most similar units of each unit; default: every pair up to 1000 units, the 50 nearest above that', parseInteger(1))
    .addOption(new Option('--neighbours <n>').argParser(parseInteger(1)).hideHelp())
    .addOption(jobsOption("threads searching for each unit's most similar units (when similarity.csv keeps neighbors: above 1000 units, or with --neighbors): all but one start at once, while the other tables are computed and written, and the last joins them then; from 2, the near-duplicate search reads sentences.csv on a thread of its own while this one counts it, and the shared_with and passage columns are added to sentences.csv on another while the tables are written. The tables are the same whatever the number"))
    .option('-q, --quiet', 'print nothing but errors')
    .action(exitOnUserError(async (dir: string, opts: CompareCliOptions) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) argumentError(`${dir}: not a folder`);
      if (opts.stopwords && !existsSync(opts.stopwords)) argumentError(`--stopwords: file not found: ${opts.stopwords}`);
      // Checked before the comparison runs (minutes on a large corpus), as analyze does.
      const notAFolder = opts.out === undefined ? null : outputFolderProblem(opts.out);
      if (notAFolder) argumentError(notAFolder);
      // Garbage of the tables written a row at a time, over a live heap of 0.6 GB at 120,000 reports, was compare's peak (heap.ts).
      limitHeapGrowth();
      const options: CompareOptions = {
        by: opts.by,
        features: opts.features,
        k: opts.k,
        kMax: opts.kMax,
        seed: opts.seed,
        restarts: opts.restarts,
        maxFeatures: opts.maxFeatures,
        clusterTerms: opts.clusterTerms,
        keynessTop: opts.top,
        keynessMinCount: opts.minCount,
        keynessMaxP: opts.maxP,
        stopwords: opts.stopwords,
        threshold: opts.threshold,
        minChars: opts.minChars,
        listDocs: opts.listDocs,
        neighbours: opts.neighbors ?? opts.neighbours,
      };
      // Loaded here, not at the top: k-means and the rest of the comparison are
      // most of a command's start-up, and `fazhi analyze` or `--help` never use them.
      const [{ compareFolderOnThreads }, { COMPARE_TABLE_REMEDIES, compareRowCounts, writeAllButSimilarity, writeSimilarity }, { addSharedWithColumn, addSharedWithColumnOnThread, countSharedSentences }, { releaseIndexOfRows }, { trendPanel, trends, writeTrends }] = await Promise.all([
        import('../compare/compare.js'),
        import('../compare/write.js'),
        import('../compare/shared-column.js'),
        import('../compare/shared-sentence-index.js'),
        import('../explore/trends.js'),
      ]);
      // The panel's trends read documents.csv: a folder without it is refused before any table is written.
      const panel = trendPanel(opts.by ?? COMPARE_DEFAULTS.by);
      if (panel && !existsSync(join(dir, ANALYSIS_FILES.documents))) {
        argumentError(`${join(dir, ANALYSIS_FILES.documents)}: not found: --by ${opts.by} writes trends.csv, the panel over the report years, from the analysis' documents.csv`);
      }
      const out = opts.out ?? dir;
      // The analysis folder's own sentence table gains shared_with; a separate --out leaves it untouched.
      // With threads, sentences.csv is rewritten on one of its own while the tables are written here.
      const inPlace = resolve(out) === resolve(dir);
      // Tables of an analysis written for Excel (--excel) are compared into tables for Excel too.
      // A folder without sentences.csv is reported by the comparison (exit 2), which reads it first.
      const sentences = join(dir, ANALYSIS_FILES.sentences);
      const csv = { excel: existsSync(sentences) && startsWithBom(sentences) };
      const started: { rewriting: Promise<boolean> | null } = { rewriting: null };
      // sentences.csv is rewritten on a thread of its own as soon as the shared sentences are known, while this thread goes on.
      const rewriteWhenRead = (sharedSentences: SharedSentence[]) => {
        if (!inPlace || opts.jobs < 2) return;
        started.rewriting = addSharedWithColumnOnThread(dir, sharedSentences);
        // Awaited below, after the search; until then a failed rewrite must not count as unhandled (Node would exit on it).
        started.rewriting.catch(() => undefined);
      };
      let sharedCount: number | null = null;
      // Every table but similarity.csv is written while the threads search for it. Once boilerplate.csv and
      // reuse.csv are, and sentences.csv's rewrite has its own table, nothing reads the near-duplicate index
      // again but the summary's count: it is let go before the largest tables are written and the search is
      // joined (at 120,000 reports, 366 MB less for the rest of the run).
      const writeWhileSearching = (withoutSimilarity: CompareResult) =>
        writeAllButSimilarity(withoutSimilarity, out, csv, {
          sharedTablesWritten: () => {
            if (!started.rewriting) return;
            if (!opts.quiet) sharedCount = countSharedSentences(withoutSimilarity.sharedSentences);
            if (releaseIndexOfRows(withoutSimilarity.sharedSentences)) collectGarbage();
          },
        });
      let result: CompareResult | null;
      try {
        result = await compareFolderOnThreads(dir, options, opts.jobs, { whenRead: rewriteWhenRead, whileSearching: writeWhileSearching, afterPhase: collectGarbage });
        writeSimilarity(result, out, csv);
      } catch (e) {
        // The rewrite's own failure would be lost behind this error: said here, the error thrown below.
        const rewriteFailure = await started.rewriting?.then(
          () => null,
          (r: unknown) => r,
        );
        if (rewriteFailure) process.stderr.write(`fazhi: adding shared_with and passage to ${sentences} failed too: ${errorMessage(rewriteFailure)}\n`);
        // A bad folder or option is the user's to fix (exit 2, a UserError); an error while writing is not,
        // nor one of V8's RangeErrors (an array or string too large), which exit 1 with their stack.
        throw e;
      }
      // Crossed with report_year: the panel's trends over the years beside the groups' profiles.
      const trendsWritten = panel ? writeTrends(trends(dir, panel), out) : null;
      const docs = result.units.reduce((s, u) => s + u.docIds.length, 0);
      const say = (s: string) => process.stdout.write(`fazhi compare: ${s}\n`);
      const summary: string[] = [];
      const c = result.clusters;
      summary.push(`${docs} documents, ${result.units.length} units (by ${result.options.by})`);
      for (const t of c.tried) summary.push(`  k = ${t.k}: silhouette ${formatNumber(t.silhouette)}`);
      summary.push(
        c.k >= 2
          ? `clusters on ${c.features}: k = ${c.k} (${c.chosenBy === 'auto' ? 'chosen by silhouette' : 'as asked'}), silhouette ${formatNumber(c.silhouette ?? 0)}`
          : `clusters on ${c.features}: none (${c.message})`,
      );
      const sharedSentences = result.sharedSentences;
      const passages = result.boilerplate.length;
      const notes = result.notes;
      const tooLongForExcel = rowsBeyondExcel(compareRowCounts(result), COMPARE_TABLE_REMEDIES);
      // The tables are written: let them go before sentences.csv is rewritten
      // on this thread, which was compare's peak memory with all of them
      // still held (24,000 documents: 2.3 GB).
      result = null;
      const sharedColumn = started.rewriting ? await started.rewriting : inPlace && addSharedWithColumn(dir, sharedSentences);
      if (!opts.quiet) {
        for (const line of summary) say(line);
        const boiler = sharedCount ?? countSharedSentences(sharedSentences);
        say(
          `${boiler} of ${sharedSentences.length} sentences also occur (near-identically) in another document, in ${passages} shared passages (boilerplate.csv)` +
            (sharedColumn ? '; sentences.csv has them in its shared_with and passage columns' : ''),
        );
        for (const n of notes) say(`note: ${n}`);
        say(`wrote ${[...COMPARE_FILES, ...(trendsWritten ? [COMPARE_TABLES.trends] : [])].join(', ')} → ${out}/`);
      }
      // Said whatever --quiet, as analyze does.
      for (const warning of tooLongForExcel) process.stderr.write(`fazhi: ${warning}\n`);
      if (docs === 0) {
        process.stderr.write(`fazhi: ${dir} has no documents to compare\n`);
        process.exitCode = 1;
      }
    }));
}

function parseK(v: string): number | 'auto' {
  if (v === 'auto') return 'auto';
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be "auto" or a whole number of at least 1');
  return n;
}

function parseUnit(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError('must be a number above 0 and at most 1');
  return n;
}
