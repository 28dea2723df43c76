/**
 * Lines of web-page chrome, one at a time: navigation and breadcrumbs, CMS
 * metadata (索引号, 发布机构, 发布时间 …), toolbars (打印, 关闭, 字号 …),
 * footers (ICP filing numbers, copyright), page dates and rows of table
 * cells made of these. The reader uses it to find where a page's report text
 * starts; the clean stage uses it to remove chrome from the text.
 *
 * Only short lines are recognized, and a line with a full stop and more than
 * PROSE_HAN Chinese characters never is: report text is never chrome.
 */
import { countHan, normalizeForMatch } from './normalize.js';

/**
 * Metadata labels of CMS article pages. Written without spaces: pages spread
 * them out ("索 引 号", "体       裁"), so they are matched with any spacing.
 */
const METADATA_LABELS = [
  '索引号', '发文字号', '文号', '主题分类', '体裁分类', '体裁', '发布机构', '发布单位', '发文机关', '有效性', '效力状态',
  '时效性', '成文日期', '成文时间', '发布日期', '发布时间', '发文时间', '发文日期', '生效日期', '废止日期', '公开日期',
  '公开方式', '公开类别', '公开范围', '公开时限', '公开目录', '公开形式', '所属类目', '所属栏目', '所属单位', '组配分类', '服务对象',
  '统一编号', '生成日期', '机构名称', '信息来源', '文章来源', '来源', '作者', '责任编辑', '编辑', '浏览次数', '浏览量',
  '点击数', '点击量', '点击率', '阅读数', '阅读量', '阅读次数', '访问量', '访问次数', '字体大小', '信息分类', '文件编号',
  '更新时间', '标题', '信息名称', '主题词', '关键词', '内容分类', '录入时间', '发布人', '发布者', '审核人', '稿源', '供稿单位', '供稿',
  '责编', '初审', '复审', '终审', '审核', '日期', '时间', '浏览', '点击', '阅读',
];
const spaced = (label: string) => [...label].join('\\s*');
const LABEL_ALT = METADATA_LABELS.map(spaced).join('|');
/** A label at the start of a line, then its separator (colon, bracket, cell bar) or the end of the line. */
export const LABEL_START = new RegExp(`^[\\[(]?\\s*(${LABEL_ALT})\\s*(?:[\\]):|]|$)`);
/** The same without a separator: tables that lost their colons ("公开类别 主动公开 发布时间 2024-03-20"). */
const LABEL_SPACE = new RegExp(`^(${LABEL_ALT})\\s+\\S`);
/** Labels that also begin ordinary sentences ("时间紧、任务重"): chrome only with a date, a count or nothing as their value. */
const WEAK_LABEL = /^(日期|时间|浏览|点击|阅读|关键词|主题词)$/;
const LABEL_ANYWHERE = new RegExp(`(?:^|[\\s|\\]])(${LABEL_ALT})\\s*[:\\]|]`, 'g');
const LABEL_SEPARATOR = /[:\]|]/;
const LABEL_SPACED_ANYWHERE = new RegExp(`(?:^|\\s)(${LABEL_ALT})(?=\\s|$)`, 'g');

/** A date as web pages print it (2024-01-30, 2024/1/30, 2024.01.30, 2024年01月30日 16:38), optionally with a time. */
const PAGE_DATE = String.raw`\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?`;
export const PAGE_DATE_LINE = new RegExp(`^[-•·*]?\\s*[\\[(]?\\s*(?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{4}/\\d{1,2}/\\d{1,2}|\\d{4}\\.\\d{1,2}\\.\\d{1,2})(?:\\s+\\d{1,2}:\\d{2}(?::\\d{2})?)?\\s*[\\])]?$`);
const DATE_WITH_TIME = new RegExp(`^${PAGE_DATE}$`);
/** A value that says nothing but a date, a count or an id. */
const PLAIN_VALUE = new RegExp(`^(?:${PAGE_DATE}|\\d+\\s*次?|[\\w/-]+)?$`);

/** Page furniture words: a short line made of these (and brackets, bars, colons) alone is a toolbar. */
const FURNITURE = [
  '打印本页', '打印此页', '打印文本', '打印文章', '打印', '关闭窗口', '关闭本页', '关闭', '加入收藏', '收藏', '分享到', '分享',
  '字体大小', '字体', '字号', '默认', '大', '中', '小', '繁体中文', '简体中文', '繁体', '繁體', '简体', '返回顶部', '返回首页', '返回列表',
  '返回', '顶部', '视力保护色', '护眼模式', '保护色', '背景色', '语音播报', '语音朗读', '朗读', '播放', '暂停', '停止', '我要纠错', '纠错',
  '无障碍浏览', '无障碍', '长者模式', '关怀版', '适老化', '微信', '微博', 'QQ空间', 'QQ', '更多', '复制链接', '链接', '二维码', '下载',
  '网站地图', '网站声明', '隐私声明', '关于我们', '联系我们', '设为首页', '登录', '注册', 'English', 'EN',
  '扫一扫', '扫描二维码', '扫码', '首页', '手机版', '移动版', '放大', '缩小', '重置', '无障碍阅读', '读屏专用', 'TOP', 'A\\+', 'A-', 'A',
];
/** A toolbar: furniture words ("我要打印" as well as "打印") between brackets, bars, colons and spaces. */
const FURNITURE_LINE = new RegExp(`^(?:[\\s\\[\\]()|丨/:·•*>-]*(?:我要)?(?:${FURNITURE.join('|')}))+[\\s\\[\\]()|丨/:·•*>-]*$`, 'i');

/** Short lines (after width normalization, bullet and trimming) that are chrome when they match. */
const CHROME_LINE: RegExp[] = [
  // navigation and breadcrumbs
  /(当前位置|您的位置|您现在的位置|所在位置|当前的位置|所在的位置|现在的位置)\s*:/,
  /^(您|你)?(当前|现在|目前)?(所在)?的?(位置|路径)\s*(:|$)/,
  /首页\s*[>»›/|]/,
  /^[>»›]\s*\S/,
  /^[^,。;:]{1,20}(\s*[>»›]\s*[^,。;>»›]{1,20}){2,}$/, // a trail of three or more crumbs
  // page furniture
  /^\[?\s*字号/,
  /^\[?\s*字体\s*[:\]]/,
  /字号\s*[:：]?\s*(大|\[大\])\s*(中|\[中\])\s*(小|\[小\])/,
  /^(上一篇|下一篇|上一条|下一条|上一页|下一页)/,
  /扫一扫/,
  /(当前页|本页)二维码/,
  /^(文件预览|附件下载|相关附件|相关文章|相关链接|相关阅读|相关新闻|相关文件|相关信息|相关稿件|相关推荐|推荐阅读|猜你喜欢|我要找政策|网站地图|联系我们|无障碍|长者模式|智能问答|热点推荐|专题专栏|图片新闻)\s*[:]?\s*$/,
  /^(热门搜索|热门关键词|热门标签|热搜词?|搜索热词|站内搜索|全站搜索)/,
  /^搜索\s*:?\s*$/,
  /附件下载/,
  // a site or issuer name before the page's date ("宁乡市人民政府 发布时间:2024-01-30")
  /^[^,。;:]{2,30}\s(发布|成文|发文|更新|公开)(时间|日期)\s*:?\s*\d{4}[-/.年]\d{1,2}[^,。;]*$/,
  /\S\.(docx?|wps|pdf|xlsx?|et|ofd|zip|rar|7z)\s*(\(\s*\d+(\.\d+)?\s*[KM]B?\s*\))?\s*$/i, // a linked file
  /^(展开全文|阅读全文|查看全文|收起全文|点击查看)/,
  /^\S{1,8}APP(下载)?$/i,
  /^(手机)?(扫码|扫描二维码)/,
  /在手机上?(打开|查看|阅读|浏览)|手机(打开|查看|阅读)本页/,
  /^您是第\s*\d+\s*位/,
  /^视力保护色/,
  // a site's name alone, or a row of them
  /^[^\s,。;:]{2,24}(门户网站|政府网站|政府网|人民政府网|网站)$/,
  /^([^\s,。;:]{2,24}(网站|网|门户)\s+){1,}[^\s,。;:]{2,24}(网站|网|门户)$/,
  // site operators
  /^(主办单位|承办单位|技术支持|运维单位|维护单位|主办|承办|协办)\s*[:：]/,
  /^(建议使用|推荐使用).{0,30}(浏览器|分辨率)/,
  // a lone bullet, separator or empty table cell
  /^[\s•·*\-_=|]+$/,
];

/**
 * Footers (ICP and public-security filing numbers, copyright) and the
 * 仅展示N字 notice: chrome even in a line with sentence punctuation
 * ("版权所有：XX县人民政府。未经授权，禁止复制。").
 */
const FOOTER_LINE: RegExp[] = [/ICP\s*(备|证)/i, /公网安备/, /网站标识码/, /版权所有|Copyright|©|All Rights Reserved/i, /仅展示\s*\d+\s*字.{0,12}全文共\s*\d+\s*字/];

export const MAX_CHROME_LINE = 80;
/** A line with a full stop and more Chinese characters than this is report prose, never chrome. */
const PROSE_HAN = 40;

/** Bullets that CMS metadata blocks and page-to-text converters put before a line. */
export const BULLET = /^[-•·*]\s*/;

/** The line normalized for matching: widths unified, a leading bullet dropped, trimmed. */
export function matchForm(line: string): string {
  return normalizeForMatch(line).trim().replace(BULLET, '').trim();
}

export function isChromeLine(line: string): boolean {
  if (line.length > 4 * MAX_CHROME_LINE && line.trim().length > 4 * MAX_CHROME_LINE) return false;
  const norm = matchForm(line);
  if (norm.length === 0) return normalizeForMatch(line).trim().length > 0; // a bullet alone
  if (norm.length > MAX_CHROME_LINE) return false;
  if (/。/.test(norm) && countHan(norm) > PROSE_HAN) return false;
  if (NUMBERED_HEADING.test(norm)) return false;
  if (FOOTER_LINE.some((re) => re.test(norm))) return true;
  // A sentence ("群众扫一扫即可评价。", "标注所在位置,…") is never matched by the page-furniture patterns.
  if (/[。;!?]/.test(norm) || (/,/.test(norm) && countHan(norm) >= 12)) return false;
  return CHROME_LINE.some((re) => re.test(norm)) || FURNITURE_LINE.test(norm) || isMetadataLine(norm) || isPageDate(norm) || isCellRow(norm);
}

/** 索引号: …, [ 发布机构 ] …, 发布时间:2024-01-30 来源:本站 浏览:3799次, 公开方式 主动公开 有效性 有效. */
function isMetadataLine(norm: string): boolean {
  // A label counts only before its separator: a line with none has no label to look for.
  const labels = LABEL_SEPARATOR.test(norm) ? [...norm.matchAll(LABEL_ANYWHERE)].length : 0;
  if (/[,;。]/.test(norm) && labels < 2) return false;
  const start = LABEL_START.exec(norm);
  if (start) {
    const label = start[1]!.replace(/\s+/g, '');
    if (!WEAK_LABEL.test(label) || labels >= 2) return true;
    const value = norm.slice(start[0].length).trim();
    return PLAIN_VALUE.test(value) || /^(本站|本网|[^\s,。;]{0,12}(网|网站|人民政府|政府|办|局|镇|乡|街道|委员会|所|中心))$/.test(value);
  }
  if (HEADING.test(norm)) return false;
  if (labels >= 2) return true;
  // Labels that lost their colons: two or more in a short line, or one strong label followed by a value.
  if (norm.length > 60 || /[,;。]/.test(norm)) return false;
  if ([...norm.matchAll(LABEL_SPACED_ANYWHERE)].length >= 2) return true;
  const m = LABEL_SPACE.exec(norm);
  return m !== null && !WEAK_LABEL.test(m[1]!.replace(/\s+/g, ''));
}

/** A numbered heading of the report (一、… (一)… 1.…, not a date 2024.01.30): never chrome, whatever its words. */
const NUMBERED_HEADING = /^([一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[、.](?!\d))/;

/** A numbered heading of the report, or text in brackets: 一、… (一)… 1.… */
export const HEADING = /^([一二三四五六七八九十]+[、.]|\(|\d+[、.])/;

/**
 * A row of table cells or links separated by bars (中国政府网 | 重庆市人民政府网 | …,
 * 116223010139324488/2009-00021 | 主动公开 | 凉州区张义镇人民政府 |): chrome when
 * every cell is short and at least half of them are labels, ids, dates, site
 * names or furniture. A row of a statistics table ("主动公开政府信息 | 21 | 条") is
 * not one.
 */
function isCellRow(norm: string): boolean {
  const cells = norm.split(/[|丨]/).map((c) => c.trim()).filter(Boolean);
  if (cells.length < 2 || cells.some((c) => c.length > 30 || /[,;。]/.test(c))) return false;
  // a menu: short link names, one of them chrome by itself (首页 | 政务公开 | 新闻中心 | 互动交流)
  if (cells.length >= 3 && cells.every((c) => c.length <= 8 && !/\d/.test(c)) && cells.some((c) => FURNITURE_LINE.test(c))) return true;
  const chromeCells = cells.filter(
    (c) =>
      LABEL_START.test(c) ||
      LABEL_SPACE.test(c) ||
      /^[\w-]*\/\d{4}-\d+$/.test(c) ||
      /^\d{12,}/.test(c) ||
      PAGE_DATE_LINE.test(c) ||
      isPageDate(c) ||
      /(网|网站|门户)$/.test(c) ||
      /^(主动公开|依申请公开|不予公开|有效|无效|首页)$/.test(c) ||
      FURNITURE_LINE.test(c),
  ).length;
  return 2 * chromeCells >= cells.length;
}

/** A date (and time) of the web page on a line of its own: 2024-01-30, 2025年03月28日 16:38. A report's own 2021年11月23日 stays. */
export function isPageDate(norm: string): boolean {
  return PAGE_DATE_LINE.test(norm) || (DATE_WITH_TIME.test(norm) && /:\d{2}$/.test(norm));
}
