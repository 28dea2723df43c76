/**
 * Labels together with the reports they label: read the label folder, analyze
 * the reports (structure and tokens), and match every label to its sentence.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ReportDoc } from '../model/document.js';
import { analyzeCorpus, BUNDLED_CORPUS } from '../pipeline/analyze.js';
import type { Stage } from '../model/stage.js';
import { tokenizeStage } from '../tokenize/stage.js';
import { defaultThemeDictionary, themeIds } from '../themes/index.js';
import { alignLabels, loadLabels, type AlignedLabels, type AlignOptions, type LabelCheckOptions, type LabelSet } from './index.js';

export interface LabeledCorpus extends AlignedLabels {
  labels: LabelSet;
  /** The report files or folders that were analyzed. */
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

export interface LabeledCorpusOptions extends LabelCheckOptions, AlignOptions {
  /** Report files or folders; default: the folders sources.tsv names, else defaultReportsFor(labelsDir). */
  reports?: string[];
  /** Stages run on each report; default: tokenize. */
  stages?: Stage[];
}

/**
 * The reports a sources table names, analyzed folder by folder under the data
 * folder (the labels folder's parent), each document named by its path
 * relative to that folder as the labels name it (`openings/A/001.txt`).
 */
async function reportsOfSources(labels: LabelSet, stages: Stage[]): Promise<{ reports: string[]; docs: ReportDoc[] }> {
  const root = dirname(resolve(labels.dir));
  const tops = [...new Set(labels.docs.map((d) => d.split('/')[0]!))].sort();
  const docs: ReportDoc[] = [];
  const reports: string[] = [];
  for (const top of tops) {
    const folder = join(root, top);
    if (!existsSync(folder)) continue;
    reports.push(folder);
    const result = await analyzeCorpus(folder, { stages });
    for (const d of result.docs) docs.push({ ...d, file: `${top}/${d.file}` });
  }
  return { reports, docs };
}

/**
 * Async because reading reports may be (Word and PDF readers are); awaiting
 * works whether analyzeCorpus returns its result or a promise of it.
 */
export async function loadLabeledCorpus(labelsDir: string, options: LabeledCorpusOptions = {}): Promise<LabeledCorpus> {
  const labels = loadLabels(labelsDir, { themeIds: options.themeIds ?? new Set(themeIds(defaultThemeDictionary())) });
  const stages = options.stages ?? [tokenizeStage()];
  const align: AlignOptions = { tolerateSplits: options.tolerateSplits };
  if ((!options.reports || options.reports.length === 0) && labels.sources) {
    const { reports, docs } = await reportsOfSources(labels, stages);
    return { labels, reports, ...alignLabels(labels, docs, align) };
  }
  const reports = options.reports && options.reports.length > 0 ? options.reports : [defaultReportsFor(labelsDir)];
  const { docs } = await analyzeCorpus(reports, { stages });
  return { labels, reports, ...alignLabels(labels, docs, align) };
}
