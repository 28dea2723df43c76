/**
 * The clean stage: remove web-page chrome (annotation guide §1 and §3:
 * navigation, 索引号/发布机构 metadata blocks, 发布时间 and view counters,
 * 语音播报, 扫一扫…, 字号, 打印/关闭, 相关文章, 附件下载, 上一篇/下一篇,
 * 热门搜索, site names, ICP/公安备案 lines …) and keep every line of report text.
 *
 * Chrome is recognized line by line, and only on short lines, because the
 * guarantee that matters is the other direction: report text is never removed.
 * A body paragraph is long and starts with content, so none of these patterns,
 * all anchored or length-bounded, can swallow one; a line with a full stop and
 * more than PROSE_HAN Chinese characters is never chrome whatever it matches.
 *
 * The cleaned text's offsets are what labels point into, so cleaning is
 * line-based and deterministic: a line is kept (trimmed of surrounding space),
 * removed whole, or kept with a chrome fragment at its edge cut off (table-cell
 * separators " | ||" left by a metadata table, a page date after a title, the
 * "_column_site" tail of a page <title>).
 */
import { normalizeForMatch } from '../text/normalize.js';
import { BULLET, HEADING, isChromeLine, isPageDate, LABEL_START, matchForm, MAX_CHROME_LINE, PAGE_DATE_LINE } from '../text/chrome-line.js';

export interface CleanResult {
  /** Report text with chrome removed: lines trimmed, runs of blank lines collapsed to one. */
  text: string;
  /**
   * The removed chrome, for metadata (发布机构, 发布时间 …) and for debugging a
   * cleaning decision: whole lines, the fragments cut off kept lines, and a
   * metadata label whose value sat on the next line joined to that value.
   */
  removed: string[];
}


/** A metadata label with nothing after it ("发布时间:", "来源:"): its value, if any, is on the next line. */
function emptyLabel(norm: string): boolean {
  const m = LABEL_START.exec(norm);
  return m !== null && norm.slice(m[0].length).trim() === '';
}

/** The value line after an empty label: short, no sentence, no heading, no title, no salutation. */
function labelValue(norm: string): boolean {
  if (norm.length === 0 || norm.length > 24) return false;
  if (PAGE_DATE_LINE.test(norm) || isPageDate(norm) || /^\d+\s*次?$/.test(norm)) return true;
  if (/[,;。:、]/.test(norm) || /报告|情况|总结|工作|通知|意见/.test(norm)) return false;
  if (HEADING.test(norm)) return false;
  return !LABEL_START.test(norm);
}

const MAY_START_BULLET = /^[-•·*\s]/;

/**
 * A run of bulleted short values with no labels (the labels were images or
 * columns that did not come through), or a bulleted menu: chrome when at
 * least three in a row and one of them is an index number, a date or chrome
 * by itself (• 首页, • 网站地图).
 */
function bulletedMetadataRun(lines: string[], start: number): number {
  let end = start;
  let anchored = false;
  while (end < lines.length) {
    // A line whose first character is neither a bullet nor a space is none: the rest of it is not normalized.
    if (!MAY_START_BULLET.test(normalizeForMatch(lines[end]!.charAt(0)))) break;
    const raw = normalizeForMatch(lines[end]!).trim();
    if (!BULLET.test(raw)) break;
    const v = raw.replace(BULLET, '').trim();
    if (v.length === 0 || v.length > 30 || /[,;。]/.test(v)) break;
    if (PAGE_DATE_LINE.test(v) || /^[\w-]{6,}\/\d{4}-\d+$/.test(v) || /^\d{4}-\d{1,2}-\d{1,2}/.test(v) || isChromeLine(v)) anchored = true;
    end++;
  }
  return end - start >= 3 && anchored ? end - start : 0;
}

const BAR = /[|｜]/;

/** A fragment cut from the edge of a kept line, as its length from the end (0: none), found on the normalized line. */
type EdgeFragment = (norm: string) => number;

/** Fragments found in the line's last MAX_CHROME_LINE units, which are all they read. */
const TAIL_FRAGMENTS: EdgeFragment[] = [
  // table-cell bars after the text ("…年度报告 | ||", "…如下: |"); only a line whose last visible character is a bar is searched
  (n) => (BAR.test(n.trimEnd().slice(-1)) ? (/(\s*[|｜]\s*)+$/.exec(n.slice(-MAX_CHROME_LINE))?.[0].length ?? 0) : 0),
  // a linked attachment after the last sentence ("…无其他需要报告的事项。 附件下载:…统计表.doc")
  (n) => /(?<=[。;!?\s])\s*(附件下载|相关附件|附件)\s*:?\s*[^。;\s]{1,60}\.(docx?|wps|pdf|xlsx?|et|ofd|zip|rar)\s*$/i.exec(n.slice(-MAX_CHROME_LINE))?.[0].length ?? 0,
];

/** Fragments of a title line, found in lines of at most MAX_TITLE_LINE units only. */
const TITLE_FRAGMENTS: EdgeFragment[] = [
  // a page date after a title ("…工作情况报告 2023-02-09")
  (n) => (n.length > MAX_TITLE_LINE || /[,;。:]/.test(n) ? 0 : (/\s+\d{4}-\d{1,2}-\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?$/.exec(n)?.[0].length ?? 0)),
  // the column and site after a page <title> ("…报告 - 通知公告 - 宁乡市政府门户网站", "…报告_公开目录_…门户网站")
  (n) => {
    if (n.length > MAX_TITLE_LINE || /[,;。]/.test(n)) return 0;
    const m = /((\s+[-—|]\s+|_)[^_|]{1,30}){1,3}$/.exec(n);
    return m && m.index >= 6 && /(网|网站|门户|人民政府|政府)\s*$/.test(m[0]) ? m[0].length : 0;
  },
];
const EDGE_FRAGMENTS = [...TAIL_FRAGMENTS, ...TITLE_FRAGMENTS];
const MAX_TITLE_LINE = 200;
const LEADING_BARS = /^[|｜][|｜\s]*(?=[^|｜\s])/;

/** The line with chrome fragments cut from its edges, and what was cut. */
function trimFragments(line: string): { text: string; cut: string[] } {
  // normalizeForMatch maps one UTF-16 unit to one, so lengths found on the normalized form cut the original.
  let text = line;
  const cut: string[] = [];
  const lead = LEADING_BARS.exec(text);
  if (lead) {
    cut.push(lead[0].trim());
    text = text.slice(lead[0].length);
  }
  for (let changed = true; changed; ) {
    changed = false;
    // A line longer than a title can lose only a tail fragment: the rest of it is not normalized.
    const long = text.length > MAX_TITLE_LINE;
    const norm = normalizeForMatch(long ? text.slice(-MAX_CHROME_LINE) : text);
    for (const fragment of long ? TAIL_FRAGMENTS : EDGE_FRAGMENTS) {
      const n = fragment(norm);
      if (n > 0 && text.slice(0, text.length - n).trim() !== '') {
        cut.push(text.slice(text.length - n).trim());
        text = text.slice(0, text.length - n).trimEnd();
        changed = true;
        break;
      }
    }
  }
  return { text, cut };
}

const TRIM = /^[\s\u3000\u00a0\ufeff]+|[\s\u3000\u00a0\ufeff]+$/g;

/** The name of the page's column (栏目) under the report: a short label, no punctuation. */
const COLUMN_NAME = /^[\u4e00-\u9fff]{2,10}(年报|专栏|栏目|动态|公告|公示)$/;

/**
 * A column name the page prints after the report's last sentence
 * ("政府信息公开年报") is chrome. Only the lines after the last line that ends a
 * sentence are looked at, so a heading or a signature above is never touched.
 */
function dropTrailingColumnName(lines: string[], drop: boolean[], entry: Map<number, string>): void {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line === '' || drop[i]) continue;
    if (!COLUMN_NAME.test(line)) return;
    const earlier = lines.slice(0, i).filter((l, k) => l !== '' && !drop[k]);
    if (earlier.length === 0 || !/[。！？；.!?;]$/.test(earlier[earlier.length - 1]!)) return;
    drop[i] = true;
    entry.set(i, line);
  }
}

export function cleanText(raw: string): CleanResult {
  const removed: string[] = [];
  const lines = raw.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(TRIM, ''));
  const drop = new Array<boolean>(lines.length).fill(false);
  /** Removed entries by line, so that a label and its value become one entry. */
  const entry = new Map<number, string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '' || drop[i]) continue;
    const run = bulletedMetadataRun(lines, i);
    if (run > 0) {
      for (let k = i; k < i + run; k++) {
        drop[k] = true;
        entry.set(k, lines[k]!);
      }
      i += run - 1;
      continue;
    }
    if (isChromeLine(line)) {
      drop[i] = true;
      entry.set(i, line);
      const norm = matchForm(line);
      if (norm.length <= MAX_CHROME_LINE && emptyLabel(norm)) {
        let j = i + 1;
        while (j < lines.length && lines[j] === '') j++;
        const value = j < lines.length ? matchForm(lines[j]!) : '';
        if (labelValue(value) && (isPageDate(value) || !isChromeLine(lines[j]!))) {
          drop[j] = true;
          entry.set(i, `${line}${lines[j]}`);
        }
      }
      continue;
    }
    const trimmed = trimFragments(line);
    if (trimmed.cut.length > 0) {
      if (isChromeLine(trimmed.text)) {
        drop[i] = true;
        entry.set(i, line);
      } else {
        lines[i] = trimmed.text;
        entry.set(i, trimmed.cut.join(' '));
      }
    }
  }
  dropTrailingColumnName(lines, drop, entry);
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const e = entry.get(i);
    if (e !== undefined) removed.push(e);
    if (drop[i]) continue;
    const line = lines[i]!;
    if (line === '') {
      if (kept.length > 0 && kept[kept.length - 1] !== '') kept.push('');
      continue;
    }
    kept.push(line);
  }
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  dropRepeatedTitle(kept, removed);
  return { text: collapseBlankRuns(kept).join('\n'), removed };
}

/**
 * CMS pages print the article title once as a page header and again as the
 * report's own title, sometimes split over two lines (issuer, then title).
 * The earlier copy is chrome; the report's own title is kept.
 */
function dropRepeatedTitle(lines: string[], removed: string[]): void {
  // Only the head of the text, and only title-length lines, are compared: a
  // pathological text (one 1 MB line, a million short lines) stays linear.
  const MAX_TITLE = 200;
  const squash = (s: string) => (s.length > 2 * MAX_TITLE ? '' : normalizeForMatch(s).replace(/\s+/g, ''));
  const head = Math.min(lines.length, 20);
  // Blank runs are already collapsed, so the next non-empty line is at most two lines on.
  const squashed = lines.slice(0, head + 2).map(squash);
  const nextNonEmptyIndex = (j: number): number => {
    for (let k = j + 1; k < squashed.length; k++) if (lines[k] !== '') return k;
    return -1;
  };
  const nextNonEmpty = (j: number): string => {
    for (let k = j + 1; k < squashed.length; k++) if (lines[k] !== '') return squashed[k]!;
    return '';
  };
  // Two title lines in a row that differ only in filler (年度/年, 情况, 工作, 的, 关于): the page's
  // header and the report's own title ("…2023年度法治政府建设情况报告" above "…2023年法治政府建设工作报告").
  const titleKey = (s: string) => s.replace(/年度/g, '年').replace(/关于|工作|情况|的/g, '');
  for (let i = 0; i < head; i++) {
    const a = squashed[i]!;
    if (a.length < 6 || a.length > 60 || !/报告$/.test(a) || /[。;；,，:：]/.test(a)) continue;
    const j = nextNonEmptyIndex(i);
    const b = j < 0 ? '' : squashed[j]!;
    if (/报告$/.test(b) && b.length <= 60 && b !== a && titleKey(a) === titleKey(b)) {
      removed.push(lines[i]!);
      lines.splice(i, 1);
      return;
    }
    // The page's title with its place ("永嘉镇2019年…工作报告") above the report's issuer line
    // naming that place ("中共重庆市铜梁区永嘉镇委员会") and its title without it ("2019年…工作报告").
    const k = j < 0 ? -1 : nextNonEmptyIndex(j);
    const c = k < 0 ? '' : squashed[k]!;
    const place = a.slice(0, a.length - c.length);
    if (c.length >= 8 && /报告$/.test(c) && a.endsWith(c) && place.length >= 2 && place.length <= 12 && !/\d/.test(place) && b.includes(place)) {
      removed.push(lines[i]!);
      lines.splice(i, 1);
      return;
    }
    break;
  }
  for (let i = 0; i < head; i++) {
    const a = squashed[i]!;
    if (a.length < 6 || a.length > MAX_TITLE || /[。;；]/.test(a)) continue;
    for (let j = i + 1; j < head; j++) {
      const one = squashed[j]!;
      const two = one + nextNonEmpty(j);
      if (one === a || two === a) {
        removed.push(lines[i]!);
        lines.splice(i, 1);
        return;
      }
    }
  }
}

function collapseBlankRuns(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (l === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(l);
  }
  return out;
}
