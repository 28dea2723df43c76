/**
 * The rule tagger: the annotation guide (§3) written as a decision list a
 * researcher can read. Each sentence starts from its section's prior
 * (plans ⇒ plan, shortcomings ⇒ shortcoming …) and a strong cue overrides it
 * where the guide says position does not decide alone:
 *
 *   framing (现将…报告如下), a sign-off or contact line       ⇒ other
 *   a proposal to a higher level (建议市级…, 恳请)             ⇒ suggestion
 *   a list introduction that says nothing else (…主要有:)    ⇒ other
 *   in shortcomings: a future marker and no problem          ⇒ plan
 *   in plans: a result already reached (了 + 显著/率…)        ⇒ outcome
 *   elsewhere: a problem marker (但…仍有待, 不足, 差距)        ⇒ shortcoming
 *              (not after a remedy: 解决…问题, 补齐短板; not when resolved: 差距缩小)
 *              a future marker (下一步, 我镇将, 明年)          ⇒ plan
 *              where no heading names the section, 要/必须/将 ⇒ plan
 *              after "…清醒看到…困难和挑战。" in its paragraph ⇒ shortcoming
 *              a rate or a result marker (未发生, 显著增强)    ⇒ outcome
 *
 * Which cues count is in dictionaries/cues/; "weak" cues never override.
 */
import type { Section, SentenceFunction } from '../types.js';
import { hasCueOf, type SentenceFeatures } from './features.js';

export const SECTION_PRIOR: Record<Section, SentenceFunction> = {
  preamble: 'other',
  measures: 'measure',
  leader_duties: 'measure',
  shortcomings: 'shortcoming',
  plans: 'plan',
  suggestions: 'suggestion',
  other_matters: 'other',
  closing: 'other',
};

/** The cue class whose cues agree with each function (listed as evidence for a section prior). */
const SUPPORTING_CLASS: Record<SentenceFunction, string> = {
  measure: 'action',
  outcome: 'result',
  shortcoming: 'problem',
  plan: 'future',
  suggestion: 'suggestion',
  other: 'framing',
};

export interface RuleDecision {
  function: SentenceFunction;
  /** Which rule decided, e.g. `future_cue`, `prior:plans`; the key of its calibrated confidence. */
  rule: string;
  /** True when a cue decided; false when only the section (prior) did. */
  strong: boolean;
  /** Evidence: section=…, cue=…, rate, after_problem. */
  cues: string[];
}

/** Confidence of each rule before it is measured on labelled data (`fazhi train` replaces these). */
export const DEFAULT_RULE_CONFIDENCE: Record<string, number> = {
  closing: 0.95,
  framing: 0.95,
  boilerplate: 0.9,
  suggestion_cue: 0.85,
  transition: 0.7,
  future_cue: 0.8,
  obligation: 0.6,
  problem_cue: 0.8,
  after_problem: 0.65,
  result_cue: 0.7,
  rate: 0.75,
  result_in_plans: 0.7,
  heading: 0.7,
};
export const DEFAULT_PRIOR_CONFIDENCE = 0.7;
/** The prior of a section no heading named is a guess. */
export const DEFAULT_UNNAMED_PRIOR_CONFIDENCE = 0.5;

export function defaultRuleConfidence(rule: string): number {
  if (rule.endsWith('/unnamed')) return DEFAULT_UNNAMED_PRIOR_CONFIDENCE;
  return DEFAULT_RULE_CONFIDENCE[rule] ?? DEFAULT_PRIOR_CONFIDENCE;
}

export function decideByRules(f: SentenceFeatures): RuleDecision {
  const section = f.section;
  if (f.kind === 'heading') return { function: SECTION_PRIOR[section], rule: 'heading', strong: false, cues: [`section=${section}`, 'heading', 'rule=heading'] };
  if (section === 'closing') return decided(f, 'other', 'closing', []);
  if (strong(f, 'framing')) return decided(f, 'other', 'framing', cuesOf(f, 'framing'));
  if (f.boilerplate) return decided(f, 'other', 'boilerplate', ['boilerplate']);
  if (strong(f, 'suggestion')) return decided(f, 'suggestion', 'suggestion_cue', cuesOf(f, 'suggestion'));
  const saysSomething = strong(f, 'problem') || strong(f, 'future') || strong(f, 'result') || f.hasRate;
  if (f.endsWithColon && hasCueOf(f, 'transition') && !saysSomething) return decided(f, 'other', 'transition', ['colon', ...cuesOf(f, 'transition', false)]);

  switch (section) {
    case 'shortcomings':
      // "为此,我镇将继续…" closes a list of problems with a commitment.
      if (strong(f, 'future') && !strong(f, 'problem')) return decided(f, 'plan', 'future_cue', cuesOf(f, 'future'));
      return byPrior(f);
    case 'plans':
      // "2021年我镇…法律意识有了显著增强" reports a result even under a plans heading.
      if ((strong(f, 'result') || f.hasRate) && hasCueOf(f, 'past') && !strong(f, 'future') && !hasCueOf(f, 'obligation')) {
        return decided(f, 'outcome', 'result_in_plans', [...cuesOf(f, 'result'), ...(f.hasRate ? ['rate'] : []), ...cuesOf(f, 'past', false)]);
      }
      return byPrior(f);
    case 'suggestions':
      return byPrior(f);
    default:
      break;
  }
  // measures, leader duties, preamble, other matters, and unnamed sections.
  if (strong(f, 'problem') && !strong(f, 'future')) return decided(f, 'shortcoming', 'problem_cue', [...cuesOf(f, 'problem'), ...cuesOf(f, 'concession', false)]);
  if (strong(f, 'future')) return decided(f, 'plan', 'future_cue', cuesOf(f, 'future'));
  // Where no heading says whether the text looks back or ahead, weak future markers (将, 继续) and
  // obligations (要, 必须) speak for a plan unless the sentence reports something done.
  if (f.sectionSource === 'default' && (hasCueOf(f, 'obligation') || hasCueOf(f, 'future')) && !hasCueOf(f, 'past') && !strong(f, 'result') && !f.hasRate) {
    return decided(f, 'plan', 'obligation', [...cuesOf(f, 'obligation', false), ...cuesOf(f, 'future', false)]);
  }
  // In a paragraph that opened with "…清醒看到面临的困难和挑战。", the sentences that follow list them.
  if (f.afterProblem && !strong(f, 'future') && !hasCueOf(f, 'obligation') && !hasCueOf(f, 'transition') && !strong(f, 'result') && !f.hasRate) {
    return decided(f, 'shortcoming', 'after_problem', ['after_problem', ...cuesOf(f, 'problem', false)]);
  }
  if (f.hasRate) return decided(f, 'outcome', 'rate', ['rate', ...cuesOf(f, 'result')]);
  if (strong(f, 'result')) return decided(f, 'outcome', 'result_cue', cuesOf(f, 'result'));
  return byPrior(f);
}

// The helpers below are plain functions of the features rather than closures
// made inside decideByRules: it runs on every sentence, and five closures a
// sentence were a tenth of what tagging allocated.

/** A strong cue of this class. */
function strong(f: SentenceFeatures, cls: string): boolean {
  return f.strong.includes(cls);
}

/** The cues of a class as evidence (`cue=…`), strong ones only unless told. */
function cuesOf(f: SentenceFeatures, cls: string, strongOnly = true): string[] {
  const out: string[] = [];
  for (const h of f.cues) if (h.cls === cls && (!strongOnly || !h.weak)) out.push(`cue=${h.cue}`);
  return out;
}

/** A cue decided: the section, the evidence, the rule. */
function decided(f: SentenceFeatures, fn: SentenceFunction, rule: string, evidence: readonly string[]): RuleDecision {
  const cues = [`section=${f.section}`];
  for (const e of evidence) cues.push(e);
  cues.push(`rule=${rule}`);
  return { function: fn, rule, strong: true, cues };
}

/** Only the section spoke. A section no heading named (carried over by the structure stage) is a weaker prior, calibrated apart. */
function byPrior(f: SentenceFeatures): RuleDecision {
  const fn = SECTION_PRIOR[f.section];
  const unnamed = f.sectionSource === 'default';
  const rule = unnamed ? `prior:${f.section}/unnamed` : `prior:${f.section}`;
  const cues = [`section=${f.section}`];
  if (unnamed) cues.push('section_source=default');
  // Cues that agree with the section, shown as evidence though the section decided.
  for (const c of cuesOf(f, SUPPORTING_CLASS[fn])) cues.push(c);
  cues.push(`rule=${rule}`);
  return { function: fn, rule, strong: false, cues };
}
