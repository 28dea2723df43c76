/**
 * Is a parsed page a government report? Decided on the structure alone, so a
 * page that is not a report costs no tokenizing or tagging. (A text with no
 * Chinese report in it at all is caught before, by read/report-text.ts.)
 */
import type { ReportDoc } from '../model/document.js';

/** Why a parsed page is not a report, or null when it is one. */
export function notAReport(doc: ReportDoc): string | null {
  const sentences = doc.units.filter((u) => u.kind === 'sentence').length;
  if (sentences === 0) return 'no sentences found after cleaning';
  const hits = doc.text.match(/法治|依法|法制|法律|行政|政府|执法|普法/g)?.length ?? 0;
  if (hits < 3) return 'not a government report: fewer than 3 mentions of 法治/依法/法律/行政/政府/执法';
  return null;
}
