/**
 * The clean stage: remove web-page chrome (annotation guide §1: navigation,
 * 索引号/发布机构 metadata blocks, 语音播报, 扫一扫…, 字号, 相关文章, 文件预览,
 * ICP/公安备案 lines …) and keep every line of report text.
 *
 * Chrome is recognised line by line, and only on short lines, because the
 * guarantee that matters is the other direction: report text is never removed.
 * A body paragraph is long and starts with content, so none of these patterns,
 * all anchored or length-bounded, can swallow one.
 */
import { normalizeForMatch } from '../text/normalize.js';

export interface CleanResult {
  /** Report text with chrome removed: lines trimmed, runs of blank lines collapsed to one. */
  text: string;
  /** The removed lines, for debugging a cleaning decision. */
  removed: string[];
}

/** Short lines (after width normalisation and trimming) that are chrome when they match. */
const CHROME_LINE: RegExp[] = [
  // navigation and breadcrumbs
  /(当前位置|您的位置|您现在的位置|所在位置)\s*[:：]?/,
  /^首页\s*[>»›]/,
  /\S\s*\|\s*\S.*\|/, // a row of site links separated by |
  // metadata blocks: [ 索引号 ] …, • 主题分类: …
  /^[\[【]\s*(索引号|发文字号|文号|主题分类|体裁分类|发布机构|有效性|成文日期|发布日期|生效日期|废止日期|名\s*称|组配分类|服务对象)\s*[\]】]/,
  /^[•·*\-]?\s*(所属类目|主题分类|体\s*裁|发布日期|发文字号|发文日期|公开类别|公开方式|公开范围|公开时限|机构名称|索引号|发布机构|信息来源|来\s*源|文\s*号|有效性|成文日期|组配分类|服务对象|统一编号|生成日期|浏览次数|点击数|阅读数)\s*[:：]/,
  /^(日期|发布时间|发布日期|时间|更新时间)\s*[:：]?\s*\d{4}[-年/.]\d{1,2}([-月/.]\d{1,2}日?)?(\s+\S*(来源|作者|浏览|点击)\S*\s*[:：].*)?$/,
  // page furniture
  /^[【\[]?\s*字号/,
  /字号\s*[:：]?\s*(大|\[大\])\s*(中|\[中\])\s*(小|\[小\])/,
  /^(语音播报|打印本页|关闭窗口|打印|关闭|收藏|分享到[:：]?.*|【打印】.*|【关闭】.*|\[打印\].*|\[关闭\].*|返回顶部|返回首页|上一篇.*|下一篇.*)$/,
  /扫一扫/,
  /(当前页|本页)二维码/,
  /^[•·*\-]?\s*(文件预览|附件下载|相关文章|相关链接|相关阅读|相关新闻|相关文件|我要找政策|政策解读|网站地图|联系我们|无障碍|长者模式|智能问答)\s*$/,
  /^\S{1,8}APP(下载)?$/i,
  // footers: ICP and public-security filing numbers, copyright, site operators
  /ICP\s*(备|证)/i,
  /公网安备/,
  /网站标识码/,
  /版权所有|Copyright|©/i,
  /^(主办单位|承办单位|技术支持|运维单位|主办|承办)\s*[:：]/,
  // a page <title>: "report title_column_site name"
  /_[^_]*(网|网站|门户|人民政府)\s*$/,
  // a lone bullet or separator
  /^[•·*\-_=|]+$/,
];

const MAX_CHROME_LINE = 80;

export function isChromeLine(line: string): boolean {
  if (line.length > 4 * MAX_CHROME_LINE && line.trim().length > 4 * MAX_CHROME_LINE) return false;
  const norm = normalizeForMatch(line).trim();
  if (norm.length === 0 || norm.length > MAX_CHROME_LINE) return false;
  return CHROME_LINE.some((re) => re.test(norm));
}

export function cleanText(raw: string): CleanResult {
  const removed: string[] = [];
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    const trimmed = line.replace(/^[\s\u3000\u00a0\ufeff]+|[\s\u3000\u00a0\ufeff]+$/g, '');
    if (trimmed === '') {
      if (kept.length > 0 && kept[kept.length - 1] !== '') kept.push('');
      continue;
    }
    if (isChromeLine(trimmed)) {
      removed.push(trimmed);
      continue;
    }
    kept.push(trimmed);
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
  const nextNonEmpty = (j: number): string => {
    for (let k = j + 1; k < squashed.length; k++) if (lines[k] !== '') return squashed[k]!;
    return '';
  };
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
