/**
 * `fazhi train` and `fazhi evaluate`: retrain the sentence-function model from
 * hand labels, and score every task against them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { LabelError, formatIssue } from '../labels/index.js';
import type { LabelledCorpus } from '../labels/corpus.js';
import { loadCueLexicon, DEFAULT_CUE_DIR } from '../tag/cues.js';
import { labelledSentences } from '../labels/sentences.js';
import { DEFAULT_MODEL_PATH, saveModel } from '../tag/model.js';
import { trainFunctionModel } from '../tag/tagger.js';
import { EVALUATORS, runEvaluation } from '../evaluate/index.js';
import { EVALUATION_COLUMNS, evaluationRows, formatSection } from '../evaluate/report.js';
import { CsvWriter } from '../output/csv.js';

const say = (m: string) => process.stderr.write(`fazhi: ${m}\n`);

function fail(message: string, code = 1): never {
  say(message);
  process.exit(code);
}

/** Load labels and their reports; report label problems and missing documents the way a researcher can act on. */
async function labelledCorpus(labels: string, reports: string[] | undefined): Promise<LabelledCorpus> {
  // Loaded here: it brings the whole analysis pipeline, which other commands load only when they run.
  const { loadLabelledCorpus } = await import('../labels/corpus.js');
  let corpus: LabelledCorpus;
  try {
    corpus = await loadLabelledCorpus(labels, { reports, tolerateSplits: true });
  } catch (e) {
    if (e instanceof LabelError) {
      for (const i of e.issues) process.stderr.write(`${formatIssue(i)}\n`);
      fail(`${e.issues.length} problem${e.issues.length === 1 ? '' : 's'} in the labels in ${labels}; nothing was done`);
    }
    throw e;
  }
  if (corpus.missing.length > 0) {
    say(
      `labels for ${corpus.missing.length} document${corpus.missing.length === 1 ? '' : 's'} not in the corpus (${corpus.reports.join(', ')}), left out: ${corpus.missing.join(', ')}`,
    );
  }
  if (corpus.docs.length === 0) fail(`none of the ${corpus.labels.docs.length} labelled documents is in the corpus ${corpus.reports.join(', ')}; give the reports with --reports`);
  return corpus;
}

export function registerTagCommands(program: Command): void {
  program
    .command('train')
    .description('Train the sentence-function model on hand labels (leave the labels unchanged and the model file comes out byte for byte the same).')
    .requiredOption('--labels <dir>', 'folder of label files (*.jsonl, format in data/labels/README.md)')
    .option('--reports <paths...>', 'report files or folders the labels refer to; default: the reports folder next to the labels folder, else the bundled sample')
    .option('-o, --out <file>', 'model file to write', DEFAULT_MODEL_PATH)
    .option('--cues <dir>', 'cue lexicon folder', DEFAULT_CUE_DIR)
    .action(async (opts: { labels: string; reports?: string[]; out: string; cues: string }) => {
      try {
        const corpus = await labelledCorpus(opts.labels, opts.reports);
        const lexicon = loadCueLexicon(opts.cues);
        const sentences = labelledSentences(corpus.docs, lexicon);
        const model = trainFunctionModel(sentences, { cues: lexicon.digest });
        saveModel(model, opts.out);
        const digest = createHash('sha256').update(readFileSync(opts.out)).digest('hex').slice(0, 16);
        const counts = Object.entries(model.training.counts).map(([k, v]) => `${k} ${v}`).join(', ');
        say(`trained on ${sentences.length} sentences of ${corpus.docs.length} reports (${counts}); ${model.classifier.weights.size} features`);
        say(`wrote ${opts.out} (sha256 ${digest}…)`);
      } catch (e) {
        fail((e as Error).message);
      }
    });

  program
    .command('evaluate')
    .description(
      'Score the toolkit against hand labels by leave-one-report-out cross-validation: per-label precision, recall and F1, macro-F1, accuracy and the confusion matrix, ' +
        'for the rules, the classifier and the two combined.',
    )
    .requiredOption('--labels <dir>', 'folder of label files (*.jsonl)')
    .option('--reports <paths...>', 'report files or folders the labels refer to; default: the reports folder next to the labels folder, else the bundled sample')
    .option('-o, --out <file.csv>', 'CSV of every score (long format: task, scope, system, metric, label, predicted, value)', 'out/evaluation.csv')
    .option('--errors <file.csv>', 'also write the sentences the combined tagger got wrong')
    .option('--task <names...>', `tasks to score (${EVALUATORS.map((e) => e.task).join(', ')}); default: all`)
    .option('--baselines', "also score natural's Bayes and logistic-regression classifiers on the same folds (slow: minutes)")
    .option('--cues <dir>', 'cue lexicon folder', DEFAULT_CUE_DIR)
    .action(async (opts: { labels: string; reports?: string[]; out: string; errors?: string; task?: string[]; baselines?: boolean; cues: string }) => {
      try {
        const corpus = await labelledCorpus(opts.labels, opts.reports);
        const sections = runEvaluation({ corpus, cues: opts.cues, baselines: opts.baselines, log: say }, opts.task);
        process.stdout.write(sections.map(formatSection).join('\n') + '\n');
        mkdirSync(dirname(opts.out), { recursive: true });
        const w = new CsvWriter(opts.out, EVALUATION_COLUMNS);
        w.write(evaluationRows(sections));
        w.close();
        say(`wrote ${opts.out}`);
        if (opts.errors) {
          mkdirSync(dirname(opts.errors), { recursive: true });
          const cols = ['task', 'doc', 'item', 'gold', 'predicted', 'text'] as const;
          const e = new CsvWriter(opts.errors, cols);
          for (const s of sections) e.write((s.errors ?? []).map((x) => ({ task: s.task, ...x })));
          e.close();
          say(`wrote ${opts.errors}`);
        }
      } catch (e) {
        fail((e as Error).message);
      }
    });
}
