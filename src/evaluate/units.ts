/**
 * The `units` section of `fazhi evaluate`: how far the toolkit's sentences are
 * the labeled ones (annotation guide §2). Labels made by reading the guide's
 * unit rules, not by labeling the toolkit's units, show where structure cuts
 * differently: a sentence split or merged, a numbered item made a heading, a
 * sentence removed as chrome.
 */
import { groupOf } from './function.js';
import type { EvaluationContext, EvaluationSection, Evaluator, ExtraMetric } from './report.js';

export const unitsEvaluator: Evaluator = {
  task: 'units',
  run(ctx: EvaluationContext): EvaluationSection {
    const tally = new Map<string, { labeled: number; exact: number; covered: number; missed: number }>();
    const errors: NonNullable<EvaluationSection['errors']> = [];
    const add = (group: string) => {
      let t = tally.get(group);
      if (!t) tally.set(group, (t = { labeled: 0, exact: 0, covered: 0, missed: 0 }));
      return t;
    };
    for (const d of ctx.corpus.docs) {
      const t = add(groupOf(ctx, d.name));
      const all = add('all');
      for (const l of d.labels) {
        for (const x of [t, all]) {
          x.labeled++;
          if (l.exact) x.exact++;
          else x.covered++;
        }
        if (!l.exact) errors.push({ doc: d.name, item: `${l.record.start}-${l.record.end}`, gold: 'sentence', predicted: `cut as ${l.unit.start}-${l.unit.end}`, text: l.record.text });
      }
      for (const r of d.unmatched) {
        for (const x of [t, all]) {
          x.labeled++;
          x.missed++;
        }
        const at = d.doc.units.find((u) => u.start === r.start && u.end === r.end);
        errors.push({ doc: d.name, item: `${r.start}-${r.end}`, gold: 'sentence', predicted: at ? at.kind : 'no unit', text: r.text });
      }
    }
    const extra: ExtraMetric[] = [];
    const notes: string[] = [];
    for (const [group, t] of [...tally].sort(([a], [b]) => (a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b)))) {
      const share = t.labeled ? t.exact / t.labeled : 1;
      extra.push({ system: 'structure', metric: 'exact_share', label: group, value: share });
      extra.push({ system: 'structure', metric: 'missed', label: group, value: t.missed });
      notes.push(
        `${group}: ${t.labeled} labeled sentences, ${t.exact} cut exactly (${(100 * share).toFixed(1)} %), ${t.covered} cut differently, ${t.missed} not a sentence of the toolkit (a heading, chrome or split into pieces).`,
      );
    }
    return { task: 'units', title: 'Sentence units (annotation guide §2)', scope: 'all-labelled-sentences', notes, results: [], extra, errors };
  },
};
