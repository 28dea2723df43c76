/**
 * Place names in report text, looked up in the gazetteer, and the reporting
 * body's divisions resolved from them.
 *
 * A name alone often fits several places (新安镇 names dozens of towns); the
 * counties, cities and provinces the page names elsewhere (the signature, the
 * site name, "在沁水县委、县政府的领导下") pick among them. When they do not,
 * the field stays empty and `note` says why: a wrong province is worse than
 * none.
 */
import {
  cityOf, countyOf, divisionCode, gazetteer, isMunicipality, provinceOf,
  type Division, type DivisionLevel,
} from './gazetteer.js';

export interface Places {
  province: string;
  city: string;
  county: string;
  township: string;
}

export interface ResolvedPlaces extends Places {
  /** GB/T 2260 code of the lowest resolved division ('' when none). */
  division_code: string;
  /** Why a field named by the text stayed empty ('' when nothing did). */
  note: string;
  /** Level of the reporting body as named: township (镇/乡/苏木), street (街道), county, city, or '' . */
  bodyLevel: 'township' | 'street' | 'county' | 'city' | 'province' | '';
}

export interface Mention {
  name: string;
  start: number;
  end: number;
  divisions: Division[];
  /** A superior's committee: "沁水县委" in "在沁水县委、县政府的领导下". */
  superior: boolean;
}

const RANK: Record<DivisionLevel, number> = { province: 0, city: 1, county: 2, township: 3 };

/**
 * The gazetteer's names read backwards, one UTF-16 unit per step: walking back
 * from a position of the text meets, in order, every name that ends there,
 * shortest first.
 */
interface SuffixNode {
  before: Map<number, SuffixNode> | undefined;
  /** The divisions of the name spelled from here to the root, when it is one. */
  divisions: Division[] | undefined;
}

/** The trie's first step, taken at every position of every text, as a table by UTF-16 code: the node of each last character of a name. */
let namesByLastChar: Array<SuffixNode | undefined> | undefined;

function backwardsTrie(): Array<SuffixNode | undefined> {
  const root: SuffixNode = { before: undefined, divisions: undefined };
  for (const [name, divisions] of gazetteer().byName) {
    let node = root;
    for (let i = name.length - 1; i >= 0; i--) {
      const c = name.charCodeAt(i);
      node.before ??= new Map();
      let next = node.before.get(c);
      if (!next) node.before.set(c, (next = { before: undefined, divisions: undefined }));
      node = next;
    }
    node.divisions = divisions;
  }
  const table = new Array<SuffixNode | undefined>(0x10000).fill(undefined);
  for (const [c, node] of root.before ?? []) table[c] = node;
  return table;
}

const HAN = /[\u4e00-\u9fff]/u;
const HIGHER_OR_CPC = /[省市州盟共]/;

/**
 * Gazetteer names in `text`, longest match first, left to right. At each end
 * position the trie of names read backwards gives every name ending there in
 * one short walk, so the scan costs little more than one pass over the text.
 */
export function mentionsIn(text: string): Mention[] {
  namesByLastChar ??= backwardsTrie();
  const found: Mention[] = [];
  /** Start positions of the first `count` names ending at the current position, shortest first, and their nodes (reused arrays). */
  const starts: number[] = [];
  const nodes: SuffixNode[] = [];
  for (let end = 1; end <= text.length; end++) {
    let count = 0;
    let p = end - 1;
    let node = namesByLastChar[text.charCodeAt(p)];
    while (node) {
      if (node.divisions) {
        starts[count] = p;
        nodes[count] = node;
        count++;
      }
      if (p === 0 || !node.before) break;
      p--;
      node = node.before.get(text.charCodeAt(p));
    }
    // For each end position, the longest name ending there.
    for (let k = count - 1; k >= 0; k--) {
      const start = starts[k]!;
      const divisions = nodes[k]!.divisions!;
      const len = end - start;
      // 发展乡 in 发展乡村: 乡村 is the word there.
      if (text.charCodeAt(end - 1) === 0x4e61 /* 乡 */ && text[end] === '村') continue;
      // 范县 in 示范县, 单县 in 简单县: a one-character name stands after a higher level, 中共, or no word at all.
      if (len === 2 && !divisions.some((d) => d.level === 'province') && HAN.test(text[end - 3] ?? '') && !HIGHER_OR_CPC.test(text[end - 3]!)) continue;
      found.push({ name: text.slice(start, end), start, end, divisions, superior: false });
      break;
    }
  }
  // Overlaps: a longer match wins over one inside it (宝坻区新安镇 → 宝坻区, 新安镇; 北城街街道 over 北城街).
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Mention[] = [];
  for (const m of found) {
    const prev = out[out.length - 1];
    if (prev && m.start < prev.end) {
      if (m.end - m.start > prev.end - prev.start) out[out.length - 1] = m;
      continue;
    }
    out.push(m);
  }
  for (const m of out) {
    const before = text.slice(Math.max(0, m.start - 2), m.start);
    m.superior = text[m.end] === '委' && !/中共/.test(before) && m.divisions.some((d) => d.level !== 'township');
  }
  return out;
}

/** What the places are resolved from: issuer-like lines first, then the first sentence, then the signature, then the body. */
export interface PlaceSources {
  /** Titles, 发布机构, the issuer field: each names the reporting body if it names any place. */
  issuer: string[];
  /** The report's first sentence, whose subject is usually the reporting body. */
  lead: string;
  /** The signature's lines, normalized: read in order, once or more. */
  signature: Iterable<string>;
  /** Cleaned text and chrome: context for choosing among same-named places, and the body's most named township. */
  body: string;
  /** True when the issuer is a bureau or office: the body's townships are then not the issuer. */
  department: boolean;
  /** How the report speaks of itself (我镇 → township, 我街 → street, 我县 → county), '' when it does not. */
  voice?: 'township' | 'street' | 'county' | '';
}

/** How a report speaks of itself in its opening: 我镇, 本乡, 我街道, 我区. */
export function voiceOf(opening: string): 'township' | 'street' | 'county' | '' {
  if (/(我|本|全)(镇|乡)(?![村长])|(镇|乡)(党委|人民政府)/.test(opening)) return 'township';
  if (/(我|本|全)街|街道(党工委|办事处)/.test(opening)) return 'street';
  if (/(我|本)(县|区|旗)(?![委域])/.test(opening)) return 'county';
  return '';
}

/** The mentions of each of `lines` in turn, with no array of all the lines. */
function mentionsInEach(lines: Iterable<string>): Mention[] {
  const out: Mention[] = [];
  for (const line of lines) out.push(...mentionsIn(line));
  return out;
}

export function resolvePlaces(src: PlaceSources): ResolvedPlaces {
  const context = mentionsIn(src.body);
  const groups: Mention[][] = [
    src.issuer.flatMap((l) => mentionsIn(l)),
    // Documents the lead cites (《中共广州市白云区委…工作要点》) are other bodies'.
    mentionsIn(src.lead.replace(/《[^》]*(》|$)/g, (q) => '　'.repeat(q.length))),
    mentionsInEach(src.signature),
  ].map((g) => g.filter((m) => !m.superior && m.divisions.some((d) => d.level !== 'province')));
  // A report that says 我镇 is not the county its first sentence names ("根据伊金霍洛旗…的要求").
  const township = src.voice === 'township' || src.voice === 'street';
  for (const i of [1, 2]) if (township && !groups[i]!.some((m) => m.divisions.some((d) => d.level === 'township'))) groups[i] = [];
  if (src.department) groups.push(bureauPlace(src.body, context));
  else groups.push(mostNamedTownship(context, src.body));

  const group = groups.find((g) => g.length > 0) ?? [];
  const empty: ResolvedPlaces = { province: '', city: '', county: '', township: '', division_code: '', note: '', bodyLevel: '' };
  if (group.length === 0) {
    const voiced = src.voice ?? '';
    const unlisted = unlistedTownship(src.issuer, [src.lead], src.signature);
    if (unlisted) return { ...empty, township: unlisted, bodyLevel: unlisted.endsWith('街道') ? 'street' : 'township', note: `${unlisted} is not in the gazetteer (2023 divisions)` };
    // Only a body below the county (a bureau, a township that does not name itself) is placed by the one county its page names.
    const sole = src.department || voiced === 'township' || voiced === 'street' ? soleCounty(context) : undefined;
    if (sole) return { ...fill(sole), bodyLevel: voiced, note: `the reporting body is not named; ${sole.name} is the only county the page names` };
    return { ...empty, ...provinceOnly(context), bodyLevel: voiced, note: 'the text names no township, county or city of the reporting body' };
  }
  // The body is the lowest level the group names; the group's other names and the page's context place it.
  const body = group.reduce((a, b) => (lowest(b) > lowest(a) ? b : a));
  const level = body.divisions.reduce((a, d) => (RANK[d.level] > RANK[a] ? d.level : a), 'province' as DivisionLevel);
  const candidates = body.divisions.filter((d) => d.level === level);
  const scored = candidates.map((d) => ({ d, score: contextScore(d, group, context) }));
  const best = Math.max(...scored.map((s) => s.score));
  let top = scored.filter((s) => s.score === best);
  // "在县委、县政府的领导下": the body's county is a 县, not a 区 or a county-level 市 (宁安镇 of 中宁县, not of 宁安市).
  const kind = superiorKind(src.body);
  if (top.length > 1 && level === 'township' && kind) {
    const fitting = top.filter((s) => countyOf(s.d)?.name.endsWith(kind));
    if (fitting.length === 1) top = fitting;
  }
  const bodyLevel = level === 'township' ? (/街道$/.test(top[0]!.d.name) ? 'street' : 'township') : level;
  // A township as the text writes it when that is a full name (银杏大街街道 for 开发区银杏大街街道), else the official one (鹤龙街道 for 鹤龙街).
  const asNamed = level === 'township' ? (/(镇|乡|街道|苏木)$/.test(body.name) ? body.name : top[0]!.d.name) : '';
  if (top.length > 1) {
    return {
      ...empty,
      township: asNamed,
      ...(level === 'county' ? { county: body.name } : level === 'city' ? { city: body.name } : {}),
      ...sharedAncestors(top.map((s) => s.d)),
      bodyLevel,
      note: `${body.name} names ${top.length} ${level === 'township' ? 'townships' : 'places'} (${top.map((s) => placeLabel(s.d)).join('; ')}) and the text does not say which`,
    };
  }
  const resolved = fill(top[0]!.d);
  return { ...resolved, county: administrativeCounty(top[0]!.d, context) ?? resolved.county, township: asNamed || resolved.township, note: '', bodyLevel };
}

/**
 * Development and management zones (codes 71–79 at county level, 安阳高新技术产业开发区)
 * are statistical units, not governments; a street in one is led by the
 * district the text names ("在文峰区委、区政府的领导下"), which is its county.
 */
function administrativeCounty(d: Division, context: Mention[]): string | undefined {
  if (d.level !== 'township' || Number(d.countyCode.slice(4, 6)) < 70) return undefined;
  const named = new Set(context.flatMap((m) => m.divisions)
    .filter((x) => x.level === 'county' && x.cityCode === d.cityCode && Number(x.code.slice(4, 6)) < 70)
    .map((x) => x.name));
  return named.size === 1 ? [...named][0] : undefined;
}

/** The one county-level division a page names, when it names one and only one (in a cited plan: 《泸西县创建…》). */
function soleCounty(context: Mention[]): Division | undefined {
  const names = new Set(context.filter((m) => m.divisions.some((d) => d.level === 'county')).map((m) => m.name));
  if (names.size !== 1) return undefined;
  const ds = context.find((m) => names.has(m.name))!.divisions.filter((d) => d.level === 'county');
  return ds.length === 1 ? ds[0] : undefined;
}

/** The kind of county a township answers to when the text names its superiors only by kind: 县委、县政府 → 县. */
function superiorKind(body: string): string {
  const kinds = new Set([...body.matchAll(/(?<![\u4e00-\u9fff])([县区旗])委[、,，]?\s*\1(?:人民)?政府|[在向]([县区旗])委[、,，]?\s*\2(?:人民)?政府/gu)].map((m) => m[1] ?? m[2]!));
  const loose = new Set([...body.matchAll(/([县区旗])委[、,，]?\s*\1(?:人民)?政府/gu)].map((m) => m[1]!));
  return loose.size === 1 && kinds.size <= 1 ? [...loose][0]! : '';
}

/** A division and everything above it. */
export function fill(d: Division): ResolvedPlaces {
  const province = provinceOf(d);
  const city = d.level === 'city' ? d : cityOf(d);
  // 中山市 and 东莞市 have no counties: the package lists the city again as its own county-level unit.
  const countyUnit = d.level === 'township' ? countyOf(d) : d.level === 'county' ? d : undefined;
  const county = countyUnit && countyUnit.name === city?.name ? undefined : countyUnit;
  return {
    province: province.name,
    city: isMunicipality(province) ? province.name : (city?.name ?? ''),
    county: county?.name ?? '',
    township: d.level === 'township' ? d.name : '',
    division_code: divisionCode(d),
    note: '',
    bodyLevel: '',
  };
}

function lowest(g: Mention): number {
  return Math.max(...g.divisions.map((d) => RANK[d.level]));
}

/**
 * How strongly the page places a candidate: its county, city and province
 * named next to it (same line group) count most, named anywhere on the page
 * less. A superior's committee ("沁水县委") counts: it says where the body is.
 */
function contextScore(d: Division, group: Mention[], context: Mention[]): number {
  const ancestors = [d.countyCode, d.cityCode, d.provinceCode].filter((c) => c && c !== d.code);
  const weight = (code: string) => (code.length === 6 ? 4 : code.length === 4 ? 2 : 1);
  let score = 0;
  for (const code of ancestors) {
    if (group.some((m) => m.divisions.some((x) => x.code === code))) score += 10 * weight(code);
    else if (context.some((m) => m.divisions.some((x) => x.code === code))) score += weight(code);
  }
  return score;
}

/** A place named right before a bureau ("龙岩市永定区卫生健康局"), for a department's report that calls itself 我局. */
function bureauPlace(body: string, context: Mention[]): Mention[] {
  const named = context.filter((m) => !m.superior && m.divisions.some((d) => d.level === 'county' || d.level === 'city') && /^[\u4e00-\u9fff]{1,10}局/u.test(body.slice(m.end, m.end + 12)));
  if (named.length === 0) return [];
  const names = new Set(named.map((m) => m.name));
  // The lowest level wins: 龙岩市 and 永定区 both stand before 卫生健康局.
  return names.size === 1 ? [named[0]!] : named.filter((m) => m.divisions.some((d) => d.level === 'county')).slice(0, 1);
}

/** The body speaks as a township: 我镇, 本乡, 镇党委, 全街道. */
const TOWNSHIP_VOICE = /(我|本|全)(镇|乡|街道|街)|(镇|乡)(党委|政府|人民政府)|街道(党工委|办事处)/;

/**
 * The township the body names most, when it names one at least twice and more
 * than any other, or names only one and speaks as a township (我镇).
 */
function mostNamedTownship(context: Mention[], body: string): Mention[] {
  const counts = new Map<string, { n: number; m: Mention }>();
  for (const m of context) {
    if (!m.divisions.some((d) => d.level === 'township')) continue;
    const c = counts.get(m.name);
    if (c) c.n++;
    else counts.set(m.name, { n: 1, m });
  }
  const sorted = [...counts.values()].sort((a, b) => b.n - a.n);
  if (sorted.length === 0 || (sorted[1] && sorted[1].n === sorted[0]!.n)) return [];
  if (sorted[0]!.n < 2 && !(sorted.length === 1 && TOWNSHIP_VOICE.test(body))) return [];
  return [sorted[0]!.m];
}

/** Province, city and county common to all candidates (two 新安镇 in one county still give the county). */
function sharedAncestors(ds: Division[]): Partial<Places> {
  const filled = ds.map(fill);
  const out: Partial<Places> = {};
  for (const k of ['province', 'city', 'county'] as const) {
    if (filled.every((f) => f[k] === filled[0]![k]) && filled[0]![k]) out[k] = filled[0]![k];
  }
  return out;
}

function placeLabel(d: Division): string {
  const f = fill(d);
  return [f.province, f.city !== f.province ? f.city : '', f.county].filter(Boolean).join('');
}

/** A province the page names, when it names exactly one (a site name, 清风辽宁 aside, counts). */
function provinceOnly(context: Mention[]): Partial<Places> {
  const provinces = new Set(context.flatMap((m) => m.divisions.filter((d) => d.level === 'province').map((d) => d.name)));
  if (provinces.size !== 1) return {};
  const name = [...provinces][0]!;
  return { province: name, city: ['北京市', '天津市', '上海市', '重庆市'].includes(name) ? name : '' };
}

/** A township name in the form the text gives it, for one the gazetteer lacks (new or renamed): 中长街道. */
const TOWNSHIP = /(?<![\u4e00-\u9fff])(?:[\u4e00-\u9fff]*?(?:人民政府|政府|党委|委员会|办事处))?([\u4e00-\u9fff]{2,5}?(?:镇|乡|街道|苏木))(?=人民政府|政府|党委|办事处|党工委|关于|坚持|在|\d|[,，、 ]|$)/u;
const NOT_A_TOWNSHIP = /[全我本该各辖]|^(城乡|农村|乡镇|重点|每个|所在|小城)/;

/** The first such township in the lines of `sources`' texts, in order; '' for none. Texts are read as they come: a signature may be most of a pasted collection. */
export function unlistedTownship(...sources: Iterable<string>[]): string {
  for (const texts of sources) {
    for (const text of texts) {
      for (const line of text.split('\n')) {
        const stripped = line.replace(/^.*?(人民政府|党委|委员会)(?=[\u4e00-\u9fff]{2,5}(镇|乡|街道))/u, '');
        const m = TOWNSHIP.exec(stripped);
        if (m && !NOT_A_TOWNSHIP.test(m[1]!)) return m[1]!;
      }
    }
  }
  return '';
}
