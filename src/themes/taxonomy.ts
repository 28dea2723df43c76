/**
 * The theme taxonomy of an analysis: each category's id, parent, names and
 * source, in dictionary order. The dictionary that coded the sentences
 * (dictionaries/themes.yml, or a --dict) is its only statement: `fazhi
 * analyze` writes it into run.json (`theme_categories`), and compare and the
 * report read it from there, so a researcher's own categories and
 * sub-themes are columns and charts like the shipped ones.
 */
import { defaultThemeDictionary, defaultThemeDictionaryPath, type SubthemeChart, type ThemeDictionary } from './dictionary.js';

/** One category as run.json records it. */
export interface ThemeCategoryRecord {
  id: string;
  parent: string | null;
  /** The name for readers (`_label`); null: the id is shown. */
  label: string | null;
  /** The name on chart axes (`_short`); null: the label. */
  short_label: string | null;
  /** The report's chart of the category's sub-categories (`_sub_chart`). */
  sub_chart: SubthemeChart | null;
  /** The dictionary file(s) the category comes from (`a+b` when a --dict adds to a shipped category). */
  source: string;
}

/** Where the shipped dictionary's categories say they come from: its place in the toolkit, not on this machine. */
export const SHIPPED_DICTIONARY = 'dictionaries/themes.yml';

export class ThemeTaxonomy {
  readonly ids: readonly string[];
  /** Sub-category → parent. */
  readonly parents: Readonly<Record<string, string>>;
  private readonly byId: ReadonlyMap<string, ThemeCategoryRecord>;

  constructor(readonly categories: readonly ThemeCategoryRecord[]) {
    this.ids = categories.map((c) => c.id);
    const parents: Record<string, string> = {};
    for (const c of categories) if (c.parent !== null) parents[c.id] = c.parent;
    this.parents = parents;
    this.byId = new Map(categories.map((c) => [c.id, c]));
  }

  /** The name on chart axes, legends and tags: the short name, else the label, else the id. */
  shortLabel(id: string): string {
    const c = this.byId.get(id);
    return c?.short_label ?? c?.label ?? id;
  }

  /** The name for readers; empty for a category without one. */
  label(id: string): string {
    return this.byId.get(id)?.label ?? '';
  }

  subChart(id: string): SubthemeChart | null {
    return this.byId.get(id)?.sub_chart ?? null;
  }

  /** Categories that have sub-categories, in dictionary order. */
  parentIds(): string[] {
    const withSubs = new Set(Object.values(this.parents));
    return this.ids.filter((id) => withSubs.has(id));
  }

  /** Categories without a parent, in dictionary order. */
  topLevelIds(): string[] {
    return this.categories.filter((c) => c.parent === null).map((c) => c.id);
  }

  /** The dictionary files the categories come from, in order. */
  sources(): string[] {
    return [...new Set(this.categories.flatMap((c) => c.source.split('+')))];
  }
}

/** The taxonomy of a dictionary, as run.json records it. */
export function taxonomyRecords(dict: ThemeDictionary): ThemeCategoryRecord[] {
  const shippedPath = defaultThemeDictionaryPath();
  const source = (s: string) => s.split('+').map((part) => (part === shippedPath ? SHIPPED_DICTIONARY : part)).join('+');
  return dict.categories.map((c) => ({
    id: c.id,
    parent: c.parent,
    label: c.label,
    short_label: c.short,
    sub_chart: c.subChart && { ...c.subChart },
    source: source(c.source),
  }));
}

let shipped: ThemeTaxonomy | undefined;

/** The taxonomy of dictionaries/themes.yml. */
export function shippedTaxonomy(): ThemeTaxonomy {
  shipped ??= new ThemeTaxonomy(taxonomyRecords(defaultThemeDictionary()));
  return shipped;
}

/** The key of run.json that holds the categories. */
export const RUN_TAXONOMY_KEY = 'theme_categories';

/**
 * The taxonomy a parsed run.json records; null when it records none (a
 * folder analyzed before run.json had the categories, or without the themes
 * stage). Throws, naming `file`, when the record is malformed.
 */
export function taxonomyInRun(run: unknown, file: string): ThemeTaxonomy | null {
  const list = (run as Record<string, unknown> | null)?.[RUN_TAXONOMY_KEY];
  if (list === undefined || list === null) return null;
  const bad = (why: string): never => {
    throw new Error(`${file}: ${RUN_TAXONOMY_KEY}: ${why}`);
  };
  if (!Array.isArray(list)) bad('expected a list of categories');
  const seen = new Set<string>();
  const optionalText = (v: unknown, what: string): string | null => {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') bad(`${what} must be text or null`);
    return v as string;
  };
  const records = (list as unknown[]).map((item, i): ThemeCategoryRecord => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) bad(`item ${i + 1} is not a category`);
    const c = item as Record<string, unknown>;
    if (typeof c.id !== 'string' || c.id === '') bad(`item ${i + 1} has no id`);
    const id = c.id as string;
    if (seen.has(id)) bad(`category "${id}" is listed twice`);
    const parent = optionalText(c.parent, `the parent of "${id}"`);
    if (parent !== null && !seen.has(parent)) bad(`the parent "${parent}" of "${id}" is not listed before it`);
    seen.add(id);
    let subChart: SubthemeChart | null = null;
    if (c.sub_chart !== undefined && c.sub_chart !== null) {
      if (typeof c.sub_chart !== 'object' || Array.isArray(c.sub_chart)) bad(`the sub_chart of "${id}" is not a mapping`);
      const sc = c.sub_chart as Record<string, unknown>;
      subChart = { title: optionalText(sc.title, `sub_chart.title of "${id}"`), heading: optionalText(sc.heading, `sub_chart.heading of "${id}"`), kind: optionalText(sc.kind, `sub_chart.kind of "${id}"`) };
    }
    return {
      id,
      parent,
      label: optionalText(c.label, `the label of "${id}"`),
      short_label: optionalText(c.short_label, `the short_label of "${id}"`),
      sub_chart: subChart,
      source: optionalText(c.source, `the source of "${id}"`) ?? '',
    };
  });
  return new ThemeTaxonomy(records);
}
