/**
 * report.html: one self-contained page (styles inlined, charts as inline
 * SVG, no script and no network) that shows an analysis run to someone who
 * never opens a terminal: the reports, the functions of their sentences, the
 * theme heatmap with the sentences behind every cell, publicity channels and
 * enforcement aspects, distinctive terms, clusters and boilerplate.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ReportData } from './data.js';
import { reportDataFromFolder } from './data.js';
import {
  boilerplateChart,
  boilerplateShares,
  cellAnchor,
  subthemeHeatmaps,
  chartedParents,
  clusterMap,
  distinctiveTerms,
  functionChart,
  profileThemes,
  themeHeatmap,
  MIN_SENTENCES,
  SIGNIFICANCE,
  unitLabels,
} from './figures.js';
import { escapeHtml, htmlTable, percent, REPORT_CSS } from './html.js';
import { functionLabel, sectionLabel, themeLabel as labelIn, themeName } from './labels.js';
import { num } from './data.js';
import { exploreSections } from './explore.js';
import { REPORT_PAGE } from '../output/analysis-folder.js';

/** Units drawn in the heatmap and bar charts; the rest are in profiles.csv. */
export const MAX_CHART_UNITS = 60;
/** The legend line of the marked cells. */
const THIN_NOTE = `标 * 的格子（灰色数字）所依据的句子少于 ${MIN_SENTENCES} 句，比例不稳定，解读时请谨慎。 Cells marked * rest on fewer than ${MIN_SENTENCES} sentences.`;

/** Columns of one theme heatmap: more are drawn as several heatmaps side by side. */
export const THEMES_PER_HEATMAP = 6;
/** Sentences listed behind one heatmap cell. */
export const MAX_CELL_SENTENCES = 40;
/** Sentences listed behind all the heatmap's cells together: with many units each cell lists fewer (at least 2), so the page stays small; sentences.csv has them all. */
export const CELL_SENTENCE_BUDGET = 2000;

export interface ReportOptions {
  /** Page title; default 法治政府建设年度报告分析. */
  title?: string;
  /** Shown in the footer, e.g. the tool's version. */
  generator?: string;
}

/** A section of the page: its anchor, its heading and its HTML. */
interface Section {
  id: string;
  title: string;
  html: string;
}

/** Build report.html as a string. */
export async function buildReportHtml(data: ReportData, options: ReportOptions = {}): Promise<string> {
  const title = options.title ?? '法治政府建设年度报告分析';
  const notes = [...data.notes];
  const chartData: ReportData =
    data.profiles.rows.length > MAX_CHART_UNITS ? { ...data, profiles: { columns: data.profiles.columns, rows: data.profiles.rows.slice(0, MAX_CHART_UNITS) } } : data;
  if (chartData !== data) notes.push(`There are ${data.profiles.rows.length} units: the charts show the first ${MAX_CHART_UNITS}; profiles.csv has them all.`);
  const sentences = data.sentences.filter((s) => s.kind === 'sentence');

  const sections: Section[] = [
    overviewSection(data, sentences, notes),
    documentsSection(data, sentences),
    await functionsSection(chartData),
    ...(await themeSections(data, chartData, sentences)),
    termsSection(data),
    await clustersSection(data),
    await boilerplateSection(data),
    ...(await exploreSections(data)),
    aboutSection(data),
  ];
  return page(data, sections, title, sentences.length, options.generator);
}

function overviewSection(data: ReportData, sentences: ReportData['sentences'], notes: readonly string[]): Section {
  const townships = new Set(data.documents.map((d) => [d.province, d.county, d.township].join('/')).filter((k) => !k.endsWith('/')));
  const cards = [
    ['报告', data.documents.length],
    ['句子', sentences.length],
    ['乡镇（街道）', townships.size],
    ['平均每份句数', data.documents.length ? Math.round(sentences.length / data.documents.length) : 0],
  ]
    .map(([k, v]) => `<div class="card"><b>${escapeHtml(v)}</b><span>${escapeHtml(k)}</span></div>`)
    .join('');
  const unitWord = data.by === 'township' ? '乡镇（各年度报告合并）' : data.by === 'province' ? '省份' : data.by === 'document' ? '报告' : `按 ${data.by} 分组（fazhi compare --by ${data.by}）`;
  return {
    id: 'overview',
    title: '概览',
    html:
      `<div class="cards">${cards}</div>` +
      `<p class="lead">比较单位：${escapeHtml(unitWord)}。${data.compared ? '已运行比较（fazhi compare）。' : '尚未运行比较（fazhi compare）。'}` +
      `主题与功能由词典和规则自动标注，每个数字都可以追溯到下面列出的句子。</p>` +
      (notes.length ? `<div class="notes"><b>说明 Notes</b><ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></div>` : ''),
  };
}

function documentsSection(data: ReportData, sentences: ReportData['sentences']): Section {
  const nSent = new Map<string, number>();
  for (const s of sentences) nSent.set(s.docId, (nSent.get(s.docId) ?? 0) + 1);
  return {
    id: 'documents',
    title: '报告一览',
    html: htmlTable(
      data.documents,
      [
        { title: '乡镇（街道）', value: (d) => d.township, nowrap: true },
        { title: '区县', value: (d) => d.county, nowrap: true },
        { title: '市', value: (d) => d.city, nowrap: true },
        { title: '省', value: (d) => d.province, nowrap: true },
        { title: '年度', value: (d) => d.year ?? '', numeric: true },
        { title: '标题', value: (d) => d.title },
        { title: '发布日期', value: (d) => d.published, nowrap: true },
        { title: '句子数', value: (d) => nSent.get(d.docId) ?? 0, numeric: true },
        { title: '识别出的部分', value: (d) => d.sections.map(sectionLabel).join('、') },
        { title: 'doc_id', html: (d) => `<span class="muted">${escapeHtml(d.docId)}</span>` },
      ],
      { maxRows: 300, id: 'documents-table' },
    ),
  };
}

async function functionsSection(chartData: ReportData): Promise<Section> {
  const fnSvg = await functionChart(chartData);
  return {
    id: 'functions',
    title: '句子功能',
    html: fnSvg
      ? `<p class="lead">每句话在报告中的作用：讲采取的措施、取得的成效、存在的问题不足、下一步打算，还是提出意见建议。</p><figure>${fnSvg}</figure>`
      : `<p class="notes">sentences.csv 没有 function 列（句子功能标注未运行），此部分从略。 The tagger has not run on this folder.</p>`,
  };
}

/** The theme heatmap with the sentences behind its cells, and the publicity and enforcement charts when there are any. */
async function themeSections(data: ReportData, chartData: ReportData, sentences: ReportData['sentences']): Promise<Section[]> {
  const themes = profileThemes(data.profiles, data.themeParents);
  const themeLabel = (t: string) => labelIn(t, data.taxonomy);
  if (!data.has.themes || themes.top.length === 0) {
    return [{ id: 'themes', title: '主题分布', html: `<p class="notes">sentences.csv 没有 themes 列（主题标注未运行），此部分从略。 The themes stage has not run on this folder.</p>` }];
  }
  const cellCount = chartData.profiles.rows.length * themes.top.length;
  const links = cellCount <= 2000;
  // Small multiples of at most THEMES_PER_HEATMAP columns, on one color scale, that wrap: one wide heatmap would not fit a phone.
  const chunks = Math.ceil(themes.top.length / THEMES_PER_HEATMAP);
  const perChunk = Math.ceil(themes.top.length / chunks);
  const max = Math.max(0, ...chartData.profiles.rows.flatMap((r) => themes.top.map((t) => num(r[`share_${t}`]) || 0)));
  const svgs: string[] = [];
  for (let i = 0; i < chunks; i++) {
    const part = themes.top.slice(i * perChunk, (i + 1) * perChunk);
    svgs.push(await themeHeatmap(chartData, { links, themes: part, domain: [0, max > 0 ? max : 1], title: chunks > 1 ? `主题分布（${i + 1}/${chunks}）` : undefined }));
  }
  const svg = `<div class="charts">${svgs.map((x) => `<figure>${x}</figure>`).join('')}</div>`;
  const cellHtml = links ? cellSentences(chartData, sentences, themes.top) : '';
  const glossary = htmlTable(
    themes.all,
    [
      { title: '主题', value: (t) => themeLabel(t) },
      { title: '含义', value: (t) => themeName(t, data.taxonomy) },
      { title: '上级主题', value: (t) => (data.themeParents[t] ? themeLabel(data.themeParents[t]!) : '') },
      { title: 'id', html: (t) => `<code>${escapeHtml(t)}</code>` },
    ],
    { caption: `主题说明（词典 ${data.taxonomy.sources().join('、')}）` },
  );
  const sections: Section[] = [
    {
      id: 'themes',
      title: '主题分布',
      html:
        `<p class="lead">颜色越深，该单位的句子中谈到这一主题的比例越高。鼠标悬停在格子上可看到句数（n/N）。</p>${svg}` +
        `<p class="muted">${THIN_NOTE}</p>${cellHtml}` +
        `<details><summary>主题说明</summary>${glossary}</details>`,
    },
  ];
  const channels = await subthemeHeatmaps(chartData);
  if (channels.length) {
    // Named by the dictionary's _sub_chart of each theme charted: 普法渠道 (渠道), 执法方式 (方式).
    const parents = chartedParents(chartData);
    const chart = (p: string) => data.taxonomy.subChart(p);
    const both = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join('、')}与${xs[xs.length - 1]}` : xs[0]!);
    const alternatives = (xs: string[]) => xs[0]! + (xs.length > 1 ? `（或${xs.slice(1).join('、')}）` : '');
    sections.push({
      id: 'channels',
      title: both(parents.map((p) => chart(p)?.heading ?? `${themeLabel(p)}的子主题`)),
      html:
        `<p class="lead">在谈到${escapeHtml(alternatives(parents.map(themeLabel)))}的句子中，各种${escapeHtml(alternatives(parents.map((p) => chart(p)?.kind ?? '子主题')))}所占的比例。一句可同时涉及几种。</p>` +
        `<div class="charts">${channels.map((c) => `<figure>${c}</figure>`).join('')}</div>` +
        `<p class="muted">${THIN_NOTE}</p>`,
    });
  }
  return sections;
}

/** Behind every heatmap cell (unit × theme), the unit's sentences with that theme: what a click on the cell shows. */
function cellSentences(chartData: ReportData, sentences: ReportData['sentences'], topThemes: readonly string[]): string {
  const labels = unitLabels(chartData);
  const byDoc = new Map<string, typeof sentences>();
  for (const s of sentences) {
    const list = byDoc.get(s.docId);
    if (list) list.push(s);
    else byDoc.set(s.docId, [s]);
  }
  const parts: string[] = [];
  const perCell = Math.max(2, Math.min(MAX_CELL_SENTENCES, Math.floor(CELL_SENTENCE_BUDGET / Math.max(1, chartData.profiles.rows.length * topThemes.length))));
  chartData.profiles.rows.forEach((r, i) => {
    const unit = String(r.unit);
    // The unit's sentences (a township's may come from several reports), then those with each theme.
    const own = String(r.doc_ids ?? r.unit).split(';').filter(Boolean).flatMap((id) => byDoc.get(id) ?? []);
    for (const t of topThemes) {
      const list = own.filter((s) => s.themes.includes(t));
      const share = num(r[`share_${t}`]) || 0;
      const head = `<h3>${escapeHtml(labels.get(unit))} · ${escapeHtml(labelIn(t, chartData.taxonomy))}：${list.length}/${escapeHtml(num(r.n_sentences))} 句（${percent(share)}）</h3>`;
      // A list rather than a table: several hundred cells, each with its own header row, would double the page.
      const body = list.length
        ? `<ol class="sentences">${list
            .slice(0, perCell)
            .map((s) => `<li><span class="muted">#${escapeHtml(s.unitIndex)} ${escapeHtml(sectionLabel(s.section))}${s.fn ? ` · ${escapeHtml(functionLabel(s.fn))}` : ''}</span> ${escapeHtml(s.text)} ${s.themes.map((x) => `<span class="tag">${escapeHtml(labelIn(x, chartData.taxonomy))}</span>`).join('')}</li>`)
            .join('')}</ol>` + (list.length > perCell ? `<p class="more">… 另有 ${list.length - perCell} 句，见 sentences.csv（共 ${list.length} 句）。</p>` : '')
        : '<p class="muted">没有句子。</p>';
      parts.push(`<div id="${cellAnchor(i, t)}">${head}${body}</div>`);
    }
  });
  parts.push('<div class="hint">点击热图中的任一格子，即可在此看到它背后的句子。 Click a cell to read the sentences behind it.</div>');
  return `<div class="cell-sentences">${parts.join('\n')}</div>`;
}

function termsSection(data: ReportData): Section {
  if (!data.keyness) return { id: 'terms', title: '特色词', html: notRun('特色词（keyness.csv）') };
  const terms = distinctiveTerms(data, 12);
  const corrected = data.keynessCorrected;
  const rule = corrected
    ? `经多重比较校正后显著（p_adjusted < ${SIGNIFICANCE}）`
    : `p < ${SIGNIFICANCE}（keyness.csv 没有 p_adjusted 列，未做多重比较校正，应视为探索性结果）`;
  const shown = terms.filter((t) => t.terms.length > 0);
  const html = shown.length
    ? `<p class="lead">与其他单位相比，各单位明显更常用的词（对数似然比 G²），只列${escapeHtml(rule)}的完整词语（两个字以上、不含数字和字母）；括号内为该单位的出现次数 / 其他单位的出现次数。</p>` +
      htmlTable(shown, [
        { title: '单位', value: (t) => t.label, nowrap: true },
        { title: '特色词', html: (t) => t.terms.map((x) => `<span class="tag" title="G² = ${x.G2.toFixed(1)}">${escapeHtml(x.term)} (${x.count}/${x.countReference})</span>`).join(' ') },
      ], { maxRows: 100 }) +
      (terms.length > shown.length ? `<p class="muted">其余 ${terms.length - shown.length} 个单位没有显著的特色词。</p>` : '')
    : `<p class="notes">没有任何单位的特色词达到显著水平（${escapeHtml(rule)}），因此不列出特色词。 No term is significant.</p>`;
  return { id: 'terms', title: '特色词', html };
}

/** Kaufman & Rousseeuw's reading of an average silhouette width. */
export function silhouetteReading(s: number): string {
  if (s > 0.7) return '强的聚类结构（strong structure）';
  if (s > 0.5) return '合理的聚类结构（reasonable structure）';
  if (s >= 0.25) return '较弱的聚类结构，可能是人为划分（weak structure, could be artificial）';
  return '没有实质性的聚类结构（no substantial structure）：各类之间界限不清，下面的分类不宜解读';
}

async function clustersSection(data: ReportData): Promise<Section> {
  const map = await clusterMap(data); // every unit: points are cheap, and the capped ones may be whole clusters
  let clusterHtml: string;
  if (data.clusters && map) {
    const c = data.clusters;
    const labels = unitLabels(data);
    const feature = (f: string) => (f.startsWith('theme:') ? labelIn(f.slice(6), data.taxonomy) : f.startsWith('term:') ? f.slice(5) : f);
    const numbered = new Map(map.points.map((p) => [p.unit, p.number]));
    const sizes = new Map<number, number>();
    for (const r of c.rows) sizes.set(r.cluster, (sizes.get(r.cluster) ?? 0) + 1);
    const clusterIds = [...sizes.keys()].sort((a, b) => a - b);
    const reading = c.silhouette === null ? '' : `<p class="lead">平均轮廓系数 ${c.silhouette.toFixed(2)}：<span class="reading">${escapeHtml(silhouetteReading(c.silhouette))}</span>。` +
      `（Kaufman 与 Rousseeuw 的读法：低于 0.25 无实质结构，0.25–0.5 弱，0.5–0.7 合理，0.7 以上强。）</p>`;
    clusterHtml =
      reading +
      `<p class="lead">k-means 把主题结构相近的单位归为一类（k = ${escapeHtml(c.k)}，${c.chosenBy === 'auto' ? '按轮廓系数自动选择' : '指定'}；聚类依据：${escapeHtml(c.features)}）。` +
      `图中位置是${escapeHtml(map.basis)}的主成分投影${map.points.every((p) => p.number !== undefined) ? '，点上的编号对应下面的单位表' : ''}；鼠标悬停在点上可看到单位名称。</p><figure>${map.svg}</figure>` +
      htmlTable(
        clusterIds,
        [
          { title: '类别', value: (k) => `第 ${k} 类`, nowrap: true },
          { title: '单位数', value: (k) => `${sizes.get(k)}/${c.rows.length}`, numeric: true },
          { title: '该类区别于其他类的特征（高于总体平均最多的）', value: (k) => (c.topFeatures.get(k) ?? []).slice(0, 5).map(feature).join('、') },
        ],
        { caption: '各类的特征（cluster_features.csv）' },
      ) +
      htmlTable(
        [...c.rows].sort((a, b) => (numbered.get(a.unit) ?? 0) - (numbered.get(b.unit) ?? 0) || a.cluster - b.cluster || a.unit.localeCompare(b.unit)),
        [
          { title: '编号', value: (r) => numbered.get(r.unit) ?? '', numeric: true },
          { title: '单位', value: (r) => labels.get(r.unit) ?? r.unit },
          { title: '类别', value: (r) => `第 ${r.cluster} 类`, nowrap: true },
          { title: '轮廓系数', value: (r) => (r.silhouette === null ? '' : r.silhouette.toFixed(2)), numeric: true },
        ],
        { caption: '单位与类别（全部见 clusters.csv）', maxRows: 100, id: 'cluster-units' },
      );
  } else if (data.clusters) {
    clusterHtml = `<p class="notes">${escapeHtml(data.clusters.rows.length < 2 ? '单位不足两个，无法聚类。' : '聚类结果无法绘制（没有可用的占比列）。')}</p>`;
  } else {
    clusterHtml = notRun('聚类（clusters.csv）');
  }
  return { id: 'clusters', title: '聚类', html: clusterHtml };
}

async function boilerplateSection(data: ReportData): Promise<Section> {
  let bpHtml: string;
  const bpSvg = await boilerplateChart(data);
  if (data.boilerplate && bpSvg) {
    const docLabel = new Map(boilerplateShares(data).map((r) => [r.docId, r.label]));
    bpHtml =
      `<p class="lead">与其他报告中某句几乎相同（字符三元组 Jaccard 相似度达到阈值）的句子，即套话或互相照抄的句子；几乎相同的句子归为一段共有文字（boilerplate.csv 每段一行）。</p><figure>${bpSvg}</figure>` +
      (data.boilerplate.length
        ? htmlTable(
            data.boilerplate,
            [
              { title: '共有文字（示例）', value: (p) => p.example },
              { title: '示例出自', value: (p) => docLabel.get(p.docId) ?? p.docId, nowrap: true },
              { title: '报告数', value: (p) => p.nDocs, numeric: true },
              { title: '句数', value: (p) => p.nSentences, numeric: true },
            ],
            { caption: '共有的文字（按出现的报告数排序）', maxRows: 30 },
          )
        : '<p class="muted">没有发现报告之间几乎相同的句子。</p>');
  } else {
    bpHtml = notRun('套话（boilerplate.csv）');
  }
  return { id: 'boilerplate', title: '套话', html: bpHtml };
}

/** What run.json says that the page shows: the version and the files read. */
type RunJsonFields = { version?: string; files?: { ok?: number; skipped?: number; failed?: number } } | null;

function aboutSection(data: ReportData): Section {
  const run = data.run as RunJsonFields;
  return {
    id: 'about',
    title: '数据说明',
    html:
      `<p>本页由 <code>fazhi report</code> 根据分析文件夹中的表格生成：documents.csv（每份报告一行）、sentences.csv（每句一行，含功能与主题）` +
      `${data.compared ? '，以及 fazhi compare 写出的 profiles.csv、keyness.csv、clusters.csv、boilerplate.csv' : ''}。` +
      `这些表格可以直接用 Excel、pandas 或 R 打开，核对本页的每个数字。</p>` +
      (run?.files ? `<p class="muted">本次分析：${escapeHtml(run.files.ok ?? 0)} 份成功，${escapeHtml(run.files.skipped ?? 0)} 份跳过，${escapeHtml(run.files.failed ?? 0)} 份失败（见 manifest.csv）。</p>` : ''),
  };
}

/** The page around the sections: head with the styles, title bar, table of contents, footer. */
function page(data: ReportData, sections: readonly Section[], title: string, nSentences: number, generatorOption: string | undefined): string {
  const run = data.run as RunJsonFields;
  const toc = sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('');
  const body = sections.map((s) => `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`).join('\n');
  const generator = generatorOption ?? (run?.version ? `fazhi ${run.version}` : 'fazhi');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="top"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(data.documents.length)} 份报告 · ${escapeHtml(nSentences)} 句 · 数据：${escapeHtml(data.source === 'notebook' ? 'notebook' : basename(resolve(data.source)))}</p></header>
<nav class="toc">${toc}</nav>
<main>
${body}
<footer>由 ${escapeHtml(generator)} 生成。Generated by ${escapeHtml(generator)}; every figure is computed from the CSV tables beside this file.</footer>
</main>
</body>
</html>
`;
}

function notRun(what: string): string {
  return `<p class="notes">${escapeHtml(what)}需要先运行比较：<code>fazhi compare OUTDIR</code>，然后重新生成本页。 Run <code>fazhi compare</code> on this folder to add this part.</p>`;
}

/** Read an analysis folder and write OUTDIR/report.html (atomically); returns its path. */
export async function writeReport(dir: string, options: ReportOptions & { out?: string; compare?: string } = {}): Promise<string> {
  const data = reportDataFromFolder(dir, options.compare);
  const html = await buildReportHtml(data, options);
  const out = options.out ?? join(dir, REPORT_PAGE);
  const tmp = `${out}.partial`;
  writeFileSync(tmp, html);
  renameSync(tmp, out);
  return out;
}
