/**
 * Theme dictionaries: quanteda-style YAML coding schemes (annotation guide §4).
 *
 * File format (see dictionaries/themes.yml for the full convention):
 *
 *     leadership: [领导小组, 第一责任人, 述法*]     # a leaf: a list of patterns
 *     publicity:                                     # a mapping: a theme with sub-themes
 *       _terms: [普法, 法治宣传]                     #   the theme's own patterns
 *       _exclude: [公共宣传]                         #   spans in which its cues do not count
 *       _label: 普法宣传教育                         #   its name for readers
 *       _short: 普法宣传                             #   its name on chart axes
 *       _sub_chart: {title: 普法宣传的渠道与对象}     #   the report's chart of its sub-themes
 *       pub_print: [宣传资料, 横幅]                   #   a sub-theme (a leaf)
 *       pub_targeted:                                #   a sub-theme with options of its own
 *         _terms: [法治进校园]
 *         _weak: [老年人, 企业]                      #   cues that need a strong cue of the same theme
 *     _exclude: ['《*法》']                           # at the root: applies to every category
 *     _formulas: [全面依法治国]                       # at the root: context rules (see context.ts and
 *     _name_suffixes: [办, 大队]                      #   the header of dictionaries/themes.yml)
 *
 * Keys starting with `_` are options, every other key is a category whose id is
 * the key itself (ids must be unique in the whole dictionary, since sentences
 * carry bare ids such as `pub_print`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { errorMessage } from '../model/errors.js';
import { compilePattern } from './match.js';
import { CONTEXT_KEYS, emptyContextRules, mergeContextRules, parseFrame, type ThemeContextRules } from './context.js';

/** One category (theme or sub-theme) of a dictionary. */
export interface ThemeCategory {
  /** The id sentences carry, e.g. `publicity` or `pub_print`. */
  id: string;
  /** Id of the enclosing category; null for a top-level theme. */
  parent: string | null;
  /** Patterns that mark the category on their own. */
  terms: string[];
  /**
   * Patterns that count only when the same sentence also has a strong (non-weak)
   * cue of the same top-level theme or one of its sub-themes.
   */
  weak: string[];
  /** Patterns whose matches mask this category's (and its sub-categories') cues. */
  exclude: string[];
  /** The category's name for readers (`_label`); null: shown by its id. */
  label: string | null;
  /** A short name for chart axes and legends (`_short`); null: the label. */
  short: string | null;
  /** How the report charts the category's sub-categories (`_sub_chart`); null: the defaults. */
  subChart: SubthemeChart | null;
  /** File (or label) the category's definition came from. */
  source: string;
}

/** The report's chart of a category's sub-categories: their shares of its sentences. */
export interface SubthemeChart {
  /** The chart's title (普法宣传的渠道与对象). */
  title: string | null;
  /** What the sub-categories are, as a heading (普法渠道). */
  heading: string | null;
  /** What each sub-category is (渠道). */
  kind: string | null;
}

export interface ThemeDictionary {
  /** Categories in dictionary order: each parent directly before its sub-categories. */
  categories: ThemeCategory[];
  /** Patterns whose matches mask the cues of every category. */
  exclude: string[];
  /** Where cues do not count: formulas, basis titles, frames, power-type lists, names (root `_` keys). */
  context: ThemeContextRules;
  /** Files the dictionary was built from, in order. */
  sources: string[];
}

export type MergeMode = 'add' | 'replace';

const PATTERN_KEYS = new Set(['_terms', '_weak', '_exclude']);
const TEXT_KEYS = new Set(['_label', '_short']);
const OPTION_KEYS = new Set([...PATTERN_KEYS, ...TEXT_KEYS, '_sub_chart']);
const SUB_CHART_KEYS = ['title', 'heading', 'kind'] as const;
const ID_RE = /^[^\s;:,_][^\s;:,]*$/u;

function fail(file: string, key: string, message: string): never {
  throw new Error(`${file}: ${key ? `key "${key}": ` : ''}${message}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates one pattern list and returns it with whitespace trimmed. */
function patternList(value: unknown, file: string, key: string): string[] {
  if (!Array.isArray(value)) {
    fail(file, key, `expected a list of patterns, got ${value === null ? 'nothing' : typeof value}`);
  }
  const out: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string' && typeof item !== 'number') {
      fail(file, key, `patterns must be strings, got ${item === null ? 'null' : typeof item}`);
    }
    const p = String(item).trim();
    try {
      compilePattern(p);
    } catch (e) {
      fail(file, key, errorMessage(e));
    }
    out.push(p);
  }
  return out;
}

/** A label: a non-empty line of text. */
function text(value: unknown, file: string, key: string): string {
  if (typeof value !== 'string' && typeof value !== 'number') fail(file, key, `expected a line of text, got ${value === null ? 'nothing' : typeof value}`);
  const t = String(value).trim();
  if (t === '' || /[\r\n]/.test(t)) fail(file, key, 'expected a non-empty line of text');
  return t;
}

function subthemeChart(value: unknown, file: string, key: string): SubthemeChart {
  if (!isPlainObject(value)) fail(file, key, `expected a mapping with ${SUB_CHART_KEYS.join(', ')}`);
  const chart: SubthemeChart = { title: null, heading: null, kind: null };
  for (const [k, v] of Object.entries(value)) {
    if (!(SUB_CHART_KEYS as readonly string[]).includes(k)) fail(file, `${key}.${k}`, `unknown field (allowed: ${SUB_CHART_KEYS.join(', ')})`);
    chart[k as (typeof SUB_CHART_KEYS)[number]] = text(v, file, `${key}.${k}`);
  }
  return chart;
}

/**
 * Builds a dictionary from an already parsed YAML value. `file` names the
 * source in error messages.
 */
export function dictionaryFromObject(data: unknown, file: string): ThemeDictionary {
  if (!isPlainObject(data)) {
    fail(file, '', 'a theme dictionary must be a mapping of category names to pattern lists');
  }
  const categories: ThemeCategory[] = [];
  const seen = new Set<string>();
  let rootExclude: string[] = [];
  const context = emptyContextRules();

  const visit = (key: string, value: unknown, parent: string | null, path: string): void => {
    if (!ID_RE.test(key)) {
      fail(file, path, 'category names must not start with "_" nor contain whitespace, ";", ":" or ","');
    }
    if (seen.has(key)) fail(file, path, `category "${key}" is defined twice`);
    seen.add(key);
    const cat: ThemeCategory = { id: key, parent, terms: [], weak: [], exclude: [], label: null, short: null, subChart: null, source: file };
    categories.push(cat);
    if (Array.isArray(value)) {
      cat.terms = patternList(value, file, path);
      if (cat.terms.length === 0) fail(file, path, 'category has no patterns');
      return;
    }
    if (!isPlainObject(value)) fail(file, path, 'category has no patterns');
    let children = 0;
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('_')) {
        if (!OPTION_KEYS.has(k)) {
          fail(file, `${path}.${k}`, `unknown option (allowed: ${[...OPTION_KEYS].join(', ')})`);
        }
        if (k === '_label') cat.label = text(v, file, `${path}.${k}`);
        else if (k === '_short') cat.short = text(v, file, `${path}.${k}`);
        else if (k === '_sub_chart') cat.subChart = subthemeChart(v, file, `${path}.${k}`);
        else if (PATTERN_KEYS.has(k)) {
          const list = patternList(v, file, `${path}.${k}`);
          if (k === '_terms') cat.terms = list;
        else if (k === '_weak') cat.weak = list;
          else cat.exclude = list;
        }
      } else {
        children++;
        visit(k, v, key, `${path}.${k}`);
      }
    }
    if (cat.terms.length === 0 && cat.weak.length === 0 && children === 0) {
      fail(file, path, 'category has no patterns');
    }
  };

  for (const [key, value] of Object.entries(data)) {
    if (key === '_exclude') {
      rootExclude = patternList(value, file, key);
    } else if (Object.hasOwn(CONTEXT_KEYS, key)) {
      const field = CONTEXT_KEYS[key]!;
      const list = patternList(value, file, key);
      if (field === 'frames') {
        for (const p of list) {
          try {
            parseFrame(p);
          } catch (e) {
            fail(file, key, errorMessage(e));
          }
        }
      } else if (field !== 'formulas' && field !== 'powerTypes') {
        const glob = list.find((p) => compilePattern(p).glob !== null);
        if (glob !== undefined) fail(file, key, `words here are literal, without wildcards or spaces: ${JSON.stringify(glob)}`);
      }
      context[field] = list;
    } else if (key.startsWith('_')) {
      fail(file, key, `unknown option (allowed at the top level: _exclude, ${Object.keys(CONTEXT_KEYS).join(', ')})`);
    } else {
      visit(key, value, null, key);
    }
  }
  if (categories.length === 0) fail(file, '', 'the dictionary defines no categories');
  return { categories, exclude: rootExclude, context, sources: [file] };
}

/** Reads a quanteda-style YAML theme dictionary. Errors name the file and the key. */
export function loadThemeDictionary(path: string): ThemeDictionary {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: cannot read theme dictionary: ${errorMessage(e)}`);
  }
  let data: unknown;
  try {
    // js-yaml rather than the yaml package: a fifth of the time and no parse tree, read by every process and worker thread at start.
    // The core schema reads what YAML 1.2 reads (no dates); a repeated key is an error.
    data = yaml.load(text, { filename: path, schema: yaml.CORE_SCHEMA });
  } catch (e) {
    if (!(e instanceof yaml.YAMLException)) throw e;
    const where = e.mark ? ` (line ${e.mark.line + 1}, column ${e.mark.column + 1})` : '';
    throw new Error(`${path}: invalid YAML${where}: ${e.reason}`);
  }
  return dictionaryFromObject(data, path);
}

let defaultDict: ThemeDictionary | undefined;

/** The toolkit's own dictionary, dictionaries/themes.yml (read once, then cached). */
export function defaultThemeDictionary(): ThemeDictionary {
  defaultDict ??= loadThemeDictionary(defaultThemeDictionaryPath());
  return defaultDict;
}

export function defaultThemeDictionaryPath(): string {
  return fileURLToPath(new URL('../../dictionaries/themes.yml', import.meta.url));
}

function copyCategory(c: ThemeCategory): ThemeCategory {
  return { ...c, terms: [...c.terms], weak: [...c.weak], exclude: [...c.exclude], subChart: c.subChart && { ...c.subChart } };
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

/**
 * Combines the toolkit's dictionary with a researcher's (`--dict FILE`).
 *
 * - `replace`: the researcher's scheme is used instead of the base one (e.g. a
 *   policy-instrument scheme); only `extra`'s categories are counted. The
 *   context rules (formulas, names, basis titles…) describe the reports'
 *   language rather than a coding scheme, so both files' rules apply.
 * - `add`: `extra`'s categories are added to the base. A category whose id the
 *   base already has keeps its place and gains `extra`'s patterns (and any new
 *   sub-categories); new categories follow the base ones, in `extra`'s order.
 *   Root-level exclusions of both apply.
 *
 * Neither input is modified.
 */
export function mergeDictionaries(base: ThemeDictionary, extra: ThemeDictionary, mode: MergeMode): ThemeDictionary {
  if (mode === 'replace') {
    return {
      categories: extra.categories.map(copyCategory),
      exclude: [...extra.exclude],
      context: mergeContextRules(base.context, extra.context),
      sources: [...extra.sources],
    };
  }
  if (mode !== 'add') throw new Error(`unknown dictionary merge mode "${String(mode)}" (use add or replace)`);
  const categories = base.categories.map(copyCategory);
  const byId = new Map(categories.map((c) => [c.id, c]));
  for (const e of extra.categories) {
    const existing = byId.get(e.id);
    if (!existing) {
      const copy = copyCategory(e);
      if (copy.parent !== null) {
        // Place a new sub-category after its parent's last descendant.
        let at = categories.findIndex((c) => c.id === copy.parent);
        const inSubtree = new Set([copy.parent]);
        while (at + 1 < categories.length && inSubtree.has(categories[at + 1]!.parent ?? '')) {
          at++;
          inSubtree.add(categories[at]!.id);
        }
        categories.splice(at + 1, 0, copy);
      } else {
        categories.push(copy);
      }
      byId.set(copy.id, copy);
      continue;
    }
    if (existing.parent !== e.parent) {
      throw new Error(
        `${e.source}: key "${e.id}": category is under "${e.parent ?? '(top level)'}" but under ` +
          `"${existing.parent ?? '(top level)'}" in ${existing.source}`,
      );
    }
    existing.terms = union(existing.terms, e.terms);
    existing.weak = union(existing.weak, e.weak);
    existing.exclude = union(existing.exclude, e.exclude);
    // The researcher's names for a shipped category are the ones shown.
    existing.label = e.label ?? existing.label;
    existing.short = e.short ?? existing.short;
    existing.subChart = e.subChart ? { ...e.subChart } : existing.subChart;
    existing.source = existing.source === e.source ? existing.source : `${existing.source}+${e.source}`;
  }
  return {
    categories,
    exclude: union(base.exclude, extra.exclude),
    context: mergeContextRules(base.context, extra.context),
    sources: [...base.sources, ...extra.sources.filter((s) => !base.sources.includes(s))],
  };
}
