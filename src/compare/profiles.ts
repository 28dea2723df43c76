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
import { FUNCTIONS, type SentenceFunction } from '../types.js';
import type { SharedSentenceIndex } from './boilerplate.js';
import type { CompareInput, ComparisonUnit, Table } from './types.js';
import { cmp } from './input.js';

/** Theme ids of the annotation guide §4, in dictionary order. */
export const GUIDE_THEMES = [
  'leadership', 'study_training',
  'publicity', 'pub_print', 'pub_event', 'pub_digital', 'pub_targeted', 'pub_grassroots',
  'decision_making', 'normative_documents', 'legal_services',
  'enforcement', 'enf_inspection', 'enf_penalty', 'enf_standards', 'enf_reform',
  'dispute_resolution', 'supervision', 'transparency', 'services', 'emergency_safety', 'digital',
] as const;

/** Sub-theme → parent (annotation guide §4). */
export const GUIDE_THEME_PARENTS: Readonly<Record<string, string>> = {
  pub_print: 'publicity', pub_event: 'publicity', pub_digital: 'publicity', pub_targeted: 'publicity', pub_grassroots: 'publicity',
  enf_inspection: 'enforcement', enf_penalty: 'enforcement', enf_standards: 'enforcement', enf_reform: 'enforcement',
};

/** Units that are rates or bare numbers: their values are not summed. */
export const NON_ADDITIVE_UNITS: ReadonlySet<string> = new Set(['', '%', '‰', '个百分点']);

export interface Profiles {
  table: Table;
  /** Theme ids with a share column, in column order. */
  themeIds: string[];
  /** Per unit, the share of its sentences carrying each theme (themeIds order). */
  themeShares: number[][];
}

/** The theme ids of a corpus: the guide's first, then any others in code-point order. */
export function corpusThemes(input: CompareInput, parents: Readonly<Record<string, string>>): string[] {
  if (!input.has.themes) return [];
  const known = new Set<string>(GUIDE_THEMES);
  const extra = new Set<string>();
  for (const d of input.docs) for (const s of d.sentences) for (const t of s.themes) if (!known.has(t)) extra.add(t);
  for (const [sub, parent] of Object.entries(parents)) {
    if (!known.has(sub)) extra.add(sub);
    if (!known.has(parent)) extra.add(parent);
  }
  return [...GUIDE_THEMES, ...[...extra].sort(cmp)];
}

interface Tally {
  nDocs: number;
  nSentences: number;
  nChars: number;
  nTerms: number;
  shared: number;
  fn: Map<SentenceFunction, number>;
  fnShared: Map<SentenceFunction, number>;
  theme: Map<string, number>;
  themeFn: Map<string, number>;
  qty: Map<string, number>;
}

export function buildProfiles(
  input: CompareInput,
  units: readonly ComparisonUnit[],
  shared: SharedSentenceIndex,
  parents: Readonly<Record<string, string>>,
): Profiles {
  const themeIds = corpusThemes(input, parents);
  const sharedKeys = new Set<string>();
  for (let i = 0; i < shared.size; i++) {
    const s = shared.info(i);
    if (shared.sharedWith(i) > 0) sharedKeys.add(`${shared.docIds[s.doc]}\u0000${s.unitIndex}`);
  }

  // Tally every unit.
  const qtyUnitCount = new Map<string, number>();
  const tallies: Tally[] = units.map((u) => {
    const t: Tally = {
      nDocs: u.docs.length, nSentences: 0, nChars: 0, nTerms: 0, shared: 0,
      fn: new Map(), fnShared: new Map(), theme: new Map(), themeFn: new Map(), qty: new Map(),
    };
    for (const di of u.docs) {
      const doc = input.docs[di]!;
      for (const s of doc.sentences) {
        t.nSentences++;
        t.nChars += s.text.length;
        t.nTerms += s.terms.length;
        const isShared = sharedKeys.has(`${doc.id}\u0000${s.unitIndex}`);
        if (isShared) t.shared++;
        if (s.fn) {
          inc(t.fn, s.fn);
          if (isShared) inc(t.fnShared, s.fn);
        }
        const themes = [...new Set(s.themes)];
        for (const th of themes) {
          inc(t.theme, th);
          if (s.fn) inc(t.themeFn, `${th}\u0000${s.fn}`);
        }
        for (const q of s.quantities) {
          if (NON_ADDITIVE_UNITS.has(q.unit) || !Number.isFinite(q.value)) continue;
          inc(qtyUnitCount, q.unit);
          inc(t.qty, `all\u0000${q.unit}`, q.value);
          for (const th of themes) inc(t.qty, `${th}\u0000${q.unit}`, q.value);
        }
      }
    }
    return t;
  });

  const qtyUnits = [...qtyUnitCount.keys()].sort((a, b) => qtyUnitCount.get(b)! - qtyUnitCount.get(a)! || cmp(a, b));
  const qtyKeysUsed = new Set<string>();
  for (const t of tallies) for (const k of t.qty.keys()) qtyKeysUsed.add(k);

  // Columns, in a fixed order.
  const columns = ['unit', 'township', 'county', 'city', 'province', 'years', 'n_docs', 'doc_ids', 'n_sentences', 'n_chars', 'n_terms', 'boilerplate_sentences', 'boilerplate_share'];
  const fns = input.has.function ? FUNCTIONS : [];
  for (const f of fns) columns.push(`boilerplate_share__${f}`);
  for (const f of fns) columns.push(`n_${f}`, `share_${f}`);
  for (const th of themeIds) {
    columns.push(`n_${th}`, `share_${th}`);
    if (parents[th]) columns.push(`share_${th}_in_${parents[th]}`);
    for (const f of fns) columns.push(`n_${th}__${f}`);
    for (const f of fns) columns.push(`share_${th}__${f}`);
  }
  const qtyColumns: Array<[string, string]> = [];
  if (input.has.quantities) {
    for (const th of ['all', ...themeIds]) {
      for (const q of qtyUnits) if (qtyKeysUsed.has(`${th}\u0000${q}`)) qtyColumns.push([`qty_${th}__${q}`, `${th}\u0000${q}`]);
    }
    for (const [c] of qtyColumns) columns.push(c);
  }

  const rows: Array<Record<string, Cell>> = [];
  const themeShares: number[][] = [];
  units.forEach((u, i) => {
    const t = tallies[i]!;
    const share = (n: number, d: number) => (d > 0 ? n / d : 0);
    const row: Record<string, Cell> = {
      unit: u.id,
      township: u.township,
      county: u.county,
      city: u.city,
      province: u.province,
      years: u.years.join(';'),
      n_docs: t.nDocs,
      doc_ids: u.docIds.join(';'),
      n_sentences: t.nSentences,
      n_chars: t.nChars,
      n_terms: t.nTerms,
      boilerplate_sentences: t.shared,
      boilerplate_share: share(t.shared, t.nSentences),
    };
    for (const f of fns) row[`boilerplate_share__${f}`] = share(t.fnShared.get(f) ?? 0, t.fn.get(f) ?? 0);
    for (const f of fns) {
      row[`n_${f}`] = t.fn.get(f) ?? 0;
      row[`share_${f}`] = share(t.fn.get(f) ?? 0, t.nSentences);
    }
    const shares: number[] = [];
    for (const th of themeIds) {
      const n = t.theme.get(th) ?? 0;
      row[`n_${th}`] = n;
      row[`share_${th}`] = share(n, t.nSentences);
      shares.push(share(n, t.nSentences));
      const parent = parents[th];
      if (parent) row[`share_${th}_in_${parent}`] = share(n, t.theme.get(parent) ?? 0);
      for (const f of fns) {
        const nf = t.themeFn.get(`${th}\u0000${f}`) ?? 0;
        row[`n_${th}__${f}`] = nf;
        row[`share_${th}__${f}`] = share(nf, t.nSentences);
      }
    }
    for (const [c, key] of qtyColumns) row[c] = t.qty.get(key) ?? 0;
    rows.push(row);
    themeShares.push(shares);
  });
  return { table: { columns, rows }, themeIds, themeShares };
}

function inc<K>(m: Map<K, number>, k: K, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}
