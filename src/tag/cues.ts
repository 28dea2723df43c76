/**
 * Cue lexicons for the sentence-function tagger: plain-text files in
 * dictionaries/cues/, one file per cue class, one cue per line (syntax in
 * dictionaries/cues/README.md). A researcher edits them; nothing is compiled in.
 *
 * Matching costs time in proportion to the sentence, not to the lexicon: cues
 * are in a trie by their characters, so each position of the sentence follows
 * only the cues that go on as the text does (将 starts forty cues, and most
 * places it stands start none of them), and one-character cues are a set lookup
 * per token.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeForMatch } from '../text/normalize.js';
import { sortSmall } from './sort-small.js';

export const DEFAULT_CUE_DIR = fileURLToPath(new URL('../../dictionaries/cues/', import.meta.url));

/** Cue classes the rule tagger reasons with; a folder may add others (they become classifier features). */
export const CUE_CLASSES = [
  'future',
  'obligation',
  'problem',
  'concession',
  'result',
  'past',
  'action',
  'suggestion',
  'framing',
  'transition',
  'problem_intro',
  'disposal',
  'remedy',
  'resolved',
  'not_intent',
  'change',
  'guidance',
  'plan_heading',
  'response',
  'purpose',
  'settled',
  'shortfall',
] as const;
export type KnownCueClass = (typeof CUE_CLASSES)[number];

export interface Cue {
  cls: string;
  /** The line as written (without the `weak` flag), e.g. `下一步`, `^建议`, `我*将`. */
  text: string;
  weak: boolean;
  anchored: boolean;
  /** One Han character: matched against whole tokens. */
  token: boolean;
  /** Compiled form for wildcard cues. */
  pattern?: RegExp;
  /** Literal text for plain and anchored cues (normalized). */
  literal: string;
  /** File and line it came from, for error messages. */
  source: string;
}

/**
 * A node of the cue trie: the text from the root to here is a plain cue, or
 * the text before the first wildcard of a wildcard cue, for each of `cues`
 * (in lexicon order).
 */
export interface CueNode {
  next: Map<number, CueNode>;
  cues: Cue[];
}

export interface CueHit {
  cls: string;
  cue: string;
  weak: boolean;
  /** Offset in the sentence text (for cues on tokens: the token's offset, best effort). */
  at: number;
}

export interface CueLexicon {
  dir: string;
  classes: string[];
  cues: Cue[];
  /** sha256 over the files' names and contents, recorded in a trained model. */
  digest: string;
  /**
   * Plain and wildcard cues (not anchored, not token cues) in a trie by char
   * code, its first level an array over every code unit: each character of a
   * sentence is one array read, and no one-character string is made.
   */
  trie: Array<CueNode | undefined>;
  anchored: Cue[];
  byToken: Map<string, Cue[]>;
  /** The longest key of byToken: a longer token is no token cue, and is not looked up. */
  tokenCueLength: number;
  /** Problem cues (by text) that state a shortfall as the predicate: no remedy cancels them (shortfall.txt). */
  shortfall: Set<string>;
}

const WILDCARD = '[^\\p{P}\\p{S}\\s]{0,4}';
/** `~`: up to 30 characters of the same clause, lists and brackets included (实现~全覆盖: 实现了区、镇(街道)、村(社区)三级…全覆盖). */
const CLAUSE_WILDCARD = '[^,;。:!?，；：！？]{0,30}?';

/** Parse one cue file's text. Errors name the file and line. */
export function parseCueFile(cls: string, text: string, file = `${cls}.txt`): Cue[] {
  const cues: Cue[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    if (parts.length > 2 || (parts.length === 2 && parts[1] !== 'weak')) {
      throw new Error(`${file}:${i + 1}: expected "cue" or "cue weak", found "${line}"`);
    }
    let body = normalizeForMatch(parts[0]!);
    const weak = parts.length === 2;
    const anchored = body.startsWith('^');
    if (anchored) body = body.slice(1);
    if (!body || body === '*') throw new Error(`${file}:${i + 1}: empty cue`);
    const wildcard = body.includes('*') || body.includes('~');
    if (wildcard && /^[*~]|[*~]$/.test(body)) {
      throw new Error(`${file}:${i + 1}: a * or ~ must stand between two pieces of text ("我*将", "实现~全覆盖")`);
    }
    const token = !anchored && !wildcard && [...body].length === 1;
    cues.push({
      cls,
      text: (anchored ? '^' : '') + body,
      weak,
      anchored,
      token,
      literal: body.replace(/[*~]/g, ''),
      pattern: wildcard ? compileWildcard(body) : undefined,
      source: `${file}:${i + 1}`,
    });
  });
  return cues;
}

/** A cue with `*` (0–4 characters that are not punctuation) or `~` (up to 30 characters of the same clause) as a sticky regular expression. */
function compileWildcard(body: string): RegExp {
  let source = '';
  for (const piece of body.split(/([*~])/)) source += piece === '*' ? WILDCARD : piece === '~' ? CLAUSE_WILDCARD : escapeRegExp(piece);
  return new RegExp(source, 'uy');
}

const cache = new Map<string, CueLexicon>();

/**
 * Load every `*.txt` in a cue folder (default dictionaries/cues/). The files
 * are read every time; the lexicon built from them is cached per folder and
 * digest, so an edited cue file (in a notebook, between two runs) is seen.
 */
export function loadCueLexicon(dir: string = DEFAULT_CUE_DIR): CueLexicon {
  if (!existsSync(dir)) throw new Error(`cue folder not found: ${dir}`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  if (files.length === 0) throw new Error(`no cue files (*.txt) in ${dir}`);
  const hash = createHash('sha256');
  const sources: Array<[string, string]> = [];
  for (const f of files) {
    // Line ends normalized: a Windows checkout (CRLF) has the same lexicon and the same checksum.
    const text = readFileSync(join(dir, f), 'utf8').replace(/\r\n?/g, '\n');
    hash.update(`${f}\n${text}\n`);
    sources.push([f.slice(0, -4), text]);
  }
  const digest = `sha256:${hash.digest('hex')}`;
  const hit = cache.get(dir);
  if (hit?.digest === digest) return hit;
  const lexicon = buildLexicon(sources, dir);
  lexicon.digest = digest;
  cache.set(dir, lexicon);
  return lexicon;
}

/** A lexicon from in-memory files (class → text), for tests and notebooks. */
export function lexiconFromTexts(files: Record<string, string>): CueLexicon {
  const sources = Object.keys(files).sort().map((k) => [k, files[k]!] as [string, string]);
  const hash = createHash('sha256');
  for (const [k, t] of sources) hash.update(`${k}.txt\n${t.replace(/\r\n?/g, '\n')}\n`);
  const lexicon = buildLexicon(sources, '(memory)');
  lexicon.digest = `sha256:${hash.digest('hex')}`;
  return lexicon;
}

function buildLexicon(sources: Array<[string, string]>, dir: string): CueLexicon {
  const cues: Cue[] = [];
  for (const [cls, text] of sources) cues.push(...parseCueFile(cls, text, `${cls}.txt`));
  const trie = new Array<CueNode | undefined>(0x10000).fill(undefined);
  const byToken = new Map<string, Cue[]>();
  const anchored: Cue[] = [];
  for (const c of cues) {
    if (c.anchored) anchored.push(c);
    else if (c.token) push(byToken, c.literal, c);
    else trieNode(trie, c.pattern ? c.text.split(/[*~]/)[0]! : c.literal).cues.push(c);
  }
  const tokenCueLength = Math.max(0, ...[...byToken.keys()].map((k) => k.length));
  const shortfall = new Set(cues.filter((c) => c.cls === 'shortfall').map((c) => c.text));
  return { dir, classes: sources.map(([c]) => c), cues, digest: '', trie, anchored, byToken, tokenCueLength, shortfall };
}

/** The trie node of `text`, made with the nodes on its way when missing. */
function trieNode(trie: Array<CueNode | undefined>, text: string): CueNode {
  const first = text.charCodeAt(0);
  let node = trie[first] ?? (trie[first] = { next: new Map(), cues: [] });
  for (let i = 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let child = node.next.get(code);
    if (!child) node.next.set(code, (child = { next: new Map(), cues: [] }));
    node = child;
  }
  return node;
}

/** Enumeration markers stripped before an anchored cue is tried: 一是, (一), 1., 第一,, 首先, … */
const ENUM_PREFIX = /^\s*(?:[一二三四五六七八九十]{1,3}是|\(?[一二三四五六七八九十\d]{1,3}\)[、.]?|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、](?!\d)|第[一二三四五六七八九十]{1,2}[,、]|首先[,、]?|其次[,、]?|[\u2460-\u2473])\s*/u;

/** The sentence without its enumeration marker, and how many characters were cut. */
export function stripEnumeration(norm: string): { text: string; cut: number } {
  const m = ENUM_PREFIX.exec(norm);
  return m ? { text: norm.slice(m[0].length), cut: m[0].length } : { text: norm, cut: 0 };
}

/** Cue classes that mark a problem, and so can be canceled by a remedy before or a resolution after. */
const PROBLEM_CLASSES = new Set(['problem', 'problem_intro']);
/** Cue classes that point to a later period, and so are canceled inside a `not_intent` phrase (当前和今后, 拟作出的). */
const INTENT_CLASSES = new Set(['future', 'obligation']);

/**
 * Every cue that occurs in a sentence. `norm` is the sentence after
 * normalizeForMatch; `tokens` its tokens (for one-character cues), as cut
 * or already normalized.
 *
 * Three classes do not mark a function but cancel other cues in the same
 * clause: `disposal` after a 将 (将 X 纳入 Y: that 将 is not the future),
 * `remedy` before a problem word (解决/补齐/针对 …: the problem is the object
 * of the work) and `resolved` after one (差距…缩小: the problem shrank).
 * `purpose` before a result word in the same clause makes it an aim
 * (推动…取得新成效), not a result reached. `not_intent` cancels a future or obligation cue that lies inside
 * it (今后 in 当前和今后一个时期, 拟 in 拟作出的决定, 计划 in 规划计划类).
 */
export function matchCues(lexicon: CueLexicon, norm: string, tokens: readonly string[]): CueHit[] {
  // Each cue found and where, as two parallel lists: no object for every find of every sentence.
  const found: Cue[] = [];
  const foundAt: number[] = [];
  for (let i = 0; i < norm.length; i++) {
    // Down the trie as far as the text goes: every node passed ends a plain cue or the first piece of a wildcard cue.
    for (let node = lexicon.trie[norm.charCodeAt(i)], j = i + 1; node; node = j < norm.length ? node.next.get(norm.charCodeAt(j++)) : undefined) {
      for (const c of node.cues) {
        if (c.pattern) {
          c.pattern.lastIndex = i;
          if (!c.pattern.test(norm)) continue;
        }
        found.push(c);
        foundAt.push(i);
      }
    }
  }
  if (lexicon.anchored.length > 0) {
    const { text, cut } = stripEnumeration(norm);
    for (const c of lexicon.anchored) {
      if (!text.startsWith(c.literal)) continue;
      found.push(c);
      foundAt.push(cut);
    }
  }
  let offset = 0;
  for (const token of tokens) {
    // Normalized here rather than by the caller: no array of normalized tokens for every
    // sentence. A token the normalized text has as it is where the last one ended is its
    // own normalized form (normalizing twice changes nothing) and is found there.
    let t = token;
    let at = offset;
    if (!norm.startsWith(token, offset)) {
      t = normalizeForMatch(token);
      at = norm.indexOf(t, offset);
    }
    if (at >= 0) offset = at + t.length;
    else at = Math.min(offset, norm.length);
    if (t.length > lexicon.tokenCueLength) continue;
    const list = lexicon.byToken.get(t);
    if (!list) continue;
    for (const c of list) {
      found.push(c);
      foundAt.push(at);
    }
  }

  if (found.length === 0) return [];
  const hits: CueHit[] = [];
  for (let k = 0; k < found.length; k++) {
    const c = found[k]!;
    const at = foundAt[k]!;
    // Each cue once, at its first place: a sentence has a few hits, so a scan of them, not a Set of keys.
    if (hits.some((h) => h.cls === c.cls && h.cue === c.text)) continue;
    if (c.literal.includes('将') && inClause(norm, found, foundAt, 'disposal', at + c.literal.lastIndexOf('将'), 'after')) continue;
    if (INTENT_CLASSES.has(c.cls) && insideCueOf(norm, found, foundAt, 'not_intent', at, c.literal.length)) continue;
    if ((c.cls === 'result' || c.cls === 'settled') && inClause(norm, found, foundAt, 'purpose', at, 'before')) continue;
    if (PROBLEM_CLASSES.has(c.cls)) {
      if ((!lexicon.shortfall.has(c.text) && inClause(norm, found, foundAt, 'remedy', at, 'before')) || inClause(norm, found, foundAt, 'resolved', at + c.literal.length - 1, 'after')) continue;
    }
    hits.push({ cls: c.cls, cue: c.text, weak: c.weak, at });
  }
  // By place, then class and cue (a total order: each cue is listed once).
  sortSmall(hits, hitAfter);
  return hits;
}

/** Is there a cue of class `cls` (disposal, remedy or resolved: the classes that cancel others) in the same clause as position `at`, before it or after it? */
function inClause(norm: string, found: readonly Cue[], foundAt: readonly number[], cls: string, at: number, where: 'before' | 'after'): boolean {
  if (!found.some((c) => c.cls === cls)) return false;
  let from = at;
  while (from > 0 && !isClauseEnd(norm.charCodeAt(from - 1))) from--;
  let to = at;
  while (to < norm.length && !isClauseEnd(norm.charCodeAt(to))) to++;
  for (let k = 0; k < found.length; k++) {
    if (found[k]!.cls !== cls) continue;
    const p = foundAt[k]!;
    if (where === 'before' ? p >= from && p < at : p > at && p < to) return true;
  }
  return false;
}

/** Does a cue of class `cls` cover the span [at, at + length)? A wildcard cue covers what its pattern matched. */
function insideCueOf(norm: string, found: readonly Cue[], foundAt: readonly number[], cls: string, at: number, length: number): boolean {
  for (let k = 0; k < found.length; k++) {
    const c = found[k]!;
    if (c.cls !== cls) continue;
    const from = foundAt[k]!;
    let to = from + c.literal.length;
    if (c.pattern) {
      c.pattern.lastIndex = from;
      const m = c.pattern.exec(norm);
      if (m) to = from + m[0].length;
    }
    if (from <= at && at + length <= to) return true;
  }
  return false;
}

/** , ; 。 ! ? : and their full-width forms: what ends a clause. By code, not a one-character string a step. */
function isClauseEnd(code: number): boolean {
  switch (code) {
    case 0x2c: case 0xff0c: // , ，
    case 0x3b: case 0xff1b: // ; ；
    case 0x3002: // 。
    case 0x21: case 0xff01: // ! ！
    case 0x3f: case 0xff1f: // ? ？
    case 0x3a: case 0xff1a: // : ：
      return true;
    default:
      return false;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function hitAfter(a: CueHit, b: CueHit): boolean {
  return (a.at - b.at || cmp(a.cls, b.cls) || cmp(a.cue, b.cue)) > 0;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
