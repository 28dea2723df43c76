/**
 * What the function taggers know about a sentence: its canonical section and
 * heading path, the cues it contains (dictionaries/cues/), numbers with their
 * units, rates, its tokens, and a little context (is it in a paragraph that
 * has just admitted a problem?). The rule tagger reads these fields; the
 * classifier reads `featureKeys()` (feature-keys.ts), a sparse list of feature names.
 */
import type { ReportDoc, Section, Unit, UnitKind } from '../model/document.js';
import { normalizeForMatch, countHan } from '../text/normalize.js';
import { detachedCopy } from '../text/code-units.js';
import { numberedLine } from '../structure/segment.js';
import { sectionsNamedBy } from '../structure/sections.js';
import { cut, isPunctuationToken, type Tokenizer } from '../tokenize/tokenizer.js';
import { matchCues, type CueHit, type CueLexicon } from './cues.js';
import { greater, sortSmall } from './sort-small.js';
import { findNumbers, findRates, type NumberMention } from './sentence-numbers.js';

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
  /** The text after width normalization, which cues are matched against. */
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

/**
 * Does the sentence's last clause end with a state-change predicate (class
 * `settled`) that has a subject before it in the clause? Trailing punctuation
 * and closing quotes are ignored.
 */
function endsSettled(norm: string, cues: readonly CueHit[]): boolean {
  // Most sentences have no such predicate: nothing to cut or scan for them.
  if (!cues.some((h) => h.cls === 'settled')) return false;
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

/** Classes of the strong cues in a heading (memoized). */
function headingClasses(heading: string, lexicon: CueLexicon, cache: FeatureCache): string[] {
  let classes = cache.headingCues.get(heading);
  if (!classes) {
    const hits = matchCues(lexicon, normalizeForMatch(heading), cache.cut(heading));
    classes = [...new Set(hits.filter((h) => !h.weak).map((h) => h.cls))].sort();
    cache.headingCues.set(detachedCopy(heading), classes);
  }
  return classes;
}

/** The sections a heading names (memoized). */
function namedSections(heading: string, cache: Map<string, Section[]>): Section[] {
  let sections = cache.get(heading);
  if (!sections) {
    const norm = normalizeForMatch(heading).trim();
    const marker = numberedLine(norm)?.markerLength ?? 0;
    sections = sectionsNamedBy(norm.slice(marker));
    cache.set(detachedCopy(heading), sections);
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

/** Memo of what headings name (they repeat on every unit below them), with the tokenizer that cuts them. */
interface FeatureCache {
  named: Map<string, Section[]>;
  headingCues: Map<string, string[]>;
  cut: (text: string) => string[];
}

/**
 * The memo kept from one report to the next, by tokenizer and cue lexicon:
 * reports share their section headings (存在的问题, 下一步工作打算), and cutting
 * one is a call into the tokenizer. Started afresh past this many headings.
 * Its keys are copies of the headings (detachedCopy), which outlive their
 * reports: keyed by the headings as cut, analyzing 20,000 reports on one
 * thread peaked at 840 MB, against 580 MB.
 */
const sharedCaches = new WeakMap<Tokenizer, WeakMap<CueLexicon, FeatureCache>>();
const MAX_SHARED_HEADINGS = 20_000;

function featureCache(options: FeatureOptions): FeatureCache {
  const tokenizer = options.tokenizer;
  // The shared `cut` follows whichever tokenizer the tokenize stage last set: its memo serves one call only.
  if (!tokenizer) return { named: new Map(), headingCues: new Map(), cut };
  let byLexicon = sharedCaches.get(tokenizer);
  if (!byLexicon) sharedCaches.set(tokenizer, (byLexicon = new WeakMap()));
  let memo = byLexicon.get(options.lexicon);
  if (!memo || memo.headingCues.size + memo.named.size > MAX_SHARED_HEADINGS) {
    memo = { named: new Map(), headingCues: new Map(), cut: (text) => tokenizer.cut(text) };
    byLexicon.set(options.lexicon, memo);
  }
  return memo;
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
