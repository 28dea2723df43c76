/**
 * What the function taggers know about a sentence: its canonical section and
 * heading path, the cues it contains (dictionaries/cues/), numbers with their
 * units, rates, its tokens, and a little context (is it in a paragraph that
 * has just admitted a problem?). The rule tagger reads these fields; the
 * classifier reads `featureKeys()`, a sparse list of feature names.
 */
import type { ReportDoc, Section, Unit, UnitKind } from '../model/document.js';
import { normalizeForMatch, countHan } from '../text/normalize.js';
import { numberedLine } from '../structure/segment.js';
import { sectionsNamedBy } from '../structure/sections.js';
import { cut, isPunctuationToken, type Tokenizer } from '../tokenize/tokenizer.js';
import { matchCues, type CueHit, type CueLexicon } from './cues.js';
import { greater, sortSmall } from './sort-small.js';
import type { CompiledSoftmax } from './classifier.js';

export interface NumberMention {
  raw: string;
  /** Arabic figures only; null for Chinese numerals. */
  value: number | null;
  unit: string;
  /** Offset in the sentence. */
  at: number;
}

/**
 * How the section was decided: a heading on the unit's path names it
 * (`heading`), it is the text before the first or after the last heading
 * (`position`), or nothing named it and the structure stage carried a body
 * section over (`default`: a report without section headings).
 */
export type SectionSource = 'heading' | 'position' | 'default';

export interface SentenceFeatures {
  index: number;
  kind: UnitKind;
  section: Section;
  sectionSource: SectionSource;
  headingPath: string[];
  /** Classes of the strong cues in the nearest enclosing heading. */
  headingCues: string[];
  text: string;
  /** The text after width normalisation, which cues are matched against. */
  norm: string;
  tokens: string[];
  /** Tokens without punctuation, lower-cased. */
  words: string[];
  cues: CueHit[];
  /** Classes with at least one strong cue, sorted. */
  strong: string[];
  /** Classes with weak cues only, sorted. */
  weakOnly: string[];
  numbers: NumberMention[];
  /** A rate or share stated with a figure: 通过率100%, 满意度达100%, 占比30%. */
  hasRate: boolean;
  hasPercent: boolean;
  /** Ends with a colon: it introduces what follows. */
  endsWithColon: boolean;
  /** An earlier sentence of the same paragraph introduces a list of problems (a problem_intro cue, or a problem cue with a list introduction). */
  afterProblem: boolean;
  firstInSection: boolean;
  /** A change verb followed by a figure (增长6.6%, 下降5个百分点): a result stated without a rate. */
  changeFigure: boolean;
  /** The last clause ends with a state-change predicate after its subject ("…排放量继续下降。"): a result reached. */
  settledEnd: boolean;
  /**
   * A preamble sentence that is report body: the text started mid-report (no
   * title, salutation or framing before it), or it follows the framing
   * sentence that hands over to the report ("现将…报告如下:") with no heading found.
   */
  preambleBody: boolean;
  /**
   * Where problems are listed — a merged problems-and-plans section ("存在的主要问题及改进情况"),
   * a shortcomings section, or a paragraph after "…清醒看到…困难和挑战" — which part the unit
   * is in: the problems, or the answer to them, by a sub-heading that names the remedy or by an
   * earlier sentence that turned to it ("对此,…", "下一步,我们将…"). `plans` also after a
   * frame that opens a list ("…考虑从以下几个方面进一步改进:"). Null elsewhere.
   */
  problemsPart: 'problems' | 'plans' | null;
  /** The sentence names a year after the report's year ("2011年,我街…要进一步加强…" in a report on 2010). */
  laterYear: boolean;
  /** Salutation, date, signature or contact line. */
  boilerplate: boolean;
  hanLength: number;
}

const UNITS =
  '万亿元|亿元|万元|千元|元|人次|户次|件次|场次|台次|余人|平方米|平方公里|公里|千米|米|亩|吨|%|个|名|位|次|场|件|份|人|户|家|项|条|起|期|批|单|处|所|台|套|辆|篇|本|册|张|幅|块|天|小时|年|月|倍|万人|万份|万条|万件|万次';
const NUMBER = new RegExp(
  `(\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千万亿]{1,8})\\s*(余|多|近|约)?\\s*(${UNITS})`,
  'gu',
);
const YEAR = /^\d{4}$/;
const PERCENT = /(\d+(?:\.\d+)?)\s*%|百分之[零〇一二三四五六七八九十百点]+/gu;
/** A rate word shortly before a figure: 通过率100%, 满意度达100%, 占比30%. */
const RATE_BEFORE = /(率|度|占比|比例|比重)[^,;。:!?]{0,8}$/u;

/**
 * Does the sentence's last clause end with a state-change predicate (class
 * `settled`) that has a subject before it in the clause? Trailing punctuation
 * and closing quotes are ignored.
 */
function endsSettled(norm: string, cues: readonly CueHit[]): boolean {
  const body = norm.replace(TRAILING, '');
  let clauseStart = body.length;
  while (clauseStart > 0 && !CLAUSE_END.test(body[clauseStart - 1]!)) clauseStart--;
  for (const h of cues) {
    if (h.cls !== 'settled' || h.at + h.cue.length !== body.length) continue;
    if (h.at - clauseStart >= SUBJECT_MIN) return true;
  }
  return false;
}
const TRAILING = /[\s。.!?;！？；”"’'」』)）]+$/u;
const CLAUSE_END = /[,;:。!?，；：！？]/u;
/** Characters a subject needs before the predicate ("能力持续提升"); fewer is a verb at the clause start. */
const SUBJECT_MIN = 2;

/** What follows a change verb when it states a figure: (了|到|达|近|约|超过) 6.6%, 百分之二十三, 5个百分点, 1.5倍, 三成. */
const CHANGE_FIGURE = /^(?:了|到|至|达|近|约|超过|逾){0,2}(?:\d+(?:\.\d+)?\s*(?:%|倍|个百分点|成)|百分之|[一二两三四五六七八九十]+(?:倍|个百分点|成))/u;

/** An addressee line: 区政府:, 各位代表:, 县委依法治县办: */
const SALUTATION = /^[\u4e00-\u9fff、]{0,12}(政府|人大|常委会|委员会|代表|委员|局|办|办公室|党委|县委|区委|市委|领导|同志们?)\s*:$/u;
const DATE_ONLY = /^\s*(\d{4}年\d{1,2}月(\d{1,2}日)?|\d{4}[-/.]\d{1,2}([-/.]\d{1,2})?)\s*$/u;
const CONTACT = /^(撰稿人?|拟稿人?|联系人|联系电话|联系方式|抄送|抄报|审核人?|签发人?|附件)\s*:/u;

export interface FeatureOptions {
  lexicon: CueLexicon;
  /** Cuts headings, and units the tokenize stage has not cut; default: the shared tokenizer (cut). */
  tokenizer?: Tokenizer;
}

/** Features of every unit of a document, indexed like doc.units. */
export function extractDocFeatures(doc: ReportDoc, options: FeatureOptions): SentenceFeatures[] {
  const out: SentenceFeatures[] = [];
  forEachUnitFeatures(doc, options, (f) => out.push(f));
  return out;
}

/**
 * What the features of a unit read of the units before it: where a document
 * is walked in windows of units, the walk of one window goes on from here.
 */
export interface FeatureWalk {
  prev: Unit | undefined;
  paragraphHasProblem: boolean;
  /** The preamble: has the report opened (a title, a salutation, framing or guidance)? has it handed over to the body? */
  opened: boolean;
  handedOver: boolean;
  /** A merged problems-and-plans section: its heading, and whether its plan part has begun (there, or after problems listed elsewhere). */
  mergedHeading: string | null;
  planPart: boolean;
  planDepth: number;
}

/** The walk at a document's first unit. */
export function startFeatureWalk(): FeatureWalk {
  return { prev: undefined, paragraphHasProblem: false, opened: false, handedOver: false, mergedHeading: null, planPart: false, planDepth: 0 };
}

/**
 * The features of each unit in turn, for a caller that needs one at a time:
 * the tagger drops each as soon as the unit is tagged, instead of holding a
 * whole document's features (and the garbage collector's work on them).
 * `walk` is where the units before `doc.units` left off, and is left where they end.
 */
export function forEachUnitFeatures(doc: ReportDoc, options: FeatureOptions, visit: (f: SentenceFeatures, unit: Unit) => void, walk: FeatureWalk = startFeatureWalk()): void {
  let { paragraphHasProblem, prev, opened, handedOver, mergedHeading, planPart, planDepth } = walk;
  const cache = featureCache(options);
  const reportYear = doc.meta.report_year;
  for (const unit of doc.units) {
    const newParagraph = !prev || lineBreakBetween(doc.text, prev.end, unit.start) || unit.kind === 'heading';
    if (newParagraph) paragraphHasProblem = false;
    const f = extractUnitFeatures(unit, options, cache);
    f.afterProblem = unit.kind === 'sentence' && paragraphHasProblem;
    f.firstInSection = !prev || prev.section !== unit.section;

    if (unit.section === 'preamble') {
      const framing = f.strong.includes('framing') || f.strong.includes('guidance') || f.boilerplate;
      // A line that does not end as a sentence ends (a title, a name, page chrome) is no body
      // text; short lines neither. A title (a line naming the report) opens the report.
      const line = !SENTENCE_END.test(unit.text);
      f.preambleBody = unit.kind === 'sentence' && !framing && !line && f.hanLength >= BODY_MIN_HAN && (handedOver || !opened);
      if (unit.kind === 'heading' || framing || (line && TITLE_WORD.test(f.norm))) opened = true;
      if (f.strong.includes('framing') && hasCueOf(f, 'transition')) handedOver = true;
    }

    f.laterYear = reportYear !== null && mentionsLaterYear(f.norm, reportYear);
    const merged = mergedSectionHeading(unit, options.lexicon, cache);
    // The plan part ends with the section, or at a heading above the sentence that opened it.
    if (merged !== mergedHeading || f.firstInSection || (merged === null && unit.kind === 'heading' && unit.headingPath.length < planDepth)) {
      mergedHeading = merged;
      planPart = false;
    }
    const turnsToRemedy = unit.kind === 'sentence' && !f.strong.includes('problem') && (f.strong.includes('future') || f.strong.includes('response') || (f.laterYear && (hasCueOf(f, 'future') || hasCueOf(f, 'obligation'))));
    if (merged !== null) {
      const sub = subHeadingPart(unit, merged, options.lexicon, cache);
      if (sub !== null) planPart = sub === 'plans';
      f.problemsPart = planPart ? 'plans' : 'problems';
      if (sub === null && turnsToRemedy) planPart = true;
    } else if (unit.section !== 'plans') {
      const amongProblems = planPart || f.afterProblem || unit.section === 'shortcomings';
      if (amongProblems) f.problemsPart = planPart ? 'plans' : 'problems';
      // A list of plans is opened by the answer to problems, or by a frame ending in a colon
      // ("…考虑从以下几个方面进一步改进:", "下一步,我镇将…重点做好以下工作:").
      const opensPlans = unit.kind === 'sentence' && f.strong.includes('future') && f.endsWithColon && !f.strong.includes('problem');
      if ((amongProblems && turnsToRemedy) || opensPlans) {
        planPart = true;
        planDepth = unit.headingPath.length;
      }
    }

    // Only a sentence that introduces problems opens a list of them: "清醒看到…困难和挑战。",
    // or an admission that announces a list ("…还有差距,主要表现在:"). A table of contents
    // that names a section of problems (framing) opens nothing.
    const introduces = f.strong.includes('problem_intro') || (f.strong.includes('problem') && (f.endsWithColon || hasCueOf(f, 'transition')));
    if (unit.kind === 'sentence' && unit.section !== 'plans' && introduces && !f.strong.includes('future') && !f.strong.includes('framing')) paragraphHasProblem = true;
    visit(f, unit);
    prev = unit;
  }
  Object.assign(walk, { paragraphHasProblem, prev, opened, handedOver, mergedHeading, planPart, planDepth });
}

/** How a sentence of report text ends (a unit cut at a line break without one is a title, a name or chrome). */
const SENTENCE_END = /[。!?;！？；]\s*$/u;
/** A line that names the report: its title. */
const TITLE_WORD = /报告|总结|年报/u;

/** A year (2011年) later than the report's own, not as part of a date of the year after (2024年1月 in a report on 2023 tells what was done before publication). */
function mentionsLaterYear(norm: string, reportYear: number): boolean {
  YEAR_MENTION.lastIndex = 0;
  for (let m = YEAR_MENTION.exec(norm); m; m = YEAR_MENTION.exec(norm)) if (Number(m[1]) > reportYear) return true;
  return false;
}
const YEAR_MENTION = /(?<!\d)(\d{4})年(?!\d{1,2}月|底|末|初)/gu;

/** Fewer Han characters than this and a preamble line is a name, a date or chrome, not body text. */
const BODY_MIN_HAN = 4;

/**
 * The heading on the unit's path that names problems and also the remedy or
 * the plan ("五、存在的主要问题及改进情况"); null when there is none.
 */
function mergedSectionHeading(unit: Unit, lexicon: CueLexicon, cache: FeatureCache): string | null {
  // The structure stage may give a sub-heading that names the remedy ("(二)解决办法和改进措施") a
  // section of its own (measures); it is still part of the merged section above it.
  if (unit.section === 'plans' || unit.section === 'preamble' || unit.section === 'closing') return null;
  const path = unit.kind === 'heading' ? [...unit.headingPath, unit.text] : unit.headingPath;
  for (const h of path) {
    if (!namedSections(h, cache.named).includes('shortcomings')) continue;
    return headingClasses(h, lexicon, cache).includes('plan_heading') ? h : null;
  }
  return null;
}

/** Which part of a merged section the unit's sub-headings (below the section heading) name, nearest first; null when none does. */
function subHeadingPart(unit: Unit, sectionHeading: string, lexicon: CueLexicon, cache: FeatureCache): 'problems' | 'plans' | null {
  const path = unit.kind === 'heading' ? [...unit.headingPath, unit.text] : unit.headingPath;
  const below = path.slice(path.indexOf(sectionHeading) + 1);
  for (let i = below.length - 1; i >= 0; i--) {
    const classes = headingClasses(below[i]!, lexicon, cache);
    const problem = classes.includes('problem') || classes.includes('problem_intro');
    if (classes.includes('plan_heading') && !problem) return 'plans';
    if (problem && !classes.includes('plan_heading')) return 'problems';
  }
  return null;
}

/** Classes of the strong cues in a heading (memoised per document). */
function headingClasses(heading: string, lexicon: CueLexicon, cache: FeatureCache): string[] {
  let classes = cache.headingCues.get(heading);
  if (!classes) {
    const hits = matchCues(lexicon, normalizeForMatch(heading), cache.cut(heading));
    classes = [...new Set(hits.filter((h) => !h.weak).map((h) => h.cls))].sort();
    cache.headingCues.set(heading, classes);
  }
  return classes;
}

/** The sections a heading names (memoised per document). */
function namedSections(heading: string, cache: Map<string, Section[]>): Section[] {
  let sections = cache.get(heading);
  if (!sections) {
    const norm = normalizeForMatch(heading).trim();
    const marker = numberedLine(norm)?.markerLength ?? 0;
    sections = sectionsNamedBy(norm.slice(marker));
    cache.set(heading, sections);
  }
  return sections;
}

/** A cue of this class in the sentence, strong or weak. */
export function hasCueOf(f: SentenceFeatures, cls: string): boolean {
  for (const h of f.cues) if (h.cls === cls) return true;
  return false;
}

/** A line break in text[from, to), found without cutting the gap out of the text. */
function lineBreakBetween(text: string, from: number, to: number): boolean {
  const at = text.indexOf('\n', from);
  return at !== -1 && at < to;
}

/** Per-document memo (headings repeat on every unit below them), with the tokenizer that cuts them. */
interface FeatureCache {
  named: Map<string, Section[]>;
  headingCues: Map<string, string[]>;
  cut: (text: string) => string[];
}

function featureCache(options: FeatureOptions): FeatureCache {
  const tokenizer = options.tokenizer;
  return { named: new Map(), headingCues: new Map(), cut: tokenizer ? (text) => tokenizer.cut(text) : cut };
}

/** Features of one unit on its own (no paragraph context). */
export function extractUnitFeatures(
  unit: Unit,
  options: FeatureOptions,
  cache: FeatureCache = featureCache(options),
): SentenceFeatures {
  const norm = normalizeForMatch(unit.text);
  const tokens = unit.tokens ?? cache.cut(unit.text);
  const words: string[] = [];
  for (const t of tokens) if (!isPunctuationToken(t)) words.push(lowerCase(t));
  const cues = matchCues(options.lexicon, norm, tokens);
  // A sentence has a handful of cue classes: arrays, not two Sets a sentence.
  const strong: string[] = [];
  const weakOnly: string[] = [];
  for (const h of cues) if (!h.weak && !strong.includes(h.cls)) strong.push(h.cls);
  for (const h of cues) if (h.weak && !strong.includes(h.cls) && !weakOnly.includes(h.cls)) weakOnly.push(h.cls);
  sortSmall(strong, greater);
  sortSmall(weakOnly, greater);
  const nearest = unit.kind === 'heading' ? unit.text : unit.headingPath[unit.headingPath.length - 1];
  const headingCues = nearest ? headingClasses(nearest, options.lexicon, cache) : [];
  const numbers = findNumbers(norm);
  const { hasRate, hasPercent } = findRates(norm);
  const trimmed = norm.trim();
  let changeFigure = false;
  for (const h of cues) if (h.cls === 'change' && CHANGE_FIGURE.test(norm.slice(h.at + h.cue.length, h.at + h.cue.length + 16))) changeFigure = true;
  const settledEnd = endsSettled(norm, cues);
  return {
    index: unit.index,
    kind: unit.kind,
    section: unit.section,
    sectionSource: sectionSource(unit, cache.named),
    headingPath: unit.headingPath,
    headingCues,
    text: unit.text,
    norm,
    tokens,
    words,
    cues,
    strong,
    weakOnly,
    numbers,
    hasRate,
    hasPercent,
    endsWithColon: /:$/.test(trimmed),
    afterProblem: false,
    firstInSection: false,
    changeFigure,
    settledEnd,
    preambleBody: false,
    problemsPart: null,
    laterYear: false,
    boilerplate: SALUTATION.test(trimmed) || DATE_ONLY.test(trimmed) || CONTACT.test(trimmed),
    hanLength: countHan(unit.text),
  };
}

function sectionSource(unit: Unit, cache: Map<string, Section[]>): SectionSource {
  if (unit.section === 'preamble' || unit.section === 'closing') return 'position';
  const path = unit.kind === 'heading' ? [...unit.headingPath, unit.text] : unit.headingPath;
  for (const h of path) if (namedSections(h, cache).includes(unit.section)) return 'heading';
  return 'default';
}

/** t.toLowerCase(), asked only of tokens that can have case: Han characters have none, and most tokens are nothing else. */
function lowerCase(t: string): string {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x80 && !(c >= 0x4e00 && c <= 0x9fff))) return t.toLowerCase();
  }
  return t;
}

/** Numbers with a unit (3000份, 百余人次, 99.8%); four-digit years are left out. */
export function findNumbers(norm: string): NumberMention[] {
  const out: NumberMention[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(norm); m; m = NUMBER.exec(norm)) {
    const figure = m[1]!;
    const unit = m[3]!;
    if (unit === '年' && YEAR.test(figure)) continue;
    const arabic = /^\d/.test(figure);
    out.push({ raw: m[0], value: arabic ? Number(figure) : null, unit, at: m.index });
  }
  return out;
}

export function findRates(norm: string): { hasRate: boolean; hasPercent: boolean } {
  let hasPercent = false;
  let hasRate = false;
  PERCENT.lastIndex = 0;
  for (let m = PERCENT.exec(norm); m; m = PERCENT.exec(norm)) {
    hasPercent = true;
    if (RATE_BEFORE.test(norm.slice(Math.max(0, m.index - 12), m.index))) hasRate = true;
  }
  return { hasRate, hasPercent };
}

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
 * model's lookup, was a fifth of what tagging allocated. Keyed by the parts
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
