/**
 * fazhi compare: profiles, keyness, similarity, clusters, boilerplate, reuse.
 *
 * The corpora are built here from real seed sentences. Until the tagger and
 * the themes stage land, function and themes are set on the units by the
 * fixture rules below (a crude stand-in, only so the comparison has
 * something to read); the comparison itself only reads those fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parseReport } from '../../src/pipeline/parse.js';
import { tokenizeStage } from '../../src/tokenize/stage.js';
import type { Stage } from '../../src/model/stage.js';
import { shippedTaxonomy } from '../../src/themes/taxonomy.js';
import { readCsv, writeCsv } from '../../src/output/csv.js';
import type { DocumentMeta, ReportDoc, SentenceFunction, Section } from '../../src/model/document.js';
import {
  compareCorpus,
  compareFolder,
  cosineSparse,
  findSharedSentences,
  isNumberToken,
  logLikelihood,
  chiSquare1Pvalue,
  shingleJaccard,
  normalizeForShingles,
  sharedWithColumn,
  compactFromInput,
  buildCompactDfm,
  compactTermStats,
  compactTfidf,
  selectFeatures,
  inputFromDocs,
  groupUnits,
  writeCompareResult,
  writeAllButSimilarity,
  writeSimilarity,
  COMPARE_FILES,
  type CompareResult,
} from '../../src/compare/index.js';
import { registerCompareCommand } from '../../src/cli/compare-command.js';
import { BOILERPLATE_COLUMNS } from '../../src/compare/write.js';
import { loadStopwords } from '../../src/tokenize/tokenizer.js';
import { buildPostings, mergedPairs, ROW_BLOCK, rowClaims, scanHeaps, scanRows, similarityOfPostings } from '../../src/compare/similarity.js';
import type { SparseVector } from '../../src/compare/dfm.js';
import { SEED_DIR, SEED_FILES, seedText } from '../helpers/seeds.js';
import { copyOfSeedAnalysis } from '../helpers/seed-folders.js';

/* --------------------------------------------------------------- fixtures */

const THEME_RULES: Array<[string, RegExp, string?]> = [
  ['study_training', /学法|培训|专题学习|中心组/],
  ['publicity', /普法|法治宣传|宣传/],
  ['pub_print', /宣传资料|宣传单|横幅|标语|展板|宣传栏|宣传册/, 'publicity'],
  ['pub_event', /讲座|宣讲|集中宣传|宪法宣传日|咨询/, 'publicity'],
  ['enforcement', /执法|处罚/],
  ['enf_inspection', /检查|巡查|专项整治/, 'enforcement'],
  ['enf_standards', /三项制度|持证上岗|执法证|全过程记录|法制审核/, 'enforcement'],
  ['dispute_resolution', /调解|信访|矛盾纠纷/],
];

const GUIDE_THEMES = shippedTaxonomy().ids;

function fixtureThemes(text: string): string[] {
  const found = new Set<string>();
  for (const [id, re, parent] of THEME_RULES) {
    if (re.test(text)) {
      found.add(id);
      if (parent) found.add(parent);
    }
  }
  return GUIDE_THEMES.filter((t) => found.has(t));
}

const SECTION_FUNCTION: Partial<Record<Section, SentenceFunction>> = {
  measures: 'measure',
  leader_duties: 'measure',
  shortcomings: 'shortcoming',
  plans: 'plan',
  suggestions: 'suggestion',
};

let stages: Stage[];
/** Function of every seed sentence by its section (the fixture's stand-in for the tagger). */
const functionOfText = new Map<string, SentenceFunction>();

function label(doc: ReportDoc): ReportDoc {
  for (const u of doc.units) {
    if (u.kind !== 'sentence') continue;
    u.tag = { function: functionOfText.get(u.text) ?? SECTION_FUNCTION[u.section] ?? 'other', confidence: 1, cues: ['fixture'], model: 'rules' };
    u.themes = { themes: fixtureThemes(u.text), cues: [] };
    u.quantities = [...u.text.matchAll(/(\d+)(份|场次|人次|次|件)/g)].map((m) => ({
      start: u.start + m.index!,
      end: u.start + m.index! + m[0].length,
      raw: m[0],
      value: Number(m[1]),
      unit: m[2]!,
      approx: false,
      subject: '',
    }));
  }
  return doc;
}

function makeDoc(id: string, meta: Partial<DocumentMeta>, sentences: string[]): ReportDoc {
  return label(parseReport(sentences.join('\n'), { file: `${id}.txt`, id, meta, stages }));
}

function seedDocs(): ReportDoc[] {
  return SEED_FILES.map((f) => label(parseReport(seedText(f.slice(0, 3)), { file: f, id: f.replace(/\.txt$/, ''), stages })));
}

const PLANTED = ['利用无人机开展执法巡查。', '无人机巡查覆盖全镇各村。', '购置无人机两台用于日常巡查。', '无人机拍摄违法建设现场。', '组建无人机巡查小组。', '无人机航拍发现问题线索。'];
let COPIED = '';

interface Corpus {
  docs: ReportDoc[];
  groupA: string[];
  groupB: string[];
}

/**
 * Six reports from seed sentences: group A writes mostly about publicity,
 * group B mostly about enforcement; the rest is shared-out neutral prose.
 */
function groupCorpus(opts: { plant?: boolean; copy?: boolean } = {}): Corpus {
  const seeds = seedDocs();
  const all = seeds.flatMap((d) => d.units.filter((u) => u.kind === 'sentence' && u.text.length >= 12).map((u) => u.text));
  const unique = [...new Set(all)];
  const themed = unique.map((t) => ({ t, th: fixtureThemes(t) }));
  const pub = themed.filter((x) => x.th.includes('publicity') && !x.th.includes('enforcement')).map((x) => x.t);
  const enf = themed.filter((x) => x.th.includes('enforcement') && !x.th.includes('publicity')).map((x) => x.t);
  const neutral = themed.filter((x) => x.th.length === 0).map((x) => x.t);
  // Disjoint slices: no sentence is in two reports.
  const take = (pool: string[], from: number, n: number) => pool.slice(from, from + n);
  const docs: ReportDoc[] = [];
  const groupA: string[] = [];
  const groupB: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = `A${i + 1}`;
    docs.push(makeDoc(id, { township: `甲${i + 1}镇`, county: '测试县', province: '测试省', report_year: 2021 }, [
      ...take(pub, i * 8, 8), ...take(enf, 27 + i * 2, 2), ...take(neutral, i * 12, 12),
    ]));
    groupA.push(id);
  }
  for (let i = 0; i < 3; i++) {
    const id = `B${i + 1}`;
    const sentences = [...take(enf, i * 9, 9), ...take(pub, 24 + i, 1), ...take(neutral, 36 + i * 12, 12)];
    if (opts.plant && i === 1) sentences.push(...PLANTED);
    docs.push(makeDoc(id, { township: `乙${i + 1}镇`, county: '测试县', province: '测试省', report_year: 2021 }, sentences));
    groupB.push(id);
  }
  // The copied sentence: the longest unused neutral sentence with a number.
  COPIED = neutral.slice(72).filter((t) => /\d/.test(t)).sort((a, b) => b.length - a.length || (a < b ? -1 : 1))[0]!;
  if (opts.copy) {
    // One long seed sentence copied into three reports; in the third with another number.
    const copied = COPIED;
    const targets = ['A1', 'B1', 'B3'];
    const out = docs.map((d) => {
      if (!targets.includes(d.id)) return d;
      const texts = d.units.filter((u) => u.kind === 'sentence').map((u) => u.text);
      const c = d.id === 'B3' ? copied.replace(/\d+/, '99') : copied;
      return makeDoc(d.id, d.meta, [...texts, c]);
    });
    return { docs: out, groupA, groupB };
  }
  return { docs, groupA, groupB };
}

function allCsvText(dir: string): string {
  return readdirSync(dir).filter((f) => f.endsWith('.csv') || f.endsWith('.json')).sort().map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
}

function noNaN(result: CompareResult, dir: string): void {
  const text = allCsvText(dir);
  expect(text).not.toMatch(/NaN|Infinity|undefined/);
  for (const row of result.profiles.rows) {
    for (const [k, v] of Object.entries(row)) if (typeof v === 'number') expect(Number.isFinite(v), `profiles ${k}`).toBe(true);
  }
  for (const r of result.similarity) {
    expect(Number.isFinite(r.cosine_tfidf)).toBe(true);
    if (r.cosine_themes !== null) expect(Number.isFinite(r.cosine_themes)).toBe(true);
  }
  for (const r of result.keyness) expect(Number.isFinite(r.G2) && Number.isFinite(r.p_value)).toBe(true);
  for (const r of result.clusters.rows) expect(Number.isFinite(r.distance)).toBe(true);
}

const tmp: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fazhi-compare-'));
  tmp.push(d);
  return d;
}

beforeAll(() => {
  stages = [tokenizeStage()];
  for (const f of SEED_FILES) {
    const d = parseReport(seedText(f.slice(0, 3)), { file: f, stages });
    for (const u of d.units) if (u.kind === 'sentence') functionOfText.set(u.text, SECTION_FUNCTION[u.section] ?? 'other');
  }
});

afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

/* ------------------------------------------------------------------ tests */

describe('building blocks', () => {
  it('numbers are not terms', () => {
    for (const t of ['2021', '1.', '3000', '157.14', '一次', '两年', '十余次', '万余元', '百余', '13212582269']) expect(isNumberToken(t), t).toBe(true);
    for (const t of ['统一', '逐一', '第一责任人', '三项制度', '两委', '一网统管', '普法']) expect(isNumberToken(t), t).toBe(false);
  });

  it('G² and its p-value match the textbook values', () => {
    // 2×2 table whose G² = 2 Σ O ln(O/E) is 21.17696 (computed independently).
    expect(logLikelihood(10, 10, 90, 890)).toBeCloseTo(21.17696, 4);
    expect(chiSquare1Pvalue(3.841458820694124)).toBeCloseTo(0.05, 10);
    expect(chiSquare1Pvalue(0)).toBe(1);
    expect(logLikelihood(0, 0, 0, 0)).toBe(0);
  });

  it('a document is similar to itself with cosine 1', () => {
    const { docs } = groupCorpus();
    const corpus = compactFromInput(inputFromDocs(docs, loadStopwords()), new Set(), { threshold: 0.8, shingle: 3, minChars: 10 });
    const units = groupUnits(corpus.input, 'document', []);
    const dfm = buildCompactDfm(corpus, units);
    const { stats, df } = compactTermStats(dfm);
    const vectors = compactTfidf(dfm, selectFeatures(stats, units.length, 2000), df);
    for (const v of vectors) expect(cosineSparse(v, v)).toBeCloseTo(1, 12);
    // and a copy of a document under another id has cosine 1 with it, on terms and on themes
    const copy = makeDoc('A1copy', docs[0]!.meta, docs[0]!.units.filter((u) => u.kind === 'sentence').map((u) => u.text));
    const r = compareCorpus([...docs, copy]);
    const pair = r.similarity.find((s) => s.a === 'A1' && s.b === 'A1copy')!;
    expect(pair.cosine_tfidf).toBeCloseTo(1, 9);
    expect(pair.cosine_themes).toBeCloseTo(1, 9);
    for (const s of r.similarity) expect(s.cosine_tfidf).toBeLessThanOrEqual(1);
  });
});

describe('similarity with neighbours', () => {
  it('takes --neighbours beyond the number of other units as all of them, without sizing memory by it', () => {
    const { docs } = groupCorpus({ plant: true, copy: true });
    const all = compareCorpus(docs, { neighbours: docs.length - 1 });
    // A heap of a billion pairs per unit could not be allocated.
    expect(compareCorpus(docs, { neighbours: 1_000_000_000 }).similarity).toEqual(all.similarity);
    expect(all.similarity.length).toBe((docs.length * (docs.length - 1)) / 2);
  });

  it("keeps exactly each unit's n most similar units, with the cosines of the full table", () => {
    const groups = groupCorpus({ plant: true }).docs;
    // Three verbatim copies of A1: cosines tie exactly, and the unit listed first must win the tie.
    const a1 = groups[0]!.units.filter((u) => u.kind === 'sentence').map((u) => u.text);
    const copies = ['Z1', 'Z2', 'Z3'].map((id) => makeDoc(id, groups[0]!.meta, a1));
    const docs = [...seedDocs(), ...groups, ...copies];
    const all = compareCorpus(docs);
    const n = 2;
    const near = compareCorpus(docs, { neighbours: n });
    const units = all.units.map((u) => u.id);
    expect(all.similarity).toHaveLength((units.length * (units.length - 1)) / 2);
    // Each unit's n best partners from the full table: higher cosine first, then the unit listed first.
    const at = new Map(units.map((u, i) => [u, i]));
    const expected = new Map<string, (typeof all.similarity)[number]>();
    for (const u of units) {
      const mine = all.similarity
        .filter((r) => r.a === u || r.b === u)
        .map((r) => ({ r, other: at.get(r.a === u ? r.b : r.a)! }))
        .sort((x, y) => y.r.cosine_tfidf - x.r.cosine_tfidf || x.other - y.other);
      for (const { r } of mine.slice(0, n)) expected.set(`${r.a}|${r.b}`, r);
    }
    const order = (x: { a: string; b: string }) => at.get(x.a)! * units.length + at.get(x.b)!;
    expect(near.similarity).toEqual([...expected.values()].sort((x, y) => order(x) - order(y)));
    expect(near.similarity.length).toBeGreaterThan(units.length);
    expect(near.similarity.length).toBeLessThan(all.similarity.length);
  });
});

describe('the similarity scan', () => {
  // Every sentence of the five seeds as a row (term counts, unit length):
  // hundreds of rows of real text, so that a scan spans many blocks.
  const rows: SparseVector[] = [];
  const termOf = new Map<string, number>();
  for (const d of seedDocs()) {
    for (const u of d.units) {
      if (u.kind !== 'sentence') continue;
      const counts = new Map<number, number>();
      for (const t of u.tokens ?? []) {
        if (!termOf.has(t)) termOf.set(t, termOf.size);
        counts.set(termOf.get(t)!, (counts.get(termOf.get(t)!) ?? 0) + 1);
      }
      const idx = Int32Array.from(counts.keys()).sort();
      const norm = Math.hypot(...counts.values());
      rows.push({ idx, val: Float64Array.from(idx, (f) => counts.get(f)! / norm) });
    }
  }
  const n = rows.length;
  const postings = buildPostings((i) => rows[i]!, n, termOf.size);
  /** Dot products of the rows a scan visits, by "i,j". */
  const scan = (claim: () => number, into = new Map<string, number>()) => {
    // The postings alone: the scan finds each row's features and weights in them.
    scanRows(n, postings, claim, (i, dot) => {
      for (let j = i + 1; j < n; j++) if (dot[j] !== 0) into.set(`${i},${j}`, dot[j]!);
    });
    return into;
  };

  it("reads no posting beyond a feature's own list: one read per row up to the feature's last unit, besides the products", () => {
    // A skip past unit i that was not bounded by the end of the feature's
    // postings ran on through the next features' lists whenever i was the
    // feature's last unit (for the last rows, to the end of the array).
    const countReads = (claims: Array<() => number>) => {
      let reads = 0;
      const counted = new Proxy(postings.postUnit, {
        get(target, key) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
          const v = Reflect.get(target, key) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
      for (const claim of claims) scanRows(n, { ...postings, postUnit: counted }, claim, () => undefined);
      return reads;
    };
    const { fptr, postUnit } = postings;
    let products = 0;
    let rowsReading = 0;
    for (let f = 0; f + 1 < fptr.length; f++) {
      const df = fptr[f + 1]! - fptr[f]!;
      products += (df * (df - 1)) / 2;
      // Rows 0 to the feature's last unit each read the posting the feature's cursor stops at.
      if (df > 0) rowsReading += postUnit[fptr[f + 1]! - 1]! + 1;
    }
    const nnz = fptr[fptr.length - 1]!;
    expect(products).toBeGreaterThan(nnz);
    // One scan of every row in turn skips nothing: each (row, feature) reads the posting its cursor is at, while there is one.
    expect(countReads([rowClaims()])).toBe(products + rowsReading);
    // Two scans taking every other block skip the other's rows, each posting at most once a scan.
    const everyOther = (first: number) => {
      let block = first;
      return () => (block += 2) * ROW_BLOCK - 2 * ROW_BLOCK;
    };
    const shared = countReads([everyOther(0), everyOther(1)]);
    expect(shared).toBeGreaterThan(products + rowsReading);
    expect(shared).toBeLessThanOrEqual(products + 2 * rowsReading + 2 * nnz);
  });

  it('adds the products of each pair in ascending feature order: the dot product of the two rows, to the last bit', () => {
    expect(n).toBeGreaterThan(10 * ROW_BLOCK);
    const found = scan(rowClaims());
    let expected = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = rows[i]!;
        const b = rows[j]!;
        let dot = 0;
        let shared = false;
        for (let p = 0, q = 0; p < a.idx.length && q < b.idx.length; ) {
          if (a.idx[p] === b.idx[q]) {
            dot += a.val[p++]! * b.val[q++]!;
            shared = true;
          } else if (a.idx[p]! < b.idx[q]!) p++;
          else q++;
        }
        if (!shared || dot === 0) continue;
        expected++;
        expect(found.get(`${i},${j}`), `${i},${j}`).toBe(dot);
      }
    }
    expect(found.size).toBe(expected);
  });

  it('finds the same dot products when the blocks of rows are shared out among scans', () => {
    const whole = scan(rowClaims());
    // Two threads taking every other block, as two threads racing for the counter might.
    const everyOther = (first: number) => {
      let block = first;
      return () => (block += 2) * ROW_BLOCK - 2 * ROW_BLOCK;
    };
    const shared = scan(everyOther(1), scan(everyOther(0)));
    expect(shared.size).toBe(whole.size);
    for (const [pair, dot] of whole) expect(shared.get(pair), pair).toBe(dot);
    // One counter for two scans: the first takes every block, the second none.
    const next = new Int32Array(1);
    expect(scan(rowClaims(next)).size).toBe(whole.size);
    expect(scan(rowClaims(next)).size).toBe(0);
  });

  it("keeps each unit's nearest when two scans' heaps are merged, as one scan keeps them", () => {
    const everyOther = (first: number) => {
      let block = first;
      return () => (block += 2) * ROW_BLOCK - 2 * ROW_BLOCK;
    };
    const units = Array.from({ length: n }, (_, i) => `s${String(i).padStart(4, '0')}`);
    // The merge takes the first heaps over: each merge gets heaps of its own.
    const halves = () => [scanHeaps(n, postings, 3, everyOther(0)), scanHeaps(n, postings, 3, everyOther(1))];
    const parts = halves();
    // Both scans kept pairs of their own, and neither kept every unit's best: the merge has work to do.
    const kept = parts.map((p) => p.size.reduce((a, b) => a + b, 0));
    expect(Math.min(...kept)).toBeGreaterThan(n);
    const one = similarityOfPostings(units, postings, null, 3);
    expect(one.length).toBeGreaterThan(n);
    for (const p of halves()) expect(mergedPairs(units, null, 3, [p])).not.toEqual(one);
    expect(mergedPairs(units, null, 3, parts)).toEqual(one);
    const [a, b] = halves();
    expect(mergedPairs(units, null, 3, [b!, a!])).toEqual(one);
  });
});

describe('profiles', () => {
  it('count functions, themes, theme × function, channels and quantities per unit', () => {
    const { docs } = groupCorpus();
    const r = compareCorpus(docs);
    const cols = r.profiles.columns;
    for (const c of ['n_measure', 'share_plan', 'n_publicity', 'share_publicity', 'share_publicity__measure', 'share_publicity__plan', 'share_pub_print_in_publicity', 'n_enf_inspection__measure', 'boilerplate_share', 'boilerplate_share__shortcoming']) {
      expect(cols, c).toContain(c);
    }
    for (const row of r.profiles.rows) {
      const d = docs.find((x) => x.id === row.unit)!;
      const sentences = d.units.filter((u) => u.kind === 'sentence');
      expect(row.n_sentences).toBe(sentences.length);
      expect(row.n_publicity).toBe(sentences.filter((u) => u.themes!.themes.includes('publicity')).length);
      // theme × function shares add up to the theme's share
      const sum = ['measure', 'outcome', 'shortcoming', 'plan', 'suggestion', 'other'].reduce((s, f) => s + (row[`share_publicity__${f}`] as number), 0);
      expect(sum).toBeCloseTo(row.share_publicity as number, 12);
      // quantity totals per unit of measure
      const fen = sentences.flatMap((u) => u.quantities!).filter((q) => q.unit === '份').reduce((s, q) => s + q.value, 0);
      if (fen > 0) expect(row['qty_all__份']).toBe(fen);
    }
    const a1 = r.profiles.rows.find((x) => x.unit === 'A1')!;
    const b1 = r.profiles.rows.find((x) => x.unit === 'B1')!;
    expect(a1.share_publicity as number).toBeGreaterThan(b1.share_publicity as number);
    expect(b1.share_enforcement as number).toBeGreaterThan(a1.share_enforcement as number);
  });

  it('pools a township over its years with --by township', () => {
    const { docs } = groupCorpus();
    const meta = { ...docs[0]!.meta, report_year: 2022 };
    const later = makeDoc('A1-2022', meta, docs[1]!.units.filter((u) => u.kind === 'sentence').map((u) => u.text));
    const r = compareCorpus([...docs, later], { by: 'township' });
    expect(r.units).toHaveLength(6);
    const t = r.profiles.rows.find((x) => x.township === '甲1镇')!;
    expect(t.unit).toBe('测试省/测试县/甲1镇');
    expect(t.n_docs).toBe(2);
    expect(t.years).toBe('2021;2022');
    const p = compareCorpus([...docs, later], { by: 'province' });
    expect(p.units.map((u) => u.id)).toEqual(['测试省']);
  });
});

describe('clusters', () => {
  it('recover the two groups of reports (theme emphasis)', () => {
    const { docs, groupA, groupB } = groupCorpus();
    for (const features of ['themes', 'both'] as const) {
      const r = compareCorpus(docs, { features, k: 'auto' });
      expect(r.clusters.k, features).toBe(2);
      expect(r.clusters.chosenBy).toBe('auto');
      expect(r.clusters.silhouette).toBeGreaterThan(0);
      const of = (id: string) => r.clusters.rows.find((x) => x.unit === id)!.cluster;
      const a = new Set(groupA.map(of));
      const b = new Set(groupB.map(of));
      expect(a.size, features).toBe(1);
      expect(b.size, features).toBe(1);
      expect([...a][0]).not.toBe([...b][0]);
      // the cluster of group A is described by publicity, that of B by enforcement
      const top = (c: number) => r.clusters.description.filter((d) => d.cluster === c).slice(0, 3).map((d) => d.feature);
      expect(top(of('A1')).some((f) => /publicity|pub_/.test(f)), top(of('A1')).join()).toBe(true);
      expect(top(of('B1')).some((f) => /enforcement|enf_/.test(f)), top(of('B1')).join()).toBe(true);
    }
  });

  it('k is capped by the number of units, and fewer than 3 units get a clear message', () => {
    const { docs } = groupCorpus();
    const r = compareCorpus(docs, { k: 10 });
    expect(r.clusters.k).toBeLessThanOrEqual(5);
    expect(r.clusters.message).toMatch(/more than the data allow/);
    const two = compareCorpus(docs.slice(0, 2));
    expect(two.clusters.k).toBe(1);
    expect(two.clusters.silhouette).toBeNull();
    expect(two.clusters.message).toMatch(/at least 3 units/);
    expect(two.notes.join(' ')).toMatch(/at least 3 units/);
  });
});

describe('keyness', () => {
  it('finds a term planted in one report', () => {
    const { docs } = groupCorpus({ plant: true });
    const r = compareCorpus(docs);
    const top = r.keyness.filter((k) => k.unit === 'B2');
    expect(top[0]!.term).toBe('无人机');
    expect(top[0]!.count_target).toBe(6);
    expect(top[0]!.count_reference).toBe(0);
    expect(top[0]!.p_value).toBeLessThan(0.01);
    expect(r.keyness.filter((k) => k.unit !== 'B2').map((k) => k.term)).not.toContain('无人机');
    // stopwords and numbers are never key terms
    const stop = loadStopwords();
    for (const k of r.keyness) {
      expect(stop.has(k.term), k.term).toBe(false);
      expect(isNumberToken(k.term), k.term).toBe(false);
    }
    // ranks run 1.. per unit, G² descending
    for (const unit of new Set(r.keyness.map((k) => k.unit))) {
      const rows = r.keyness.filter((k) => k.unit === unit);
      rows.forEach((k, i) => {
        expect(k.rank).toBe(i + 1);
        if (i) expect(rows[i - 1]!.G2).toBeGreaterThanOrEqual(k.G2);
      });
    }
  });
});

describe('boilerplate and reuse', () => {
  it('normalizes sentences by the one-pass table exactly as the definition does (NFKC, lower case, no punctuation, symbols or spaces, digit runs to #)', () => {
    const definition = (t: string) => t.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, '').replace(/[0-9]+/g, '#');
    const texts = seedDocs().flatMap((d) => d.units.map((u) => u.text));
    const national = join(SEED_DIR, '../../../shared/corpora/gov-work-reports.jsonl');
    if (existsSync(national)) {
      for (const line of readFileSync(national, 'utf8').split('\n')) if (line) texts.push(...String(JSON.parse(line).content ?? '').split(/(?<=[。！？\n])/));
    }
    expect(texts.length).toBeGreaterThan(300);
    for (const t of texts) expect(normalizeForShingles(t), t).toBe(definition(t));
    // Every character of the Basic Multilingual Plane alone and among others (combining marks, digit runs, letters).
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const t of [ch, `a${ch}1`, `1${ch}2`, `A${ch}`, `${ch}\u0301`, `法${ch}治`]) if (normalizeForShingles(t) !== definition(t)) wrong.push(t);
    }
    expect(wrong).toEqual([]);
    expect(normalizeForShingles('2021年，全镇共开展“法律进乡村”活动1,200余场（次）。ABC')).toBe('#年全镇共开展法律进乡村活动#余场次abc');
  });

  it('finds a sentence copied into three reports', () => {
    const { docs } = groupCorpus({ copy: true });
    expect(shingleJaccard(COPIED, COPIED.replace(/\d+/, '99'))).toBeGreaterThanOrEqual(0.8);
    const r = compareCorpus(docs);
    const hits = r.sharedSentences.filter((s) => s.sharedWith > 0);
    expect(hits.map((s) => s.docId).sort()).toEqual(['A1', 'B1', 'B3']);
    for (const h of hits) {
      expect(h.sharedWith).toBe(2);
      expect(h.docs).toEqual(['A1', 'B1', 'B3'].filter((d) => d !== h.docId));
      expect(h.passage).toBe(1);
    }
    expect(r.sharedSentences.filter((s) => s.sharedWith === 0).every((s) => s.passage === null)).toBe(true);
    // One shared passage: the verbatim copy (A1, B1) and the one with another number (B3), shown by the text repeated most.
    expect(r.boilerplate).toHaveLength(1);
    const [passage] = r.boilerplate;
    expect(passage).toMatchObject({ passage: 1, nDocs: 3, nSentences: 3, nVariants: 1, docs: ['A1', 'B1', 'B3'], example: COPIED, exampleDocId: 'A1' });
    expect(passage!.normalizedText).toBe(normalizeForShingles(COPIED));
    expect(passage!.functions.reduce((n, [, k]) => n + k, 0)).toBe(3);
    const a1 = r.profiles.rows.find((x) => x.unit === 'A1')!;
    expect(a1.boilerplate_sentences).toBe(1);
    expect(a1.boilerplate_share).toBeCloseTo(1 / (a1.n_sentences as number), 12);
    // the function for the analyze writer gives the same numbers
    const index = findSharedSentences(docs);
    const col = sharedWithColumn(index);
    const doc = docs.find((d) => d.id === 'B3')!;
    const copiedUnit = doc.units.find((u) => u.kind === 'sentence' && u.text.includes(COPIED.slice(-12)))!;
    expect(col.name).toBe('shared_with');
    expect(col.value(copiedUnit, doc)).toBe(2);
    expect(col.value(doc.units.find((u) => u.kind === 'heading') ?? doc.units[0]!, doc)).not.toBe(2);
  });

  it('gives every sentence its own text back, whether a copy shares it or differs in a number', () => {
    // A1 and B1 hold the same sentence verbatim (stored once), B3 the same one
    // with another number (the same record, a text of its own).
    const { docs } = groupCorpus({ copy: true });
    const r = compareCorpus(docs);
    const textOf = new Map(docs.flatMap((d) => d.units.map((u) => [`${d.id}#${u.index}`, u.text] as [string, string])));
    expect(r.sharedSentences.length).toBeGreaterThan(100);
    for (const s of r.sharedSentences) expect(s.text).toBe(textOf.get(`${s.docId}#${s.unitIndex}`));
    const copies = r.sharedSentences.filter((s) => s.sharedWith > 0).map((s) => s.text);
    expect(copies.filter((t) => t === COPIED)).toHaveLength(2);
    expect(copies.filter((t) => t !== COPIED)).toEqual([COPIED.replace(/\d+/, '99')]);
  });

  it('finds nothing in a corpus without copies', () => {
    const seeds = compareCorpus(seedDocs());
    expect(seeds.sharedSentences.length).toBeGreaterThan(300);
    expect(seeds.sharedSentences.filter((s) => s.sharedWith > 0)).toEqual([]);
    expect(seeds.boilerplate).toEqual([]);
    const groups = compareCorpus(groupCorpus().docs);
    expect(groups.sharedSentences.filter((s) => s.sharedWith > 0)).toEqual([]);
    expect(groups.boilerplate).toEqual([]);
  });

  it('measures how much of a year repeats the year before', () => {
    const pool = seedDocs().flatMap((d) => d.units.filter((u) => u.kind === 'sentence' && u.text.length >= 15).map((u) => u.text));
    const unique = [...new Set(pool)];
    const y2021 = unique.slice(0, 20);
    const y2022 = [...unique.slice(0, 10), ...unique.slice(100, 110)];
    const y2023 = unique.slice(200, 220);
    const meta = { township: '丙镇', county: '测试县', province: '测试省' };
    const docs = [
      makeDoc('C2021', { ...meta, report_year: 2021 }, y2021),
      makeDoc('C2022', { ...meta, report_year: 2022 }, y2022),
      makeDoc('C2023', { ...meta, report_year: 2023 }, y2023),
      makeDoc('D2022', { township: '丁镇', county: '测试县', province: '测试省', report_year: 2022 }, y2021),
    ];
    const r = compareCorpus(docs);
    expect(r.reuse.map((x) => [x.doc_id, x.previous_year])).toEqual([
      ['C2022', 2021],
      ['C2023', 2022],
    ]);
    const c22 = r.reuse[0]!;
    expect(c22.previous_doc_ids).toBe('C2021');
    expect(c22.n_repeated).toBe(10);
    expect(c22.share_repeated).toBeCloseTo(10 / c22.n_sentences, 12);
    expect(c22.share_repeated).toBeCloseTo(0.5, 1);
    expect(c22.share_repeated_chars).toBeGreaterThan(0);
    expect(r.reuse[1]!.n_repeated).toBe(0);
  });
});

describe('outputs', () => {
  it('are byte-identical when run twice', () => {
    const { docs } = groupCorpus({ plant: true, copy: true });
    const d1 = tempDir();
    const d2 = tempDir();
    writeCompareResult(compareCorpus(docs, { features: 'both' }), d1);
    // a second run on the same documents given in another order
    writeCompareResult(compareCorpus([...groupCorpus({ plant: true, copy: true }).docs].reverse(), { features: 'both' }), d2);
    for (const f of COMPARE_FILES) {
      expect(readFileSync(join(d1, f)).equals(readFileSync(join(d2, f))), f).toBe(true);
    }
  });

  it("remove a previous comparison's similarity.csv before writing the other tables, and write it last", () => {
    const { docs } = groupCorpus({ plant: true, copy: true });
    const r = compareCorpus(docs);
    const dir = tempDir();
    writeFileSync(join(dir, 'similarity.csv'), 'a,b,cosine_tfidf,cosine_themes\r\nold,older,1,1\r\n');
    writeAllButSimilarity(r, dir);
    // Only similarity.csv is missing: the stale one is not left beside the new tables.
    expect(COMPARE_FILES.filter((f) => !existsSync(join(dir, f)))).toEqual(['similarity.csv']);
    writeSimilarity(r, dir);
    const whole = tempDir();
    writeCompareResult(r, whole);
    for (const f of COMPARE_FILES) expect(readFileSync(join(dir, f)).equals(readFileSync(join(whole, f))), f).toBe(true);
  });

  it('the five seeds give no NaN anywhere, whatever the unit', () => {
    const docs = seedDocs();
    for (const by of ['document', 'township', 'province'] as const) {
      for (const features of ['themes', 'tfidf', 'both'] as const) {
        const r = compareCorpus(docs, { by, features });
        const dir = tempDir();
        writeCompareResult(r, dir);
        noNaN(r, dir);
      }
    }
    // and neither do the smallest corpora, nor seeds without any annotation beyond tokens
    for (const n of [0, 1, 2, 3]) {
      const r = compareCorpus(docs.slice(0, n));
      const dir = tempDir();
      writeCompareResult(r, dir);
      noNaN(r, dir);
    }
    const bare = SEED_FILES.map((f) => parseReport(seedText(f.slice(0, 3)), { file: f, stages }));
    const r = compareCorpus(bare);
    const dir = tempDir();
    writeCompareResult(r, dir);
    noNaN(r, dir);
    expect(r.clusters.features).toBe('tfidf');
    expect(r.notes.join(' ')).toMatch(/no themes/);
  });
});

describe('fazhi compare', () => {
  let analysis: string;

  beforeAll(() => {
    analysis = copyOfSeedAnalysis(tempDir());
  });

  async function run(args: string[]): Promise<void> {
    const program = new Command();
    program.exitOverride();
    registerCompareCommand(program);
    await program.parseAsync(['compare', ...args], { from: 'user' });
  }

  it('writes every table into a real analysis folder', async () => {
    await run([analysis, '-q']);
    for (const f of COMPARE_FILES) expect(existsSync(join(analysis, f)), f).toBe(true);
    const profiles = readCsv(readFileSync(join(analysis, 'profiles.csv'), 'utf8'));
    expect(profiles).toHaveLength(5);
    const clusters = readCsv(readFileSync(join(analysis, 'clusters.csv'), 'utf8'));
    expect(clusters).toHaveLength(5);
    expect(Number(clusters[0]!.k)).toBeGreaterThanOrEqual(2);
    expect(clusters[0]!.silhouette).not.toBe('');
    const sim = readCsv(readFileSync(join(analysis, 'similarity.csv'), 'utf8'));
    expect(sim).toHaveLength(10);
    // The five seeds share no sentence: boilerplate.csv has its columns and no passage, sentences.csv its two columns, empty.
    const boiler = readFileSync(join(analysis, 'boilerplate.csv'), 'utf8');
    expect(boiler.split('\r\n')[0]).toBe(BOILERPLATE_COLUMNS.join(','));
    expect(readCsv(boiler)).toEqual([]);
    const sentences = readCsv(readFileSync(join(analysis, 'sentences.csv'), 'utf8'));
    expect(sentences.filter((r) => r.kind === 'sentence' && r.shared_with === '0')).toHaveLength(sentences.filter((r) => r.kind === 'sentence' && r.shared_with !== '').length);
    expect(sentences.filter((r) => r.shared_with === '0').length).toBeGreaterThan(300);
    expect(sentences.every((r) => r.passage === '')).toBe(true);
    expect(allCsvText(analysis)).not.toMatch(/NaN|Infinity/);
  });

  it('writes into --out, by township, with k given', async () => {
    const out = join(tempDir(), 'cmp');
    await run([analysis, '--out', out, '--by', 'township', '-k', '3', '--features', 'tfidf', '-q']);
    const clusters = readCsv(readFileSync(join(out, 'clusters.csv'), 'utf8'));
    expect(new Set(clusters.map((c) => c.cluster)).size).toBe(3);
    expect(clusters.every((c) => c.chosen_by === 'fixed')).toBe(true);
  });

  it('reads function, themes and quantities columns when the folder has them', () => {
    const dir = tempDir();
    for (const f of ['documents.csv']) writeFileSync(join(dir, f), readFileSync(join(analysis, f)));
    const rows = readCsv(readFileSync(join(analysis, 'sentences.csv'), 'utf8'));
    const labeled = rows.map((r) => ({
      ...r,
      function: r.kind === 'sentence' ? (functionOfText.get(r.text!) ?? 'other') : '',
      themes: r.kind === 'sentence' ? fixtureThemes(r.text!).join(';') : '',
    }));
    // The fixture's labels replace the stages' own (when they ran), so the numbers can be checked against the documents.
    writeCsv(join(dir, 'sentences.csv'), [...new Set([...Object.keys(rows[0]!), 'function', 'themes'])], labeled);
    const qrows = rows
      .filter((r) => r.kind === 'sentence')
      .flatMap((r) => [...r.text!.matchAll(/(\d+)(份|场次)/g)].map((m) => ({ doc_id: r.doc_id, unit_index: r.unit_index, raw: m[0], value: m[1], unit: m[2] })));
    writeCsv(join(dir, 'quantities.csv'), ['doc_id', 'unit_index', 'raw', 'value', 'unit'], qrows);
    const r = compareFolder(dir);
    expect(r.notes.join(' ')).not.toMatch(/no themes column|no function column|quantities.csv is missing/);
    expect(r.profiles.columns).toContain('share_publicity__measure');
    expect(r.clusters.features).toBe('themes');
    const fromDocs = compareCorpus(seedDocs());
    // the same numbers as from the documents themselves (fixture labels are the same)
    const byUnit = (res: CompareResult, u: string) => res.profiles.rows.find((x) => x.unit === u)!;
    for (const u of r.units.map((x) => x.id)) {
      expect(byUnit(r, u).n_publicity).toBe(byUnit(fromDocs, u).n_publicity);
      expect(byUnit(r, u).n_measure).toBe(byUnit(fromDocs, u).n_measure);
    }
    if (qrows.some((q) => q.unit === '份')) expect(r.profiles.columns).toContain('qty_all__份');
  });

  it('degrades gracefully without optional columns, and says so', () => {
    const dir = tempDir();
    const rows = readCsv(readFileSync(join(analysis, 'sentences.csv'), 'utf8'));
    writeCsv(join(dir, 'sentences.csv'), ['doc_id', 'unit_index', 'text'], rows);
    const r = compareFolder(dir);
    const notes = r.notes.join(' ');
    expect(notes).toMatch(/documents.csv is missing/);
    expect(notes).toMatch(/no tokens column/);
    expect(notes).toMatch(/no themes column/);
    expect(r.units).toHaveLength(5);
    expect(r.keyness.length).toBeGreaterThan(0);
  });

  it('explains every option in --help', () => {
    const program = new Command();
    let help = '';
    program.exitOverride().configureOutput({ writeOut: (s) => (help += s) });
    registerCompareCommand(program);
    expect(() => program.parse(['compare', '--help'], { from: 'user' })).toThrow();
    for (const o of ['--out', '--by', '--features', '-k', '--k-max', '--seed', '--restarts', '--max-features', '--cluster-terms', '--top', '--min-count', '--stopwords', '--threshold', '--min-chars', '--list-docs', '--neighbors', '--quiet']) {
      expect(help, o).toContain(o);
    }
  });
});
