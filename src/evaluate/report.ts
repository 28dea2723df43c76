/**
 * The shape of `fazhi evaluate` output, shared by every task (function,
 * units, themes, quantities): an evaluator turns the labeled
 * corpus into an EvaluationSection; sections print as text and append to one
 * long-format CSV (task, scope, system, metric, label, predicted, value).
 */
import type { LabeledCorpus } from '../labels/corpus.js';
import type { Cell } from '../output/csv.js';
import type { Scores } from './metrics.js';

export interface EvaluationContext {
  corpus: LabeledCorpus;
  /** Cue folder for the function tagger; default dictionaries/cues/. */
  cues?: string;
  /** Also score slower baseline systems where a task has them (natural's classifiers for function). */
  baselines?: boolean;
  /** Progress messages (to stderr in the CLI). */
  log?: (message: string) => void;
}

export interface SystemResult {
  system: string;
  scores: Scores;
}

/** A metric that is not a per-label classification score (e.g. the share of quantity values read right). */
export interface ExtraMetric {
  system: string;
  metric: string;
  label?: string;
  value: number;
}

export interface EvaluationError {
  doc: string;
  item: string;
  gold: string;
  predicted: string;
  text: string;
}

export interface EvaluationSection {
  task: string;
  title: string;
  /** How the scores were obtained, e.g. leave-one-report-out. */
  scope: string;
  notes: string[];
  results: SystemResult[];
  extra?: ExtraMetric[];
  /** Items the section's main system got wrong, for a researcher to read. */
  errors?: EvaluationError[];
}

export interface Evaluator {
  task: string;
  run(ctx: EvaluationContext): EvaluationSection;
}

export const EVALUATION_COLUMNS = ['task', 'scope', 'system', 'metric', 'label', 'predicted', 'value'] as const;

/** Long-format rows: per-label precision/recall/f1/support, macro_f1, accuracy, n, and the confusion matrix. */
export function evaluationRows(sections: readonly EvaluationSection[]): Array<Record<string, Cell>> {
  const rows: Array<Record<string, Cell>> = [];
  const r4 = (x: number) => Math.round(x * 10000) / 10000;
  for (const s of sections) {
    for (const { system, scores } of s.results) {
      const base = { task: s.task, scope: s.scope, system };
      rows.push({ ...base, metric: 'macro_f1', label: '', predicted: '', value: r4(scores.macroF1) });
      rows.push({ ...base, metric: 'accuracy', label: '', predicted: '', value: r4(scores.accuracy) });
      rows.push({ ...base, metric: 'n', label: '', predicted: '', value: scores.n });
      for (const l of scores.perLabel) {
        rows.push({ ...base, metric: 'precision', label: l.label, predicted: '', value: r4(l.precision) });
        rows.push({ ...base, metric: 'recall', label: l.label, predicted: '', value: r4(l.recall) });
        rows.push({ ...base, metric: 'f1', label: l.label, predicted: '', value: r4(l.f1) });
        rows.push({ ...base, metric: 'support', label: l.label, predicted: '', value: l.support });
      }
      scores.labels.forEach((g, i) =>
        scores.labels.forEach((p, j) => rows.push({ ...base, metric: 'confusion', label: g, predicted: p, value: scores.confusion[i]![j]! })),
      );
    }
    for (const e of s.extra ?? []) rows.push({ task: s.task, scope: s.scope, system: e.system, metric: e.metric, label: e.label ?? '', predicted: '', value: r4(e.value) });
  }
  return rows;
}

const pct = (x: number) => x.toFixed(3);

function pad(s: string, n: number, right = false): string {
  const w = [...s].length;
  return w >= n ? s : right ? ' '.repeat(n - w) + s : s + ' '.repeat(n - w);
}

/** A section as text for the terminal. */
export function formatSection(s: EvaluationSection): string {
  const out: string[] = [];
  out.push(`== ${s.title} [${s.task}, ${s.scope}]`);
  for (const n of s.notes) out.push(`   ${n}`);
  out.push('');
  if (s.results.length > 0) {
    const labels = s.results[0]!.scores.labels;
    const w = Math.max(12, ...labels.map((l) => l.length + 2));
    const sw = Math.max(12, ...s.results.map((r) => r.system.length + 2));
    out.push('Summary (F1 per label)');
    out.push(pad('system', sw) + pad('macro-F1', 10, true) + pad('accuracy', 10, true) + labels.map((l) => pad(l, w, true)).join(''));
    for (const { system, scores } of s.results) {
      out.push(pad(system, sw) + pad(pct(scores.macroF1), 10, true) + pad(pct(scores.accuracy), 10, true) + scores.perLabel.map((l) => pad(pct(l.f1), w, true)).join(''));
    }
    out.push('');
  }
  for (const { system, scores } of s.results) {
    out.push(`-- ${system}: macro-F1 ${pct(scores.macroF1)}, accuracy ${pct(scores.accuracy)} (${scores.n} items)`);
    const w = Math.max(12, ...scores.labels.map((l) => l.length + 2));
    out.push(pad('label', w) + pad('precision', 11, true) + pad('recall', 9, true) + pad('F1', 8, true) + pad('support', 9, true));
    for (const l of scores.perLabel) {
      out.push(pad(l.label, w) + pad(pct(l.precision), 11, true) + pad(pct(l.recall), 9, true) + pad(pct(l.f1), 8, true) + pad(String(l.support), 9, true));
    }
    out.push('confusion (rows gold, columns predicted)');
    const cw = Math.max(...scores.labels.map((l) => l.length)) + 2;
    out.push(pad('', w) + scores.labels.map((l) => pad(l, cw, true)).join(''));
    scores.labels.forEach((g, i) => out.push(pad(g, w) + scores.confusion[i]!.map((c) => pad(String(c), cw, true)).join('')));
    out.push('');
  }
  for (const e of s.extra ?? []) out.push(`${e.system} ${e.metric}${e.label ? ` [${e.label}]` : ''}: ${pct(e.value)}`);
  return out.join('\n');
}
