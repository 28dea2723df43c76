/**
 * What a report shows, in one shape whichever side it comes from:
 *   - an analysis folder (the CSVs `fazhi analyze` and `fazhi compare` write), or
 *   - objects in a notebook (ReportDocs from analyzeCorpus and a CompareResult).
 *
 * The comparison is optional: without it, per-report theme and function
 * shares are computed from the sentences, and the parts that need it
 * (distinctive terms, clusters, boilerplate) say how to get them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsvFormatError, forEachCsvRow, type Cell } from '../output/csv.js';
import { FUNCTIONS, type ReportDoc } from '../model/document.js';
import { corpusThemesOf, ownThemesOnlyIn, type CompareResult } from '../compare/results.js';
import { shippedTaxonomy, taxonomyInRun, type ThemeTaxonomy } from '../themes/taxonomy.js';
import { errorMessage, UserError } from '../model/errors.js';
import { ANALYSIS_FILES, COMPARE_TABLES } from '../output/analysis-folder.js';

export interface DocInfo {
  docId: string;
  file: string;
  title: string;
  township: string;
  county: string;
  city: string;
  province: string;
  year: number | null;
  published: string;
  nUnits: number;
  nChars: number;
  sections: string[];
}

export interface SentenceInfo {
  docId: string;
  unitIndex: number;
  kind: string;
  section: string;
  text: string;
  /** Sentence function; '' when the tagger has not run. */
  fn: string;
  themes: string[];
  /** Other documents holding it near-identically (sentences.csv's shared_with, written by compare); null when not compared. */
  sharedWith: number | null;
}

/** profiles.csv, or CompareResult.profiles: one row per unit of comparison. */
export interface ProfileTable {
  columns: readonly string[];
  rows: ReadonlyArray<Record<string, Cell>>;
}

export interface KeyTerm {
  unit: string;
  rank: number;
  term: string;
  count: number;
  /** Occurrences in the other units. */
  countReference: number;
  G2: number;
  /** NaN when the table has no such column. */
  pValue: number;
  pAdjusted: number;
}

export interface ClusterInfo {
  k: number;
  silhouette: number | null;
  features: string;
  chosenBy: string;
  rows: Array<{ unit: string; cluster: number; silhouette: number | null }>;
  /** Per cluster, its most characteristic features (theme:publicity, term:普法). */
  topFeatures: Map<number, string[]>;
}

/** A shared passage (a row of boilerplate.csv). */
export interface SharedInfo {
  passage: number;
  nDocs: number;
  nSentences: number;
  /** Its most repeated text as written, and the report it is taken from. */
  example: string;
  docId: string;
}

export interface ReportData {
  /** Where the data came from (a folder, or 'notebook'). */
  source: string;
  documents: DocInfo[];
  sentences: SentenceInfo[];
  /** Which sentence columns the analysis had. */
  has: { function: boolean; themes: boolean };
  /** From the comparison when it was run, else derived per report from the sentences. */
  profiles: ProfileTable;
  /** True when profiles come from a comparison (profiles.csv or a CompareResult). */
  compared: boolean;
  /** What a comparison unit is: document, township or province. */
  by: string;
  /** The theme taxonomy the sentences were coded with (run.json), for ids, parents and names. */
  taxonomy: ThemeTaxonomy;
  /** Sub-theme → parent: the taxonomy's, and any the comparison added. */
  themeParents: Readonly<Record<string, string>>;
  keyness: KeyTerm[] | null;
  /** keyness.csv has p_adjusted (corrected for multiple comparisons). */
  keynessCorrected: boolean;
  clusters: ClusterInfo | null;
  boilerplate: SharedInfo[] | null;
  /** run.json of the analysis, when there is one. */
  run: Record<string, unknown> | null;
  /** Tables of the explore and validate commands, when the folder has them: association.csv, trends.csv, promise_rates.csv, agreement.csv. */
  extras?: ExtraTables;
  /** Plain-language notes: what is missing, what was done instead. */
  notes: string[];
}

/** Rows of a CSV table, every cell a string. */
export type Rows = Array<Record<string, string>>;

export interface ExtraTables {
  association: Rows | null;
  trends: Rows | null;
  promiseRates: Rows | null;
  agreement: Rows | null;
}

/** The file names of the extra tables. */
export const EXTRA_TABLES = { association: 'association.csv', trends: 'trends.csv', promiseRates: 'promise_rates.csv', agreement: 'agreement.csv' } as const;

/** A cell as a number (CSV cells are strings); NaN when empty or not a number. */
export function num(c: Cell): number {
  if (typeof c === 'number') return c;
  if (typeof c === 'boolean') return c ? 1 : 0;
  if (c === null || c === undefined) return Number.NaN;
  const s = String(c).trim();
  return s === '' ? Number.NaN : Number(s);
}

function str(c: Cell): string {
  return c === null || c === undefined ? '' : String(c);
}

function splitList(v: Cell, sep: string): string[] {
  return str(v)
    .split(sep)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/* ------------------------------------------------------ from a folder */

export class ReportInputError extends UserError {}

/** A table's records, read in chunks (sentences.csv of a large corpus is larger than one string can be). */
function readTable(dir: string, name: string): Array<Record<string, string>> | null {
  const path = join(dir, name);
  if (!existsSync(path)) return null;
  const rows: Array<Record<string, string>> = [];
  let columns: string[] = [];
  try {
    forEachCsvRow(path, (cells, index) => {
      if (index === 0) {
        columns = cells;
        return;
      }
      const row: Record<string, string> = {};
      columns.forEach((c, i) => (row[c] = cells[i] ?? ''));
      rows.push(row);
    });
  } catch (e) {
    // A damaged table's message names the file and the row already.
    throw new ReportInputError(e instanceof CsvFormatError ? e.message : `${path}: ${errorMessage(e)}`);
  }
  return rows;
}

function header(dir: string, name: string): string[] {
  let columns: string[] = [];
  forEachCsvRow(join(dir, name), (cells) => {
    columns = cells;
    return false;
  });
  return columns;
}

/**
 * Read an analysis folder: documents.csv and sentences.csv are required, the
 * comparison's tables are used when present, in `compareDir` when given (a
 * comparison written with `fazhi compare DIR --out COMPARE_DIR`), else in the
 * analysis folder itself.
 */
export function reportDataFromFolder(dir: string, compareDir?: string): ReportData {
  const cdir = compareDir ?? dir;
  const compareCommand = compareDir ? `fazhi compare ${dir} --out ${compareDir}` : `fazhi compare ${dir}`;
  const reportCommand = compareDir ? `fazhi report ${dir} --compare ${compareDir}` : `fazhi report ${dir}`;
  const notes: string[] = [];
  const documentsRows = readTable(dir, ANALYSIS_FILES.documents);
  const sentenceRows = readTable(dir, ANALYSIS_FILES.sentences);
  if (!documentsRows || !sentenceRows) {
    if (existsSync(join(dir, COMPARE_TABLES.profiles)) || existsSync(join(dir, COMPARE_TABLES.record))) {
      throw new ReportInputError(`${dir}: a comparison folder, not an analysis (no ${ANALYSIS_FILES.documents}): run \`fazhi report ANALYSIS_DIR --compare ${dir}\` with the folder \`fazhi analyze\` wrote`);
    }
    throw new ReportInputError(`${dir}: no ${!documentsRows ? ANALYSIS_FILES.documents : ANALYSIS_FILES.sentences} (run \`fazhi analyze -o ${dir}\` first)`);
  }
  const columns = new Set(header(dir, ANALYSIS_FILES.sentences));
  const has = { function: columns.has('function'), themes: columns.has('themes') };
  const documents = documentsRows.map(documentInfo);
  const sentences = sentenceRows.map(sentenceInfo);

  const run = readJsonRecord(dir, ANALYSIS_FILES.run, notes);
  let recorded: ThemeTaxonomy | null;
  try {
    recorded = taxonomyInRun(run, join(dir, ANALYSIS_FILES.run));
  } catch (e) {
    throw new ReportInputError(errorMessage(e));
  }
  if (!recorded && has.themes) notes.push(`${run === null ? 'There is no run.json' : 'run.json records no theme categories (an analysis by an earlier fazhi)'}: theme names and parents are those of the shipped dictionary (dictionaries/themes.yml).`);
  const taxonomy = recorded ?? shippedTaxonomy();

  const profileRows = readTable(cdir, COMPARE_TABLES.profiles);
  const compareRecord = readJsonRecord(cdir, COMPARE_TABLES.record, notes);
  const options = (compareRecord?.options ?? {}) as { by?: string; themeParents?: Record<string, string> };
  const themeParents = { ...taxonomy.parents, ...(options.themeParents ?? {}) };

  let profiles: ProfileTable;
  let compared = false;
  let by = 'document';
  if (profileRows && profileRows.length > 0) {
    profiles = { columns: header(cdir, COMPARE_TABLES.profiles), rows: profileRows };
    compared = true;
    by = options.by ?? 'document';
  } else {
    profiles = deriveProfiles(documents, sentences, has, taxonomy, themeParents, !recorded && ownThemesOnlyIn(run));
    notes.push(
      `${compareDir ? `${compareDir} holds no comparison (profiles.csv)` : 'The comparison has not been run on this folder'}: theme and function shares below are computed per report from sentences.csv, and distinctive terms, clusters and boilerplate are not shown. Run \`${compareCommand}\` and then \`${reportCommand}\` again to add them.`,
    );
  }

  const keyness = readKeyness(cdir);
  const keynessCorrected = keyness !== null && header(cdir, COMPARE_TABLES.keyness).includes('p_adjusted');
  const clusters = readClusters(cdir);
  const staleNotes: string[] = [];
  const boilerplate = readBoilerplate(cdir, staleNotes);
  const extra = (name: string): Rows | null => readTable(cdir, name) ?? (cdir === dir ? null : readTable(dir, name));
  const extras: ExtraTables = {
    association: extra(EXTRA_TABLES.association),
    trends: extra(EXTRA_TABLES.trends),
    promiseRates: extra(EXTRA_TABLES.promiseRates),
    agreement: extra(EXTRA_TABLES.agreement),
  };
  if (compared) {
    for (const [what, v] of [[COMPARE_TABLES.keyness, keyness], [COMPARE_TABLES.clusters, clusters], [COMPARE_TABLES.boilerplate, boilerplate]] as const) {
      if (v === null && !(what === COMPARE_TABLES.boilerplate && staleNotes.length)) notes.push(`${what} is missing from ${cdir}: that part of the report is left out.`);
    }
    notes.push(...staleNotes);
  }
  const recordNotes = compareRecord?.notes;
  const compareNotes = Array.isArray(recordNotes) ? recordNotes.map(String) : [];
  return { source: dir, documents, sentences, has, profiles, compared, by, taxonomy, themeParents, keyness, keynessCorrected, clusters, boilerplate, run, extras, notes: [...notes, ...compareNotes] };
}

/** A row of documents.csv. */
function documentInfo(r: Record<string, Cell>): DocInfo {
  return {
    docId: str(r.doc_id),
    file: str(r.file),
    title: str(r.title),
    township: str(r.township),
    county: str(r.county),
    city: str(r.city),
    province: str(r.province),
    year: /^\d{4}$/.test(str(r.report_year).trim()) ? Number(r.report_year) : null,
    published: str(r.published),
    nUnits: num(r.n_units) || 0,
    nChars: num(r.n_chars) || 0,
    sections: splitList(r.sections_found, ';'),
  };
}

/** A row of sentences.csv. */
function sentenceInfo(r: Record<string, Cell>): SentenceInfo {
  return {
    docId: str(r.doc_id),
    unitIndex: num(r.unit_index),
    kind: str(r.kind) || 'sentence',
    section: str(r.section),
    text: str(r.text),
    fn: str(r.function).trim(),
    themes: splitList(r.themes, ';'),
    sharedWith: str(r.shared_with).trim() === '' ? null : num(r.shared_with),
  };
}

/** keyness.csv's rows; null without the table. */
function readKeyness(dir: string): KeyTerm[] | null {
  const keyRows = readTable(dir, COMPARE_TABLES.keyness);
  return keyRows
    ? keyRows.map((r) => ({ unit: str(r.unit), rank: num(r.rank), term: str(r.term), count: num(r.count_target), countReference: num(r.count_reference), G2: num(r.G2), pValue: num(r.p_value), pAdjusted: num(r.p_adjusted) }))
    : null;
}

/** clusters.csv, with each cluster's features from cluster_features.csv (else clusters.csv's top_features); null without clusters. */
function readClusters(dir: string): ClusterInfo | null {
  const clusterRows = readTable(dir, COMPARE_TABLES.clusters);
  if (!clusterRows || clusterRows.length === 0) return null;
  const first = clusterRows[0]!;
  const top = new Map<number, string[]>();
  const featureRows = readTable(dir, COMPARE_TABLES.clusterFeatures);
  if (featureRows) {
    for (const r of featureRows) {
      const c = num(r.cluster);
      const list = top.get(c) ?? [];
      list.push(str(r.feature));
      top.set(c, list);
    }
  } else {
    for (const r of clusterRows) top.set(num(r.cluster), splitList(r.top_features, ';'));
  }
  const sil = num(first.silhouette);
  return {
    k: num(first.k),
    silhouette: Number.isFinite(sil) ? sil : null,
    features: str(first.features),
    chosenBy: str(first.chosen_by),
    rows: clusterRows.map((r) => {
      const s = num(r.unit_silhouette);
      return { unit: str(r.unit), cluster: num(r.cluster), silhouette: Number.isFinite(s) ? s : null };
    }),
    topFeatures: top,
  };
}

/** boilerplate.csv's shared passages; null without the table, or with one of a row per sentence (an earlier fazhi), which `notes` then names. */
function readBoilerplate(dir: string, notes: string[]): SharedInfo[] | null {
  const bpRows = readTable(dir, COMPARE_TABLES.boilerplate);
  if (!bpRows) return null;
  const columns = header(dir, COMPARE_TABLES.boilerplate);
  if (!columns.includes('passage')) {
    if (columns.includes('unit_index')) notes.push(`${COMPARE_TABLES.boilerplate} in ${dir} has a row per sentence, as an earlier fazhi wrote it: run \`fazhi compare\` again for its shared passages.`);
    return null;
  }
  return bpRows.map((r) => ({ passage: num(r.passage), nDocs: num(r.n_docs), nSentences: num(r.n_sentences), example: str(r.example), docId: str(r.example_doc_id) }));
}

/* ------------------------------------------------- from the library */

/**
 * The same report data from objects: ReportDocs (any stages run) and,
 * optionally, their comparison. `taxonomy`: the one the documents were coded
 * with (taxonomyRecords of the dictionary); default: the shipped dictionary's.
 */
export function reportDataFromAnalysis(docs: readonly ReportDoc[], result?: CompareResult | null, taxonomy: ThemeTaxonomy = shippedTaxonomy()): ReportData {
  const documents: DocInfo[] = docs.map((d) => ({
    docId: d.id,
    file: d.file,
    title: d.meta.title,
    township: d.meta.township,
    county: d.meta.county,
    city: d.meta.city,
    province: d.meta.province,
    year: d.meta.report_year,
    published: d.meta.published,
    nUnits: d.units.length,
    nChars: d.text.length,
    sections: [...d.sectionsFound],
  }));
  const sentences: SentenceInfo[] = docs.flatMap((d) =>
    d.units.map((u) => ({ docId: d.id, unitIndex: u.index, kind: u.kind, section: u.section, text: u.text, fn: u.tag?.function ?? '', themes: u.themes ? [...u.themes.themes] : [], sharedWith: null as number | null })),
  );
  const has = { function: docs.some((d) => d.units.some((u) => u.tag)), themes: docs.some((d) => d.units.some((u) => u.themes)) };
  const notes: string[] = [];
  if (!result) {
    const themeParents = { ...taxonomy.parents };
    notes.push('No comparison was given: theme and function shares are per report, and distinctive terms, clusters and boilerplate are not shown.');
    return { source: 'notebook', documents, sentences, has, profiles: deriveProfiles(documents, sentences, has, taxonomy, themeParents), compared: false, by: 'document', taxonomy, themeParents, keyness: null, keynessCorrected: false, clusters: null, boilerplate: null, run: null, notes };
  }
  const sharedWith = new Map(result.sharedSentences.map((s) => [`${s.docId}\u0000${s.unitIndex}`, s.sharedWith]));
  for (const s of sentences) if (s.kind === 'sentence') s.sharedWith = sharedWith.get(`${s.docId}\u0000${s.unitIndex}`) ?? 0;
  const c = result.clusters;
  const top = new Map<number, string[]>();
  for (const r of c.description) {
    const list = top.get(r.cluster) ?? [];
    list.push(r.feature);
    top.set(r.cluster, list);
  }
  return {
    source: 'notebook',
    documents,
    sentences,
    has,
    profiles: result.profiles,
    compared: true,
    by: result.options.by,
    taxonomy,
    themeParents: result.options.themeParents,
    keyness: result.keyness.map((r) => {
      const adjusted = (r as { p_adjusted?: number }).p_adjusted;
      return { unit: r.unit, rank: r.rank, term: r.term, count: r.count_target, countReference: r.count_reference, G2: r.G2, pValue: r.p_value, pAdjusted: adjusted ?? Number.NaN };
    }),
    keynessCorrected: result.keyness.some((r) => (r as { p_adjusted?: number }).p_adjusted !== undefined),
    clusters: { k: c.k, silhouette: c.silhouette, features: c.features, chosenBy: c.chosenBy, rows: c.rows.map((r) => ({ unit: r.unit, cluster: r.cluster, silhouette: r.silhouette })), topFeatures: top },
    boilerplate: result.boilerplate.map((p) => ({ passage: p.passage, nDocs: p.nDocs, nSentences: p.nSentences, example: p.example, docId: p.exampleDocId })),
    run: null,
    notes: [...result.notes],
  };
}

/* ------------------------------------------- profiles without compare */

/**
 * Per-report shares from the sentences, in profiles.csv's column names:
 * share_<function>, share_<theme> (of the report's sentences) and
 * share_<sub>_in_<parent> (of the parent theme's sentences).
 */
export function deriveProfiles(
  documents: readonly DocInfo[],
  sentences: readonly SentenceInfo[],
  has: { function: boolean; themes: boolean },
  taxonomy: ThemeTaxonomy,
  parents: Readonly<Record<string, string>>,
  /** `taxonomy` is not the one the analysis coded (see CompareInput.ownThemesOnly): its themes are columns only where they occur. */
  ownThemesOnly = false,
): ProfileTable {
  const seen = new Set<string>();
  for (const s of sentences) for (const t of s.themes) seen.add(t);
  // The column order compare's profiles.csv has.
  const themes = corpusThemesOf({ ...has, quantities: false }, seen, taxonomy, parents, ownThemesOnly);
  const columns = ['unit', 'township', 'county', 'city', 'province', 'years', 'n_docs', 'doc_ids', 'n_sentences'];
  if (has.function) for (const f of FUNCTIONS) columns.push(`n_${f}`, `share_${f}`);
  for (const t of themes) {
    columns.push(`n_${t}`, `share_${t}`);
    if (parents[t]) columns.push(`share_${t}_in_${parents[t]}`);
  }
  const byDoc = new Map<string, SentenceInfo[]>();
  for (const s of sentences) {
    if (s.kind !== 'sentence') continue;
    const list = byDoc.get(s.docId) ?? [];
    list.push(s);
    byDoc.set(s.docId, list);
  }
  const rows = documents.map((d) => {
    const list = byDoc.get(d.docId) ?? [];
    const n = list.length;
    const share = (a: number, b: number) => (b > 0 ? a / b : 0);
    const row: Record<string, Cell> = {
      unit: d.docId, township: d.township, county: d.county, city: d.city, province: d.province,
      years: d.year === null ? '' : String(d.year), n_docs: 1, doc_ids: d.docId, n_sentences: n,
    };
    if (has.function) {
      for (const f of FUNCTIONS) {
        const k = list.filter((s) => s.fn === f).length;
        row[`n_${f}`] = k;
        row[`share_${f}`] = share(k, n);
      }
    }
    const counts = new Map<string, number>();
    for (const s of list) for (const t of new Set(s.themes)) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const t of themes) {
      const k = counts.get(t) ?? 0;
      row[`n_${t}`] = k;
      row[`share_${t}`] = share(k, n);
      const p = parents[t];
      if (p) row[`share_${t}_in_${p}`] = share(k, counts.get(p) ?? 0);
    }
    return row;
  });
  return { columns, rows };
}

/** A JSON file of the folder, or null when it is absent; one that cannot be parsed is also null, with a note saying so. */
function readJsonRecord(dir: string, name: string, notes: string[]): Record<string, unknown> | null {
  if (!existsSync(join(dir, name))) return null;
  try {
    return JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
  } catch {
    notes.push(`${name} could not be read.`);
    return null;
  }
}
