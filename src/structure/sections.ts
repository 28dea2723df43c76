/**
 * Which canonical section a heading opens (annotation guide §1).
 *
 * Patterns are tried on the heading text after its number. A heading may match
 * several sections ("三、存在的问题和下一步打算"); then it is a merged section
 * and its sub-headings decide (see segment.ts).
 */
import type { Section } from '../model/document.js';

const SECTION_PATTERNS: Array<[Section, RegExp]> = [
  ['other_matters', /其他(需要|需)?报告|其他(重要)?事项|其他需要说明/],
  ['suggestions', /意见建议|意见和建议|建议$|工作建议|有关建议|的建议/],
  ['leader_duties', /第一责任人|主要负责人.{0,12}(履行|职责)|履行.{0,16}职责|主要领导.{0,8}履职|述法/],
  ['shortcomings', /存在的?(主要)?(问题|不足|困难|短板)|不足(之处)?(和|及|与)?(原因)?|问题(和|及|与)(原因|不足)|差距(和|及)?(不足|原因)?|困难(和|与)问题|薄弱环节/],
  [
    'plans',
    /下一?(年度?|步)|(工作|主要)(计划|打算|安排|思路|重点|任务|谋划)|计划$|打算$|安排$|今后|明年|来年|努力方向|(改进|整改)措施|目标任务|工作任务$|总体要求|政策取向|主要预期目标|(\d{4}|[二〇零一二三四五六七八九]{4})年(度)?.{0,12}(计划|打算|安排|思路|重点|任务|部署|谋划)/,
  ],
  ['measures', /举措|成效|措施|做法|工作情况|开展情况|推进情况|完成情况|主要工作|工作回顾|主要成绩|基本情况|取得的?成[效绩]|进展|总结/],
];

/** All sections a heading's text names, in guide order; empty when it names none. */
export function sectionsNamedBy(headingText: string): Section[] {
  const found: Section[] = [];
  for (const [section, re] of SECTION_PATTERNS) if (re.test(headingText)) found.push(section);
  // "工作情况" and "工作计划" share words; a heading that names plans and measures
  // only through those generic words is a plan ("2022年工作计划"), and so are
  // the measures a report means to take against its problems ("改进措施").
  if (found.includes('plans') && found.includes('measures') && !/成效|举措|做法/.test(headingText)) {
    return found.filter((s) => s !== 'measures');
  }
  // Proposals for this or next year's own work are the plan ("对今年政府工作的建议"
  // in national reports); suggestions are addressed upward and name no year.
  if (found.includes('suggestions') && /今年|明年|来年|下一?年|\d{4}\s*年/.test(headingText)) {
    return [...new Set(found.map((s) => (s === 'suggestions' ? 'plans' : s)))];
  }
  return found;
}
