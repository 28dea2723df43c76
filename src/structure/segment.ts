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
import type { Section, Unit } from '../model/document.js';
import { countHan, isHan, normalizeForMatch } from '../text/normalize.js';
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

/**
 * Classes of characters as bit flags in a table by UTF-16 code: the scans
 * read `charCodeAt` (no string per character) and look it up in the table,
 * faster than a Set.
 */
const SENTENCE_END = 1;
const CLOSER = 2;
const COLON = 4;
const MARKER_START = 8;
const CHAR_CLASS = new Uint8Array(0x10000);
for (const [flag, chars] of [
  [SENTENCE_END, ['。', '!', '?', ';', '！', '？', '；']],
  [CLOSER, ['”', '’', '」', '』', ')', ']', '）', '】', '"', "'", '》']],
  [COLON, [':', '：']],
  [MARKER_START, [...CN_NUM, '(', '第', ...'0123456789']],
] as const) {
  for (const c of chars) CHAR_CLASS[c.charCodeAt(0)] = CHAR_CLASS[c.charCodeAt(0)]! | flag;
}
/** Whether the character of UTF-16 code `code` (NaN past the end of a string: no) is of the class `flag`. */
function is(code: number, flag: number): boolean {
  return ((CHAR_CLASS[code] ?? 0) & flag) !== 0;
}

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

/** A stretch of a line that is processed as a whole: a line, or the part of it from a numbered item that sits inside the line. */
interface Piece {
  /** Start of the piece's text (after leading spaces) and its end, into the cleaned text. */
  from: number;
  to: number;
  /** The normalized text of the piece, trimmed. */
  line: string;
  numbered: NumberedLine | null;
  /** Where the heading ends in `line`, or null when the piece holds no heading. */
  heading: number | null;
}

/** A heading whose body has not been seen yet: if none comes, it is a sentence (annotation guide §2). */
interface PendingItem {
  unit: Unit;
  level: number;
  /** The state the heading changed, put back when it turns out to be a sentence. */
  section: Section;
  mergedChoices: Section[];
}

/**
 * Framing of a report's head ("现将…情况报告如下:", "各位代表:"): the text
 * before the first heading is a preamble when it has a title or says so. A
 * bare "如下" ("具体如下:") introduces a list in any section.
 */
const FRAMING = /现将|(报告|汇报|总结)(公开|公布)?如下|各位代表/;

/**
 * `view` is what the decisions are made on, `text` what the units' texts are
 * cut from: a report in traditional characters is segmented on its
 * simplified view (of the same length), its units keep the source characters.
 */
export function segment(text: string, view: string = text): SegmentResult {
  if (view.length !== text.length) throw new Error(`segment: the view (${view.length}) and the text (${text.length}) differ in length`);
  const norm = normalizeForMatch(view);
  const pieces = splitPieces(norm);
  const units: Unit[] = [];
  const headingStack: Array<{ level: number; text: string; sections: Section[] }> = [];
  /**
   * The heading path of the units pushed until the headings change (null:
   * made again at the next unit), one array for every unit under the same
   * headings: a whole collection pasted into one file has 450,000 units.
   */
  let headingPath: string[] | null = null;
  let section: Section = openingSection(pieces);
  /** The sections a merged level-1 heading named, which its sub-headings may pick from. */
  let mergedChoices: Section[] = [];
  let seenLevelOne = false;
  let seenBody = false;
  let inClosing = false;
  let pending: PendingItem | null = null;
  const hasLevelOne = pieces.some((p) => p.heading !== null && p.numbered?.level === 1);

  const push = (kind: Unit['kind'], level: number, span: Span): Unit | null => {
    const trimmed = trimSpan(text, span);
    if (!trimmed || !hasContent(norm.slice(trimmed.start, trimmed.end))) return null;
    const unit: Unit = {
      index: units.length,
      kind,
      level,
      section,
      headingPath: (headingPath ??= headingStack.map((h) => h.text)),
      start: trimmed.start,
      end: trimmed.end,
      text: text.slice(trimmed.start, trimmed.end),
    };
    units.push(unit);
    return unit;
  };

  /**
   * A numbered item with no body of its own is the content: it is a sentence
   * when the next unit is an item of the same or a higher level, or the
   * section or text ends. It then sets nothing but its own unit.
   */
  const settlePending = (next: { heading: boolean; level: number } | null, sectionEnds: boolean) => {
    if (!pending) return;
    const item = pending;
    pending = null;
    const hasBody = next !== null && !sectionEnds && (!next.heading || next.level > item.level);
    if (hasBody) return;
    // Nothing came after the item yet: the section and the heading path it set are still its own.
    item.unit.kind = 'sentence';
    item.unit.level = 0;
    item.unit.section = item.section;
    section = item.section;
    mergedChoices = item.mergedChoices;
    headingStack.pop();
    headingPath = null;
  };

  for (const [k, piece] of pieces.entries()) {
    const { from, to, line, numbered } = piece;
    const heading = inClosing ? null : piece.heading;
    let closes = false;
    if (!inClosing && seenLevelOne && !numbered && (CLOSING_LINE.test(line) || isIssuerSignature(norm, line, to))) closes = true;
    else if (!inClosing && !hasLevelOne && seenBody && !numbered && CLOSING_LINE.test(line) && isNearEnd(norm, to)) closes = true;
    const isHeading = heading !== null && numbered !== null && !inClosing;
    settlePending(isHeading ? { heading: true, level: numbered.level } : { heading: false, level: 0 }, closes);
    if (closes) {
      inClosing = true;
      section = 'closing';
      if (seenLevelOne) {
        headingStack.length = 0;
        headingPath = null;
      }
    }

    if (isHeading) {
      const headingText = line.slice(numbered.markerLength, heading);
      const before = { section, mergedChoices };
      while (headingStack.length > 0 && headingStack[headingStack.length - 1]!.level >= numbered.level) {
        headingStack.pop();
        headingPath = null;
      }
      const named = sectionsNamedBy(headingText);
      if (numbered.level === 1) {
        seenLevelOne = true;
        mergedChoices = named.length > 1 ? named : [];
        section = named[0] ?? (section === 'preamble' ? 'measures' : firstBodySection(section));
      } else if (mergedChoices.length > 0) {
        const pick = named.find((s) => mergedChoices.includes(s));
        if (pick) section = pick;
      } else if (section === 'preamble' && numbered.level <= 3) {
        // Sub-headings with no level-1 heading above them open the body all the same.
        section = named[0] ?? 'measures';
      }
      const unit = push('heading', numbered.level, { start: from, end: from + heading });
      headingStack.push({ level: numbered.level, text: text.slice(from, from + heading).trim(), sections: named });
      headingPath = null;
      const count = units.length;
      splitSentences(text, norm, from + heading, to, (s) => push('sentence', 0, s));
      if (from + heading < to) seenBody = true;
      // A heading that names a section and reads as a title (no sentence end) stays one, body or not.
      const title = named.length > 0 && !is(line.charCodeAt(heading - 1), SENTENCE_END);
      if (unit && units.length === count && !title) pending = { unit, level: numbered.level, section: before.section, mergedChoices: before.mergedChoices };
    } else if (!seenBody && !seenLevelOne && section === 'preamble' && (isTitleLine(line) || isBrokenTitle(line, pieces[k + 1]))) {
      push('heading', 0, { start: from, end: to });
    } else {
      if (!hasLevelOne && seenBody && section === 'preamble') section = 'measures';
      splitSentences(text, norm, from, to, (s) => push('sentence', 0, s));
      seenBody = true;
    }
  }
  settlePending(null, true);

  const sectionsFound: Section[] = [];
  for (const u of units) if (!sectionsFound.includes(u.section)) sectionsFound.push(u.section);
  return { units, sectionsFound };
}

/**
 * Lines, each cut before a numbered heading that sits inside it: pages that
 * lost their line breaks run headings into the text ("…报告如下: 一、政府信息
 * 主动公开情况 2013年度我镇…。 二、…"), and paragraphs run sub-headings in
 * ("…工作。(一)加强组织领导,健全工作机制。建立健全…"). Such a heading starts
 * after a space or (below level 1) a sentence end, and is one only when it
 * has a heading's shape; "…。二、…" and 一是… enumerations inside a paragraph
 * stay in their sentences.
 */
function splitPieces(norm: string): Piece[] {
  const pieces: Piece[] = [];
  let lineStart = 0;
  while (lineStart <= norm.length) {
    let lineEnd = norm.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = norm.length;
    const raw = norm.slice(lineStart, lineEnd);
    const from = lineStart + raw.length - raw.trimStart().length;
    if (from < lineEnd) {
      const inner: Piece[] = [];
      let end = lineEnd;
      const starts = inlineItemStarts(norm, from, lineEnd);
      for (let k = starts.length - 1; k >= 0; k--) {
        const piece = makePiece(norm, starts[k]!, end, true, true);
        if (piece.heading === null) continue;
        inner.push(piece);
        end = starts[k]!;
      }
      // A line with headings run into it lost its line breaks: its own heading may end at a space too.
      const first = makePiece(norm, from, end, false, inner.length > 0);
      if (first.line !== '') pieces.push(first);
      for (let k = inner.length - 1; k >= 0; k--) pieces.push(inner[k]!);
    }
    lineStart = lineEnd + 1;
  }
  return pieces;
}

function makePiece(norm: string, from: number, to: number, inline: boolean, spaceEnds: boolean): Piece {
  const line = norm.slice(from, to).trim();
  const numbered = numberedLine(line);
  const heading = numbered ? headingExtent(line, numbered, inline, spaceEnds) : null;
  return { from, to, line, numbered, heading };
}

/** Offsets in [from, to) where a numbered item of level 1–3 starts after a sentence end or a space. */
function inlineItemStarts(norm: string, from: number, to: number): number[] {
  const starts: number[] = [];
  for (let k = from + 1; k < to; k++) {
    if (!is(norm.charCodeAt(k), MARKER_START)) continue;
    let p = k - 1;
    while (p > from && is(norm.charCodeAt(p), CLOSER)) p--;
    const prev = norm[p]!;
    const afterSpace = /\s/.test(norm[k - 1]!);
    const afterEnd = prev === '。' || prev === '!' || prev === '?';
    if (!afterSpace && !afterEnd) continue;
    const numbered = numberedLine(norm.slice(k, Math.min(to, k + 12)));
    if (!numbered || numbered.level > 3) continue;
    // "一、二类企业": a numeral after the marker is a range in a sentence, not a heading
    if (CN_NUM.includes(norm[k + numbered.markerLength] ?? '')) continue;
    // "…不够。二、公开内容…" inside a paragraph is a list; a section heading run into a line is set off by a space.
    if (numbered.level === 1 && !afterSpace) continue;
    starts.push(k);
  }
  return starts;
}

/**
 * The section of the text before the first heading. It is the preamble when
 * the text has a title or framing ("现将…报告如下"), or when the first heading
 * is the report's first (一、). Otherwise the text starts in the middle of a
 * report: its opening text belongs to the section before the one its first
 * heading opens (measures when that heading names none, or names the
 * report's first sections), and so does a first heading that turns out to be
 * an item without a body.
 */
function openingSection(pieces: Piece[]): Section {
  const first = pieces.findIndex((p) => p.heading !== null && p.numbered !== null && p.numbered.level <= 3);
  const before = pieces.slice(0, first < 0 ? pieces.length : first);
  if (before.length > 0 && (isTitleLine(before[0]!.line) || isBrokenTitle(before[0]!.line, before[1]) || before.some((p) => FRAMING.test(p.line)))) return 'preamble';
  if (first < 0) return before.length === 0 ? 'preamble' : 'measures';
  const heading = pieces[first]!;
  const numbered = heading.numbered!;
  if (numbered.level === 1 && isFirstItem(heading.line.slice(0, numbered.markerLength))) return 'preamble';
  const named = sectionsNamedBy(heading.line.slice(numbered.markerLength, heading.heading!));
  return named.length > 0 ? sectionBefore(named[0]!) : 'measures';
}

function isFirstItem(marker: string): boolean {
  const core = marker.replace(/[^0-9一二三四五六七八九十]/g, '');
  return core === '一' || core === '1';
}

/** The section a report puts before `s` (annotation guide §1, in the order of Article 25). */
function sectionBefore(s: Section): Section {
  switch (s) {
    case 'plans':
      return 'shortcomings';
    case 'suggestions':
    case 'other_matters':
      return 'plans';
    default:
      return 'measures';
  }
}

/**
 * After the last named section, an unnamed level-1 heading continues the body;
 * it is treated as measures only when nothing else has been opened.
 */
function firstBodySection(current: Section): Section {
  return current === 'closing' ? 'other_matters' : current;
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

/**
 * The first half of a title broken over two lines ("控江路街道2022年度法治政府建设"
 * / "工作情况报告"): no punctuation, names the year or the report's subject, and
 * the next line is short and ends the title.
 */
function isBrokenTitle(line: string, next: Piece | undefined): boolean {
  if (!next || next.numbered || line.length > 40 || /[。;；,，:：!?！？]/.test(line) || !/(\d{4}年|法治|依法行政)/.test(line)) return false;
  return next.line.length <= 20 && isTitleLine(next.line) && /(报告|总结)$/.test(next.line);
}

function isTitleLine(line: string): boolean {
  return line.length <= 60 && !/[。;；,，:：!?！？]/.test(line) && TITLE_LINE.test(line);
}

/**
 * Where a numbered line's heading ends (index into the line), or null when the
 * line is a numbered paragraph. A whole-line heading has no sentence end before
 * its last character; a run-in heading is a short lead phrase ending in 。 or
 * a colon, or (on a line that lost its line breaks) in a space before body
 * text: elsewhere a space is as likely a PDF's spacing inside a heading or
 * sentence. A heading found inside a line is held to the length of a lead
 * phrase.
 */
function headingExtent(line: string, numbered: NumberedLine, inline = false, spaceEnds = false): number | null {
  let firstEnd = -1;
  for (let i = numbered.markerLength; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (is(ch, SENTENCE_END | COLON)) {
      firstEnd = i;
      break;
    }
  }
  const spaced = spaceEnds && numbered.level <= 3 ? spaceEndedHeading(line, numbered, firstEnd) : null;
  if (spaced !== null) return spaced;
  let endAt = firstEnd + 1;
  while (endAt < line.length && is(line.charCodeAt(endAt), CLOSER)) endAt++;
  const wholeLine = firstEnd < 0 || endAt >= line.length;
  if (wholeLine) {
    // A whole line that ends like a sentence is a heading only when it is as
    // short as a lead phrase; a longer one is a numbered sentence ("3.在切实推进
    // …还需要进一步加大宣传力度…。"). 一是… lines are enumerations, held to the same bound.
    const endsLikeSentence = firstEnd >= 0;
    const max = endsLikeSentence || inline || numbered.level === 4 ? MAX_RUN_IN_LEAD[numbered.level]! : MAX_HEADING_LINE;
    return line.length - numbered.markerLength <= max ? line.length : null;
  }
  const ch = line[firstEnd]!;
  if (ch !== '。' && ch !== ':' && ch !== '：') return null;
  if (firstEnd - numbered.markerLength > MAX_RUN_IN_LEAD[numbered.level]!) return null;
  return endAt;
}

/**
 * A heading that ends at a space, with body text after it on the same line
 * ("一、政府信息主动公开情况 2013年度我镇在主动公开…"): the words before the
 * space are a lead phrase of Han characters (not "一、2021 年…", a number cut
 * by a PDF's spacing), and what follows is a sentence. A phrase without
 * punctuation before the next space continues the heading ("一、加强组织领导
 * 构建依法治镇工作新格局"), and text with no sentence end is no body.
 */
function spaceEndedHeading(line: string, numbered: NumberedLine, firstEnd: number): number | null {
  let contentStart = numbered.markerLength;
  while (contentStart < line.length && /\s/.test(line[contentStart]!)) contentStart++;
  const limit = firstEnd < 0 ? line.length : firstEnd;
  const max = contentStart + MAX_RUN_IN_LEAD[numbered.level]!;
  for (let at = line.slice(contentStart, limit).search(/\s/) + contentStart; at > contentStart && at < limit && at <= max; ) {
    const content = line.slice(contentStart, at).trimEnd();
    const rest = line.slice(at).trimStart();
    const chunk = rest.split(/\s/, 1)[0]!;
    const last = content.charCodeAt(content.length - 1);
    const leadPhrase = countHan(content) >= 2 && (isHan(last) || is(last, CLOSER));
    if (!leadPhrase) return null;
    if (/[。!?;]/.test(rest) && /^[\p{L}\p{N}(“"《]/u.test(rest) && (chunk.length >= 20 || /[,，。;；:：、!?]/.test(chunk))) return at;
    const next = rest.search(/\s/);
    if (next < 0) return null;
    at = line.length - rest.length + next;
  }
  return null;
}

/** Split [from, to) into sentences at 。！？；, keeping closing quotes with their sentence. */
function splitSentences(text: string, norm: string, from: number, to: number, emit: (s: Span) => void): void {
  let start = from;
  for (let i = from; i < to; i++) {
    if (is(norm.charCodeAt(i), SENTENCE_END)) {
      let end = i + 1;
      while (end < to && is(norm.charCodeAt(end), CLOSER)) end++;
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
