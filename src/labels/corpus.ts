/**
 * Labels together with the reports they label: read the label folder, analyse
 * the reports (structure and tokens), and match every label to its sentence.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { analyzeCorpus, BUNDLED_CORPUS } from '../pipeline/analyze.js';
import { tokenizeStage, type Stage } from '../pipeline/stages.js';
import { alignLabels, loadLabels, type AlignedLabels, type LabelCheckOptions, type LabelSet } from './index.js';

export interface LabelledCorpus extends AlignedLabels {
  labels: LabelSet;
  /** The report files or folders that were analysed. */
  reports: string[];
}

/**
 * Where the reports of a label folder are: the `reports` folder next to it
 * (data/labels → data/reports) when there is one, else the bundled corpus.
 */
export function defaultReportsFor(labelsDir: string): string {
  const sibling = join(dirname(resolve(labelsDir)), 'reports');
  return existsSync(sibling) ? sibling : BUNDLED_CORPUS;
}

export interface LabelledCorpusOptions extends LabelCheckOptions {
  /** Report files or folders; default defaultReportsFor(labelsDir). */
  reports?: string[];
  /** Stages run on each report; default: tokenize. */
  stages?: Stage[];
}

/**
 * Async because reading reports may be (Word and PDF readers are); awaiting
 * works whether analyzeCorpus returns its result or a promise of it.
 */
export async function loadLabelledCorpus(labelsDir: string, options: LabelledCorpusOptions = {}): Promise<LabelledCorpus> {
  const labels = loadLabels(labelsDir, options);
  const reports = options.reports && options.reports.length > 0 ? options.reports : [defaultReportsFor(labelsDir)];
  const { docs } = await analyzeCorpus(reports, { stages: options.stages ?? [tokenizeStage()] });
  return { labels, reports, ...alignLabels(labels, docs) };
}
