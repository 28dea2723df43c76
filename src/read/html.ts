/**
 * Government pages → text lines.
 *
 * First the report body is found among the navigation, sidebars and footers
 * of the site's template (see `mainContent`); then html-to-text turns it into
 * lines, keeping block structure (p, div, br, li, tr) as line breaks and
 * dropping scripts and styles. Chrome that remains as text is the clean
 * stage's job.
 *
 * Pages can be pathological (thousands of unclosed tags); html-to-text walks
 * the tree recursively, so a tree deeper than MAX_DEPTH is flattened first
 * (its text kept, its nesting dropped) and the stack never overflows.
 */
import { convert } from 'html-to-text';
import { parseDocument } from 'htmlparser2';
import { Element, Text, isTag, isText, type AnyNode, type ChildNode, type Document, type ParentNode } from 'domhandler';
import render from 'dom-serializer';
import { isChromeLine } from '../text/chrome-line.js';
import { isHan } from '../text/normalize.js';

const OPTIONS = {
  wordwrap: false as const,
  preserveNewlines: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'svg', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'td', format: 'block' },
    { selector: 'th', format: 'block' },
    { selector: 'ul', options: { itemPrefix: ' ' } },
  ],
};

/** Deeper trees are flattened before conversion (html-to-text recurses once per level). */
export const MAX_DEPTH = 200;

const SKIP = new Set(['script', 'style', 'noscript', 'iframe', 'svg', 'template', 'head', 'title']);
const BLOCKS = new Set([
  'html', 'body', 'p', 'div', 'section', 'article', 'main', 'aside', 'header', 'footer', 'nav', 'td', 'th', 'tr', 'tbody',
  'thead', 'tfoot', 'table', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre',
  'form', 'center', 'br', 'hr', 'figure', 'figcaption', 'caption',
]);
/** class/id of containers that hold the article in common government CMS templates (TRS, 大汉, 拓尔思, 博思…). */
const CONTENT_HINT = /content|article|zoom|trs_?editor|trs_?ueditor|main|detail|text|con|zhengwen|\bzw\b|\bnr\b/i;
/** class/id and tags of page furniture: text in them is never report prose. */
const CHROME_HINT = /nav|menu|footer|foot\b|bottom|header|sidebar|share|related|breadcrumb|crumb|copyright|friendlink|location|position/i;
const CHROME_TAGS = new Set(['nav', 'footer', 'header', 'aside']);
const TITLE_HINT = /title|tit\b|\bbt\b|biaoti|headline/i;
const REPORT_TITLE = /报告|情况|总结|工作|法治|依法/;

/** The whole page as lines of text (what the read stage did before main-content detection). */
export function htmlToText(html: string): string {
  const doc = parseDocument(html);
  if (treeDepth(doc) > MAX_DEPTH) {
    flattenDeep(doc, MAX_DEPTH);
    return convert(render(doc, { encodeEntities: 'utf8' }), OPTIONS);
  }
  return convert(html, OPTIONS);
}

export interface PageText {
  /** Lines for the clean stage: chrome lines of the page, the article title, then the report body. */
  text: string;
  /** What was converted: 'page' when no container held the whole report, else a description like 'div.TRS_Editor'. */
  container: string;
}

/**
 * Find the report body, convert it to lines, and put before it what the
 * metadata stage reads from around the body: the page's chrome lines
 * (发布日期, 发布机构, the site name in <title>; the clean stage removes them
 * again) and the article title printed above the body.
 */
export function pageToText(html: string): PageText {
  const doc = parseDocument(html);
  const deep = treeDepth(doc) > MAX_DEPTH;
  if (deep) flattenDeep(doc, MAX_DEPTH);
  const whole = deep ? convert(render(doc, { encodeEntities: 'utf8' }), OPTIONS) : convert(html, OPTIONS);
  const main = mainContent(doc);
  if (!main) return { text: whole, container: 'page' };

  const body = convert(render([main, ...trailingBlocks(main)], { encodeEntities: 'utf8' }), OPTIONS);
  const chrome = whole.split('\n').filter((l) => isChromeLine(l));
  const title = articleTitle(doc, main);
  const head = [...chrome, ...(title ? [title] : [])];
  return { text: (head.length ? head.join('\n') + '\n\n' : '') + body, container: describe(main) };
}

interface Stats {
  /** Han characters outside links. */
  han: number;
  /** Blocks of report prose in the subtree. */
  prose: number;
}

/**
 * The element holding the report: starting from <body>, step into the child
 * that holds all of the report prose (blocks of at least 20 Chinese
 * characters outside links with a sentence end) as long as one child does.
 * Text left behind is then navigation, titles, dates and footers, never a
 * paragraph of the report, so no report text is lost; when the prose is
 * spread over several children the walk stops at their parent (a short
 * sentence in a footer or share bar does not count). A container
 * named like a content block (TRS_Editor, zoom, article…) is preferred when
 * two children tie. Returns null when the answer is the whole page.
 */
export function mainContent(doc: Document): Element | null {
  const stats = computeStats(doc);
  const start = findFirst(doc, 'body') ?? doc;
  const total = stats.get(start)?.prose ?? 0;
  if (total === 0) return null;
  let node: ParentNode = start;
  for (;;) {
    let best: Element | null = null;
    const children: ChildNode[] = node.children;
    for (const c of children) {
      if (!isTag(c)) continue;
      const s = stats.get(c);
      if (!s || s.prose === 0) continue;
      const b = best ? stats.get(best)! : null;
      if (!b || s.prose > b.prose || (s.prose === b.prose && s.han > b.han) || (s.prose === b.prose && s.han === b.han && hint(c, CONTENT_HINT) && !hint(best!, CONTENT_HINT))) best = c;
    }
    if (!best || stats.get(best)!.prose < stats.get(node)!.prose) break;
    node = best;
  }
  if (node === start || node === doc) return null;
  // Most of the page's text outside links must be in it, or what is left behind may be report text that is not prose (tables, lists).
  if (stats.get(node)!.han < 0.5 * (stats.get(start)?.han ?? 0)) return null;
  return node as Element;
}

function computeStats(doc: Document): Map<AnyNode, Stats> {
  const stats = new Map<AnyNode, Stats>();
  // Pre-order walk; a block's own text is the text not inside a nested block.
  const order: Array<{ node: AnyNode; block: Element | null; inLink: boolean; chrome: boolean }> = [];
  const own = new Map<Element, { han: number; text: string; chrome: boolean }>();
  const stack: Array<{ node: AnyNode; block: Element | null; inLink: boolean; chrome: boolean }> = [{ node: doc, block: null, inLink: false, chrome: false }];
  while (stack.length) {
    const item = stack.pop()!;
    order.push(item);
    const { node } = item;
    if (isText(node)) {
      if (!item.block || item.inLink) continue;
      const o = own.get(item.block)!;
      o.han += countHanIn(node.data);
      if (o.text.length < 400) o.text += node.data;
      continue;
    }
    if (!('children' in node)) continue;
    let { block, inLink, chrome } = item;
    if (isTag(node)) {
      if (SKIP.has(node.name) || hidden(node)) continue;
      if (node.name === 'a') inLink = true;
      if (CHROME_TAGS.has(node.name) || hint(node, CHROME_HINT)) chrome = true;
      if (BLOCKS.has(node.name) && node.name !== 'br' && node.name !== 'hr') {
        block = node;
        own.set(node, { han: 0, text: '', chrome });
      } else if (node.name === 'br' && block) {
        const o = own.get(block)!;
        if (o.text.length < 400) o.text += '\n';
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, block, inLink, chrome });
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const { node } = order[i]!;
    let s = stats.get(node);
    if (!s) stats.set(node, (s = { han: 0, prose: 0 }));
    if (isText(node)) {
      if (!order[i]!.inLink && !skippedAncestor(order[i]!)) s.han += countHanIn(node.data);
    } else if (isTag(node) && own.has(node)) {
      const o = own.get(node)!;
      // Footers and share bars may hold a sentence; a long paragraph counts wherever it is.
      const droppable = (o.chrome && o.han < 100) || shortChrome(o.text);
      if (o.han >= 20 && /[。！？；!?;]/.test(o.text) && !droppable) s.prose += 1;
    }
    const parent = node.parent;
    if (parent) {
      let p = stats.get(parent);
      if (!p) stats.set(parent, (p = { han: 0, prose: 0 }));
      p.han += s.han;
      p.prose += s.prose;
    }
  }
  return stats;
}

function skippedAncestor(item: { block: Element | null }): boolean {
  return item.block === null;
}

function shortChrome(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= 80 && isChromeLine(t);
}

/**
 * Blocks right after the container in the same parent that are text, not
 * furniture: a signature, a date or an attachment line that the CMS put
 * beside the body instead of in it. Share bars, related-article lists, link
 * rows and footers are left out.
 */
function trailingBlocks(main: Element): Element[] {
  const out: Element[] = [];
  for (let n = main.next; n; n = n.next) {
    if (!isTag(n)) continue;
    if (SKIP.has(n.name) || CHROME_TAGS.has(n.name) || hint(n, CHROME_HINT) || hidden(n)) break;
    const text = textOf(n);
    const han = countHanIn(text);
    if (han < 2) {
      if (countHanIn(linkText(n)) > 0) break;
      continue; // an empty spacer (<div class="clear">)
    }
    if (countHanIn(linkText(n)) > han) break;
    if (text.split(/\n/).every((l) => l.trim() === '' || isChromeLine(l))) break;
    out.push(n);
  }
  return out;
}

function linkText(el: Element): string {
  let out = '';
  const stack: Array<[AnyNode, boolean]> = [[el, false]];
  while (stack.length) {
    const [n, inLink] = stack.pop()!;
    if (isText(n)) {
      if (inLink) out += n.data;
    } else if (isTag(n)) {
      if (SKIP.has(n.name)) continue;
      for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i]!, inLink || n.name === 'a']);
    }
  }
  return out;
}

/** The article title printed above the body: the nearest h1–h3 or title-like element before it, outside it. */
function articleTitle(doc: Document, main: Element): string {
  let found = '';
  // Only near the body (within its grandparent), and only a title that names a report, never a sidebar's heading.
  const scope: ParentNode = main.parent?.parent ?? main.parent ?? doc;
  const stack: ChildNode[] = [...scope.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (node === main) break;
    if (!isTag(node)) continue;
    if (SKIP.has(node.name) || node.name === 'a' || hidden(node)) continue;
    if (/^h[1-3]$/.test(node.name) || hint(node, TITLE_HINT)) {
      const t = textOf(node).replace(/\s+/g, ' ').trim();
      if (countHanIn(t) >= 4 && t.length <= 100 && REPORT_TITLE.test(t) && !/[。]/.test(t) && !isChromeLine(t) && !contains(node, main)) {
        found = t;
        continue;
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return found;
}

function contains(outer: Element, inner: AnyNode): boolean {
  for (let n: AnyNode | null = inner; n; n = n.parent) if (n === outer) return true;
  return false;
}

/** Text of an element outside links, scripts and styles (iterative). */
function textOf(el: Element): string {
  let out = '';
  const stack: AnyNode[] = [el];
  while (stack.length) {
    const n = stack.pop()!;
    if (isText(n)) out += n.data;
    else if (isTag(n)) {
      if (SKIP.has(n.name) || n.name === 'a') continue;
      if (n.name === 'br') out += ' ';
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
  }
  return out;
}

function hint(el: Element, re: RegExp): boolean {
  const cls = el.attribs.class ?? '';
  const id = el.attribs.id ?? '';
  return (cls !== '' && re.test(cls)) || (id !== '' && re.test(id));
}

function hidden(el: Element): boolean {
  const style = el.attribs.style;
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

function describe(el: Element): string {
  const id = el.attribs.id ? `#${el.attribs.id}` : '';
  const cls = el.attribs.class ? `.${el.attribs.class.trim().split(/\s+/).join('.')}` : '';
  return `${el.name}${id}${cls}`;
}

function findFirst(root: ParentNode, name: string): Element | null {
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (isTag(n) && n.name === name) return n;
    if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return null;
}

function countHanIn(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isHan(s.charCodeAt(i))) n++;
  return n;
}

export function treeDepth(root: ParentNode): number {
  let max = 0;
  const stack: Array<[AnyNode, number]> = [[root, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    if ('children' in n) for (const c of n.children) stack.push([c, d + 1]);
  }
  return max;
}

/**
 * Below `limit` levels, replace each element's subtree by its text nodes in
 * document order, with a <br> where a block began, so the text and its line
 * breaks survive and the depth is bounded.
 */
export function flattenDeep(root: ParentNode, limit: number): void {
  const stack: Array<[ParentNode, number]> = [[root, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d >= limit && isTag(n)) {
      n.children = flatten(n);
      relink(n);
      continue;
    }
    for (const c of n.children) if ('children' in c) stack.push([c, d + 1]);
  }
}

function flatten(el: Element): ChildNode[] {
  const out: ChildNode[] = [];
  const stack: AnyNode[] = [...el.children].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (isText(n)) out.push(new Text(n.data));
    else if (isTag(n)) {
      if (SKIP.has(n.name)) continue;
      if (BLOCKS.has(n.name)) out.push(new Element('br', {}));
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
  }
  return out;
}

function relink(parent: Element): void {
  let prev: ChildNode | null = null;
  for (const c of parent.children) {
    c.parent = parent;
    c.prev = prev;
    c.next = null;
    if (prev) prev.next = c;
    prev = c;
  }
}

/** The charset a page declares in its <meta>, if any (GBK pages usually do). */
export function declaredCharset(head: Buffer): string | null {
  const ascii = head.subarray(0, 4096).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(ascii);
  return m?.[1]?.toLowerCase() ?? null;
}
