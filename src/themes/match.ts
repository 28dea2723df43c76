/**
 * Theme matching (annotation guide §4).
 *
 * Pattern semantics (documented for researchers in dictionaries/themes.yml):
 * - A pattern without wildcards is a literal: it matches wherever its text
 *   occurs in the sentence, across token boundaries (法治进校园 matches even when
 *   the tokenizer gives 法治/进/校园). Chinese has no spaces, so literal cues are
 *   matched on the raw sentence.
 * - A pattern with `*` (any run of characters within a clause, never across
 *   ，；：！？。 or 《》), `?` (one character), `[abc]` / `[!abc]` (one character in /
 *   not in the set) or a space between words (a token boundary) is a
 *   quanteda-style glob: it must match a whole token, or a whole join of up to
 *   12 adjacent tokens (普法* matches the token 普法宣传 but not the 普法 inside
 *   科普法规 unless a token starts there). The matched token(s) are the cue.
 * - Matching ignores ASCII case and full-width/half-width differences
 *   (ＱＱ群 = qq群, （ = ().
 * - `_exclude` matches cancel the cues of their category (and its
 *   sub-categories; root-level ones: of every category) that overlap them;
 *   `_weak` cues count only when the sentence has a strong cue of the same
 *   top-level theme. Negation is not looked at.
 * - The dictionary's context rules (context.ts) decide where cues do not
 *   count: formulas, basis titles, frames and power-type lists are masked
 *   before cues are looked up; cues inside an office's name are dropped after.
 *   `theme_cues` keeps the text each remaining cue matched.
 *
 * Speed: every literal, and the longest literal piece of every glob, goes into
 * one Aho-Corasick automaton per dictionary; a glob's regex is only tried
 * around the places its literal piece occurs. A sentence costs time
 * proportional to its length, its token count and its number of hits, not to
 * the number of patterns.
 */
import type { ThemeMatch } from '../model/document.js';
import { KeywordAutomaton } from './automaton.js';
import type { ThemeDictionary } from './dictionary.js';
import { stringFromCodeUnits } from '../text/code-units.js';
import { applyMasks, compileContext, inName, MASK, powerTypeLists, scanContext, type CompiledContext } from './context.js';

/** Longest token join a glob is tried against. */
export const MAX_JOIN_TOKENS = 12;

type Role = 'term' | 'weak' | 'exclude' | 'formula' | 'power';

export interface PatternEntry {
  /** Category index in dictionary order; -1 for a root-level exclusion, formula or power type. */
  cat: number;
  role: Role;
  /** Anchored regex over normalized text for globs; null for literals. */
  glob: RegExp | null;
}

export interface CompiledThemeDictionary {
  ids: string[];
  /** For each category, its own index and its ancestors' indexes. */
  lineage: number[][];
  /** For each category, the index of its top-level theme. */
  root: number[];
  automaton: KeywordAutomaton<PatternEntry>;
  /** Context words and frames (formulas and power types are in `automaton`). */
  context: CompiledContext;
}

interface Hit {
  cat: number;
  role: Role;
  start: number;
  end: number;
  /** Found by a glob (whose span depends on the text around it). */
  glob?: true;
}

/**
 * Full-width ASCII to half-width, ideographic space to space, A-Z to a-z;
 * keeps every offset. Not text/normalize.ts's normalizeForMatch: themes also
 * fold case (ＱＱ群 = qq群), and leave 【】〔〕 as they are, because patterns
 * pass through the same fold and `[` there is glob syntax.
 */
export function foldForThemes(s: string): string {
  let i = 0;
  while (i < s.length && foldCode(s.charCodeAt(i)) === s.charCodeAt(i)) i++;
  if (i === s.length) return s;
  // Built from char codes in one go: adding a character at a time to a string
  // would take most of the themes stage's time.
  const codes = new Array<number>(s.length);
  for (let j = 0; j < s.length; j++) codes[j] = j < i ? s.charCodeAt(j) : foldCode(s.charCodeAt(j));
  return stringFromCodeUnits(codes);
}

function foldCode(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  else if (c === 0x3000) c = 0x20;
  if (c >= 0x41 && c <= 0x5a) c += 0x20;
  return c;
}

/** What `*`, `?` and `[!…]` never match: clause and sentence punctuation and title marks (after normalization). */
const NON_WILDCARD = `,;:!?。《》\\r\\n${MASK}`;
const WILDCARD_CHAR = `[^${NON_WILDCARD}]`;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeClass(s: string): string {
  return s.replace(/[\\\]^[]/g, '\\$&');
}

/** Wildcards and the other non-literal pieces of a pattern. */
const GLOB_PIECE = /(\*|\?|\[!?[^\]]+\]|\s+)/;

/**
 * A pattern's literal anchor (its longest literal piece, searched for with the
 * automaton) and, for a glob, the regex a token join must match entirely.
 * Glob syntax: `*` any run, `?` one character, `[abc]` / `[!abc]` one character
 * in / not in the set (fnmatch), whitespace between words = a token boundary
 * (quanteda's multi-word patterns: optional whitespace in the text).
 */
export function compilePattern(pattern: string): { anchor: string; glob: RegExp | null } {
  const pieces = pattern.trim().split(GLOB_PIECE);
  if (pieces.length === 1) return { anchor: foldForThemes(pattern.trim()), glob: null };
  let source = '';
  let anchor = '';
  pieces.forEach((piece, i) => {
    if (i % 2 === 0) {
      const norm = foldForThemes(piece);
      source += escapeRegExp(norm);
      if (norm.length > anchor.length) anchor = norm;
    } else if (piece === '*') source += `${WILDCARD_CHAR}*`;
    else if (piece === '?') source += WILDCARD_CHAR;
    else if (piece.startsWith('[!')) source += `[^${escapeClass(foldForThemes(piece.slice(2, -1)))}${NON_WILDCARD}]`;
    else if (piece.startsWith('[')) source += `[${escapeClass(foldForThemes(piece.slice(1, -1)))}]`;
    else source += '\\s*';
  });
  if (anchor === '') throw new Error(`pattern ${JSON.stringify(pattern)} has no literal text`);
  return { anchor, glob: new RegExp(`^${source}$`) };
}

const cache = new WeakMap<ThemeDictionary, CompiledThemeDictionary>();

/**
 * Compiles a dictionary for matching. Done once per dictionary object and
 * cached; a dictionary must not be modified after its first use.
 */
export function compileThemeDictionary(dict: ThemeDictionary): CompiledThemeDictionary {
  const hit = cache.get(dict);
  if (hit) return hit;
  const index = new Map(dict.categories.map((c, i) => [c.id, i]));
  const ids = dict.categories.map((c) => c.id);
  const lineage: number[][] = [];
  const root: number[] = [];
  dict.categories.forEach((c, i) => {
    const chain = [i];
    let p = c.parent;
    while (p !== null) {
      const pi = index.get(p);
      if (pi === undefined) throw new Error(`theme dictionary: category "${c.id}" has unknown parent "${p}"`);
      chain.push(pi);
      p = dict.categories[pi]!.parent;
    }
    lineage.push(chain);
    root.push(chain[chain.length - 1]!);
  });
  const automaton = new KeywordAutomaton<PatternEntry>();
  const add = (pattern: string, cat: number, role: Role): void => {
    const { anchor, glob } = compilePattern(pattern);
    automaton.add(anchor, { cat, role, glob });
  };
  dict.categories.forEach((c, i) => {
    for (const p of c.terms) add(p, i, 'term');
    for (const p of c.weak) add(p, i, 'weak');
    for (const p of c.exclude) add(p, i, 'exclude');
  });
  for (const p of dict.exclude) add(p, -1, 'exclude');
  for (const p of dict.context.formulas) add(p, -1, 'formula');
  for (const p of dict.context.powerTypes) add(p, -1, 'power');
  const context = compileContext(dict.context, foldForThemes);
  const compiled: CompiledThemeDictionary = { ids, lineage, root, automaton: automaton.build(), context };
  cache.set(dict, compiled);
  return compiled;
}

/**
 * Token offsets in the sentence. Tokens are located in order; one that cannot
 * be found is skipped. Without tokens every character is a token.
 */
function tokenSpans(sentence: string, tokens: readonly string[]): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  if (tokens.length === 0) {
    for (let i = 0; i < sentence.length; i++) {
      starts.push(i);
      ends.push(i + 1);
    }
    return { starts, ends };
  }
  let cursor = 0;
  for (const t of tokens) {
    if (t.length === 0) continue;
    const at = sentence.indexOf(t, cursor);
    if (at < 0) continue;
    starts.push(at);
    ends.push(at + t.length);
    cursor = at + t.length;
  }
  return { starts, ends };
}

/** Smallest join of adjacent tokens around [a, b) that the glob matches entirely. */
function globSpan(
  norm: string,
  glob: RegExp,
  a: number,
  b: number,
  starts: number[],
  ends: number[],
): [number, number] | null {
  // Last token starting at or before a; first token ending at or after b.
  let lo = 0;
  let hi = starts.length - 1;
  let first = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= a) {
      first = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (first < 0) return null;
  let last = first;
  while (last < ends.length && ends[last]! < b) last++;
  if (last >= ends.length) return null;
  const minSize = last - first + 1;
  for (let size = minSize; size <= MAX_JOIN_TOKENS; size++) {
    for (let s = first; s >= 0 && s > last - size; s--) {
      const e = s + size - 1;
      if (e >= ends.length) continue;
      const start = starts[s]!;
      const end = ends[e]!;
      if (glob.test(norm.slice(start, end))) return [start, end];
    }
  }
  return null;
}

/**
 * Themes of one sentence: ids in dictionary order, parents included, and the
 * cue texts that matched, as `theme:term`. Negation is not looked at: a
 * sentence saying a thing was not done (未制定规范性文件) is still about it.
 */
export function matchThemes(sentence: string, tokens: readonly string[], dict: ThemeDictionary): ThemeMatch {
  const compiled = compileThemeDictionary(dict);
  const norm = foldForThemes(sentence);
  let spans: { starts: number[]; ends: number[] } | undefined;
  const find = (text: string): Hit[] => {
    const found: Hit[] = [];
    for (const { start, end, value } of compiled.automaton.scan(text)) {
      if (value.glob === null) {
        found.push({ cat: value.cat, role: value.role, start, end });
        continue;
      }
      spans ??= tokenSpans(sentence, tokens);
      const span = globSpan(text, value.glob, start, end, spans.starts, spans.ends);
      if (span) found.push({ cat: value.cat, role: value.role, start: span[0], end: span[1], glob: true });
    }
    return found;
  };
  let hits = find(norm);
  // Without a term there is no theme (a weak cue needs one, and what follows only takes cues
  // away: a masked text has no cue the text had not), and most sentences have none.
  if (!hits.some((h) => h.role === 'term')) return { themes: [], cues: [] };
  // Formulas, basis titles, frames and power-type lists are masked, so that
  // no cue is found in them or across them.
  const scan = scanContext(norm, compiled.context);
  const masks = scan.masks;
  for (const h of hits) if (h.role === 'formula') masks.push([h.start, h.end]);
  masks.push(...powerTypeLists(hits.filter((h) => h.role === 'power').map((h) => [h.start, h.end]), norm));
  const text = applyMasks(norm, masks);
  hits = hits.filter((h) => h.role !== 'formula' && h.role !== 'power');
  if (masks.length > 0) {
    const overlaps = (h: Hit): boolean => masks.some(([s, e]) => s < h.end && h.start < e);
    // A literal inside a mask is simply gone; a glob that overlaps one may
    // match elsewhere in the masked text, so then the text is searched again.
    // (A hit clear of every mask is found the same in the masked text.)
    hits = hits.some((h) => h.glob && overlaps(h))
      ? find(text).filter((h) => h.role !== 'formula' && h.role !== 'power')
      : hits.filter((h) => !overlaps(h));
  }
  if (scan.suffixes.size > 0) {
    const cues = hits.filter((h) => h.role !== 'exclude');
    const named = new Set(cues.filter((h) => inName(text, h.start, h.end, scan)));
    // A cue that overlaps or touches a cue of the name is part of the name too
    // (政府信息 in 政府信息公开工作年度报告, where 信息公开 reaches the suffix).
    for (let grew = named.size > 0; grew; ) {
      grew = false;
      for (const h of cues) {
        if (named.has(h)) continue;
        if ([...named].some((n) => n.start > h.start && n.start <= h.end && n.end > h.end)) {
          named.add(h);
          grew = true;
        }
      }
    }
    hits = hits.filter((h) => !named.has(h));
  }
  if (hits.length === 0) return { themes: [], cues: [] };

  const excludes = hits.filter((h) => h.role === 'exclude');
  const masked = (h: Hit): boolean =>
    excludes.some(
      (x) => x.start < h.end && h.start < x.end && (x.cat < 0 || compiled.lineage[h.cat]!.includes(x.cat)),
    );
  let kept = hits.filter((h) => h.role !== 'exclude' && !masked(h));
  const strongRoots = new Set(kept.filter((h) => h.role === 'term').map((h) => compiled.root[h.cat]!));
  kept = kept.filter((h) => h.role === 'term' || strongRoots.has(compiled.root[h.cat]!));
  // Within a category, a cue inside a longer cue adds nothing.
  kept = kept.filter(
    (h) =>
      !kept.some(
        (o) => o !== h && o.cat === h.cat && o.start <= h.start && h.end <= o.end && o.end - o.start > h.end - h.start,
      ),
  );
  kept.sort((x, y) => x.cat - y.cat || x.start - y.start || x.end - y.end);

  const themeSet = new Set<number>();
  const cues: string[] = [];
  const seenCues = new Set<string>();
  for (const h of kept) {
    for (const c of compiled.lineage[h.cat]!) themeSet.add(c);
    const cue = `${compiled.ids[h.cat]!}:${sentence.slice(h.start, h.end)}`;
    if (!seenCues.has(cue)) {
      seenCues.add(cue);
      cues.push(cue);
    }
  }
  const themes = [...themeSet].sort((x, y) => x - y).map((i) => compiled.ids[i]!);
  return { themes, cues };
}

/** Every category id of a dictionary, in dictionary order. */
export function themeIds(dict: ThemeDictionary): string[] {
  return dict.categories.map((c) => c.id);
}
