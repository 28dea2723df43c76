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
import type { SentenceFeatures } from './features.js';

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
  const sec = `section=${section}`;
  const strong = (cls: string) => f.strong.includes(cls);
  const any = (cls: string) => f.cues.some((h) => h.cls === cls);
  const cuesOf = (cls: string, strongOnly = true) =>
    f.cues.filter((h) => h.cls === cls && (!strongOnly || !h.weak)).map((h) => `cue=${h.cue}`);
  const decide = (fn: SentenceFunction, rule: string, evidence: string[]): RuleDecision => ({
    function: fn,
    rule,
    strong: true,
    cues: [sec, ...evidence, `rule=${rule}`],
  });
  // A section no heading named (carried over by the structure stage) is a weaker prior, calibrated apart.
  const priorRule = f.sectionSource === 'default' ? `prior:${section}/unnamed` : `prior:${section}`;
  const prior = (): RuleDecision => ({
    function: SECTION_PRIOR[section],
    rule: priorRule,
    strong: false,
    cues: [
      sec,
      ...(f.sectionSource === 'default' ? ['section_source=default'] : []),
      // Cues that agree with the section, shown as evidence though the section decided.
      ...cuesOf(SUPPORTING_CLASS[SECTION_PRIOR[section]]),
      `rule=${priorRule}`,
    ],
  });

  if (f.kind === 'heading') return { function: SECTION_PRIOR[section], rule: 'heading', strong: false, cues: [sec, 'heading', 'rule=heading'] };
  if (section === 'closing') return decide('other', 'closing', []);
  if (strong('framing')) return decide('other', 'framing', cuesOf('framing'));
  if (f.boilerplate) return decide('other', 'boilerplate', ['boilerplate']);
  if (strong('suggestion')) return decide('suggestion', 'suggestion_cue', cuesOf('suggestion'));
  const saysSomething = strong('problem') || strong('future') || strong('result') || f.hasRate;
  if (f.endsWithColon && any('transition') && !saysSomething) return decide('other', 'transition', ['colon', ...cuesOf('transition', false)]);

  switch (section) {
    case 'shortcomings':
      // "为此,我镇将继续…" closes a list of problems with a commitment.
      if (strong('future') && !strong('problem')) return decide('plan', 'future_cue', cuesOf('future'));
      return prior();
    case 'plans':
      // "2021年我镇…法律意识有了显著增强" reports a result even under a plans heading.
      if ((strong('result') || f.hasRate) && any('past') && !strong('future') && !any('obligation')) {
        return decide('outcome', 'result_in_plans', [...cuesOf('result'), ...(f.hasRate ? ['rate'] : []), ...cuesOf('past', false)]);
      }
      return prior();
    case 'suggestions':
      return prior();
    default:
      break;
  }
  // measures, leader duties, preamble, other matters, and unnamed sections.
  if (strong('problem') && !strong('future')) return decide('shortcoming', 'problem_cue', [...cuesOf('problem'), ...cuesOf('concession', false)]);
  if (strong('future')) return decide('plan', 'future_cue', cuesOf('future'));
  // Where no heading says whether the text looks back or ahead, weak future markers (将, 继续) and
  // obligations (要, 必须) speak for a plan unless the sentence reports something done.
  if (f.sectionSource === 'default' && (any('obligation') || any('future')) && !any('past') && !strong('result') && !f.hasRate) {
    return decide('plan', 'obligation', [...cuesOf('obligation', false), ...cuesOf('future', false)]);
  }
  // In a paragraph that opened with "…清醒看到面临的困难和挑战。", the sentences that follow list them.
  if (f.afterProblem && !strong('future') && !any('obligation') && !any('transition') && !strong('result') && !f.hasRate) {
    return decide('shortcoming', 'after_problem', ['after_problem', ...cuesOf('problem', false)]);
  }
  if (f.hasRate) return decide('outcome', 'rate', ['rate', ...cuesOf('result')]);
  if (strong('result')) return decide('outcome', 'result_cue', cuesOf('result'));
  return prior();
}
