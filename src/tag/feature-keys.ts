/**
 * The classifier's view of a sentence: its features as a sparse list of
 * names (sec=measures, cue=future|sec=plans, w=<word> …), or as the ids a
 * compiled model knows.
 */
import type { CompiledSoftmax } from './classifier.js';
import type { SentenceFeatures } from './features.js';
import { greater, sortSmall } from './sort-small.js';

function lengthBucket(han: number): string {
  if (han <= 6) return 'xs';
  if (han <= 15) return 's';
  if (han <= 40) return 'm';
  if (han <= 90) return 'l';
  return 'xl';
}

/**
 * Every feature of a sentence, as the classifier sees it: `feature` gets each
 * feature name, `word` each word (the feature `w=<word>`, passed bare so a
 * scorer that knows words by themselves need not build the name). Names may
 * repeat. featureKeys and featureIds both read this one list.
 */
export function visitFeatures(f: SentenceFeatures, feature: (key: string) => void, word: (w: string) => void): void {
  feature('bias');
  feature(FEATURE_NAMES.name(f.section, '', secName));
  feature(FEATURE_NAMES.name(f.sectionSource, '', srcName));
  feature(FEATURE_NAMES.name(f.section, f.sectionSource, secSrcName));
  for (const w of f.words) word(w);
  for (const c of f.strong) {
    feature(FEATURE_NAMES.name(c, '', cueName));
    feature(FEATURE_NAMES.name(c, f.section, cueSecName));
  }
  for (const c of f.weakOnly) feature(FEATURE_NAMES.name(c, '', weakName));
  for (const h of f.cues) feature(FEATURE_NAMES.name(h.cls, h.cue, hitName));
  for (const c of f.headingCues) feature(FEATURE_NAMES.name(c, '', headName));
  for (const n of f.numbers) feature(FEATURE_NAMES.name(n.unit, '', unitName));
  if (f.numbers.length > 0) feature('num');
  if (f.hasRate) feature('rate');
  if (f.hasPercent) feature('pct');
  if (f.endsWithColon) feature('colon');
  if (f.afterProblem) feature('after_problem');
  if (f.firstInSection) feature('first_in_section');
  if (f.changeFigure) feature('change_figure');
  if (f.settledEnd) feature('settled_end');
  if (f.preambleBody) feature('preamble_body');
  if (f.problemsPart) feature(f.problemsPart === 'plans' ? 'part=plans' : 'part=problems');
  if (f.laterYear) feature('later_year');
  if (f.boilerplate) feature('boilerplate');
  feature(FEATURE_NAMES.name(lengthBucket(f.hanLength), '', lenName));
}

/**
 * Feature names made once and handed out again: every sentence needs a
 * dozen (sec=measures, cue=future|sec=plans …) from a small set (sections,
 * cue classes, cues, units), and building each anew, then hashing it for the
 * model's lookup, would be a fifth of what tagging allocates. Keyed by the parts
 * and by the function that joins them; bounded by the lexicons.
 */
class FeatureNames {
  private readonly byMaker = new Map<(a: string, b: string) => string, Map<string, Map<string, string>>>();

  name(a: string, b: string, make: (a: string, b: string) => string): string {
    let byA = this.byMaker.get(make);
    if (!byA) this.byMaker.set(make, (byA = new Map()));
    let byB = byA.get(a);
    if (!byB) byA.set(a, (byB = new Map()));
    let name = byB.get(b);
    if (name === undefined) byB.set(b, (name = make(a, b)));
    return name;
  }
}

const FEATURE_NAMES = new FeatureNames();
const secName = (section: string) => `sec=${section}`;
const srcName = (source: string) => `src=${source}`;
const secSrcName = (section: string, source: string) => `sec=${section}|src=${source}`;
const cueName = (cls: string) => `cue=${cls}`;
const cueSecName = (cls: string, section: string) => `cue=${cls}|sec=${section}`;
const weakName = (cls: string) => `weak=${cls}`;
const hitName = (cls: string, cue: string) => `c=${cls}:${cue}`;
const headName = (cls: string) => `head=${cls}`;
const unitName = (unit: string) => `unit=${unit}`;
const lenName = (bucket: string) => `len=${bucket}`;

/**
 * The classifier's view of a sentence: sorted, distinct feature names. Only
 * these are looked up in the model, so scoring a sentence costs time in
 * proportion to its length, whatever the size of the vocabulary.
 */
export function featureKeys(f: SentenceFeatures): string[] {
  const keys = new Set<string>();
  visitFeatures(f, (k) => keys.add(k), (w) => keys.add(`w=${w}`));
  return [...keys].sort();
}

/**
 * The ids of the sentence's features that a compiled model knows, ascending
 * and distinct: featureKeys(f) filtered to the model, as numbers. Ids follow
 * the sorted order of names, so scoring in id order sums in featureKeys order.
 */
export function featureIds(f: SentenceFeatures, model: CompiledSoftmax): number[] {
  const ids: number[] = [];
  visitFeatures(
    f,
    (k) => {
      const id = model.ids.get(k);
      if (id !== undefined) ids.push(id);
    },
    (w) => {
      const id = model.wordIds.get(w);
      if (id !== undefined) ids.push(id);
    },
  );
  sortSmall(ids, greater);
  let n = 0;
  for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[i - 1]) ids[n++] = ids[i]!;
  ids.length = n;
  return ids;
}
