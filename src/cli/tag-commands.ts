/**
 * `fazhi train` and `fazhi evaluate`: retrain the sentence-function model from
 * hand labels, and score every task against them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { LabelError, formatIssue, type LabeledDoc } from '../labels/index.js';
import type { CodedLabels } from '../labels/coded.js';
import type { LabeledCorpus } from '../labels/corpus.js';
import { loadCueLexicon, DEFAULT_CUE_DIR } from '../tag/cues.js';
import { labeledSentences } from '../labels/sentences.js';
import { DEFAULT_MODEL_PATH, saveModel } from '../tag/model.js';
import { trainFunctionModel } from '../tag/tagger.js';
import { EVALUATORS, runEvaluation, type EvaluationSection } from '../evaluate/index.js';
import { EVALUATION_COLUMNS, evaluationRows, formatSection } from '../evaluate/report.js';
import { CsvWriter } from '../output/csv.js';
import { argumentError, exitOnUserError } from './exit.js';

const say = (m: string) => process.stderr.write(`fazhi: ${m}\n`);


/** Load labels and their reports; report label problems and missing documents the way a researcher can act on. */
async function labeledCorpus(labels: string, reports: string[] | undefined): Promise<LabeledCorpus> {
  // Loaded here: it brings the whole analysis pipeline, which other commands load only when they run.
  const { loadLabeledCorpus } = await import('../labels/corpus.js');
  let corpus: LabeledCorpus;
  try {
    corpus = await loadLabeledCorpus(labels, { reports, tolerateSplits: true });
  } catch (e) {
    if (e instanceof LabelError) {
      for (const i of e.issues) process.stderr.write(`${formatIssue(i)}\n`);
      argumentError(`${e.issues.length} problem${e.issues.length === 1 ? '' : 's'} in the labels in ${labels}; nothing was done`);
    }
    throw e;
  }
  if (corpus.missing.length > 0) {
    say(
      `labels for ${corpus.missing.length} document${corpus.missing.length === 1 ? '' : 's'} not in the corpus (${corpus.reports.join(', ')}), left out: ${corpus.missing.join(', ')}`,
    );
  }
  if (corpus.docs.length === 0) argumentError(`none of the ${corpus.labels.docs.length} labeled documents is in the corpus ${corpus.reports.join(', ')}; give the reports with --reports`);
  return corpus;
}

/** Coded sheets as labels; a sheet's mistake (an unknown code, a row that is not its sentence) exits 2 naming the sheet and row. */
async function codedLabels(sheets: string[], analysis: string | undefined): Promise<CodedLabels> {
  // Loaded here, as labeledCorpus is: it brings the analysis pipeline.
  const { loadCodedSheets, CodedSheetError } = await import('../labels/coded.js');
  try {
    const coded = await loadCodedSheets(sheets, { analysis });
    if (coded.coded === 0) argumentError(`no coded row in ${sheets.join(', ')} (every function cell is blank)`);
    return coded;
  } catch (e) {
    if (e instanceof CodedSheetError || e instanceof LabelError) argumentError(e.message);
    throw e;
  }
}

export function registerTagCommands(program: Command): void {
  program
    .command('train')
    .description(
      'Train the sentence-function model on hand labels and/or coded sheets (leave them unchanged and the model file comes out byte for byte the same). ' +
        'A sentence coded in a sheet takes the sheet\'s code instead of its label: corrections retrain the tagger.',
    )
    .option('--labels <dir>', 'folder of label files (*.jsonl, format in data/labels/README.md)')
    .option('--coded <sheets...>', 'coding sheets (CSV with doc_id, unit_index, text, function, themes; docs/codebook.md §8) whose coded rows are added to the labels')
    .option('--analysis <dir>', 'the analysis folder the coded sheets were drawn from (default: the sheet\'s analysis column, else the folder the sheet is in)')
    .option('--reports <paths...>', 'report files or folders the labels refer to; default: the reports folder next to the labels folder, else the bundled sample')
    .option('-o, --out <file>', 'model file to write', DEFAULT_MODEL_PATH)
    .option('--cues <dir>', 'cue lexicon folder', DEFAULT_CUE_DIR)
    .action(exitOnUserError(async (opts: { labels?: string; coded?: string[]; analysis?: string; reports?: string[]; out: string; cues: string }) => {
      if (!opts.labels && !opts.coded) argumentError('give --labels DIR, --coded SHEET…, or both');
      if (!existsSync(opts.cues)) argumentError(`--cues: folder not found: ${opts.cues}`);
      let docs: LabeledDoc[] = opts.labels ? (await labeledCorpus(opts.labels, opts.reports)).docs : [];
      let extra = '';
      if (opts.coded) {
        const coded = await codedLabels(opts.coded, opts.analysis);
        const { withCorrections } = await import('../labels/coded.js');
        const merged = withCorrections(docs, coded.docs);
        docs = merged.docs;
        extra = `; ${coded.coded} coded rows from ${opts.coded.length} sheet${opts.coded.length === 1 ? '' : 's'}${merged.replaced ? ` (replacing ${merged.replaced} labels)` : ''}`;
      }
      const lexicon = loadCueLexicon(opts.cues);
      const sentences = labeledSentences(docs, lexicon);
      const model = trainFunctionModel(sentences, { cues: lexicon.digest });
      saveModel(model, opts.out);
      const digest = createHash('sha256').update(readFileSync(opts.out)).digest('hex').slice(0, 16);
      const counts = Object.entries(model.training.counts).map(([k, v]) => `${k} ${v}`).join(', ');
      say(`trained on ${sentences.length} sentences of ${new Set(docs.map((d) => d.doc.text)).size} reports (${counts})${extra}; ${model.classifier.weights.size} features`);
      say(`wrote ${opts.out} (sha256 ${digest}…)`);
    }));

  program
    .command('evaluate')
    .description(
      'Score the toolkit against hand labels by leave-one-report-out cross-validation: per-label precision, recall and F1, macro-F1, accuracy and the confusion matrix, ' +
        'for the rules, the classifier and the two combined.',
    )
    .option('--labels <dir>', 'folder of label files (*.jsonl)')
    .option('--coded <sheets...>', 'held-out coding sheets: score the model (--model) and the analysis\' theme dictionary on their coded rows, without cross-validation')
    .option('--analysis <dir>', 'the analysis folder the coded sheets were drawn from (default: the sheet\'s analysis column, else the folder the sheet is in)')
    .option('--model <file>', 'with --coded: the model to score, e.g. one `fazhi train --coded` wrote', DEFAULT_MODEL_PATH)
    .option('--reports <paths...>', 'report files or folders the labels refer to; default: the reports folder next to the labels folder, else the bundled sample')
    .option('-o, --out <file.csv>', 'CSV of every score (long format: task, scope, system, metric, label, predicted, value)', 'out/evaluation.csv')
    .option('--errors <file.csv>', 'also write the sentences the combined tagger got wrong')
    .option('--task <names...>', `tasks to score (${EVALUATORS.map((e) => e.task).join(', ')}); default: all`)
    .option('--baselines', "also score natural's Bayes and logistic-regression classifiers on the same folds (slow: minutes)")
    .option('--cues <dir>', 'cue lexicon folder', DEFAULT_CUE_DIR)
    .action(exitOnUserError(async (opts: { labels?: string; coded?: string[]; analysis?: string; model: string; reports?: string[]; out: string; errors?: string; task?: string[]; baselines?: boolean; cues: string }) => {
      if (!opts.labels && !opts.coded) argumentError('give --labels DIR, --coded SHEET…, or both');
      if (!existsSync(opts.cues)) argumentError(`--cues: folder not found: ${opts.cues}`);
      const sections: EvaluationSection[] = [];
      if (opts.labels) {
        const corpus = await labeledCorpus(opts.labels, opts.reports);
        sections.push(...runEvaluation({ corpus, cues: opts.cues, baselines: opts.baselines, log: say }, opts.task));
      }
      if (opts.coded) {
        const coded = await codedLabels(opts.coded, opts.analysis);
        const { heldOutSections } = await import('../evaluate/coded.js');
        const held = heldOutSections({ docs: coded.docs, dictionary: coded.dictionary, model: opts.model, cues: opts.cues, sheets: opts.coded });
        sections.push(...held.filter((s) => !opts.task || opts.task.includes(s.task)));
      }
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
    }));
}
