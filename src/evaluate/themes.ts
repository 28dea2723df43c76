/**
 * The `themes` section of `fazhi evaluate`: the shipped theme dictionary
 * against the hand labels (annotation guide §4). Nothing is trained, so every
 * labeled sentence is a test item; the score is micro-averaged over
 * (sentence, theme) pairs, sub-themes and their parents alike.
 */
import { defaultThemeDictionary, matchThemes } from '../themes/index.js';
import type { EvaluationContext, EvaluationError, EvaluationSection, Evaluator, ExtraMetric } from './report.js';
import { setScores, setScoresByLabel } from './metrics.js';
import { groupOf } from './function.js';

export const themesEvaluator: Evaluator = {
  task: 'themes',
  run(ctx: EvaluationContext): EvaluationSection {
    const dict = defaultThemeDictionary();
    const topLevel = dict.categories.filter((c) => c.parent === null).map((c) => c.id);
    const gold: Array<Set<string>> = [];
    const predicted: Array<Set<string>> = [];
    const errors: EvaluationError[] = [];
    const groups: string[] = [];
    for (const d of ctx.corpus.docs) {
      const group = groupOf(ctx, d.name);
      for (const { record, unit } of d.labels) {
        const g = new Set(record.themes);
        const p = new Set(matchThemes(unit.text, unit.tokens ?? [], dict).themes);
        gold.push(g);
        predicted.push(p);
        groups.push(group);
        const missed = [...g].filter((t) => !p.has(t));
        const extra = [...p].filter((t) => !g.has(t));
        if (missed.length || extra.length) {
          errors.push({ doc: d.name, item: `${unit.start}-${unit.end}`, gold: [...g].join(';'), predicted: [...p].join(';'), text: unit.text });
        }
      }
    }
    const micro = setScores(gold, predicted);
    const extra: ExtraMetric[] = [
      { system: 'dictionary', metric: 'micro_precision', value: micro.precision },
      { system: 'dictionary', metric: 'micro_recall', value: micro.recall },
      { system: 'dictionary', metric: 'micro_f1', value: micro.f1 },
    ];
    const groupNotes: string[] = [];
    if (ctx.corpus.labels.sources) {
      for (const group of [...new Set(groups)].sort()) {
        const pick = <T>(xs: T[]) => xs.filter((_, i) => groups[i] === group);
        const m = setScores(pick(gold), pick(predicted));
        extra.push({ system: `dictionary [${group}]`, metric: 'micro_f1', value: m.f1 });
        groupNotes.push(`${group}: micro-F1 ${m.f1.toFixed(3)} (precision ${m.precision.toFixed(3)}, recall ${m.recall.toFixed(3)}) on ${pick(gold).length} sentences.`);
      }
    }
    for (const t of setScoresByLabel(gold, predicted)) extra.push({ system: 'dictionary', metric: 'f1', label: t.label, value: t.f1 });
    const occurring = topLevel.filter((t) => gold.some((g) => g.has(t)));
    const found = occurring.filter((t) => gold.some((g, i) => g.has(t) && predicted[i]!.has(t)));
    extra.push({ system: 'dictionary', metric: 'top_level_themes_found', value: occurring.length ? found.length / occurring.length : 1 });
    return {
      task: 'themes',
      title: 'Themes and sub-themes (annotation guide §4)',
      scope: 'all-labelled-sentences',
      notes: [
        `${gold.length} labeled sentences; the shipped dictionary (dictionaries/themes.yml) is not trained, so every sentence is a test item.`,
        `micro-F1 over (sentence, theme) pairs: ${micro.f1.toFixed(3)} (precision ${micro.precision.toFixed(3)}, recall ${micro.recall.toFixed(3)}; ${micro.truePositives} of ${micro.support} gold pairs found, ${micro.predicted} predicted).`,
        ...groupNotes,
        `top-level themes that occur in the labels and are found at least once: ${found.length} of ${occurring.length}${occurring.length > found.length ? ` (never found: ${occurring.filter((t) => !found.includes(t)).join(', ')})` : ''}.`,
      ],
      results: [],
      extra,
      errors,
    };
  },
};
