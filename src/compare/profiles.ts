/**
 * Profiles: one row per unit of comparison, with counts a researcher can
 * check against sentences.csv and the shares computed from them.
 *
 * Every share is a share of the unit's sentences (n / n_sentences), so the
 * theme × function shares of a theme add up to the theme's share; a
 * sub-theme's `share_<sub>_in_<parent>` is instead its share of the parent
 * theme's sentences (the publicity channel mix). A share whose denominator
 * is 0 is 0. Quantity totals add the values of quantities with the same unit
 * (份, 场次, 人次, 元 …) in the theme's sentences; rates (%, ‰, 个百分点) and
 * unit-less numbers are not added up.
 */
import type { Cell } from '../output/csv.js';
import { FUNCTIONS, type SentenceFunction } from '../model/document.js';
import type { SharedSentenceIndex } from './shared-sentence-index.js';
import type { CompareInput, ComparisonUnit, Table } from './types.js';
import { cmp } from './input.js';
import { variableColumnNames } from './units.js';
import { THEME_SLOTS, type CorpusCounts } from './corpus-counts.js';
import { shippedTaxonomy, type ThemeTaxonomy } from '../themes/taxonomy.js';
import { lazyArray } from './lazy-array.js';

export interface Profiles {
  table: Table;
  /** Theme ids with a share column, in column order. */
  themeIds: string[];
  /** Per unit, the share of its sentences carrying each theme (themeIds order). */
  themeShares: number[][];
  /** [column, document variable] of the table (ProfileLayout.variableColumns). */
  variableColumns: Array<[string, string]>;
}

/** The taxonomy the input was coded with: the one its analysis recorded, else the shipped one. */
export function inputTaxonomy(input: CompareInput): ThemeTaxonomy {
  return input.taxonomy ?? shippedTaxonomy();
}

/**
 * The theme ids of a corpus: the taxonomy's, in dictionary order, then any
 * others in code-point order. `parents` is the taxonomy's sub-theme → parent
 * relation with any the researcher adds. When the taxonomy is not the one
 * the analysis coded (`ownThemesOnly`: an analysis with --dict-mode replace
 * that recorded no taxonomy), its themes are not listed unless they occur.
 */
export function corpusThemes(input: CompareInput, parents: Readonly<Record<string, string>>): string[] {
  if (!input.has.themes) return [];
  const seen = new Set<string>();
  for (const d of input.docs) for (const s of d.sentences) for (const t of s.themes) seen.add(t);
  return corpusThemesOf(input.has, seen, inputTaxonomy(input), parents, input.ownThemesOnly ?? false);
}

/** corpusThemes, from the theme ids seen in the sentences. */
export function corpusThemesOf(
  has: CompareInput['has'],
  seen: Iterable<string>,
  taxonomy: ThemeTaxonomy,
  parents: Readonly<Record<string, string>>,
  ownThemesOnly = false,
): string[] {
  if (!has.themes) return [];
  const base: readonly string[] = ownThemesOnly ? [] : taxonomy.ids;
  const known = new Set<string>(base);
  const seenIds = new Set(seen);
  const extra = new Set<string>();
  for (const t of seenIds) if (!known.has(t)) extra.add(t);
  for (const [sub, parent] of Object.entries(parents)) {
    // Without the coded taxonomy, a relation names themes only when one of them was coded.
    if (ownThemesOnly && !seenIds.has(sub) && !seenIds.has(parent)) continue;
    if (!known.has(sub)) extra.add(sub);
    if (!known.has(parent)) extra.add(parent);
  }
  return [...base, ...[...extra].sort(cmp)];
}

/** The columns of profiles.csv, in a fixed order. */
export interface ProfileLayout {
  columns: string[];
  fns: readonly SentenceFunction[];
  themeIds: readonly string[];
  parents: Readonly<Record<string, string>>;
  /** [column, quantity key] */
  qtyColumns: Array<[string, string]>;
  /** [column, document variable]: the column is the variable's name, or `var_<name>` where that is one of the profile's own. */
  variableColumns: Array<[string, string]>;
}

export function profileLayout(
  has: CompareInput['has'],
  themeIds: readonly string[],
  parents: Readonly<Record<string, string>>,
  qtyUnits: readonly string[],
  qtyKeysUsed: ReadonlySet<string>,
  variables: readonly string[] = [],
): ProfileLayout {
  const columns = ['unit', 'township', 'county', 'city', 'province', 'years', 'n_docs', 'doc_ids', 'n_sentences', 'n_chars', 'n_terms', 'boilerplate_sentences', 'boilerplate_share'];
  const fns = has.function ? FUNCTIONS : [];
  for (const f of fns) columns.push(`boilerplate_share__${f}`);
  for (const f of fns) columns.push(`n_${f}`, `share_${f}`);
  for (const th of themeIds) {
    columns.push(`n_${th}`, `share_${th}`);
    if (parents[th]) columns.push(`share_${th}_in_${parents[th]}`);
    for (const f of fns) columns.push(`n_${th}__${f}`);
    for (const f of fns) columns.push(`share_${th}__${f}`);
  }
  const qtyColumns: Array<[string, string]> = [];
  if (has.quantities) {
    for (const th of ['all', ...themeIds]) {
      for (const q of qtyUnits) if (qtyKeysUsed.has(`${th}\u0000${q}`)) qtyColumns.push([`qty_${th}__${q}`, `${th}\u0000${q}`]);
    }
    for (const [c] of qtyColumns) columns.push(c);
  }
  // The document variables beside the place columns, after province.
  const variableColumns = variableColumnNames(columns, variables);
  columns.splice(columns.indexOf('province') + 1, 0, ...variableColumns.map(([c]) => c));
  return { columns, fns, themeIds, parents, qtyColumns, variableColumns };
}

/** What a profile row is computed from: a unit's counts. */
export interface UnitCounts {
  nDocs: number;
  nSentences: number;
  nChars: number;
  nTerms: number;
  shared: number;
  fn(f: SentenceFunction): number;
  fnShared(f: SentenceFunction): number;
  theme(th: string): number;
  themeFn(th: string, f: SentenceFunction): number;
  qty(key: string): number;
}

export function profileRow(layout: ProfileLayout, u: ComparisonUnit, t: UnitCounts): Record<string, Cell> {
  const { fns, themeIds, parents } = layout;
  const names = columnNames(layout);
  const share = (n: number, d: number) => (d > 0 ? n / d : 0);
  const cells: Array<[string, Cell]> = [
    ['unit', u.id],
    ['township', u.township],
    ['county', u.county],
    ['city', u.city],
    ['province', u.province],
    ...layout.variableColumns.map(([c, v]): [string, Cell] => [c, u.vars?.[v] ?? '']),
    ['years', u.years.join(';')],
    ['n_docs', t.nDocs],
    ['doc_ids', u.docIds.join(';')],
    ['n_sentences', t.nSentences],
    ['n_chars', t.nChars],
    ['n_terms', t.nTerms],
    ['boilerplate_sentences', t.shared],
    ['boilerplate_share', share(t.shared, t.nSentences)],
  ];
  fns.forEach((f, i) => cells.push([names.fnShared[i]!, share(t.fnShared(f), t.fn(f))]));
  fns.forEach((f, i) => cells.push([names.fnN[i]!, t.fn(f)], [names.fnShare[i]!, share(t.fn(f), t.nSentences)]));
  themeIds.forEach((th, j) => {
    const own = names.themes[j]!;
    const n = t.theme(th);
    cells.push([own.n, n], [own.share, share(n, t.nSentences)]);
    const parent = parents[th];
    if (parent) cells.push([own.inParent!, share(n, t.theme(parent))]);
    fns.forEach((f, i) => {
      const nf = t.themeFn(th, f);
      cells.push([own.fnN[i]!, nf], [own.fnShare[i]!, share(nf, t.nSentences)]);
    });
  });
  for (const [c, key] of layout.qtyColumns) cells.push([c, t.qty(key)]);
  return rowOf(layout, cells);
}

/** The names of profileRow's function and theme cells. */
interface ColumnNames {
  fnShared: string[];
  fnN: string[];
  fnShare: string[];
  themes: Array<{ n: string; share: string; inParent: string | null; fnN: string[]; fnShare: string[] }>;
}

const COLUMN_NAMES = new WeakMap<ProfileLayout, ColumnNames>();

/**
 * Per layout, its cells' names made once: a name made again for each row
 * (500 a row) is a new string that every property set must look up in
 * V8's string table, most of the time of making the rows.
 */
function columnNames(layout: ProfileLayout): ColumnNames {
  let names = COLUMN_NAMES.get(layout);
  if (names) return names;
  const { fns, themeIds, parents } = layout;
  names = {
    fnShared: fns.map((f) => `boilerplate_share__${f}`),
    fnN: fns.map((f) => `n_${f}`),
    fnShare: fns.map((f) => `share_${f}`),
    themes: themeIds.map((th) => ({
      n: `n_${th}`,
      share: `share_${th}`,
      inParent: parents[th] ? `share_${th}_in_${parents[th]}` : null,
      fnN: fns.map((f) => `n_${th}__${f}`),
      fnShare: fns.map((f) => `share_${th}__${f}`),
    })),
  };
  COLUMN_NAMES.set(layout, names);
  return names;
}

/** The theme shares of profileRow, without the row. */
function themeSharesOf(layout: ProfileLayout, t: UnitCounts): number[] {
  return layout.themeIds.map((th) => (t.nSentences > 0 ? t.theme(th) / t.nSentences : 0));
}

/** Per layout: its rows' keys in the order a row is given them, and an object with those keys, all null. */
const TEMPLATES = new WeakMap<ProfileLayout, { keys: string[]; template: Record<string, Cell> }>();

/**
 * The row of these cells, as if its properties were set one by one (same
 * keys in the same order, a key given twice keeps its first place and its
 * last value), but made as a copy of a template with every key. An object
 * given ~500 properties one at a time becomes a hash table (dictionary mode:
 * 28 KB a row, 0.7 GB of heap at 24k documents); a copy of a template that
 * already has them keeps a compact layout (7 KB).
 */
function rowOf(layout: ProfileLayout, cells: ReadonlyArray<[string, Cell]>): Record<string, Cell> {
  let t = TEMPLATES.get(layout);
  if (!t) {
    const keys = [...new Set(cells.map(([k]) => k))];
    t = { keys, template: Object.fromEntries(keys.map((k) => [k, null])) as Record<string, Cell> };
    TEMPLATES.set(layout, t);
  }
  const { keys, template } = t;
  let same = true;
  for (let c = 0, k = 0; c < cells.length && same; c++) {
    if (k < keys.length && cells[c]![0] === keys[k]) k++;
    else same = keys.indexOf(cells[c]![0]) >= 0 && keys.indexOf(cells[c]![0]) < k;
    if (c === cells.length - 1 && k !== keys.length) same = false;
  }
  const row: Record<string, Cell> = same ? { ...template } : {};
  for (const [k, v] of cells) row[k] = v;
  return row;
}

/** The profiles table, from the corpus counts (corpus-counts.ts), one unit at a time. */
export function buildProfiles(c: CorpusCounts, units: readonly ComparisonUnit[], parents: Readonly<Record<string, string>>, variables: readonly string[] = []): Profiles {
  const input = c.input;
  const themeIds = corpusThemesOf(input.has, c.themeNames, inputTaxonomy(input), parents, input.ownThemesOnly ?? false);
  const themeNo = new Map(c.themeNames.map((t, i) => [t, i]));
  const nf = FUNCTIONS.length;

  // Boilerplate sentences per document, and per document and function.
  const flags = sharedFlags(c.shared);
  const docOfFinder = new Int32Array(c.shared.docIds.length);
  const docAt = new Map(input.docs.map((d, i) => [d.id, i]));
  c.shared.docIds.forEach((id, k) => (docOfFinder[k] = docAt.get(id)!));
  const docShared = new Int32Array(input.docs.length);
  const docFnShared = new Int32Array(input.docs.length * nf);
  for (let i = 0; i < c.shared.size; i++) {
    if (!flags[i]) continue;
    const d = docOfFinder[c.shared.docOf(i)]!;
    docShared[d]!++;
    const f = c.shared.tagOf(i);
    if (f >= 0) docFnShared[d * nf + f]!++;
  }

  const qtyUnits = [...c.qtyUnitCount.keys()].sort((a, b) => c.qtyUnitCount.get(b)! - c.qtyUnitCount.get(a)! || cmp(a, b));
  const qtyKeysUsed = new Set<string>();
  for (const d of c.counts) for (const k of d.qtyKeys) qtyKeysUsed.add(k);
  const layout = profileLayout(input.has, themeIds, parents, qtyUnits, qtyKeysUsed, variables);

  // Of each document's counts, what a row adds up: not its term counts (the
  // largest part). Made in functions of their own: a closure made here would
  // keep this scope's `c`, term counts and all, as long as the rows live.
  const docs = c.counts.map(({ nSentences, nChars, nTerms, fn, themes, qtyKeys, qtyValues }) => ({ nSentences, nChars, nTerms, fn, themes, qtyKeys, qtyValues }));
  const tally = unitTally(docs, docShared, docFnShared, themeNo, c.themeNames.length);
  const themeShares = units.map((u) => themeSharesOf(layout, tally(u)));
  const rows = lazyRows(layout, units, tally);
  return { table: { columns: layout.columns, rows }, themeIds, themeShares, variableColumns: layout.variableColumns };
}

/**
 * Per sentence of the index, whether it counts as boilerplate: it, or another
 * sentence with the same document and unit index, is shared with another document.
 */
function sharedFlags(index: SharedSentenceIndex): Uint8Array {
  const n = index.size;
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) flags[i] = index.sharedWith(i) > 0 ? 1 : 0;
  if (index.inDocumentOrder()) {
    // Equal keys are neighbours.
    for (let i = 0; i < n; ) {
      let j = i + 1;
      let any = flags[i]!;
      while (j < n && index.docOf(j) === index.docOf(i) && index.unitIndexOf(j) === index.unitIndexOf(i)) any |= flags[j++]!;
      if (j - i > 1) flags.fill(any, i, j);
      i = j;
    }
    return flags;
  }
  const keys = new Set<string>();
  for (let i = 0; i < n; i++) if (flags[i]) keys.add(`${index.docOf(i)}\u0000${index.unitIndexOf(i)}`);
  for (let i = 0; i < n; i++) flags[i] = keys.has(`${index.docOf(i)}\u0000${index.unitIndexOf(i)}`) ? 1 : 0;
  return flags;
}

/** What a document adds to its unit's profile row. */
type DocumentTotals = Pick<CorpusCounts['counts'][number], 'nSentences' | 'nChars' | 'nTerms' | 'fn' | 'themes' | 'qtyKeys' | 'qtyValues'>;

/** A unit's counts, added up from its documents' into arrays shared by every call (valid until the next). */
function unitTally(
  docs: readonly DocumentTotals[],
  docShared: Int32Array,
  docFnShared: Int32Array,
  themeNo: ReadonlyMap<string, number>,
  T: number,
): (u: ComparisonUnit) => UnitCounts {
  const nf = FUNCTIONS.length;
  const fnNo = new Map(FUNCTIONS.map((f, i) => [f, i]));
  const fn = new Int32Array(nf);
  const fnShared = new Int32Array(nf);
  const themes = new Int32Array(T * THEME_SLOTS);
  const qty = new Map<string, number>();
  const themeCount = (th: string, slot: number) => {
    const t = themeNo.get(th);
    return t === undefined ? 0 : themes[t * THEME_SLOTS + slot]!;
  };
  return (u: ComparisonUnit): UnitCounts => {
    let nSentences = 0;
    let nChars = 0;
    let nTerms = 0;
    let shared = 0;
    fn.fill(0);
    fnShared.fill(0);
    themes.fill(0);
    qty.clear();
    for (const di of u.docs) {
      const d = docs[di]!;
      nSentences += d.nSentences;
      nChars += d.nChars;
      nTerms += d.nTerms;
      shared += docShared[di]!;
      for (let f = 0; f < nf; f++) {
        fn[f]! += d.fn[f]!;
        fnShared[f]! += docFnShared[di * nf + f]!;
      }
      for (let k = 0; k < d.themes.length; k++) themes[k]! += d.themes[k]!;
      // Quantity values in the order the sentence-by-sentence loop added them.
      for (let k = 0; k < d.qtyKeys.length; k++) {
        const key = d.qtyKeys[k]!;
        qty.set(key, (qty.get(key) ?? 0) + d.qtyValues[k]!);
      }
    }
    return {
      nDocs: u.docs.length, nSentences, nChars, nTerms, shared,
      fn: (f) => fn[fnNo.get(f)!]!,
      fnShared: (f) => fnShared[fnNo.get(f)!]!,
      theme: (th) => themeCount(th, nf),
      themeFn: (th, f) => themeCount(th, fnNo.get(f)!),
      qty: (key) => qty.get(key) ?? 0,
    };
  };
}

/**
 * The profile rows, made when read (lazyArray): an object of ~500 cells per
 * unit held until written would take 4.7 KB a unit (570 MB at 120,000 reports).
 */
function lazyRows(layout: ProfileLayout, units: readonly ComparisonUnit[], tally: (u: ComparisonUnit) => UnitCounts): Array<Record<string, Cell>> {
  return lazyArray(units.length, (i) => profileRow(layout, units[i]!, tally(units[i]!)));
}
