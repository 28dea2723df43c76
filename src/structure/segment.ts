/**
 * The structure stage: cleaned text → headings and sentences with offsets,
 * heading levels, heading paths and canonical sections (annotation guide §1–2).
 *
 * Reports are line-structured: a numbered heading starts a line. A numbered
 * line is a whole-line heading when it has no sentence end before its last
 * character, and a run-in heading ("1.健全组织机构。我镇高度重视…") when a short
 * numbered lead phrase ends in 。 and body text follows on the same line. An
 * enumeration in the middle of a paragraph (…。二是坚持…) is a sentence.
 */
import type { Section, Unit } from '../types.js';
import { normalizeForMatch } from '../text/normalize.js';
import { sectionsNamedBy } from './sections.js';

interface NumberedLine {
  level: number;
  /** Length of the number marker, e.g. 2 for "一、", 3 for "(一)". */
  markerLength: number;
}

const CN_NUM = '一二三四五六七八九十';
const HEADING_MARKERS: Array<[number, RegExp]> = [
  [1, new RegExp(`^[${CN_NUM}]{1,3}[、.]`)],
  [1, new RegExp(`^第[${CN_NUM}]{1,3}(部分|章)[、,.:\\s]?`)],
  [2, new RegExp(`^\\([${CN_NUM}]{1,3}\\)[、.]?`)],
  [3, /^\d{1,2}[.、](?!\d)/],
  [4, /^\(\d{1,2}\)[、.]?/],
  [4, /^[\u2460-\u2473]/], // ①…⑳
  [4, new RegExp(`^[${CN_NUM}]{1,2}是`)],
  [4, new RegExp(`^(第[${CN_NUM}]{1,2}|首先|其次)[,，、]`)],
];

/** A lead phrase longer than this (after the number) is a sentence, not a run-in heading. */
const MAX_RUN_IN_LEAD = [0, 40, 40, 36, 24];
/** A whole numbered line longer than this is a paragraph, not a heading. */
const MAX_HEADING_LINE = 80;
/** A sentence longer than this is cut, so a pathological line stays linear and readable. */
export const MAX_SENTENCE = 2000;

const SENTENCE_END = new Set(['。', '!', '?', ';', '！', '？', '；']);
const CLOSERS = new Set(['”', '’', '」', '』', ')', ']', '）', '】', '"', "'", '》']);

export function numberedLine(norm: string): NumberedLine | null {
  for (const [level, re] of HEADING_MARKERS) {
    const m = re.exec(norm);
    if (m) return { level, markerLength: m[0].length };
  }
  return null;
}

/** Signature, date, copy-to and contact lines that end a report. */
const CLOSING_LINE =
  /^(抄送|抄报|报送|撰稿人?|拟稿人?|联系人|联系电话|联系方式|审核人?|签发人?)\s*[:：]|^\d{4}年\d{1,2}月\d{1,2}日$|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^.{2,40}(人民政府|办事处|管理委员会|委员会|党委|司法所|司法局|政府办公室)$/;

/**
 * A signature of any issuer: a short line without punctuation ending in the
 * name of an office (县司法局, 某某镇党委, 市场监管所). Broader than CLOSING_LINE,
 * so it counts only near the end of the text, where the report is signed.
 */
const ISSUER_SIGNATURE = /^[^。;；,，:：!?！？、]{1,30}(人民政府|政府|办事处|委员会|党委|党工委|局|厅|委|办|所|中心|街道|镇|乡)$/;

/** A title line of the report's head: no clause punctuation, names the report or its issuer. */
const TITLE_LINE = /(报告|情况|总结|人民政府|办事处|委员会|镇|乡|街道|局|县|区)$/;

interface Span {
  start: number;
  end: number;
}

export interface SegmentResult {
  units: Unit[];
  sectionsFound: Section[];
}

/**
 * `view` is what the decisions are made on, `text` what the units' texts are
 * cut from: a report in traditional characters is segmented on its
 * simplified view (of the same length), its units keep the source characters.
 */
export function segment(text: string, view: string = text): SegmentResult {
  if (view.length !== text.length) throw new Error(`segment: the view (${view.length}) and the text (${text.length}) differ in length`);
  const norm = normalizeForMatch(view);
  const units: Unit[] = [];
  const headingStack: Array<{ level: number; text: string; sections: Section[] }> = [];
  let section: Section = 'preamble';
  /** The sections a merged level-1 heading named, which its sub-headings may pick from. */
  let mergedChoices: Section[] = [];
  let seenLevelOne = false;
  let seenBody = false;
  let inClosing = false;
  const hasLevelOne = hasLevelOneHeading(norm);

  const push = (kind: Unit['kind'], level: number, span: Span) => {
    const trimmed = trimSpan(text, span);
    if (!trimmed || !hasContent(norm.slice(trimmed.start, trimmed.end))) return;
    units.push({
      index: units.length,
      kind,
      level,
      section,
      headingPath: headingStack.map((h) => h.text),
      start: trimmed.start,
      end: trimmed.end,
      text: text.slice(trimmed.start, trimmed.end),
    });
  };

  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = norm.slice(lineStart, lineEnd).trim();
    const lead = norm.slice(lineStart, lineEnd).length - norm.slice(lineStart, lineEnd).trimStart().length;
    const from = lineStart + lead;

    if (line !== '') {
      const numbered = inClosing ? null : numberedLine(line);
      const heading = numbered ? headingExtent(line, numbered) : null;
      if (!inClosing && seenLevelOne && !numbered && (CLOSING_LINE.test(line) || isIssuerSignature(norm, line, lineEnd))) {
        inClosing = true;
        section = 'closing';
        headingStack.length = 0;
      } else if (!inClosing && !hasLevelOne && seenBody && !numbered && CLOSING_LINE.test(line) && isNearEnd(norm, lineEnd)) {
        inClosing = true;
        section = 'closing';
      }

      if (heading && numbered) {
        const headingText = line.slice(numbered.markerLength, heading);
        while (headingStack.length > 0 && headingStack[headingStack.length - 1]!.level >= numbered.level) headingStack.pop();
        const named = sectionsNamedBy(headingText);
        if (numbered.level === 1) {
          seenLevelOne = true;
          mergedChoices = named.length > 1 ? named : [];
          section = named[0] ?? (section === 'preamble' ? 'measures' : firstBodySection(section));
        } else if (mergedChoices.length > 0) {
          const pick = named.find((s) => mergedChoices.includes(s));
          if (pick) section = pick;
        }
        push('heading', numbered.level, { start: from, end: from + heading });
        headingStack.push({ level: numbered.level, text: text.slice(from, from + heading).trim(), sections: named });
        splitSentences(text, norm, from + heading, lineEnd, (s) => push('sentence', 0, s));
        if (from + heading < lineEnd) seenBody = true;
      } else if (!seenBody && !seenLevelOne && section === 'preamble' && isTitleLine(line)) {
        push('heading', 0, { start: from, end: lineEnd });
      } else {
        if (!hasLevelOne && seenBody && section === 'preamble') section = 'measures';
        splitSentences(text, norm, from, lineEnd, (s) => push('sentence', 0, s));
        seenBody = true;
      }
    }
    lineStart = lineEnd + 1;
  }

  const sectionsFound: Section[] = [];
  for (const u of units) if (!sectionsFound.includes(u.section)) sectionsFound.push(u.section);
  return { units, sectionsFound };
}

/**
 * After the last named section, an unnamed level-1 heading continues the body;
 * it is treated as measures only when nothing else has been opened.
 */
function firstBodySection(current: Section): Section {
  return current === 'closing' ? 'other_matters' : current;
}

function hasLevelOneHeading(norm: string): boolean {
  return norm.split('\n').some((l) => numberedLine(l.trim())?.level === 1);
}

/** An issuer's name on a line of its own, near the end, with nothing after it but a date, another signature or the end. */
function isIssuerSignature(norm: string, line: string, lineEnd: number): boolean {
  if (line.length > 30 || !ISSUER_SIGNATURE.test(line) || !isNearEnd(norm, lineEnd)) return false;
  const next = norm.slice(lineEnd).trim().split('\n', 1)[0]!.trim();
  return next === '' || ISSUER_SIGNATURE.test(next) || /^(\d{4}|[二〇零一二三四五六七八九]{4})年/.test(next);
}

function isNearEnd(norm: string, lineEnd: number): boolean {
  return norm.length - lineEnd < 300;
}

function isTitleLine(line: string): boolean {
  return line.length <= 60 && !/[。;；,，:：!?！？]/.test(line) && TITLE_LINE.test(line);
}

/**
 * Where a numbered line's heading ends (index into the line), or null when the
 * line is a numbered paragraph. A whole-line heading has no sentence end before
 * its last character; a run-in heading is a short lead phrase ending in 。.
 */
function headingExtent(line: string, numbered: NumberedLine): number | null {
  let firstEnd = -1;
  for (let i = numbered.markerLength; i < line.length; i++) {
    const ch = line[i]!;
    if (SENTENCE_END.has(ch) || ch === ':' || ch === '：') {
      firstEnd = i;
      break;
    }
  }
  let endAt = firstEnd + 1;
  while (endAt < line.length && CLOSERS.has(line[endAt]!)) endAt++;
  const wholeLine = firstEnd < 0 || endAt >= line.length;
  if (wholeLine) {
    // A whole line that ends like a sentence is a heading only when it is as
    // short as a lead phrase; a longer one is a numbered sentence ("3.在切实推进
    // …还需要进一步加大宣传力度…。"). 一是… lines are enumerations, held to the same bound.
    const endsLikeSentence = firstEnd >= 0;
    const max = endsLikeSentence || numbered.level === 4 ? MAX_RUN_IN_LEAD[numbered.level]! : MAX_HEADING_LINE;
    return line.length - numbered.markerLength <= max ? line.length : null;
  }
  const ch = line[firstEnd]!;
  if (ch !== '。' && ch !== ':' && ch !== '：') return null;
  if (firstEnd - numbered.markerLength > MAX_RUN_IN_LEAD[numbered.level]!) return null;
  return endAt;
}

/** Split [from, to) into sentences at 。！？；, keeping closing quotes with their sentence. */
function splitSentences(text: string, norm: string, from: number, to: number, emit: (s: Span) => void): void {
  let start = from;
  for (let i = from; i < to; i++) {
    if (SENTENCE_END.has(norm[i]!)) {
      let end = i + 1;
      while (end < to && CLOSERS.has(norm[end]!)) end++;
      emitCapped(norm, start, end, emit);
      start = end;
      i = end - 1;
    }
  }
  if (start < to) emitCapped(norm, start, to, emit);
}

function emitCapped(norm: string, start: number, end: number, emit: (s: Span) => void): void {
  let s = start;
  while (s < end) {
    let e = Math.min(end, s + MAX_SENTENCE);
    // never cut a surrogate pair in two: both halves would be invalid text
    const c = norm.charCodeAt(e - 1);
    if (e < end && c >= 0xd800 && c <= 0xdbff && e - 1 > s) e--;
    emit({ start: s, end: e });
    s = e;
  }
}

function trimSpan(text: string, span: Span): Span | null {
  let { start, end } = span;
  while (start < end && /[\s\u3000\u00a0\ufeff]/.test(text[start]!)) start++;
  while (end > start && /[\s\u3000\u00a0\ufeff]/.test(text[end - 1]!)) end--;
  return start < end ? { start, end } : null;
}

/** A unit needs at least one letter, digit or Han character; bare punctuation is not a sentence. */
function hasContent(s: string): boolean {
  return /[\p{L}\p{N}]/u.test(s);
}
