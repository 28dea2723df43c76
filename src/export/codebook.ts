/**
 * The coding scheme as a tree of codes for QDA software: the six sentence
 * functions and the themes with their sub-themes nested, each named and
 * described as in the codebook (docs/codebook.md §4.1, §5.1, §5.3).
 *
 * Ids and parents come from the theme dictionary the analysis used; names
 * and definitions from the codebook's tables, so the QDA project reads like
 * the codebook a coder works with. A category the codebook does not describe
 * (one from a researcher's --dict) keeps its id as its name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FUNCTIONS } from '../model/document.js';
import type { ThemeDictionary } from '../themes/index.js';
import { codeGuid } from './guid.js';

export interface CodeNode {
  /** fazhi's id (`measure`, `publicity`, `pub_print`), or the id of a grouping node. */
  id: string;
  guid: string;
  /** `措施 measure`: the codebook's Chinese label, then the id a coding sheet uses. */
  name: string;
  description: string;
  /** Grouping nodes (function, themes) hold codes but are not applied to text. */
  codable: boolean;
  color?: string;
  children: CodeNode[];
}

/** What the codebook says about one code: its Chinese label and the table row's definition, include and exclude cells. */
export interface CodebookEntry {
  label: string;
  definition: string;
  include: string;
  exclude: string;
  section: string;
}

export function defaultCodebookPath(): string {
  return fileURLToPath(new URL('../../docs/codebook.md', import.meta.url));
}

/**
 * The rows of the codebook's code tables, by id: a table row whose cell is a
 * backquoted id followed by the Chinese label and the definition (§4.1 and
 * §5.1 start with the id; §5.3 has the parent first).
 */
export function readCodebookEntries(markdown: string): Map<string, CodebookEntry> {
  const entries = new Map<string, CodebookEntry>();
  let section = '';
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^#{2,3}\s+(\d+(?:\.\d+)?)\s/.exec(line);
    if (heading) section = heading[1]!;
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const at = cells.findIndex((c) => /^`[a-z_]+`$/.test(c));
    if (at < 0 || at > 1 || cells.length < at + 3) continue;
    const id = cells[at]!.slice(1, -1);
    const label = cells[at + 1]!;
    // Only rows whose next cell is a Chinese label (the section and quantity tables have English prose there).
    if (!/\p{Script=Han}/u.test(label) || /[A-Za-z]/.test(label) || entries.has(id)) continue;
    const rest = cells.slice(at + 2);
    entries.set(id, {
      label,
      definition: rest[0] ?? '',
      // §5.1 and §5.3 give cue examples where §4.1 gives what to include.
      include: rest.length >= 3 ? rest[rest.length - 2]! : '',
      exclude: rest.length >= 2 ? rest[rest.length - 1]! : '',
      section,
    });
  }
  return entries;
}

let cached: { path: string; entries: Map<string, CodebookEntry> } | undefined;

/** The entries of a codebook file (default docs/codebook.md); none when the file is absent. */
export function codebookEntries(path = defaultCodebookPath()): Map<string, CodebookEntry> {
  if (cached?.path === path) return cached.entries;
  const entries = existsSync(path) ? readCodebookEntries(readFileSync(path, 'utf8')) : new Map<string, CodebookEntry>();
  cached = { path, entries };
  return entries;
}

/**
 * Colors a QDA tool shows the codes in: one per function (the six are told
 * apart at a glance), and one per top-level theme, which its sub-themes share.
 */
const FUNCTION_COLORS: Record<string, string> = {
  measure: '#1F77B4',
  outcome: '#2CA02C',
  shortcoming: '#D62728',
  plan: '#9467BD',
  suggestion: '#FF7F0E',
  other: '#7F7F7F',
};
const THEME_COLORS = ['#17BECF', '#BCBD22', '#E377C2', '#8C564B', '#AEC7E8', '#98DF8A', '#FF9896', '#C5B0D5', '#FFBB78', '#C49C94', '#F7B6D2', '#DBDB8D', '#9EDAE5'];

function describe(id: string, e: CodebookEntry | undefined, includeHeading: string): string {
  if (!e) return `${id}: no entry in the codebook.`;
  const parts = [e.definition];
  if (e.include) parts.push(`${includeHeading}: ${e.include}`);
  if (e.exclude) parts.push(`Does not count: ${e.exclude}`);
  parts.push(`Codebook §${e.section}, docs/codebook.md.`);
  return parts.join('\n');
}

function named(id: string, e: CodebookEntry | undefined): string {
  return e ? `${e.label} ${id}` : id;
}

/** The two grouping nodes' ids; they cannot clash with a theme id (themes.yml ids never start with `_`). */
export const FUNCTION_GROUP = '_function';
export const THEME_GROUP = '_themes';

/** The code tree: the functions under one grouping node, the themes (sub-themes nested) under another. */
export function codeTree(dict: ThemeDictionary, entries: Map<string, CodebookEntry> = codebookEntries()): CodeNode[] {
  const functions: CodeNode = {
    id: FUNCTION_GROUP,
    guid: codeGuid(FUNCTION_GROUP),
    name: '句子功能 function',
    description: 'Sentence function: exactly one code per sentence (codebook §4, docs/codebook.md).',
    codable: false,
    children: FUNCTIONS.map((f) => ({
      id: f,
      guid: codeGuid(f),
      name: named(f, entries.get(f)),
      description: describe(f, entries.get(f), 'Includes'),
      codable: true,
      color: FUNCTION_COLORS[f],
      children: [],
    })),
  };
  const themes: CodeNode = {
    id: THEME_GROUP,
    guid: codeGuid(THEME_GROUP),
    name: '主题 themes',
    description: 'Themes: zero or more per sentence; a sentence with a sub-theme also carries its parent (codebook §5, docs/codebook.md).',
    codable: false,
    children: [],
  };
  const byId = new Map<string, CodeNode>();
  let top = 0;
  for (const c of dict.categories) {
    const parent = c.parent === null ? themes : byId.get(c.parent);
    const node: CodeNode = {
      id: c.id,
      guid: codeGuid(c.id),
      name: named(c.id, entries.get(c.id)),
      description: describe(c.id, entries.get(c.id), 'Cue examples'),
      codable: true,
      color: c.parent === null ? THEME_COLORS[top++ % THEME_COLORS.length] : parent?.color,
      children: [],
    };
    (parent ?? themes).children.push(node);
    byId.set(c.id, node);
  }
  return [functions, themes];
}

/** Every node of a tree, depth first, by id. */
export function codesById(tree: readonly CodeNode[]): Map<string, CodeNode> {
  const out = new Map<string, CodeNode>();
  const walk = (n: CodeNode) => {
    out.set(n.id, n);
    n.children.forEach(walk);
  };
  tree.forEach(walk);
  return out;
}
