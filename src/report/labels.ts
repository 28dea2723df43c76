/**
 * Chinese labels for the ids the pipeline writes (themes, functions,
 * sections), so charts and tables speak the reader's language. Ids stay the
 * keys. Theme names are data: the dictionary's `_label` and `_short`, as
 * run.json records them (ReportData.taxonomy); an id without one is shown as is.
 */
import { shippedTaxonomy, type ThemeTaxonomy } from '../themes/taxonomy.js';

export const FUNCTION_LABELS: Readonly<Record<string, string>> = {
  measure: '措施',
  outcome: '成效',
  shortcoming: '问题不足',
  plan: '下步打算',
  suggestion: '意见建议',
  other: '其他',
};

export const SECTION_LABELS: Readonly<Record<string, string>> = {
  preamble: '导语',
  measures: '主要举措',
  leader_duties: '主要负责人履职',
  shortcomings: '存在问题',
  plans: '下一步安排',
  suggestions: '意见建议',
  other_matters: '其他事项',
  closing: '结尾',
};

/** A theme's name on chart axes and tags (default: in the shipped dictionary). */
export function themeLabel(id: string, taxonomy: ThemeTaxonomy = shippedTaxonomy()): string {
  return taxonomy.shortLabel(id);
}

/** A theme's full name, for tables (default: in the shipped dictionary); empty without one. */
export function themeName(id: string, taxonomy: ThemeTaxonomy = shippedTaxonomy()): string {
  return taxonomy.label(id);
}

export function functionLabel(id: string): string {
  return FUNCTION_LABELS[id] ?? id;
}

export function sectionLabel(id: string): string {
  return SECTION_LABELS[id] ?? id;
}
