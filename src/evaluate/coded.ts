/**
 * `fazhi evaluate --coded SHEET…`: the tagger scored on held-out coded
 * sheets. Nothing is trained here: the model given (the one `fazhi train
 * --coded` wrote, or the shipped one) tags each coded sentence, with the
 * rules, the classifier and the two combined, and the theme dictionary of
 * the sheets' analysis codes its themes; both are scored against the sheets.
 */
import { FUNCTIONS } from '../model/document.js';
import type { LabeledDoc } from '../labels/index.js';
import { loadCueLexicon } from '../tag/cues.js';
import { extractDocFeatures } from '../tag/features.js';
import { DEFAULT_MODEL_PATH, loadModel } from '../tag/model.js';
import { ClassifierTagger, CombinedTagger, RuleTagger } from '../tag/tagger.js';
import { matchThemes, type ThemeDictionary } from '../themes/index.js';
import { score, setScores, setScoresByLabel } from './metrics.js';
import { FUNCTION_SYSTEMS, type FunctionSystem } from './function.js';
import type { EvaluationError, EvaluationSection, ExtraMetric } from './report.js';

export interface HeldOutOptions {
  docs: readonly LabeledDoc[];
  dictionary: ThemeDictionary;
  /** Model file; default models/function-model.json. */
  model?: string;
  cues?: string;
  /** Where the labels came from, for the notes. */
  sheets: readonly string[];
}

export function heldOutSections(o: HeldOutOptions): EvaluationSection[] {
  const modelPath = o.model ?? DEFAULT_MODEL_PATH;
  const model = loadModel(modelPath);
  const lexicon = loadCueLexicon(o.cues);
  const taggers = { rules: new RuleTagger(model.rules), classifier: new ClassifierTagger(model), combined: new CombinedTagger(model) };
  const gold: string[] = [];
  const predicted: Record<FunctionSystem, string[]> = { rules: [], classifier: [], combined: [] };
  const goldThemes: Array<Set<string>> = [];
  const predictedThemes: Array<Set<string>> = [];
  const functionErrors: EvaluationError[] = [];
  const themeErrors: EvaluationError[] = [];
  for (const d of o.docs) {
    const features = extractDocFeatures(d.doc, { lexicon });
    for (const { record, unit } of d.labels) {
      const f = features[unit.index]!;
      gold.push(record.function);
      for (const s of FUNCTION_SYSTEMS) predicted[s].push(taggers[s].tag(f).function);
      const item = `${unit.index}`;
      if (predicted.combined.at(-1) !== record.function) {
        functionErrors.push({ doc: d.name, item, gold: record.function, predicted: predicted.combined.at(-1)!, text: unit.text });
      }
      const g = new Set(record.themes);
      const p = new Set(matchThemes(unit.text, unit.tokens ?? [], o.dictionary).themes);
      goldThemes.push(g);
      predictedThemes.push(p);
      if ([...g].some((t) => !p.has(t)) || [...p].some((t) => !g.has(t))) {
        themeErrors.push({ doc: d.name, item, gold: [...g].join(';'), predicted: [...p].join(';'), text: unit.text });
      }
    }
  }
  const docs = o.docs.filter((d) => d.labels.length > 0).length;
  const where = `${gold.length} coded sentences of ${docs} report${docs === 1 ? '' : 's'} in ${o.sheets.join(', ')}`;
  const micro = setScores(goldThemes, predictedThemes);
  const extra: ExtraMetric[] = [
    { system: 'dictionary', metric: 'micro_precision', value: micro.precision },
    { system: 'dictionary', metric: 'micro_recall', value: micro.recall },
    { system: 'dictionary', metric: 'micro_f1', value: micro.f1 },
  ];
  for (const t of setScoresByLabel(goldThemes, predictedThemes)) extra.push({ system: 'dictionary', metric: 'f1', label: t.label, value: t.f1 });
  return [
    {
      task: 'function',
      title: 'Sentence function on held-out coded sheets',
      scope: 'held-out-sheets',
      notes: [
        `${where}, tagged by the model ${modelPath} (trained on ${model.training.sentences} sentences; none of these sheets should be among them).`,
        'rules, classifier and combined as in the cross-validation; the combined tagger is what `fazhi analyze` uses.',
      ],
      results: FUNCTION_SYSTEMS.map((s) => ({ system: s as string, scores: score(FUNCTIONS, gold, predicted[s]) })),
      errors: functionErrors,
    },
    {
      task: 'themes',
      title: 'Themes on held-out coded sheets',
      scope: 'held-out-sheets',
      notes: [
        `${where}; themes by the dictionary the sheets' analysis used.`,
        `micro-F1 over (sentence, theme) pairs: ${micro.f1.toFixed(3)} (precision ${micro.precision.toFixed(3)}, recall ${micro.recall.toFixed(3)}; ${micro.truePositives} of ${micro.support} coded pairs found, ${micro.predicted} predicted).`,
      ],
      results: [],
      extra,
      errors: themeErrors,
    },
  ];
}
