/**
 * The classifier's view of a sentence: its features as a sparse list of
 * names (sec=measures, cue=future|sec=plans, w=<word> …), or as the ids a
 * compiled model knows.
 */
import type { CompiledSoftmax } from './classifier.js';
import type { SentenceFeatures } from './features.js';

function lengthBucket(han: number): string {
  if (han <= 6) return 'xs';
  if (han <= 15) return 's';
  if (han <= 40) return 'm';
  if (han <= 90) return 'l';
  return 'xl';
}

/** The kinds of named features: each joins one or two parts (a section, a cue class …) into a feature name. */
const NAME_MAKERS: ReadonlyArray<(a: string, b: string) => string> = [
  (section: string) => `sec=${section}`,
  (source: string) => `src=${source}`,
  (section: string, source: string) => `sec=${section}|src=${source}`,
  (cls: string) => `cue=${cls}`,
  (cls: string, section: string) => `cue=${cls}|sec=${section}`,
  (cls: string) => `weak=${cls}`,
  (cls: string, cue: string) => `c=${cls}:${cue}`,
  (cls: string) => `head=${cls}`,
  (unit: string) => `unit=${unit}`,
  (bucket: string) => `len=${bucket}`,
];
const enum Kind {
  Sec,
  Src,
  SecSrc,
  Cue,
  CueSec,
  Weak,
  Hit,
  Head,
  Unit,
  Len,
}

/** Where visitFeatures puts a sentence's features. */
interface FeatureSink {
  /** The feature NAME_MAKERS[kind](a, b). */
  named(kind: Kind, a: string, b: string): void;
  /** A feature with a name of its own: bias, num, rate … */
  flag(name: string): void;
  /** The feature `w=<word>`, passed bare so a scorer that knows words by themselves need not build the name. */
  word(w: string): void;
}

/**
 * Every feature of a sentence, as the classifier sees it. Names may repeat.
 * featureKeys and featureIds both read this one list.
 */
function visitFeatures(f: SentenceFeatures, sink: FeatureSink): void {
  sink.flag('bias');
  sink.named(Kind.Sec, f.section, '');
  sink.named(Kind.Src, f.sectionSource, '');
  sink.named(Kind.SecSrc, f.section, f.sectionSource);
  for (const w of f.words) sink.word(w);
  for (const c of f.strong) {
    sink.named(Kind.Cue, c, '');
    sink.named(Kind.CueSec, c, f.section);
  }
  for (const c of f.weakOnly) sink.named(Kind.Weak, c, '');
  for (const h of f.cues) sink.named(Kind.Hit, h.cls, h.cue);
  for (const c of f.headingCues) sink.named(Kind.Head, c, '');
  for (const n of f.numbers) sink.named(Kind.Unit, n.unit, '');
  if (f.numbers.length > 0) sink.flag('num');
  if (f.hasRate) sink.flag('rate');
  if (f.hasPercent) sink.flag('pct');
  if (f.endsWithColon) sink.flag('colon');
  if (f.afterProblem) sink.flag('after_problem');
  if (f.firstInSection) sink.flag('first_in_section');
  if (f.changeFigure) sink.flag('change_figure');
  if (f.settledEnd) sink.flag('settled_end');
  if (f.preambleBody) sink.flag('preamble_body');
  if (f.problemsPart) sink.flag(f.problemsPart === 'plans' ? 'part=plans' : 'part=problems');
  if (f.laterYear) sink.flag('later_year');
  if (f.boilerplate) sink.flag('boilerplate');
  sink.named(Kind.Len, lengthBucket(f.hanLength), '');
}

/**
 * Something looked up once per pair of parts and handed out again: every
 * sentence has a dozen named features (sec=measures, cue=future|sec=plans …)
 * from a small set (sections, cue classes, cues, units), and building each
 * name anew, then hashing it for the model's lookup, would be a fifth of what
 * tagging allocates. Bounded by the lexicons.
 */
class ByParts<T> {
  private readonly byKind = NAME_MAKERS.map(() => new Map<string, Map<string, T>>());

  constructor(private readonly make: (name: string) => T) {}

  get(kind: Kind, a: string, b: string): T {
    const byA = this.byKind[kind]!;
    let byB = byA.get(a);
    if (!byB) byA.set(a, (byB = new Map()));
    let value = byB.get(b);
    if (value === undefined) byB.set(b, (value = this.make(NAME_MAKERS[kind]!(a, b))));
    return value;
  }
}

/** Feature names, made once. */
const FEATURE_NAMES = new ByParts((name) => name);

/** Collects the distinct feature names of a sentence. */
class NameSink implements FeatureSink {
  readonly names = new Set<string>();
  named(kind: Kind, a: string, b: string): void {
    this.names.add(FEATURE_NAMES.get(kind, a, b));
  }
  flag(name: string): void {
    this.names.add(name);
  }
  word(w: string): void {
    this.names.add(`w=${w}`);
  }
}

/**
 * The classifier's view of a sentence: sorted, distinct feature names. Only
 * these are looked up in the model, so scoring a sentence costs time in
 * proportion to its length, whatever the size of the vocabulary.
 */
export function featureKeys(f: SentenceFeatures): string[] {
  const sink = new NameSink();
  visitFeatures(f, sink);
  return [...sink.names].sort();
}

/**
 * Collects the ids a compiled model knows of a sentence's features, each
 * once: an id seen in this sentence is marked with the sentence's stamp, so
 * a repeated word costs no search of the list. One per model, used for one
 * sentence at a time.
 */
class IdSink implements FeatureSink {
  /** Id of a named feature by its parts, -1 when the model does not know it. */
  readonly namedIds: ByParts<number>;
  private readonly seen: Int32Array;
  private stamp = 0;
  ids: number[] = [];

  constructor(private readonly model: CompiledSoftmax) {
    this.namedIds = new ByParts((name) => model.ids.get(name) ?? -1);
    this.seen = new Int32Array(model.names.length);
  }

  start(): void {
    this.ids = [];
    // A stamp that would pass what `seen` holds starts the marks afresh.
    if (this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
  }
  private add(id: number | undefined): void {
    if (id === undefined || id < 0 || this.seen[id] === this.stamp) return;
    this.seen[id] = this.stamp;
    this.ids.push(id);
  }
  named(kind: Kind, a: string, b: string): void {
    this.add(this.namedIds.get(kind, a, b));
  }
  flag(name: string): void {
    this.add(this.model.ids.get(name));
  }
  word(w: string): void {
    this.add(this.model.wordIds.get(w));
  }
}

const idSinks = new WeakMap<CompiledSoftmax, IdSink>();

function idSink(model: CompiledSoftmax): IdSink {
  let sink = idSinks.get(model);
  if (!sink) idSinks.set(model, (sink = new IdSink(model)));
  return sink;
}

/**
 * The ids of the sentence's features that a compiled model knows, ascending
 * and distinct: featureKeys(f) filtered to the model, as numbers. Ids follow
 * the sorted order of names, so scoring in id order sums in featureKeys order.
 */
export function featureIds(f: SentenceFeatures, model: CompiledSoftmax): number[] {
  const sink = idSink(model);
  sink.start();
  visitFeatures(f, sink);
  const ids = sink.ids;
  // Insertion sort: a few dozen distinct ids, and no working copy as Array#sort makes.
  for (let i = 1; i < ids.length; i++) {
    const v = ids[i]!;
    let j = i - 1;
    for (; j >= 0 && ids[j]! > v; j--) ids[j + 1] = ids[j]!;
    ids[j + 1] = v;
  }
  return ids;
}

/** Did the model's training labels have the sentence's section (is `sec=<section>` one of its features)? */
export function knowsSection(f: SentenceFeatures, model: CompiledSoftmax): boolean {
  return idSink(model).namedIds.get(Kind.Sec, f.section, '') >= 0;
}
