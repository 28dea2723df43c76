/**
 * The figures of a report, from ReportData: each returns an SVG string (or
 * the rows of a table), so a notebook shows exactly what report.html shows.
 */
import { FUNCTIONS } from '../model/document.js';
import type { TopLevelSpec } from 'vega-lite';
import { bars, formatValue, groupedBarsSpec, heatmap, renderVegaLite, scatter, sideBySideCharts, stackedBars, type BarDatum, type HeatmapCell, type ScatterPoint } from './charts.js';
import { num, type KeyTerm, type ProfileTable, type ReportData, type SentenceInfo } from './data.js';
import { functionLabel, themeLabel } from './labels.js';
import { pca } from './pca.js';

const FUNCTION_SET: ReadonlySet<string> = new Set(FUNCTIONS);

/**
 * A short, unique label per unit of comparison: the township and its
 * year(s) (高梁镇 2021), with the county when two townships share a name, and
 * the unit id when nothing else tells them apart.
 */
export function unitLabels(data: Pick<ReportData, 'profiles' | 'by'>): Map<string, string> {
  const base = (r: Record<string, unknown>): string => {
    const years = String(r.years ?? '').split(';').filter(Boolean);
    const yearText = years.length === 0 ? '' : years.length === 1 ? years[0]! : `${years[0]}–${years[years.length - 1]}`;
    if (data.by === 'province') return String(r.province || r.unit);
    // A comparison by other columns (county, report_year, a --meta column, crossed ones) is labeled by its group, the unit.
    if (data.by !== 'document' && data.by !== 'township') return String(r.unit);
    // A report without a township is named by the smallest place it has, not by its file title (which repeats the year).
    const name = String(r.township || r.county || r.city || '');
    return name ? [name, yearText].filter(Boolean).join(' ') : String(r.unit);
  };
  const rows = data.profiles.rows;
  const labels = rows.map((r) => base(r));
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  let seen = count(labels);
  rows.forEach((r, i) => {
    if (seen.get(labels[i]!)! > 1 && r.county) labels[i] = `${r.county}${labels[i]}`;
  });
  seen = count(labels);
  rows.forEach((r, i) => {
    if (seen.get(labels[i]!)! > 1) labels[i] = `${labels[i]} (${r.unit})`;
  });
  return new Map(rows.map((r, i) => [String(r.unit), labels[i]!]));
}

export interface ProfileThemes {
  /** Themes without a parent, in column order. */
  top: string[];
  /** Parent → its sub-themes, in column order. */
  subs: Map<string, string[]>;
  /** Every theme with a share column. */
  all: string[];
}

/** The themes a profiles table has share columns for. */
export function profileThemes(profiles: ProfileTable, parents: Readonly<Record<string, string>>): ProfileThemes {
  const all: string[] = [];
  for (const c of profiles.columns) {
    if (!c.startsWith('share_') || c.includes('__') || c.includes('_in_')) continue;
    const id = c.slice('share_'.length);
    if (FUNCTION_SET.has(id)) continue;
    all.push(id);
  }
  const top = all.filter((t) => !parents[t]);
  const subs = new Map<string, string[]>();
  for (const t of all) {
    const p = parents[t];
    if (!p) continue;
    const list = subs.get(p) ?? [];
    list.push(t);
    subs.set(p, list);
  }
  return { top, subs, all };
}

/** The anchor of the sentences behind a heatmap cell in report.html. */
export function cellAnchor(unitIndex: number, theme: string): string {
  return `cell-${unitIndex}-${theme.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export interface ThemeHeatmapOptions {
  /** Themes to show; default: the top-level themes. */
  themes?: string[];
  /** Link each cell to the sentences behind it (report.html). */
  links?: boolean;
  /** Column labels by theme id; default: the short names the taxonomy gives (the dictionary's _short or _label). */
  labels?: Readonly<Record<string, string>>;
  title?: string;
  subtitle?: string;
  /** Color domain (several heatmaps on one scale); default 0 to the largest share. */
  domain?: [number, number];
}

/** Heatmap of units × themes: the share of each unit's sentences on each theme. */
export async function themeHeatmap(data: ReportData, options: ThemeHeatmapOptions = {}): Promise<string> {
  const themes = options.themes ?? profileThemes(data.profiles, data.themeParents).top;
  const labels = unitLabels(data);
  const label = (t: string) => options.labels?.[t] ?? themeLabel(t, data.taxonomy);
  const cells: HeatmapCell[] = [];
  data.profiles.rows.forEach((r, i) => {
    const total = num(r.n_sentences);
    for (const t of themes) {
      const value = num(r[`share_${t}`]) || 0;
      const row = labels.get(String(r.unit))!;
      const cell: HeatmapCell = { row, column: label(t), value, ...countOf(num(r[`n_${t}`]), total, value, `${row} · ${themeLabel(t, data.taxonomy)}`) };
      if (options.links) cell.href = `#${cellAnchor(i, t)}`;
      cells.push(cell);
    }
  });
  return heatmap(cells, {
    title: options.title ?? '主题分布',
    subtitle: options.subtitle ?? '每格：该单位句子中涉及该主题的比例（一句可涉及多个主题）',
    valueTitle: '句子占比',
    format: 'percent',
    rows: [...labels.values()],
    columns: themes.map(label),
    ...(options.domain ? { domain: options.domain } : {}),
  });
}

/** Shares resting on fewer sentences than this are marked in the charts (an asterisk, gray) and called thin in the legend line. */
export const MIN_SENTENCES = 5;

/** A share's hover text with its count (n/N sentences), and whether it rests on fewer than MIN_SENTENCES. */
function countOf(n: number, total: number, share: number, what: string): { tooltip: string; thin: boolean } {
  const known = Number.isFinite(total);
  const k = Number.isFinite(n) ? n : known ? Math.round(share * total) : Number.NaN;
  const counted = known && Number.isFinite(k) ? `（${k}/${total} 句）` : '';
  return { tooltip: `${what}: ${formatValue(share, 'percent')}${counted}`, thin: known && total < MIN_SENTENCES };
}

/**
 * The sub-themes of a theme that the profiles give shares for (columns
 * share_<sub>_in_<parent>), the units' labels and the themes' display names;
 * null when there are none.
 */
function subthemeShares(data: ReportData, parent: string): { columns: string[]; labels: Map<string, string>; label: (theme: string) => string } | null {
  const subs = profileThemes(data.profiles, data.themeParents).subs.get(parent) ?? [];
  const columns = subs.filter((s) => data.profiles.columns.includes(`share_${s}_in_${parent}`));
  if (columns.length === 0) return null;
  return { columns, labels: unitLabels(data), label: (t: string) => themeLabel(t, data.taxonomy) };
}

/**
 * A heatmap of a theme's sub-themes (the publicity channels, the enforcement
 * aspects): per unit, the share of its sentences on the theme that name each
 * sub-theme, with n/N on hover. Null when the theme has no sub-theme shares.
 */
export async function subthemeHeatmap(data: ReportData, parent: string, options: { title?: string; subtitle?: string } = {}): Promise<string | null> {
  const view = subthemeShares(data, parent);
  if (!view) return null;
  const { columns, labels, label } = view;
  const cells: HeatmapCell[] = [];
  for (const r of data.profiles.rows) {
    const row = labels.get(String(r.unit))!;
    const total = num(r[`n_${parent}`]);
    for (const s of columns) {
      const value = num(r[`share_${s}_in_${parent}`]) || 0;
      cells.push({ row, column: label(s), value, ...countOf(num(r[`n_${s}`]), total, value, `${row} · ${label(s)}`) });
    }
  }
  return heatmap(cells, {
    title: options.title ?? data.taxonomy.subChart(parent)?.title ?? label(parent),
    subtitle: options.subtitle ?? `占“${label(parent)}”句子的比例（* 少于 ${MIN_SENTENCES} 句）`,
    valueTitle: `占“${label(parent)}”句子`,
    format: 'percent',
    rows: [...labels.values()],
    columns: columns.map(label),
    scheme: 'greens',
  });
}

/** The vega-lite spec of subthemeChart; null when the theme has no sub-themes in the profiles. */
export function subthemeSpec(data: ReportData, parent: string, options: { title?: string; subtitle?: string } = {}): TopLevelSpec | null {
  const view = subthemeShares(data, parent);
  if (!view) return null;
  const { columns, labels, label } = view;
  const rows: BarDatum[] = [];
  for (const r of data.profiles.rows) {
    for (const s of columns) rows.push({ group: labels.get(String(r.unit))!, category: label(s), value: num(r[`share_${s}_in_${parent}`]) || 0 });
  }
  return groupedBarsSpec(rows, {
    title: options.title ?? data.taxonomy.subChart(parent)?.title ?? label(parent),
    subtitle: options.subtitle ?? `占“${label(parent)}”句子的比例`,
    format: 'percent',
    groups: [...labels.values()],
    categories: columns.map(label),
    height: 200,
    barWidth: 13,
  });
}

/** Grouped bars of a theme's sub-themes: each one's share of the parent theme's sentences, per unit. */
export async function subthemeChart(data: ReportData, parent: string, options: { title?: string; subtitle?: string } = {}): Promise<string | null> {
  const spec = subthemeSpec(data, parent, options);
  return spec ? renderVegaLite(spec) : null;
}

/** The themes whose sub-themes have shares in the profiles (publicity and enforcement in the shipped dictionary), in column order. */
export function chartedParents(data: ReportData): string[] {
  return [...profileThemes(data.profiles, data.themeParents).subs.keys()].filter((p) => subthemeSpec(data, p) !== null);
}

/**
 * The sub-themes of every theme that has them, one chart per theme (the
 * publicity channels and the enforcement aspects of the shipped dictionary),
 * each narrow enough to fit a phone's width when scaled. Empty when no theme
 * has sub-themes.
 */
export async function subthemeHeatmaps(data: ReportData): Promise<string[]> {
  const charts: string[] = [];
  for (const p of chartedParents(data)) {
    const svg = await subthemeHeatmap(data, p);
    if (svg) charts.push(svg);
  }
  return charts;
}

/**
 * The grouped bars of every theme with sub-themes, side by side in one SVG,
 * for a notebook cell (report.html draws subthemeHeatmaps instead: this
 * picture is as wide as the units are many). Null when no theme has
 * sub-themes.
 */
export async function channelCharts(data: ReportData): Promise<string | null> {
  const specs = chartedParents(data)
    .map((p) => subthemeSpec(data, p))
    .filter((s): s is TopLevelSpec => s !== null);
  return specs.length ? sideBySideCharts(specs) : null;
}

/** Stacked bars: the mix of sentence functions in each unit. */
export async function functionChart(data: ReportData, options: { title?: string } = {}): Promise<string | null> {
  if (!data.has.function || !data.profiles.columns.includes('n_measure')) return null;
  const labels = unitLabels(data);
  const rows: BarDatum[] = [];
  for (const r of data.profiles.rows) {
    const group = labels.get(String(r.unit))!;
    const total = FUNCTIONS.reduce((sum, f) => sum + (num(r[`n_${f}`]) || 0), 0);
    for (const f of FUNCTIONS) {
      const n = num(r[`n_${f}`]) || 0;
      rows.push({ group, category: functionLabel(f), value: n, tooltip: `${group} · ${functionLabel(f)}: ${formatValue(total ? n / total : 0, 'percent')}（${n}/${total} 句）` });
    }
  }
  return stackedBars(rows, {
    title: options.title ?? '句子功能构成',
    subtitle: '措施、成效、问题不足、下步打算等句子各占多少',
    groups: [...labels.values()],
    categories: FUNCTIONS.map(functionLabel),
    categoryTitle: '功能',
  });
}

/** Up to this many units, the cluster map numbers its points (a table lists the numbers); above, the points are too dense to read. */
export const MAX_NUMBERED_POINTS = 60;

export interface ClusterMap {
  svg: string;
  /** Variance explained by the two axes. */
  explained: number[];
  /** What the map is drawn from. */
  basis: string;
  points: Array<ScatterPoint & { unit: string }>;
}

/**
 * The k-means clusters on a 2-D map: PCA of the standardized theme shares
 * (what the clusters are computed on by default), each unit colored by its
 * cluster. Null when there are no clusters or fewer than two units.
 */
export async function clusterMap(data: ReportData, options: { title?: string } = {}): Promise<ClusterMap | null> {
  const c = data.clusters;
  if (!c || c.rows.length < 2) return null;
  const themes = profileThemes(data.profiles, data.themeParents).all;
  let names = themes.map((t) => `share_${t}`);
  let basis = '主题占比';
  if (names.length === 0) {
    names = FUNCTIONS.map((f) => `share_${f}`).filter((n) => data.profiles.columns.includes(n));
    basis = '句子功能占比';
  }
  if (names.length === 0) return null;
  const byUnit = new Map(data.profiles.rows.map((r) => [String(r.unit), r]));
  const units = c.rows.filter((r) => byUnit.has(r.unit));
  if (units.length < 2) return null;
  const matrix = units.map((r) => names.map((n) => num(byUnit.get(r.unit)![n]) || 0));
  const p = pca(matrix, names);
  const labels = unitLabels(data);
  const points = units.map((r, i) => ({
    ...(units.length <= MAX_NUMBERED_POINTS ? { number: i + 1 } : {}),
    unit: r.unit,
    x: p.scores[i]![0] ?? 0,
    y: p.scores[i]![1] ?? 0,
    label: labels.get(r.unit) ?? r.unit,
    group: `第 ${r.cluster} 类`,
  }));
  const pct = (x: number | undefined) => `${Math.round((x ?? 0) * 100)}%`;
  const svg = await scatter(points, {
    title: options.title ?? `k-means 聚类（k = ${c.k}）`,
    subtitle: `${basis}的主成分投影：位置相近的单位，主题结构相近`,
    xTitle: `主成分 1（解释 ${pct(p.explained[0])} 的差异）`,
    yTitle: `主成分 2（解释 ${pct(p.explained[1])} 的差异）`,
    groupTitle: '类别',
    groups: [...new Set(points.map((q) => q.group))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
  });
  return { svg, explained: p.explained, basis, points };
}

/**
 * Per report: the share of its sentences that another report has
 * near-identically, from sentences.csv's shared_with (compare writes it in
 * place); for a comparison written elsewhere, per unit from profiles.csv.
 */
export function boilerplateShares(data: ReportData): Array<{ docId: string; label: string; sentences: number; shared: number; share: number }> {
  if (!data.sentences.some((s) => s.sharedWith !== null)) {
    if (!data.compared || !data.profiles.columns.includes('boilerplate_sentences')) return [];
    const labels = unitLabels(data);
    return data.profiles.rows.map((r) => {
      const [unit, n, shared] = [String(r.unit), num(r.n_sentences) || 0, num(r.boilerplate_sentences) || 0];
      return { docId: unit, label: labels.get(unit) ?? unit, sentences: n, shared, share: n ? shared / n : 0 };
    });
  }
  const tally = new Map<string, { n: number; shared: number }>();
  for (const s of data.sentences) {
    if (s.kind !== 'sentence') continue;
    const t = tally.get(s.docId) ?? { n: 0, shared: 0 };
    t.n++;
    if ((s.sharedWith ?? 0) > 0) t.shared++;
    tally.set(s.docId, t);
  }
  return data.documents
    .filter((d) => tally.has(d.docId))
    .map((d) => {
      const t = tally.get(d.docId)!;
      const label = [d.township || d.docId, d.year ?? ''].filter((x) => x !== '').join(' ');
      return { docId: d.docId, label, sentences: t.n, shared: t.shared, share: t.n ? t.shared / t.n : 0 };
    });
}

/** Reports drawn in the boilerplate chart: the rest are in the table and boilerplate.csv (a chart of a thousand bars says nothing, and vega cannot compile its sort order). */
export const MAX_BOILERPLATE_BARS = 40;

/** Bars of the boilerplate share per report: every report up to MAX_BOILERPLATE_BARS, else those with the highest shares. */
export async function boilerplateChart(data: ReportData, options: { title?: string } = {}): Promise<string | null> {
  const all = boilerplateShares(data);
  if (all.length === 0) return null;
  const rows = all.length > MAX_BOILERPLATE_BARS ? [...all].sort((a, b) => b.share - a.share || a.docId.localeCompare(b.docId)).slice(0, MAX_BOILERPLATE_BARS) : all;
  const seen = new Map<string, number>();
  const labeled = rows.map((r) => {
    const k = (seen.get(r.label) ?? 0) + 1;
    seen.set(r.label, k);
    const category = k > 1 ? `${r.label} (${r.docId})` : r.label;
    return { category, value: r.share, tooltip: `${category}: ${formatValue(r.share, 'percent')}（${r.shared}/${r.sentences} 句）` };
  });
  return bars(labeled, {
    title: options.title ?? '套话占比',
    subtitle: all.length > rows.length ? `套话占比最高的 ${rows.length} 份报告（共 ${all.length} 份）` : '每份报告中，与其他报告几乎相同的句子所占比例',
    format: 'percent',
    valueTitle: '句子占比',
    color: '#e15759',
  });
}

/** Terms are distinctive at this level (of p_adjusted when keyness.csv has it, else of p_value). */
export const SIGNIFICANCE = 0.05;

/** A whole word: two characters or more, none of them a digit or a Latin letter (the tokenizer's fragments and stray letters are not). */
export function isWholeWord(term: string): boolean {
  return [...term].length >= 2 && !/[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]/.test(term);
}

/** Each unit's most distinctive terms (keyness): significant ones only, whole words, best first. */
export function distinctiveTerms(data: ReportData, top = 10): Array<{ unit: string; label: string; terms: Array<{ term: string; count: number; countReference: number; G2: number }> }> {
  if (!data.keyness) return [];
  const labels = unitLabels(data);
  const byUnit = new Map<string, KeyTerm[]>();
  for (const k of data.keyness) {
    const p = data.keynessCorrected ? k.pAdjusted : k.pValue;
    if (!(p < SIGNIFICANCE) || !isWholeWord(k.term)) continue;
    const list = byUnit.get(k.unit) ?? [];
    list.push(k);
    byUnit.set(k.unit, list);
  }
  return [...labels.keys()].map((unit) => ({
    unit,
    label: labels.get(unit)!,
    terms: (byUnit.get(unit) ?? [])
      .sort((a, b) => a.rank - b.rank)
      .slice(0, top)
      .map(({ term, count, countReference, G2 }) => ({ term, count, countReference, G2 })),
  }));
}

/** The sentences behind one heatmap cell: the unit's sentences carrying the theme. */
export function sentencesBehind(data: ReportData, unit: string, theme: string): SentenceInfo[] {
  const row = data.profiles.rows.find((r) => String(r.unit) === unit);
  if (!row) return [];
  const docIds = new Set(String(row.doc_ids ?? row.unit).split(';').filter(Boolean));
  return data.sentences.filter((s) => s.kind === 'sentence' && docIds.has(s.docId) && s.themes.includes(theme));
}
