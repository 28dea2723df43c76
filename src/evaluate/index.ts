/**
 * `fazhi evaluate`: every registered evaluator scores its task against the
 * hand labels. To add a task (themes, quantities), write an Evaluator that
 * returns an EvaluationSection and add it to EVALUATORS (or call
 * registerEvaluator); the command prints its section and appends its rows to
 * the same CSV.
 */
import { functionEvaluator, provinceEvaluator } from './function.js';
import { unitsEvaluator } from './units.js';
import { themesEvaluator } from './themes.js';
import { quantitiesEvaluator } from './quantities.js';
import type { EvaluationContext, EvaluationSection, Evaluator } from './report.js';
import { ArgumentError } from '../model/errors.js';

export const EVALUATORS: Evaluator[] = [functionEvaluator, provinceEvaluator, themesEvaluator, quantitiesEvaluator, unitsEvaluator];

export function registerEvaluator(e: Evaluator): void {
  const i = EVALUATORS.findIndex((x) => x.task === e.task);
  if (i >= 0) EVALUATORS[i] = e;
  else EVALUATORS.push(e);
}

/** Run the evaluators of the named tasks (default: all), in registration order. */
export function runEvaluation(ctx: EvaluationContext, tasks?: readonly string[]): EvaluationSection[] {
  const chosen = tasks && tasks.length > 0 ? EVALUATORS.filter((e) => tasks.includes(e.task)) : EVALUATORS;
  const unknown = (tasks ?? []).filter((t) => !EVALUATORS.some((e) => e.task === t));
  if (unknown.length) throw new ArgumentError(`unknown evaluation task ${unknown.join(', ')} (known: ${EVALUATORS.map((e) => e.task).join(', ')})`);
  return chosen.map((e) => e.run(ctx));
}

export * from './metrics.js';
export * from './report.js';
export { themesEvaluator } from './themes.js';
export { quantitiesEvaluator } from './quantities.js';
export { unitsEvaluator } from './units.js';
export { functionEvaluator, provinceEvaluator, leaveOneReportOut, leaveGroupsOut, groupOf, scoreFolds, FUNCTION_SYSTEMS, type FoldPrediction, type FunctionSystem } from './function.js';
