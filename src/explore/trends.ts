/**
 * Trends over report years: for each theme and each function, the share of
 * sentences carrying it per year, across the corpus and per township (a
 * township × year panel), with the change from the township's (or the
 * corpus's) previous report year present: absolute (difference of shares)
 * and relative (that difference over the earlier share).
 *
 * The panel is townships by default (`fazhi trends`); `fazhi compare --by
 * A,report_year` makes it the groups of A (county, a --meta column …), each
 * row then naming its group in a `group` column after `scope`.
 */
import { join } from 'node:path';
import { FUNCTIONS } from '../model/document.js';
import { writeCsv, type Cell } from '../output/csv.js';
import { cmp } from '../compare/input.js';
import { CROSS_SEPARATOR, groupKeyOf, parseByColumns } from '../compare/groups.js';
import { forEachSentence, readReports, type ReportRecord } from './analysis-tables.js';

export const TREND_COLUMNS = [
  'scope',
  'township',
  'county',
  'province',
  'report_year',
  'previous_year',
  'variable_kind',
  'variable',
  'n_docs',
  'n_sentences',
  'n_with',
  'share',
  'change_abs',
  'change_rel',
] as const;

/** trends.csv's columns for a panel: TREND_COLUMNS for townships, with `group` after `scope` for any other. */
export function trendColumns(panel: readonly string[] = TOWNSHIPS): string[] {
  return isTownships(panel) ? [...TREND_COLUMNS] : ['scope', 'group', ...TREND_COLUMNS.slice(1)];
}

const TOWNSHIPS: readonly string[] = ['township'];

/**
 * The panel of a `compare --by` that crosses report_year with other columns
 * (`township,report_year` → township): those other columns; null for any
 * other grouping, which has no year to follow.
 */
export function trendPanel(by: string): string[] | null {
  const columns = parseByColumns(by, null);
  if (columns.length < 2 || !columns.includes('report_year')) return null;
  return columns.filter((c) => c !== 'report_year');
}

function isTownships(panel: readonly string[]): boolean {
  return panel.length === 1 && panel[0] === 'township';
}

/** The share of sentences with one function or theme in one report year: a row of trends.csv. */
export interface TrendRow {
  /** "corpus" (every report of the year), or the panel: "township", or its columns (`county`, `county × pilot`). */
  scope: string;
  /** The group's key (as compare names its units), for a panel other than townships. */
  group?: string;
  township: string;
  county: string;
  province: string;
  report_year: number;
  /** The latest earlier report year of the same scope, or null for its first year. */
  previous_year: number | null;
  variable_kind: 'function' | 'theme';
  variable: string;
  n_docs: number;
  n_sentences: number;
  /** Sentences carrying the function or theme. */
  n_with: number;
  share: number;
  change_abs: number | null;
  /** null when there is no previous year or its share was 0. */
  change_rel: number | null;
}

/** The trends of an analysis folder: rows for the corpus and for each township, the years, notes. */
export interface TrendsResult {
  /** trends.csv's columns (trendColumns). */
  columns: string[];
  rows: TrendRow[];
  years: number[];
  notes: string[];
}

interface YearCounts {
  docs: Set<string>;
  sentences: number;
  counts: Map<string, number>;
}

/**
 * The trends of an analysis folder (documents.csv and sentences.csv), per
 * year across the corpus and per group of the panel's columns (townships by
 * default; groups as compare makes them, groupKeyOf). A group's township,
 * county and province are those all its reports share, else empty.
 * @example
 * const { rows } = trends('out');
 * console.log(rows.filter((r) => r.scope === 'corpus' && r.variable === 'publicity').map((r) => [r.report_year, r.share]));
 */
export function trends(dir: string, panel: readonly string[] = TOWNSHIPS): TrendsResult {
  const scope = panel.join(CROSS_SEPARATOR);
  const notes: string[] = [];
  const reports = new Map<string, ReportRecord>();
  for (const r of readReports(dir)) reports.set(r.doc_id, r);
  const noYear = [...reports.values()].filter((r) => r.report_year === null).length;
  if (noYear) notes.push(`${noYear} report(s) have no report_year in documents.csv and are left out of the trends.`);

  // Groups: "" is the corpus; otherwise a group key.
  const groups = new Map<string, Map<number, YearCounts>>();
  const placeOf = new Map<string, Place>();
  const groupOf = new Map<string, string | null>();
  for (const r of reports.values()) groupOf.set(r.doc_id, groupKeyOf(r.row, panel));
  const themes = new Set<string>();
  const cellOf = (key: string, year: number): YearCounts => {
    let byYear = groups.get(key);
    if (!byYear) groups.set(key, (byYear = new Map()));
    let c = byYear.get(year);
    if (!c) byYear.set(year, (c = { docs: new Set(), sentences: 0, counts: new Map() }));
    return c;
  };
  forEachSentence(dir, (s) => {
    const r = reports.get(s.doc_id);
    if (!r || r.report_year === null) return;
    const group = groupOf.get(s.doc_id)!;
    const targets = [cellOf('', r.report_year)];
    if (group !== null) {
      targets.push(cellOf(group, r.report_year));
      placeOf.set(group, sharedPlace(placeOf.get(group), r));
    }
    for (const c of targets) {
      c.docs.add(s.doc_id);
      c.sentences++;
      if (s.function !== '') c.counts.set(`f:${s.function}`, (c.counts.get(`f:${s.function}`) ?? 0) + 1);
      for (const t of new Set(s.themes)) {
        themes.add(t);
        c.counts.set(`t:${t}`, (c.counts.get(`t:${t}`) ?? 0) + 1);
      }
    }
  });
  const variables: Array<['function' | 'theme', string]> = [
    ...FUNCTIONS.map((f) => ['function', f] as ['function', string]),
    ...[...themes].sort(cmp).map((t) => ['theme', t] as ['theme', string]),
  ];
  const rows: TrendRow[] = [];
  const keys = [...groups.keys()].sort(cmp);
  for (const key of keys) {
    const byYear = groups.get(key)!;
    const place = key === '' ? null : placeOf.get(key)!;
    const years = [...byYear.keys()].sort((a, b) => a - b);
    years.forEach((year, i) => {
      const c = byYear.get(year)!;
      const prev = i > 0 ? byYear.get(years[i - 1]!)! : null;
      for (const [kind, v] of variables) {
        const k = `${kind === 'function' ? 'f' : 't'}:${v}`;
        const n = c.counts.get(k) ?? 0;
        const share = c.sentences ? n / c.sentences : 0;
        const prevShare = prev && prev.sentences ? (prev.counts.get(k) ?? 0) / prev.sentences : null;
        rows.push({
          scope: key === '' ? 'corpus' : scope,
          ...(isTownships(panel) ? {} : { group: key }),
          township: place?.township ?? '',
          county: place?.county ?? '',
          province: place?.province ?? '',
          report_year: year,
          previous_year: i > 0 ? years[i - 1]! : null,
          variable_kind: kind,
          variable: v,
          n_docs: c.docs.size,
          n_sentences: c.sentences,
          n_with: n,
          share,
          change_abs: prevShare === null ? null : share - prevShare,
          change_rel: prevShare === null || prevShare === 0 ? null : (share - prevShare) / prevShare,
        });
      }
    });
  }
  const years = [...(groups.get('')?.keys() ?? [])].sort((a, b) => a - b);
  if (years.length < 2) notes.push(`the corpus has ${years.length} report year(s): there is no change between years to show.`);
  return { columns: trendColumns(panel), rows, years, notes };
}

interface Place {
  township: string;
  county: string;
  province: string;
}

/** The place a group's reports share so far: each of township, county, province where they agree, else ''. */
function sharedPlace(place: Place | undefined, r: ReportRecord): Place {
  if (!place) return { township: r.township, county: r.county, province: r.province };
  if (place.township === r.township && place.county === r.county && place.province === r.province) return place;
  return { township: place.township === r.township ? place.township : '', county: place.county === r.county ? place.county : '', province: place.province === r.province ? place.province : '' };
}

/** Write trends.csv into `outDir` (under a temporary name, then renamed). */
export function writeTrends(result: TrendsResult, outDir: string): string {
  const path = join(outDir, 'trends.csv');
  writeCsv(path, result.columns, result.rows as unknown as ReadonlyArray<Record<string, Cell>>);
  return path;
}
