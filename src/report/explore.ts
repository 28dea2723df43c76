/**
 * The sections of report.html over the tables the explore and validate
 * commands write beside an analysis: group differences (association.csv),
 * shares over the years (trends.csv), follow-up of plans (promise_rates.csv)
 * and coder agreement (agreement.csv). Each appears only when its table is
 * in the folder.
 */
import { formatValue, heatmap, type HeatmapCell } from './charts.js';
import { num, type ReportData, type Rows } from './data.js';
import { MIN_SENTENCES } from './figures.js';
import { htmlTable, percent } from './html.js';
import { FUNCTION_LABELS, functionLabel, themeLabel } from './labels.js';

export interface ExploreSection {
  id: string;
  title: string;
  html: string;
}

/** Rows, columns and cells drawn at most in one heatmap here; the table has the rest. */
const MAX_ROWS = 40;
const MAX_COLUMNS = 14;

/** A variable's display name: a function's, else the theme's in the analysis's dictionary. */
function variableLabel(data: ReportData, id: string, kind = ''): string {
  const bare = id.replace(/^(theme|function):/, '');
  if (kind === 'function' || (kind === '' && FUNCTION_LABELS[bare])) return functionLabel(bare);
  return themeLabel(bare, data.taxonomy);
}

/** The first of the candidate columns the rows have. */
function columnOf(rows: Rows, candidates: readonly string[]): string | undefined {
  const have = new Set(Object.keys(rows[0] ?? {}));
  return candidates.find((c) => have.has(c));
}

function firstOfEach<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** Group differences: standardized residuals, variable × group, red above expectation and blue below. */
async function associationSection(data: ReportData, rows: Rows): Promise<ExploreSection> {
  const variable = columnOf(rows, ['variable', 'feature', 'theme']);
  const group = columnOf(rows, ['group', 'level', 'value', 'unit']);
  const residual = columnOf(rows, ['std_residual', 'standardized_residual', 'standardised_residual', 'adjusted_residual', 'residual']);
  const kind = columnOf(rows, ['variable_kind', 'kind']);
  const nWith = columnOf(rows, ['n_with', 'observed', 'count']);
  const nAll = columnOf(rows, ['n_sentences', 'n', 'total']);
  const pAdj = columnOf(rows, ['p_adjusted']);
  const lead = `<p class="lead">各组之间，谈到某一功能或主题的句子比例是否不同（卡方检验）。颜色为标准化残差：红色表示该组比独立假设下预期的更多，蓝色表示更少；绝对值超过 2 大致相当于 5% 水平上的偏离。</p>`;
  if (!variable || !group || !residual) {
    return { id: 'association', title: '组间差异', html: lead + `<p class="muted">association.csv 没有可识别的残差列，按原表列出。</p>` + rawTable(rows) };
  }
  const label = (r: Record<string, string>) => variableLabel(data, r[variable]!, kind ? r[kind] : '');
  const variables = firstOfEach(rows.map(label)).slice(0, MAX_ROWS);
  const groups = firstOfEach(rows.map((r) => r[group]!)).slice(0, MAX_COLUMNS);
  const shownVariables = new Set(variables);
  const shownGroups = new Set(groups);
  const cells: HeatmapCell[] = [];
  for (const r of rows) {
    const v = label(r);
    if (!shownVariables.has(v) || !shownGroups.has(r[group]!)) continue;
    const value = num(r[residual]);
    if (!Number.isFinite(value)) continue;
    const n = nWith ? num(r[nWith]) : Number.NaN;
    const total = nAll ? num(r[nAll]) : Number.NaN;
    const counted = Number.isFinite(n) && Number.isFinite(total) ? `（${n}/${total} 句）` : '';
    const p = pAdj && Number.isFinite(num(r[pAdj])) ? `，校正后 p = ${formatValue(num(r[pAdj]))}` : '';
    cells.push({ row: v, column: r[group]!, value, label: value.toFixed(1), tooltip: `${v} · ${r[group]}: 残差 ${value.toFixed(2)}${counted}${p}`, thin: Number.isFinite(total) && total < MIN_SENTENCES });
  }
  const limit = Math.max(2, ...cells.map((c) => Math.abs(c.value)));
  const svg = await heatmap(cells, { title: '组间差异：标准化残差', subtitle: '红：多于预期；蓝：少于预期', valueTitle: '标准化残差', rows: variables, columns: groups, scheme: 'redblue', domain: [-limit, limit], reverse: true });
  const more = firstOfEach(rows.map(label)).length > variables.length || firstOfEach(rows.map((r) => r[group]!)).length > groups.length ? `<p class="muted">图中只画出前 ${MAX_ROWS} 个变量、前 ${MAX_COLUMNS} 个组；association.csv 有全部结果。</p>` : '';
  return { id: 'association', title: '组间差异', html: lead + `<figure>${svg}</figure>${more}` };
}

/** Shares over the report years of the whole corpus: variable × year. */
async function trendsSection(data: ReportData, rows: Rows): Promise<ExploreSection> {
  // Functions and top-level themes: the sub-themes' rows are in trends.csv.
  const corpus = rows.filter((r) => (r.scope ?? 'corpus') === 'corpus' && !data.themeParents[r.variable ?? '']);
  const lead = `<p class="lead">全部报告中，各年度谈到每一功能或主题的句子所占比例；悬停可看到句数（n/N）。标 * 的格子所依据的句子少于 ${MIN_SENTENCES} 句。</p>`;
  if (corpus.length === 0 || !('share' in (corpus[0] ?? {}))) return { id: 'trends', title: '年度趋势', html: lead + rawTable(rows) };
  const label = (r: Record<string, string>) => variableLabel(data, r.variable ?? '', r.variable_kind ?? '');
  const years = firstOfEach(corpus.map((r) => r.report_year ?? '')).sort();
  const variables = firstOfEach(corpus.map(label)).slice(0, MAX_ROWS);
  const shown = new Set(variables);
  const cells: HeatmapCell[] = corpus
    .filter((r) => shown.has(label(r)))
    .map((r) => {
      const value = num(r.share) || 0;
      const total = num(r.n_sentences);
      return { row: label(r), column: r.report_year ?? '', value, tooltip: `${label(r)} · ${r.report_year}: ${formatValue(value, 'percent')}（${r.n_with}/${r.n_sentences} 句，${r.n_docs} 份报告）`, thin: Number.isFinite(total) && total < MIN_SENTENCES };
    });
  const svg = await heatmap(cells, { title: '各年度的句子占比', valueTitle: '句子占比', format: 'percent', rows: variables, columns: years.slice(-MAX_COLUMNS), scheme: 'purples' });
  return { id: 'trends', title: '年度趋势', html: lead + `<figure>${svg}</figure>` };
}

/** Per township, how many plans of one year the next year's report follows up, with the counts. */
function promisesSection(rows: Rows): ExploreSection {
  const rate = (k: number, n: number) => (n > 0 ? `${percent(k / n)}（${k}/${n}）${n < MIN_SENTENCES ? ' *' : ''}` : '—');
  const sorted = [...rows].sort((a, b) => (num(b.plans) || 0) - (num(a.plans) || 0) || String(a.township).localeCompare(String(b.township)));
  return {
    id: 'promises',
    title: '承诺兑现',
    html:
      `<p class="lead">同一乡镇相邻两年的报告：上一年“下一步打算”中的句子，下一年是否有相应的落实（follow-up）；上一年指出的问题，下一年是否再次提出。括号内为句数，标 * 的比例所依据的句子少于 ${MIN_SENTENCES} 句。</p>` +
      htmlTable(
        sorted,
        [
          { title: '乡镇（街道）', value: (r) => r.township, nowrap: true },
          { title: '区县', value: (r) => r.county, nowrap: true },
          { title: '年度', value: (r) => r.year_pairs, nowrap: true },
          { title: '落实率', value: (r) => rate(num(r.followed_up) || 0, num(r.plans) || 0), numeric: true },
          { title: '问题重提率', value: (r) => rate(num(r.restated) || 0, num(r.shortcomings) || 0), numeric: true },
        ],
        { maxRows: 200 },
      ),
  };
}

/** Coder agreement: each field's overall figures (per-class rows are in agreement.csv). */
function agreementSection(rows: Rows): ExploreSection {
  const overall = rows.filter((r) => !r.class);
  const fig = (v: string | undefined, lo?: string, hi?: string) => {
    const x = num(v ?? '');
    if (!Number.isFinite(x)) return '';
    const a = num(lo ?? '');
    const b = num(hi ?? '');
    return Number.isFinite(a) && Number.isFinite(b) ? `${x.toFixed(2)} [${a.toFixed(2)}, ${b.toFixed(2)}]` : x.toFixed(2);
  };
  return {
    id: 'agreement',
    title: '编码一致性',
    html:
      `<p class="lead">人工编码者之间（或人工与自动标注之间）的一致程度；方括号内为 95% 置信区间。Krippendorff α 在 0.8 以上通常视为可靠，0.667–0.8 可作初步结论。</p>` +
      htmlTable(
        overall.length ? overall : rows,
        [
          { title: '字段', value: (r) => r.field, nowrap: true },
          { title: '比较', value: (r) => r.comparison },
          { title: '句数', value: (r) => r.n, numeric: true },
          { title: '一致率', value: (r) => (Number.isFinite(num(r.percent_agreement ?? '')) ? percent(num(r.percent_agreement!)) : ''), numeric: true },
          { title: "Cohen's κ", value: (r) => fig(r.cohen_kappa, r.kappa_ci_low, r.kappa_ci_high), numeric: true },
          { title: "Fleiss' κ", value: (r) => fig(r.fleiss_kappa), numeric: true },
          { title: 'Krippendorff α', value: (r) => fig(r.krippendorff_alpha, r.alpha_ci_low, r.alpha_ci_high), numeric: true },
        ],
        { maxRows: 100 },
      ),
  };
}

function rawTable(rows: Rows): string {
  const columns = Object.keys(rows[0] ?? {});
  return htmlTable(rows, columns.map((c) => ({ title: c, value: (r: Record<string, string>) => r[c] })), { maxRows: 100 });
}

/** The sections for whichever of the explore and validate tables the folder has, in this order. */
export async function exploreSections(data: ReportData): Promise<ExploreSection[]> {
  const x = data.extras;
  if (!x) return [];
  const sections: ExploreSection[] = [];
  if (x.association?.length) sections.push(await associationSection(data, x.association));
  if (x.trends?.length) sections.push(await trendsSection(data, x.trends));
  if (x.promiseRates?.length) sections.push(promisesSection(x.promiseRates));
  if (x.agreement?.length) sections.push(agreementSection(x.agreement));
  return sections;
}
