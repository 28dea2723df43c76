/**
 * The rule tagger: the annotation guide (§3) written as a decision list a
 * researcher can read. Each sentence starts from its section's prior
 * (plans ⇒ plan, shortcomings ⇒ shortcoming …) and a strong cue overrides it
 * where the guide says position does not decide alone:
 *
 *   framing (现将…报告如下, 全文包括…), a sign-off or contact line ⇒ other
 *     (in the preamble, framing that also states a result           ⇒ outcome)
 *   a proposal to a higher level (建议市级…, 恳请)             ⇒ suggestion
 *   a list introduction that says nothing else (…主要有:)    ⇒ other
 *   in shortcomings: a future marker and no problem          ⇒ plan
 *   in plans: a frame or an obligation (将, 要)               ⇒ plan, whatever its figures
 *             a result already reached (了 + 显著/率…)        ⇒ outcome
 *             a fact stated, no intention (…已达2.5亿)        ⇒ other
 *   in the preamble: guidance (坚持以…为指导) closing on no result ⇒ other
 *   where problems are listed: the answer to them (对此,…; 下一步…将;
 *     a later year with 要/将) and what follows it, or what stands
 *     under a sub-heading naming the remedy (改进措施)           ⇒ plan (measure if told as done)
 *   elsewhere: a problem marker (但…仍有待, 不足, 差距, 不确定因素…增加) ⇒ shortcoming
 *              (not after a remedy: 解决…问题, 整改, 补齐短板; not when resolved: 差距缩小)
 *              a frame pointing to a later period (下一步, 今后, 明年, 我镇将, 将加强, 拟于) ⇒ plan
 *              where no heading names the section, 要/必须 ⇒ plan; words of
 *                intent (继续, 进一步, 确保, 目标) without a frame are not enough
 *              after "…清醒看到…困难和挑战。" in its paragraph ⇒ shortcoming
 *              a rate, a change with its figure (增长6.6%), a result marker
 *                (未发生, 取得…进展, 保持…稳定), a last clause ending in a
 *                state reached (…排放量继续下降)              ⇒ outcome
 *              report body in the preamble (a text that starts mid-report,
 *                or the body after 现将…如下 when no heading was found) ⇒ measure
 *
 * Which cues count is in dictionaries/cues/; "weak" cues never override.
 */
import type { Section, SentenceFunction } from '../model/document.js';
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

/** A figure in the text (2.5亿, 1.4万): with a completed-action marker, a fact stated. */
const FIGURE = /\d/u;

export interface RuleDecision {
  function: SentenceFunction;
  /** Which rule decided, e.g. `future_cue`, `prior:plans`; the key of its calibrated confidence. */
  rule: string;
  /** True when a cue decided; false when only the section (prior) did. */
  strong: boolean;
  /** Evidence: section=…, cue=…, rate, after_problem. */
  cues: string[];
}

/** Confidence of each rule before it is measured on labeled data (`fazhi train` replaces these). */
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
  change_figure: 0.75,
  settled_end: 0.65,
  background_in_plans: 0.6,
  guidance: 0.85,
  preamble_body: 0.7,
  response_to_problems: 0.7,
  later_year: 0.75,
  plan_part: 0.7,
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
  if (f.kind === 'heading') {
    const fn = f.problemsPart === 'plans' ? 'plan' : SECTION_PRIOR[section];
    return { function: fn, rule: 'heading', strong: false, cues: [`section=${section}`, 'heading', ...(f.problemsPart === 'plans' ? ['plan_part'] : []), 'rule=heading'] };
  }
  if (section === 'closing') return decided(f, 'other', 'closing', []);
  // "…各项工作取得阶段性成效,现将全年工作情况报告如下:": a preamble that states results and hands over.
  if (strong(f, 'framing') && hasCueOf(f, 'transition') && section === 'preamble' && strong(f, 'result')) return decided(f, 'outcome', 'result_cue', [...cuesOf(f, 'result'), ...cuesOf(f, 'framing')]);
  if (strong(f, 'framing')) return decided(f, 'other', 'framing', cuesOf(f, 'framing'));
  if (f.boilerplate) return decided(f, 'other', 'boilerplate', ['boilerplate']);
  if (strong(f, 'suggestion')) return decided(f, 'suggestion', 'suggestion_cue', cuesOf(f, 'suggestion'));
  const saysSomething = strong(f, 'problem') || strong(f, 'future') || strong(f, 'result') || f.hasRate;
  if (f.endsWithColon && hasCueOf(f, 'transition') && !saysSomething) return decided(f, 'other', 'transition', ['colon', ...cuesOf(f, 'transition', false)]);

  switch (section) {
    case 'shortcomings':
      // "为此,我镇将继续…" closes a list of problems with a commitment.
      if (strong(f, 'future') && !strong(f, 'problem')) return decided(f, 'plan', 'future_cue', cuesOf(f, 'future'));
      {
        const answer = answerToProblems(f);
        if (answer) return answer;
      }
      return byPrior(f);
    case 'plans':
      // "2021年我镇…法律意识有了显著增强" reports a result even under a plans heading.
      if ((strong(f, 'result') || f.hasRate || f.changeFigure) && hasCueOf(f, 'past') && !strong(f, 'future') && !hasCueOf(f, 'obligation')) {
        return decided(f, 'outcome', 'result_in_plans', [...cuesOf(f, 'result'), ...(f.hasRate ? ['rate'] : []), ...(f.changeFigure ? ['change_figure'] : []), ...cuesOf(f, 'past', false)]);
      }
      // A frame or an obligation confirms the section: the sentence is a plan, whatever its figures
      // ("今年，二氧化碳排放强度要降低3.1%以上").
      if (strong(f, 'future') || hasCueOf(f, 'obligation')) return decided(f, 'plan', 'future_cue', [...cuesOf(f, 'future'), ...cuesOf(f, 'obligation', false)]);
      // "我国60岁以上人口已达2.5亿": a fact stated as background, no intention in it.
      if (strong(f, 'past') && (f.numbers.length > 0 || FIGURE.test(f.norm)) && !hasCueOf(f, 'future') && !hasCueOf(f, 'obligation') && !hasCueOf(f, 'action') && !hasCueOf(f, 'problem')) {
        return decided(f, 'other', 'background_in_plans', ['background', ...cuesOf(f, 'past')]);
      }
      return byPrior(f);
    case 'suggestions':
      return byPrior(f);
    case 'preamble':
      // Statements of guidance ("坚持以…为指导", "在…坚强领导下") frame the report, unless they
      // close on a result reached ("…法治建设取得积极成效"); a purpose ("推动…取得新成效") is no result.
      if (strong(f, 'guidance') && !states(f)) return decided(f, 'other', 'guidance', cuesOf(f, 'guidance'));
      break;
    default:
      break;
  }
  // measures, leader duties, preamble, other matters, and unnamed sections.
  if (strong(f, 'problem') && !strong(f, 'future')) return decided(f, 'shortcoming', 'problem_cue', [...cuesOf(f, 'problem'), ...cuesOf(f, 'concession', false)]);
  if (strong(f, 'future')) return decided(f, 'plan', 'future_cue', cuesOf(f, 'future'));
  // Where no heading says whether the text looks back or ahead, obligations (要, 必须) speak for a
  // plan unless the sentence reports something done. Words of intent (继续, 进一步, 确保, 目标 …)
  // do not: a report of the year's work uses them for how the work was done, and they make a
  // plan only with a frame pointing to a later period (a strong future cue, decided above).
  const unnamed = f.sectionSource === 'default' || f.preambleBody;
  if (unnamed && hasCueOf(f, 'obligation') && !hasCueOf(f, 'past') && !strong(f, 'result') && !f.hasRate && !f.changeFigure) {
    return decided(f, 'plan', 'obligation', cuesOf(f, 'obligation', false));
  }
  {
    const answer = answerToProblems(f);
    if (answer) return answer;
  }
  // In a paragraph that opened with "…清醒看到面临的困难和挑战。", the sentences that follow list them.
  if (f.afterProblem && !strong(f, 'future') && !hasCueOf(f, 'obligation') && !hasCueOf(f, 'transition') && !strong(f, 'result') && !f.hasRate) {
    return decided(f, 'shortcoming', 'after_problem', ['after_problem', ...cuesOf(f, 'problem', false)]);
  }
  if (f.hasRate) return decided(f, 'outcome', 'rate', ['rate', ...cuesOf(f, 'result')]);
  if (f.changeFigure) return decided(f, 'outcome', 'change_figure', ['change_figure', ...cuesOf(f, 'change', false)]);
  if (strong(f, 'result')) return decided(f, 'outcome', 'result_cue', cuesOf(f, 'result'));
  if (f.settledEnd) return decided(f, 'outcome', 'settled_end', ['settled_end', ...cuesOf(f, 'settled')]);
  // Report body before any heading (a text that starts mid-report, or the body after
  // "现将…报告如下:" when no heading was found) is labeled like a measures section.
  if (f.preambleBody) return decided(f, 'measure', 'preamble_body', ['preamble_body', ...cuesOf(f, 'action'), ...intentWithoutFrame(f)]);
  return byPrior(f);
}

/**
 * Where problems are listed: the sentence that answers them ("对此,我们…", "2011年,…要进一步
 * 加强…" in a report on 2010) and what follows it (or stands under a sub-heading naming the
 * remedy) say what is done about them: a plan, or a measure where it is told as done.
 */
function answerToProblems(f: SentenceFeatures): RuleDecision | null {
  if (f.problemsPart === null || strong(f, 'problem')) return null;
  if (strong(f, 'response')) {
    if (hasCueOf(f, 'past')) return decided(f, 'measure', 'response_to_problems', [...cuesOf(f, 'response'), ...cuesOf(f, 'past', false)]);
    return decided(f, 'plan', 'response_to_problems', cuesOf(f, 'response'));
  }
  if (f.laterYear && (hasCueOf(f, 'future') || hasCueOf(f, 'obligation'))) return decided(f, 'plan', 'later_year', ['later_year', ...cuesOf(f, 'future', false), ...cuesOf(f, 'obligation', false)]);
  if (f.problemsPart === 'plans') return decided(f, 'plan', 'plan_part', ['plan_part', ...cuesOf(f, 'future', false)]);
  return null;
}

/** The sentence states a result: a rate, a change with its figure, a result cue, or a clause ending in a state reached. */
function states(f: SentenceFeatures): boolean {
  return f.hasRate || f.changeFigure || f.settledEnd || strong(f, 'result');
}

/** Words of intent present but no frame pointing to a later period: shown as evidence where they did not decide. */
function intentWithoutFrame(f: SentenceFeatures): string[] {
  if (strong(f, 'future') || !hasCueOf(f, 'future')) return [];
  return ['intent_without_frame', ...cuesOf(f, 'future', false)];
}

// The helpers below are plain functions of the features rather than closures
// made inside decideByRules: it runs on every sentence, and five closures a
// sentence would be a tenth of what tagging allocates.

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
  if (fn !== 'plan') for (const c of intentWithoutFrame(f)) cues.push(c);
  cues.push(`rule=${rule}`);
  return { function: fn, rule, strong: false, cues };
}
