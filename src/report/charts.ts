/**
 * Charts as SVG strings: vega-lite specs compiled and rendered server-side
 * with vega (no canvas, no browser, no network). Notebooks display the SVG,
 * `fazhi report` inlines it in report.html; both call the functions here.
 *
 * Labels are Chinese, so the font list starts with CJK fonts that a reader's
 * machine is likely to have (Noto Sans CJK / Source Han Sans on Linux,
 * PingFang on macOS, Microsoft YaHei on Windows). Without a canvas, vega
 * estimates text widths; its estimate (0.8 em per character) is too narrow
 * for Chinese (1 em) and too wide for Latin, so while a chart renders it is
 * replaced by one that knows the difference, which keeps axis titles clear of
 * long labels; other vega users in the process keep vega's own.
 *
 * vega is ESM-only with top-level await, so it is imported lazily: the
 * library stays loadable with require() (tslab notebooks compile to CommonJS).
 */
import { createHash } from 'node:crypto';
import type { TopLevelSpec } from 'vega-lite';

/** CSS font-family list used for every chart. */
export const CHART_FONT =
  "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', sans-serif";

const CONFIG = {
  font: CHART_FONT,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', labelColor: '#333', titleColor: '#555', domainColor: '#999', tickColor: '#999', gridColor: '#eee' },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#555', labelLimit: 260 },
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', color: '#222', subtitleFontSize: 12, subtitleColor: '#666', offset: 10 },
  text: { font: CHART_FONT },
} as const;

/** Categorical colors (Tableau 10), in the order categories are given. */
export const CATEGORY_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/* ------------------------------------------------------------ rendering */

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');

let modules: Promise<{ vega: VegaModule; vl: VegaLiteModule }> | undefined;

function loadModules(): Promise<{ vega: VegaModule; vl: VegaLiteModule }> {
  modules ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({ vega, vl }));
  return modules;
}

type TextWidth = (item: { fontSize?: number; limit?: number }, text: unknown) => number;

const chartTextWidth: TextWidth = (item, text) => {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const w = estimateTextWidth(text == null ? '' : String(text).trim(), size);
  return item.limit && item.limit > 0 ? Math.min(w, item.limit) : w;
};

/** Renders under way: vega's own text width is put back when the last one ends. */
let rendering = 0;
let vegaTextWidth: TextWidth | undefined;

/** Run a render with chartTextWidth as vega's text measure, restoring vega's own afterwards. */
async function withChartTextWidth<T>(vega: VegaModule, render: () => Promise<T>): Promise<T> {
  const metrics = (vega as unknown as { textMetrics: { width: TextWidth } }).textMetrics;
  if (rendering++ === 0) {
    vegaTextWidth = metrics.width;
    metrics.width = chartTextWidth;
  }
  try {
    return await render();
  } finally {
    if (--rendering === 0) metrics.width = vegaTextWidth!;
  }
}

/**
 * Width of a text in pixels without measuring it: CJK and full-width
 * characters are 1 em, Latin capitals 0.68 em, other ASCII 0.56 em, spaces
 * and narrow punctuation 0.3 em.
 */
export function estimateTextWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x2e80 || (c >= 0x1100 && c <= 0x11ff)) em += 1;
    else if (/[A-Z]/.test(ch)) em += 0.68;
    else if (/[\s.,:;'!|il]/.test(ch)) em += 0.3;
    else em += 0.56;
  }
  return Math.ceil(em * fontSize);
}

/** vega-lite's warnings (a legend merged, a scale adjusted) are for chart authors, not readers. */
const QUIET_LOGGER = {
  level(): unknown {
    return QUIET_LOGGER;
  },
  error(...args: unknown[]): unknown {
    throw new Error(`vega-lite: ${args.map(String).join(' ')}`);
  },
  warn: () => QUIET_LOGGER,
  info: () => QUIET_LOGGER,
  debug: () => QUIET_LOGGER,
};

/** Render any vega-lite spec to an SVG string (the chart config above is applied). */
export async function renderVegaLite(spec: TopLevelSpec): Promise<string> {
  const { vega, vl } = await loadModules();
  const withConfig = { ...spec, config: { ...CONFIG, ...((spec as { config?: object }).config ?? {}) } } as TopLevelSpec;
  const compiled = vl.compile(withConfig, { logger: QUIET_LOGGER as never }).spec;
  return withChartTextWidth(vega, async () => {
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
    try {
      const svg = await view.toSVG();
      return stableIds(hoverTitles(shortNumbers(svg.replace('<svg ', '<svg role="img" '))));
    } finally {
      view.finalize();
    }
  });
}

/** Coordinates in the markup to two decimals (vega writes sixteen): a tenth of a pixel is below what a screen shows, and a map of a thousand points is a fifth smaller. */
export function shortNumbers(svg: string): string {
  return svg.replace(/<[^>]+>/g, (tag) => tag.replace(/(\d\.\d\d)\d+/g, '$1'));
}

/**
 * A mark's description (vega writes it as aria-label, which browsers do not
 * show) also as an SVG <title>, the text a browser shows on hover: the full
 * label and the count behind a share, without any script.
 */
export function hoverTitles(svg: string): string {
  return svg.replace(/<(path|text)(\s[^>]*?role="graphics-symbol"[^>]*?)\/>/g, (m, tag: string, attrs: string) => {
    const label = /\saria-label="([^"]*)"/.exec(attrs)?.[1];
    // The <title> is the mark's accessible name too, so the aria-label copy goes.
    return label ? `<${tag}${attrs.replace(/\saria-(label|roledescription)="[^"]*"/g, '')}><title>${label}</title></${tag}>` : m;
  });
}

/**
 * vega numbers gradients and clip paths with a counter of the process
 * (gradient_0, gradient_1 …), so the same chart differs from run to run and
 * two charts made in different runs clash when put on one page. Ids are
 * renamed after a hash of the chart: the same chart gives the same SVG.
 */
export function stableIds(svg: string): string {
  const ids = [...new Set([...svg.matchAll(/\sid="([A-Za-z]+_\d+)"/g)].map((m) => m[1]!))];
  if (ids.length === 0) return svg;
  const pattern = new RegExp(`\\b(${ids.join('|')})\\b`, 'g');
  const local = new Map(ids.map((id, i) => [id, `${id.replace(/_\d+$/, '')}_${i}`]));
  const normal = svg.replace(pattern, (id) => local.get(id)!);
  const hash = createHash('sha1').update(normal).digest('hex').slice(0, 10);
  return normal.replace(/\s(id|href)="(#?)([A-Za-z]+_\d+)"|url\(#([A-Za-z]+_\d+)\)/g, (m, attr: string | undefined, hashMark: string, a: string | undefined, b: string | undefined) => {
    const id = (a ?? b)!;
    if (![...local.values()].includes(id)) return m;
    return attr ? ` ${attr}="${hashMark}${id}-${hash}"` : `url(#${id}-${hash})`;
  });
}

/* --------------------------------------------------------------- charts */

interface Titled {
  title?: string;
  subtitle?: string;
}

function titleOf(o: Titled): { text: string; subtitle?: string } | undefined {
  if (!o.title) return undefined;
  return o.subtitle ? { text: o.title, subtitle: o.subtitle } : { text: o.title };
}

/** How values are shown: 12%, 0.4% (percent), or 1,234 / 0.12 (number). */
export type ValueFormat = 'percent' | 'number';

/** Format a value as a chart label. */
export function formatValue(v: number, format: ValueFormat = 'number'): string {
  if (!Number.isFinite(v)) return '';
  if (format === 'percent') {
    const p = v * 100;
    if (p === 0) return '0';
    return Math.abs(p) < 9.95 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
  }
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(2);
}

export interface HeatmapCell {
  row: string;
  column: string;
  value: number;
  /** Text in the cell; default: the formatted value. */
  label?: string;
  /** Link the cell opens (report.html: the sentences behind the cell). */
  href?: string;
  /** Text shown on hover. */
  tooltip?: string;
  /** The value rests on too few cases: its label gets an asterisk and a gray color. */
  thin?: boolean;
}

export interface HeatmapOptions extends Titled {
  rowTitle?: string;
  columnTitle?: string;
  valueTitle?: string;
  format?: ValueFormat;
  /** Row and column order; default: first seen. */
  rows?: string[];
  columns?: string[];
  cellWidth?: number;
  cellHeight?: number;
  /** vega color scheme; default 'blues'. */
  scheme?: string;
  /** Color domain; default: 0 to the largest value. */
  domain?: [number, number];
  /** Reverse the color scheme (redblue: red for high). */
  reverse?: boolean;
}

/** Rows × columns of colored cells with their values written in (townships × themes). */
export async function heatmap(cells: readonly HeatmapCell[], options: HeatmapOptions = {}): Promise<string> {
  const rows = options.rows ?? unique(cells.map((c) => c.row));
  const columns = options.columns ?? unique(cells.map((c) => c.column));
  const format = options.format ?? 'number';
  const max = Math.max(0, ...cells.map((c) => c.value).filter(Number.isFinite));
  const links = cells.some((c) => c.href);
  const href = links ? { href: { field: 'href' } } : {};
  const data = cells.map((c) => ({
    row: c.row,
    column: c.column,
    value: c.value,
    label: (c.label ?? formatValue(c.value, format)) + (c.thin ? '*' : ''),
    thin: c.thin ? 1 : 0,
    href: c.href ?? null,
    tooltip: c.tooltip ?? `${c.row} · ${c.column}: ${formatValue(c.value, format)}`,
  }));
  const spec: TopLevelSpec = {
    title: titleOf(options),
    data: { values: data },
    width: Math.max(1, columns.length) * (options.cellWidth ?? 46),
    height: Math.max(1, rows.length) * (options.cellHeight ?? 28),
    encoding: {
      x: { field: 'column', type: 'nominal', sort: columns, title: options.columnTitle ?? null, axis: { orient: 'top', labelAngle: -40, labelAlign: 'left', ticks: false, domain: false, labelLimit: 110 } },
      y: { field: 'row', type: 'nominal', sort: rows, title: options.rowTitle ?? null, axis: { ticks: false, domain: false, labelLimit: 150 } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1.5, ...(links ? { cursor: 'pointer' } : {}) },
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative',
            scale: options.domain
              ? { scheme: (options.scheme ?? 'blues') as 'blues', domain: options.domain, reverse: options.reverse ?? false }
              : { scheme: (options.scheme ?? 'blues') as 'blues', domainMin: 0, domainMax: max > 0 ? max : 1 },
            legend: { title: options.valueTitle ?? null, format: format === 'percent' ? '.0%' : ',', orient: 'bottom', direction: 'horizontal', gradientLength: 160 },
          },
          ...href,
          tooltip: { field: 'tooltip' },
          description: { field: 'tooltip' },
        },
      },
      {
        // The rect under the number carries the description; a second copy on the text would double the page's size.
        mark: { type: 'text', fontSize: 10.5, aria: false },
        encoding: {
          text: { field: 'label' },
          color: { condition: [{ test: 'datum.thin', value: '#888' }, { test: options.domain ? `abs(datum.value) > ${Math.max(...options.domain.map(Math.abs)) * 0.55}` : `datum.value > ${max * 0.55}`, value: 'white' }], value: '#222' },
          // The number on a cell links too, or it would swallow the click.
          ...href,
          tooltip: { field: 'tooltip' },
        },
      },
    ],
  };
  return renderVegaLite(spec);
}

export interface BarDatum {
  /** The group on the axis (a township). */
  group: string;
  /** The bar within a group (a channel), colored. */
  category: string;
  value: number;
  /** Text shown on hover; default: group · category: value. */
  tooltip?: string;
}

export interface BarOptions extends Titled {
  groupTitle?: string;
  categoryTitle?: string;
  valueTitle?: string;
  format?: ValueFormat;
  groups?: string[];
  categories?: string[];
  /** Height of the plot area in pixels (grouped bars); default 220. */
  height?: number;
  /** Width of one bar in pixels; default 12. */
  barWidth?: number;
}

/** Bars grouped along the x axis, one colored bar per category in each group (channels per township). */
export async function groupedBars(data: readonly BarDatum[], options: BarOptions = {}): Promise<string> {
  return renderVegaLite(groupedBarsSpec(data, options));
}

/** The vega-lite spec of groupedBars, e.g. to put several side by side with sideBySideCharts. */
export function groupedBarsSpec(data: readonly BarDatum[], options: BarOptions = {}): TopLevelSpec {
  const groups = options.groups ?? unique(data.map((d) => d.group));
  const categories = options.categories ?? unique(data.map((d) => d.category));
  const format = options.format ?? 'number';
  const spec: TopLevelSpec = {
    title: titleOf(options),
    data: { values: data.map((d) => ({ ...d, tooltip: d.tooltip ?? `${d.group} · ${d.category}: ${formatValue(d.value, format)}` })) },
    width: Math.max(160, groups.length * (categories.length * (options.barWidth ?? 12) + 20)),
    height: options.height ?? 220,
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'group', type: 'nominal', sort: groups, title: options.groupTitle ?? null, scale: { paddingInner: 0.2, paddingOuter: 0.1 }, axis: { labelAngle: groups.some((g) => g.length > 6) ? -30 : 0, labelAlign: groups.some((g) => g.length > 6) ? 'right' : 'center', labelLimit: 160 } },
      xOffset: { field: 'category', type: 'nominal', sort: categories, scale: { paddingInner: 0.08 } },
      y: { field: 'value', type: 'quantitative', title: options.valueTitle ?? null, axis: { format: format === 'percent' ? '.0%' : ',', tickCount: 5 } },
      color: { field: 'category', type: 'nominal', sort: categories, scale: { domain: categories, range: CATEGORY_COLORS }, legend: { title: options.categoryTitle ?? null, orient: 'right' } },
      tooltip: { field: 'tooltip' },
      description: { field: 'tooltip' },
    },
  };
  return spec;
}

/** Horizontal bars, each group's categories stacked to 100 % (function mix per report). */
export async function stackedBars(data: readonly BarDatum[], options: BarOptions = {}): Promise<string> {
  const groups = options.groups ?? unique(data.map((d) => d.group));
  const categories = options.categories ?? unique(data.map((d) => d.category));
  const order = new Map(categories.map((c, i) => [c, i]));
  const spec: TopLevelSpec = {
    title: titleOf(options),
    data: { values: data.map((d) => ({ ...d, order: order.get(d.category) ?? 0, tooltip: d.tooltip ?? `${d.group} · ${d.category}: ${formatValue(d.value, options.format ?? 'number')}` })) },
    width: 420,
    height: { step: 26 },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'group', type: 'nominal', sort: groups, title: options.groupTitle ?? null, axis: { labelLimit: 150 } },
      x: { field: 'value', type: 'quantitative', stack: 'normalize', title: options.valueTitle ?? null, axis: { format: '.0%', tickCount: 5 } },
      color: { field: 'category', type: 'nominal', sort: categories, scale: { domain: categories, range: CATEGORY_COLORS }, legend: { title: options.categoryTitle ?? null, orient: 'bottom', direction: 'horizontal' } },
      order: { field: 'order', type: 'quantitative' },
      tooltip: { field: 'tooltip' },
      description: { field: 'tooltip' },
    },
  };
  return renderVegaLite(spec);
}

export interface SimpleBar {
  category: string;
  value: number;
  /** Text shown on hover; default: category: value. */
  tooltip?: string;
}

/** One horizontal bar per category, its value written at its end (boilerplate share per report). */
export async function bars(data: readonly SimpleBar[], options: Omit<BarOptions, 'groups' | 'groupTitle' | 'categoryTitle'> & { color?: string } = {}): Promise<string> {
  const categories = options.categories ?? data.map((d) => d.category);
  const format = options.format ?? 'number';
  const max = Math.max(0, ...data.map((d) => d.value).filter(Number.isFinite));
  const spec: TopLevelSpec = {
    title: titleOf(options),
    data: { values: data.map((d) => ({ ...d, label: formatValue(d.value, format), tooltip: d.tooltip ?? `${d.category}: ${formatValue(d.value, format)}` })) },
    width: 380,
    height: { step: 24 },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: categories, title: null, axis: { labelLimit: 150, ticks: false } },
      description: { field: 'tooltip' },
      x: {
        field: 'value',
        type: 'quantitative',
        title: options.valueTitle ?? null,
        scale: { domain: [0, max > 0 ? max * 1.15 : 1] },
        axis: { format: format === 'percent' ? '.0%' : ',', tickCount: 5 },
      },
    },
    layer: [
      { mark: { type: 'bar', color: options.color ?? CATEGORY_COLORS[0] } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#333' }, encoding: { text: { field: 'label' } } },
    ],
  };
  return renderVegaLite(spec);
}

export interface ScatterPoint {
  x: number;
  y: number;
  /** Text next to the point (a township); left out above 40 points. */
  label: string;
  /** Color and shape (a cluster). */
  group: string;
  /** Written on the point, to be looked up in a table (units in a cluster map). */
  number?: number;
}

export interface ScatterOptions extends Titled {
  xTitle?: string;
  yTitle?: string;
  groupTitle?: string;
  groups?: string[];
  width?: number;
  height?: number;
}

/** Points on two axes, colored by group, labeled (k-means clusters on a PCA map). */
export async function scatter(points: readonly ScatterPoint[], options: ScatterOptions = {}): Promise<string> {
  const groups = options.groups ?? unique(points.map((p) => p.group)).sort();
  const pad = (vals: number[]) => {
    const lo = Math.min(...vals);
    const hi = Math.max(...vals);
    const span = hi - lo || 1;
    return [lo - span * 0.12, hi + span * 0.12];
  };
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const encoding = {
    x: { field: 'x', type: 'quantitative', title: options.xTitle ?? null, scale: { domain: points.length ? pad(xs) : [0, 1], nice: false, zero: false }, axis: { tickCount: 5, grid: true } },
    y: { field: 'y', type: 'quantitative', title: options.yTitle ?? null, scale: { domain: points.length ? pad(ys) : [0, 1], nice: false, zero: false }, axis: { tickCount: 5, grid: true } },
  } as const;
  const layers: object[] = [
    {
      mark: { type: 'point', filled: true, size: points.length <= 60 ? 220 : 40, opacity: 0.85 },
      encoding: {
        ...encoding,
        color: { field: 'group', type: 'nominal', sort: groups, scale: { domain: groups, range: CATEGORY_COLORS }, legend: { title: options.groupTitle ?? null } },
        shape: { field: 'group', type: 'nominal', sort: groups, legend: { title: options.groupTitle ?? null } },
        tooltip: { field: 'label' },
        description: { field: 'label' },
      },
    },
  ];
  // Numbers on the points, read against the table beside the map: names would pile up where units are close.
  if (points.length <= 60 && points.every((p) => p.number !== undefined)) {
    layers.push({ mark: { type: 'text', align: 'center', baseline: 'middle', fontSize: 9, color: 'white', fontWeight: 'bold', aria: false }, encoding: { ...encoding, text: { field: 'number' } } });
  }
  const spec = {
    title: titleOf(options),
    data: { values: points.map((p) => ({ ...p })) },
    width: options.width ?? 420,
    height: options.height ?? 340,
    layer: layers,
  } as unknown as TopLevelSpec;
  return renderVegaLite(spec);
}

/**
 * Several charts side by side in one SVG (vega-lite hconcat), each with its
 * own data, scales and legend: one picture, however the SVG is shown.
 */
export async function sideBySideCharts(specs: readonly TopLevelSpec[], options: Titled & { spacing?: number } = {}): Promise<string> {
  const spec = {
    title: titleOf(options),
    hconcat: specs.map((sp) => {
      const { config: _config, $schema: _schema, ...rest } = sp as { config?: unknown; $schema?: unknown };
      return rest;
    }),
    spacing: options.spacing ?? 36,
    resolve: { scale: { color: 'independent', y: 'independent' }, legend: { color: 'independent' } },
  } as unknown as TopLevelSpec;
  return renderVegaLite(spec);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
