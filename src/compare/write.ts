/**
 * Write a comparison as CSV tables (atomically, like the analysis folder):
 *   profiles.csv          one row per unit: functions, themes, channels, quantities, boilerplate
 *   keyness.csv           each unit's over-represented terms (G²)
 *   association.csv       functions and themes by group: χ²/Fisher, Cramér's V, residuals
 *   similarity.csv        cosine similarity of unit pairs (TF-IDF and themes)
 *   clusters.csv          k-means cluster of each unit, k and silhouette
 *   cluster_features.csv  the features that describe each cluster
 *   boilerplate.csv       per shared passage (near-identical sentences in 2+ documents): where, how often, what it codes
 *   reuse.csv             per township and year: share repeated from the year before
 *   compare.json          options, chosen k, notes: enough to reproduce the run
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatNumber, type Cell, type CsvOptions } from '../output/csv.js';
import { writeTable } from './csv-write.js';
import type { CompareResult } from './types.js';
import { variableColumnNames } from './units.js';
import { ASSOCIATION_COLUMNS } from '../explore/association-columns.js';
import { COMPARE_FILES, COMPARE_TABLES as T, FOLLOW_UP_FILES, REPORT_PAGE } from '../output/analysis-folder.js';

const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

export const KEYNESS_COLUMNS = ['unit', 'rank', 'term', 'count_target', 'count_reference', 'total_target', 'total_reference', 'G2', 'p_value', 'p_adjusted'] as const;
export const SIMILARITY_COLUMNS = ['a', 'b', 'cosine_tfidf', 'cosine_themes'] as const;
export const CLUSTER_COLUMNS = ['unit', 'cluster', 'k', 'silhouette', 'unit_silhouette', 'distance', 'features', 'chosen_by', 'top_features'] as const;
export const CLUSTER_FEATURE_COLUMNS = ['cluster', 'size', 'rank', 'feature', 'mean_z', 'cluster_mean', 'overall_mean'] as const;
export const BOILERPLATE_COLUMNS = ['passage', 'n_docs', 'n_sentences', 'n_variants', 'n_chars', 'functions', 'themes', 'doc_ids', 'example_doc_id', 'example_unit_index', 'example', 'normalized_text'] as const;
export const REUSE_COLUMNS = ['township', 'county', 'province', 'year', 'previous_year', 'doc_id', 'previous_doc_ids', 'n_sentences', 'n_repeated', 'share_repeated', 'share_repeated_chars'] as const;

export { COMPARE_FILES };

/**
 * Remove the comparison (and the report made from it) that a folder holds
 * from an earlier analysis: once the analysis tables are rewritten, those
 * describe documents and counts that are no longer there, and `fazhi report`
 * would show them as if current. Returns the files removed.
 */
export function removeComparison(dir: string): string[] {
  const removed: string[] = [];
  for (const f of [...COMPARE_FILES, ...FOLLOW_UP_FILES, REPORT_PAGE]) {
    const p = join(dir, f);
    if (!existsSync(p)) continue;
    rmSync(p, { force: true });
    removed.push(f);
  }
  return removed;
}

/** p-values: formatNumber from 0.001 up; below, three significant digits in exponent form (1.23e-15), so small ones keep their size. */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return '';
  if (p === 0 || p >= 1e-3) return formatNumber(p);
  return p.toExponential(2);
}

/** How many top features clusters.csv names per cluster. */
const TOP_FEATURES_IN_CLUSTERS = 5;

const rec = (r: object) => r as unknown as Record<string, Cell>;

export function writeCompareResult(result: CompareResult, outDir: string, csv: CsvOptions = {}): string[] {
  writeAllButSimilarity(result, outDir, csv);
  writeSimilarity(result, outDir, csv);
  return COMPARE_FILES.map((f) => join(outDir, f));
}

/** Data rows of each CSV table writeCompareResult writes, by file name. */
export function compareRowCounts(result: CompareResult): Record<string, number> {
  return {
    [T.profiles]: result.profiles.rows.length,
    [T.keyness]: result.keyness.length,
    [T.association]: result.association.length,
    [T.similarity]: result.similarity.length,
    [T.clusters]: result.clusters.rows.length,
    [T.clusterFeatures]: result.clusters.description.length,
    [T.boilerplate]: result.boilerplate.length,
    [T.reuse]: result.reuse.length,
  };
}

/** What shortens a compare table other than a smaller corpus (rowsBeyondExcel). */
export const COMPARE_TABLE_REMEDIES: Readonly<Record<string, string>> = {
  [T.similarity]: 'keep fewer neighbors per unit (--neighbors) or compare townships (--by township)',
  [T.keyness]: 'list fewer terms per unit (--top) or compare townships (--by township)',
};

/** similarity.csv alone: `fazhi compare` writes it last, once the threads searching for it are done. */
export function writeSimilarity(result: CompareResult, outDir: string, csv: CsvOptions = {}): void {
  mkdirSync(outDir, { recursive: true });
  const { similarity } = result;
  writeTable(join(outDir, T.similarity), SIMILARITY_COLUMNS, similarity.length, (i) => rec(similarity[i]!), csv);
}

/**
 * Every file of writeCompareResult but similarity.csv (which nothing else
 * depends on). A previous similarity.csv is deleted first, so until
 * writeSimilarity runs (or if writing fails) the folder has none.
 *
 * boilerplate.csv and reuse.csv, the tables read from the near-duplicate
 * search, come first; `sharedTablesWritten` is called then, before the
 * others, so that a caller done with the search can let it go
 * (releaseIndexOfRows) before the largest tables are written.
 */
export function writeAllButSimilarity(result: CompareResult, outDir: string, csv: CsvOptions = {}, hooks: { sharedTablesWritten?: () => void } = {}): void {
  mkdirSync(outDir, { recursive: true });
  const path = (f: string) => join(outDir, f);
  // A previous comparison's similarity.csv would sit beside these tables
  // until writeSimilarity replaces it, and stay there if this run stopped before.
  rmSync(path(T.similarity), { force: true });

  // Every table a row at a time (csv-write.ts says why): at 100,000 documents clusters.csv and reuse.csv are large too.
  writeSharedSentenceTables(result, path, csv);
  hooks.sharedTablesWritten?.();

  const { profiles, keyness } = result;
  writeTable(path(T.profiles), profiles.columns, profiles.rows.length, (i) => profiles.rows[i]!, csv);
  // Each row read once: a row of a lazy table (keyness) is made each time it is read.
  const withPValues = <R extends { p_value: number; p_adjusted: number }>(r: R) => rec({ ...r, p_value: formatPValue(r.p_value), p_adjusted: formatPValue(r.p_adjusted) });
  writeTable(path(T.keyness), KEYNESS_COLUMNS, keyness.length, (i) => withPValues(keyness[i]!), csv);
  const association = result.association;
  writeTable(path(T.association), ASSOCIATION_COLUMNS, association.length, (i) => withPValues(association[i]!), csv);

  const c = result.clusters;
  const clusterVariables = variableColumnNames(CLUSTER_COLUMNS, result.variables ?? []);
  const unitVars = new Map(result.units.map((u) => [u.id, u.vars]));
  const top = new Map<number, string[]>();
  for (const d of c.description) {
    if (d.rank > TOP_FEATURES_IN_CLUSTERS) continue;
    const list = top.get(d.cluster) ?? [];
    list.push(d.feature);
    top.set(d.cluster, list);
  }
  const clusterColumns = [...CLUSTER_COLUMNS, ...clusterVariables.map(([col]) => col)];
  writeTable(
    path(T.clusters),
    clusterColumns,
    c.rows.length,
    (i) => {
      const r = c.rows[i]!;
      return {
        ...variableCells(clusterVariables, unitVars.get(r.unit)),
        unit: r.unit,
        cluster: r.cluster,
        k: c.k,
        silhouette: c.silhouette,
        unit_silhouette: r.silhouette,
        distance: r.distance,
        features: c.features,
        chosen_by: c.chosenBy,
        top_features: (top.get(r.cluster) ?? []).join(';'),
      };
    },
    csv,
  );
  writeTable(path(T.clusterFeatures), CLUSTER_FEATURE_COLUMNS, c.description.length, (i) => rec(c.description[i]!), csv);

  writeFileSync(path(T.record), JSON.stringify(runRecord(result), null, 2) + '\n');
}

/** boilerplate.csv (one row per shared passage) and reuse.csv. */
function writeSharedSentenceTables(result: CompareResult, path: (file: string) => string, csv: CsvOptions): void {
  const passages = result.boilerplate;
  const counts = (list: ReadonlyArray<[string, number]>) => list.map(([name, n]) => `${name}:${n}`).join(';');
  writeTable(
    path(T.boilerplate),
    BOILERPLATE_COLUMNS,
    passages.length,
    (i) => {
      const s = passages[i]!;
      return {
        passage: s.passage,
        n_docs: s.nDocs,
        n_sentences: s.nSentences,
        n_variants: s.nVariants,
        n_chars: s.nChars,
        functions: counts(s.functions),
        themes: counts(s.themes),
        doc_ids: s.docs.join(';') + (s.nDocs > s.docs.length ? `${s.docs.length ? ';' : ''}…(+${s.nDocs - s.docs.length})` : ''),
        example_doc_id: s.exampleDocId,
        example_unit_index: s.exampleUnitIndex,
        example: s.example,
        normalized_text: s.normalizedText,
      };
    },
    csv,
  );
  const reuseVariables = variableColumnNames(REUSE_COLUMNS, result.variables ?? []);
  const reuse = result.reuse;
  writeTable(path(T.reuse), [...REUSE_COLUMNS, ...reuseVariables.map(([col]) => col)], reuse.length, (i) => ({ ...rec(reuse[i]!), ...variableCells(reuseVariables, reuse[i]!.vars) }), csv);
}

/** A row's cells of the document variables, by their column names in the table. */
function variableCells(columns: ReadonlyArray<[string, string]>, vars: Readonly<Record<string, string>> | undefined): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [col, v] of columns) out[col] = vars?.[v] ?? '';
  return out;
}

/** compare.json: no timings or paths of the machine, so identical runs give identical files. */
export function runRecord(result: CompareResult): Record<string, unknown> {
  const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string };
  const c = result.clusters;
  const num = (x: number | null) => (x === null ? null : Number(formatNumber(x)));
  return {
    tool: 'fazhi compare',
    version: pkg.version,
    options: result.options,
    units: result.units.length,
    documents: result.units.reduce((s, u) => s + u.docIds.length, 0),
    clusters: {
      features: c.features,
      feature_columns: c.featureNames.length,
      chosen_by: c.chosenBy,
      k: c.k,
      silhouette: num(c.silhouette),
      tried: c.tried.map((t) => ({ k: t.k, silhouette: num(t.silhouette), wss: num(t.wss) })),
      message: c.message,
    },
    notes: result.notes,
  };
}
