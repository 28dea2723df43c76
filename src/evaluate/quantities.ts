/**
 * The `quantities` section of `fazhi evaluate`: extracted quantities against
 * the hand labels (annotation guide §5), matched per sentence on value and
 * unit (a multiset, so two "100%" in one sentence count twice). approx and
 * subject are reported separately on the matched pairs.
 */
import { extractQuantities } from '../quantities/index.js';
import type { EvaluationContext, EvaluationError, EvaluationSection, Evaluator } from './report.js';
import { prf } from './metrics.js';

const key = (value: number, unit: string) => `${Math.round(value * 1e6) / 1e6}|${unit}`;

export const quantitiesEvaluator: Evaluator = {
  task: 'quantities',
  run(ctx: EvaluationContext): EvaluationSection {
    let tp = 0;
    let nPred = 0;
    let nGold = 0;
    let approxRight = 0;
    let subjectRight = 0;
    const errors: EvaluationError[] = [];
    for (const d of ctx.corpus.docs) {
      for (const { record, unit } of d.labels) {
        const predicted = extractQuantities(unit.text, unit.start);
        const gold = [...record.quantities];
        nGold += gold.length;
        nPred += predicted.length;
        const unmatched: string[] = [];
        for (const p of predicted) {
          const i = gold.findIndex((g) => key(g.value, g.unit) === key(p.value, p.unit));
          if (i < 0) {
            unmatched.push(`${p.raw}=${key(p.value, p.unit)}`);
            continue;
          }
          tp++;
          if (gold[i]!.approx === p.approx) approxRight++;
          if (gold[i]!.subject && p.subject && (gold[i]!.subject.includes(p.subject) || p.subject.includes(gold[i]!.subject))) subjectRight++;
          gold.splice(i, 1);
        }
        if (unmatched.length || gold.length) {
          errors.push({
            doc: d.name,
            item: `${unit.start}-${unit.end}`,
            gold: gold.map((g) => `${g.raw}=${key(g.value, g.unit)}`).join('; '),
            predicted: unmatched.join('; '),
            text: unit.text,
          });
        }
      }
    }
    const s = prf(tp, nPred, nGold);
    return {
      task: 'quantities',
      title: 'Quantities: value and unit (annotation guide §5)',
      scope: 'all-labelled-sentences',
      notes: [
        `${nGold} hand-labeled quantities, ${nPred} extracted, ${tp} matched on value+unit: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}, F1 ${s.f1.toFixed(3)}.`,
        `on matched pairs: approx agrees ${tp ? ((100 * approxRight) / tp).toFixed(1) : '0'}%, subject overlaps the labeled subject ${tp ? ((100 * subjectRight) / tp).toFixed(1) : '0'}%.`,
        'errors list unmatched gold quantities (gold) and extracted ones with no gold match (predicted).',
      ],
      results: [],
      extra: [
        { system: 'extractor', metric: 'precision', value: s.precision },
        { system: 'extractor', metric: 'recall', value: s.recall },
        { system: 'extractor', metric: 'f1', value: s.f1 },
        { system: 'extractor', metric: 'approx_agreement', value: tp ? approxRight / tp : 0 },
        { system: 'extractor', metric: 'subject_overlap', value: tp ? subjectRight / tp : 0 },
      ],
      errors,
    };
  },
};
