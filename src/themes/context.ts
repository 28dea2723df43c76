/**
 * Where a theme cue does not count (annotation guide §4, "How themes are
 * given"): inside a set political formula, a document cited as the basis of
 * the work, a frame that names areas served, topics discussed or the body in
 * the lead, a list of power types, or the name of an office or body. The word lists are data in the dictionary
 * (root-level keys, see dictionaries/themes.yml); this module is the mechanism.
 *
 * Two steps:
 * - before cues are looked up, the spans of formulas, basis titles, frames
 *   and power-type lists are masked in the matching text (replaced by
 *   MASK, which no pattern and no wildcard matches), so no cue, literal or
 *   glob, is found in them or across them;
 * - after, a cue followed by an office/body suffix (平安 + 办, 执法 + 大队,
 *   大数据 + 中心) is dropped, unless the name is the object of setting the
 *   body up (成立…中心): a name says who acts, not what is done.
 */
import { KeywordAutomaton } from './automaton.js';

/** Stands for a masked character: never in a pattern, never matched by a wildcard. */
export const MASK = '\u0000';

/** The context rules of a dictionary (root-level keys of the YAML file). */
export interface ThemeContextRules {
  /** `_formulas`: set political formulas (patterns); no cue counts inside one. */
  formulas: string[];
  /**
   * `_basis_markers`: words after which cited titles 《…》 are the basis or the
   * content of the work (根据, 按照, 落实, 学习), not its line of work.
   */
  basisMarkers: string[];
  /**
   * `_frames`: frames `A*B` whose `*` part names no work of the sentence: the
   * areas a service is for ('为*提供'), the topics listed for a meeting
   * ('研究*等'), the body under whose lead the work is done ('在*领导下').
   */
  frames: string[];
  /** `_power_types`: types of administrative power; two or more listed together (、和及) are masked. */
  powerTypes: string[];
  /** `_name_suffixes`: endings of office and body names (办, 办公室, 大队, 中心). */
  nameSuffixes: string[];
  /** `_not_name_suffixes`: words that start with a suffix but end no name (办理, 中心工作). */
  notNameSuffixes: string[];
  /** `_name_setup`: verbs that make a following name the object of the work (成立, 建成). */
  nameSetup: string[];
}

export const CONTEXT_KEYS: Record<string, keyof ThemeContextRules> = {
  _formulas: 'formulas',
  _basis_markers: 'basisMarkers',
  _frames: 'frames',
  _power_types: 'powerTypes',
  _name_suffixes: 'nameSuffixes',
  _not_name_suffixes: 'notNameSuffixes',
  _name_setup: 'nameSetup',
};

export function emptyContextRules(): ThemeContextRules {
  return { formulas: [], basisMarkers: [], frames: [], powerTypes: [], nameSuffixes: [], notNameSuffixes: [], nameSetup: [] };
}

export function mergeContextRules(a: ThemeContextRules, b: ThemeContextRules): ThemeContextRules {
  const out = emptyContextRules();
  for (const k of Object.values(CONTEXT_KEYS)) out[k] = [...new Set([...a[k], ...b[k]])];
  return out;
}

/** Characters a name, a frame or a basis clause never runs across. */
const CLAUSE_END = /[,;:!?。\r\n]/;
/** CLAUSE_END for one character, without a regex call per character. */
function isClauseEnd(ch: string | undefined): boolean {
  return ch === ',' || ch === ';' || ch === ':' || ch === '!' || ch === '?' || ch === '。' || ch === '\r' || ch === '\n';
}
/** Characters of the first item of a topic list (播放疫情防控、扫黑除恶等各类…) that are masked. */
const MAX_FIRST_ITEM = 6;
/** Longest item of a topic list (a law's full title fits); a longer one ends the list. */
const MAX_ITEM = 16;
/** Most characters between a cue and the suffix of the name it is in (应急 管理 局). */
export const MAX_NAME_GAP = 2;

/** What a context word is: a marker, a suffix, a setup verb, or the closing word of a frame (its index in `closes`) or of a topic list (in `listCloses`). */
type ContextWord =
  | { role: 'basis' }
  | { role: 'suffix' }
  | { role: 'notSuffix' }
  | { role: 'setup' }
  | { role: 'close'; index: number }
  | { role: 'listClose'; index: number };

export interface CompiledContext {
  /** Literal context words (markers, suffixes, setup verbs, closing words of frames), found in one scan. */
  words: KeywordAutomaton<ContextWord>;
  /** Closing words of `A*B` frames, and the opening words of each. */
  closes: string[];
  opensOf: Map<string, string[]>;
  /** Closing words of `*B` frames (topic lists). */
  listCloses: string[];
}

/** Checks a frame pattern and splits it at its one `*`. */
export function parseFrame(pattern: string): { open: string; close: string } {
  const parts = pattern.split('*');
  if (parts.length !== 2 || parts[1]!.trim() === '') {
    throw new Error(`frame ${JSON.stringify(pattern)} must be text*text or *text, with one * before a literal word`);
  }
  return { open: parts[0]!.trim(), close: parts[1]!.trim() };
}

export function compileContext(rules: ThemeContextRules, fold: (s: string) => string): CompiledContext {
  const words = new KeywordAutomaton<ContextWord>();
  for (const w of rules.basisMarkers) words.add(fold(w), { role: 'basis' });
  for (const w of rules.nameSuffixes) words.add(fold(w), { role: 'suffix' });
  for (const w of rules.notNameSuffixes) words.add(fold(w), { role: 'notSuffix' });
  for (const w of rules.nameSetup) words.add(fold(w), { role: 'setup' });
  const frames = rules.frames.map((p) => {
    const f = parseFrame(p);
    return { open: fold(f.open), close: fold(f.close) };
  });
  const opensOf = new Map<string, string[]>();
  for (const f of frames.filter((x) => x.open !== '')) opensOf.set(f.close, [...(opensOf.get(f.close) ?? []), f.open]);
  const closes = [...opensOf.keys()];
  const listCloses = [...new Set(frames.filter((f) => f.open === '').map((f) => f.close))];
  closes.forEach((w, index) => words.add(w, { role: 'close', index }));
  listCloses.forEach((w, index) => words.add(w, { role: 'listClose', index }));
  return { words: words.build(), closes, opensOf, listCloses };
}

/** Where the closing word `index` of a list occurs, from the scan's finds, each after the end of the one before (as repeated indexOf finds them). */
function occurrences(hits: readonly CloseHit[], index: number, length: number): number[] {
  const starts: number[] = [];
  let from = 0;
  for (const h of hits) {
    if (h.index !== index || h.start < from) continue;
    starts.push(h.start);
    from = h.start + length;
  }
  return starts;
}

/** A closing word found by the scan: its index (in `closes` or `listCloses`) and where it starts. */
interface CloseHit {
  index: number;
  start: number;
}

export interface ContextScan {
  /** Name suffixes (not one of the not-suffix words): start → end. */
  suffixes: Map<number, number>;
  /** Start and end positions of setup verbs. */
  setupStarts: number[];
  setupEnds: number[];
  /** Spans [start, end) to mask before cues are looked up. */
  masks: [number, number][];
}

/** Finds basis titles, frames and the name suffixes of one (folded) sentence. */
export function scanContext(norm: string, ctx: CompiledContext): ContextScan {
  const suffixes = new Map<number, number>();
  const notSuffixAt = new Set<number>();
  const setupStarts: number[] = [];
  const setupEnds: number[] = [];
  const masks: [number, number][] = [];
  const basisEnds: number[] = [];
  // Closing words by where they end, and so, for each word, by where they start.
  const closeHits: CloseHit[] = [];
  const listCloseHits: CloseHit[] = [];
  for (const { start, end, value } of ctx.words.scan(norm)) {
    if (value.role === 'suffix') suffixes.set(start, Math.max(end, suffixes.get(start) ?? 0));
    else if (value.role === 'notSuffix') notSuffixAt.add(start);
    else if (value.role === 'setup') {
      setupStarts.push(start);
      setupEnds.push(end);
    } else if (value.role === 'basis') basisEnds.push(end);
    else if (value.role === 'close') closeHits.push({ index: value.index, start });
    else listCloseHits.push({ index: value.index, start });
  }
  for (const p of notSuffixAt) suffixes.delete(p);

  // A title cited after 根据/按照 in the same clause, and the titles listed with it.
  for (const from of basisEnds) {
    let i = from;
    let open = norm.indexOf('《', i);
    while (open >= 0) {
      const between = norm.slice(i, open);
      if (CLAUSE_END.test(between) || between.includes('》')) break;
      // Titles listed together: 、 和 及 与 between them, and a document number in brackets.
      if (i > from && !/^[、和及与]*$/u.test(between.replace(/以及/g, '').replace(/\([^()]*\)|〔[^〔〕]*〕/gu, ''))) break;
      const close = norm.indexOf('》', open);
      if (close < 0) break;
      masks.push([open, close + 1]);
      i = close + 1;
      open = norm.indexOf('《', i);
    }
  }

  // *等领域: the list of topics before the closing word, items joined by 、;
  // of the first item only its title or its last MAX_FIRST_ITEM characters.
  for (let k = 0; k < ctx.listCloses.length && listCloseHits.length > 0; k++) {
    for (const c of occurrences(listCloseHits, k, ctx.listCloses[k]!.length)) {
      let from = c;
      let items = 0;
      while (from > 0) {
        let i = from;
        while (i > 0 && !isClauseEnd(norm[i - 1]) && norm[i - 1] !== '、' && norm[i - 1] !== MASK) i--;
        items++;
        if (i > 0 && norm[i - 1] === '、' && from - i <= MAX_ITEM) {
          from = i - 1;
          continue;
        }
        // The first item, or one too long to be a topic (…党员集中学习了《宪法》):
        // only its title, or its last few characters, belong to the list.
        const title = norm.lastIndexOf('《', from);
        from = title >= i ? title : Math.max(i, from - MAX_FIRST_ITEM);
        break;
      }
      if (items >= 2 && from < c) masks.push([from, c]);
    }
  }
  // 为…提供: for each closing word, the opening word of its frames that ends
  // last before it, in one clause; the part between is cut at the first
  // closing word of any frame (与…同部署、同推进 masks only what 与 joins).
  for (let k = 0; k < ctx.closes.length && closeHits.length > 0; k++) {
    const close = ctx.closes[k]!;
    const opens = ctx.opensOf.get(close)!;
    for (const c of occurrences(closeHits, k, close.length)) {
      let from = -1;
      for (const open of opens) {
        const o = norm.lastIndexOf(open, c - open.length);
        if (o >= 0 && o + open.length > from) from = o + open.length;
      }
      if (from < 0) continue;
      // The first closing word of any frame at or after `from`.
      let to = c;
      for (const other of closeHits) if (other.start >= from && other.start < to) to = other.start;
      const inner = norm.slice(from, to);
      if (inner.length === 0 || CLAUSE_END.test(inner)) continue;
      masks.push([from, to]);
    }
  }
  return { suffixes, setupStarts, setupEnds, masks };
}

/** Spans of two or more power types listed together (行政许可、行政处罚、公共服务). */
export function powerTypeLists(hits: [number, number][], norm: string): [number, number][] {
  const sorted = [...hits].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const lists: [number, number][] = [];
  let run: [number, number] | null = null;
  let count = 0;
  for (const [s, e] of sorted) {
    if (run && s < run[1]) continue;
    if (run && /^(、|和|及|与|以及|,)$/u.test(norm.slice(run[1], s))) {
      run[1] = e;
      count++;
      continue;
    }
    if (run && count >= 2) lists.push(run);
    run = [s, e];
    count = 1;
  }
  if (run && count >= 2) lists.push(run);
  return lists;
}

/** Replaces the masked spans with MASK, keeping every offset. */
export function applyMasks(norm: string, masks: [number, number][]): string {
  if (masks.length === 0) return norm;
  const chars = norm.split('');
  for (const [s, e] of masks) for (let i = s; i < e; i++) chars[i] = MASK;
  return chars.join('');
}

/** Most characters between a name and a setup verb after it (综合行政执法局正式挂牌). */
const MAX_SETUP_AFTER = 3;

/**
 * True when the cue [start, end) is part of a body's name: a suffix follows
 * within MAX_NAME_GAP characters of the same clause (right after it when the
 * cue itself ends in a suffix), or starts inside the cue
 * and runs past it (法治办 in 法治办公室), and the name is not being set up
 * (成立…中心 before it in its clause, …局正式挂牌 right after it).
 */
export function inName(norm: string, start: number, end: number, scan: ContextScan): boolean {
  let nameEnd = -1;
  for (let s = start + 1; s < end; s++) {
    const e = scan.suffixes.get(s);
    if (e !== undefined && e > end) nameEnd = Math.max(nameEnd, e);
  }
  // A cue that is itself a body's name (领导小组, 法治办) takes a suffix only
  // right after it: 领导小组下设办公室 is two bodies.
  let isBody = false;
  for (let s = start; s < end && !isBody; s++) isBody = scan.suffixes.get(s) === end;
  const maxGap = isBody ? 0 : MAX_NAME_GAP;
  for (let g = 0; nameEnd < 0 && g <= maxGap && end + g < norm.length; g++) {
    const e = scan.suffixes.get(end + g);
    if (e !== undefined) {
      nameEnd = e;
      break;
    }
    const ch = norm[end + g]!;
    if (isClauseEnd(ch) || ch === MASK || ch === '《' || ch === '》' || ch === '、') break;
  }
  if (nameEnd < 0) return false;
  let clauseStart = start;
  while (clauseStart > 0 && !isClauseEnd(norm[clauseStart - 1])) clauseStart--;
  if (scan.setupEnds.some((e) => e > clauseStart && e <= start)) return false;
  const after = norm.slice(nameEnd, nameEnd + MAX_SETUP_AFTER + 1);
  const clauseAfter = after.search(CLAUSE_END);
  const limit = nameEnd + (clauseAfter < 0 ? after.length : clauseAfter);
  return !scan.setupStarts.some((s) => s >= nameEnd && s <= Math.min(limit, nameEnd + MAX_SETUP_AFTER));
}
