/**
 * Charts, tables and the one-page HTML report, shared by the notebooks and
 * `fazhi report`: the same figures from objects or from an analysis folder.
 */
export {
  heatmap,
  groupedBars,
  groupedBarsSpec,
  sideBySideCharts,
  stackedBars,
  bars,
  scatter,
  renderVegaLite,
  formatValue,
  estimateTextWidth,
  CHART_FONT,
  CATEGORY_COLORS,
  type HeatmapCell,
  type HeatmapOptions,
  type BarDatum,
  type BarOptions,
  type SimpleBar,
  type ScatterPoint,
  type ScatterOptions,
  type ValueFormat,
} from './charts.js';
export { FUNCTION_LABELS, SECTION_LABELS, themeLabel, themeName, functionLabel, sectionLabel } from './labels.js';
export { pca, type PcaResult } from './pca.js';
export {
  reportDataFromFolder,
  reportDataFromAnalysis,
  deriveProfiles,
  num,
  ReportInputError,
  type ReportData,
  type DocInfo,
  type SentenceInfo,
  type ProfileTable,
  type KeyTerm,
  type ClusterInfo,
  type SharedInfo,
} from './data.js';
export {
  unitLabels,
  profileThemes,
  themeHeatmap,
  subthemeChart,
  subthemeSpec,
  channelCharts,
  functionChart,
  clusterMap,
  boilerplateChart,
  boilerplateShares,
  distinctiveTerms,
  isWholeWord,
  subthemeHeatmap,
  subthemeHeatmaps,
  MIN_SENTENCES,
  SIGNIFICANCE,
  MAX_BOILERPLATE_BARS,
  sentencesBehind,
  cellAnchor,
  type ProfileThemes,
  type ThemeHeatmapOptions,
  type ClusterMap,
} from './figures.js';
export { htmlTable, sideBySide, svgImage, escapeHtml, percent, REPORT_CSS, type Column, type TableOptions } from './html.js';
export { buildReportHtml, writeReport, silhouetteReading, MAX_CHART_UNITS, MAX_CELL_SENTENCES, type ReportOptions } from './report.js';
export { exploreSections } from './explore.js';
