/**
 * Small HTML builders shared by notebooks (tslab's display.html) and
 * report.html: escaped tables, figures side by side, a self-contained page.
 */

export function escapeHtml(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface Column<T> {
  title: string;
  /** The cell's text (escaped), or use `html` for markup. */
  value?: (row: T) => unknown;
  html?: (row: T) => string;
  /** Right-aligned numbers. */
  numeric?: boolean;
  /** Keep the cell on one line (short labels). */
  nowrap?: boolean;
}

export interface TableOptions {
  caption?: string;
  /** Rows shown; the rest are counted in a note under the table. */
  maxRows?: number;
  className?: string;
  id?: string;
}

/** An HTML table, every cell escaped. */
export function htmlTable<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>, options: TableOptions = {}): string {
  const shown = options.maxRows !== undefined ? rows.slice(0, options.maxRows) : rows;
  const cls = (c: Column<T>) => {
    const names = [c.numeric ? 'num' : '', c.nowrap ? 'nowrap' : ''].filter(Boolean).join(' ');
    return names ? ` class="${names}"` : '';
  };
  const head = columns.map((c) => `<th${cls(c)}>${escapeHtml(c.title)}</th>`).join('');
  const body = shown
    .map((r) => `<tr>${columns.map((c) => `<td${cls(c)}>${c.html ? c.html(r) : escapeHtml(c.value ? c.value(r) : '')}</td>`).join('')}</tr>`)
    .join('\n');
  const more = rows.length > shown.length ? `<p class="more">… and ${rows.length - shown.length} more rows (共 ${rows.length} 行).</p>` : '';
  const attrs = [options.id ? ` id="${escapeHtml(options.id)}"` : '', ` class="${escapeHtml(options.className ?? 'data')}"`].join('');
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  // The box scrolls sideways on a narrow screen, so a wide table never widens the page.
  return `<div class="table-wrap"><table${attrs}>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>${more}`;
}

/** Figures (SVG or HTML) next to each other, wrapping on narrow screens. */
export function sideBySide(...parts: ReadonlyArray<string | null | undefined>): string {
  const items = parts.filter((p): p is string => !!p).map((p) => `<div style="flex:0 1 auto;min-width:0;overflow-x:auto">${p}</div>`);
  return `<div style="display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start">${items.join('')}</div>`;
}

/** A percentage for tables: 12.3%. */
export function percent(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '';
}

export const REPORT_CSS = `
:root { --ink:#222; --muted:#666; --line:#e3e3e3; --accent:#2f6fa7; --bg:#fafafa; }
* { box-sizing: border-box; }
body { margin:0; color:var(--ink); background:#fff; font:15px/1.6 'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','WenQuanYi Zen Hei','PingFang SC','Hiragino Sans GB','Microsoft YaHei',sans-serif; }
header.top { background:#1f3b57; color:#fff; padding:24px 32px 18px; }
header.top h1 { margin:0 0 4px; font-size:24px; }
header.top p { margin:0; color:#d3deea; }
nav.toc { position:sticky; top:0; z-index:2; background:#fff; border-bottom:1px solid var(--line); padding:8px 32px; font-size:14px; }
nav.toc a { color:var(--accent); text-decoration:none; margin-right:18px; white-space:nowrap; }
main { padding:8px 32px 48px; max-width:1280px; }
section { margin:28px 0 12px; scroll-margin-top:48px; }
@media (max-width:600px) { nav.toc { position:static; } }
h2 { font-size:20px; border-left:4px solid var(--accent); padding-left:10px; margin:0 0 10px; }
h3 { font-size:16px; margin:18px 0 6px; }
p.lead { color:var(--muted); margin:4px 0 12px; max-width:900px; }
.notes { background:#fff8e5; border:1px solid #f0d98c; border-radius:6px; padding:10px 16px; margin:16px 0; }
.notes li { margin:2px 0; }
.cards { display:flex; flex-wrap:wrap; gap:12px; margin:12px 0; }
.card { background:var(--bg); border:1px solid var(--line); border-radius:8px; padding:10px 16px; min-width:130px; }
.card b { display:block; font-size:22px; }
.card span { color:var(--muted); font-size:13px; }
figure { margin:8px 0 16px; max-width:100%; }
svg { max-width:100%; height:auto; }
.charts { display:flex; flex-wrap:wrap; gap:8px 24px; align-items:flex-start; }
.charts > figure { flex:0 1 auto; min-width:0; }
.table-wrap { max-width:100%; overflow-x:auto; }
figcaption { color:var(--muted); font-size:13px; }
table.data { border-collapse:collapse; font-size:13.5px; margin:6px 0 10px; }
table.data caption { text-align:left; color:var(--muted); padding:4px 0; }
table.data th, table.data td { border-bottom:1px solid var(--line); padding:5px 10px; text-align:left; vertical-align:top; }
table.data th { background:var(--bg); }
table.data td.num, table.data th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
table.data td.nowrap, table.data th.nowrap { white-space:nowrap; }
.more { color:var(--muted); font-size:13px; margin:0 0 8px; }
.cell-sentences > div { display:none; border:1px solid var(--line); border-radius:6px; padding:8px 14px; margin:8px 0; background:var(--bg); }
.cell-sentences > div:target { display:block; }
.cell-sentences > div.hint { display:block; color:var(--muted); background:none; border:none; padding:0; }
.cell-sentences > div:target ~ div.hint { display:none; }
.tag { display:inline-block; font-size:12px; border-radius:10px; padding:0 8px; margin:1px 2px; background:#e8eef5; color:#2f4f6f; white-space:nowrap; }
.muted { color:var(--muted); }
ol.sentences { margin:4px 0; padding-left:0; list-style:none; font-size:13.5px; }
ol.sentences li { border-bottom:1px solid var(--line); padding:4px 0; }
.reading { font-weight:bold; }
@media (max-width: 600px) {
  header.top { padding:16px 14px 12px; }
  header.top h1 { font-size:20px; }
  nav.toc { padding:6px 14px; position:static; }
  nav.toc a { margin-right:12px; }
  main { padding:4px 14px 32px; }
  table.data { font-size:12.5px; }
  /* Text columns keep a readable width: the table scrolls inside its box instead of squeezing them. */
  table.data td:not(.num):not(.nowrap) { min-width:11em; }
}
footer { color:var(--muted); font-size:13px; border-top:1px solid var(--line); margin-top:32px; padding-top:12px; }
code { background:#f1f1f1; padding:0 4px; border-radius:3px; }
`;

/**
 * An SVG chart as an <img> with a data: URI. Notebook viewers treat inline
 * SVG output with suspicion (nbconvert's HTML export strips it, code hosts
 * often show nothing), but show an image; text in it still uses the
 * reader's own fonts.
 */
export function svgImage(svg: string, alt = 'chart'): string {
  const size = /<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"/.exec(svg);
  const dims = size ? ` width="${size[1]}" height="${size[2]}"` : '';
  const title = /aria-label="Title text '([^']*)'/.exec(svg)?.[1];
  return `<img alt="${escapeHtml(title ?? alt)}"${dims} style="max-width:none" src="data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}">`;
}
