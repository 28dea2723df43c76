/**
 * Quantities stage (annotation guide §5), checked on the real sentences of
 * test/fixtures/quantities/cases.tsv (each checked to occur in its source).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  extractQuantities,
  parseChineseNumeral,
  parseUnitList,
  UNITS,
  UNITS_FILE,
} from '../../src/quantities/index.js';

/** A quantity a case expects; `raw` and `subject` are checked only when given. */
interface Expected {
  value: number;
  unit: string;
  approx?: boolean;
  raw?: string;
  subject?: string;
}

interface Case {
  line: number;
  source: string;
  text: string;
  expect: Expected[];
  note: string;
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CASES_FILE = 'test/fixtures/quantities/cases.tsv';
const COLUMNS = ['source', 'url', 'text', 'expect', 'note'];

function readCases(): Case[] {
  const [header, ...rows] = readFileSync(REPO + CASES_FILE, 'utf8').replace(/\n$/, '').split('\n');
  if (header !== COLUMNS.join('\t')) throw new Error(`${CASES_FILE}: header is not ${COLUMNS.join(', ')}`);
  return rows.map((row, k) => {
    const cells = row.split('\t');
    if (cells.length !== COLUMNS.length) throw new Error(`${CASES_FILE}:${k + 2}: ${cells.length} columns, not ${COLUMNS.length}`);
    const [source, , text, expect, note] = cells as [string, string, string, string, string];
    return { line: k + 2, source, text, expect: JSON.parse(expect) as Expected[], note };
  });
}

const CASES = readCases();

describe('extractQuantities on real report text (guide §5)', () => {
  it.each(CASES.map((c) => [c.line, c.text, c] as const))('cases.tsv:%i %s', (_line, _text, c) => {
    const got = extractQuantities(c.text);
    expect(
      got.map((g) => ({ value: g.value, unit: g.unit, approx: g.approx })),
      c.note || c.text,
    ).toEqual(c.expect.map((e) => ({ value: e.value, unit: e.unit, approx: e.approx ?? false })));
    c.expect.forEach((e, k) => {
      if (e.raw !== undefined) expect(got[k]?.raw).toBe(e.raw);
      if (e.subject !== undefined) expect(got[k]?.subject).toBe(e.subject);
    });
  });
});

const REPORTS_DIR = REPO + 'data/reports/';
const reports = readdirSync(REPORTS_DIR)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(REPORTS_DIR + f, 'utf8'));

describe('cases.tsv', () => {
  it('quotes every text verbatim from its source file in the repository', () => {
    const sources = new Map<string, string>();
    const missing = CASES.filter((c) => {
      if (!/^data\/(?:reports|openings\/[AB])\/[^/]+\.txt$/.test(c.source)) return true;
      if (!sources.has(c.source)) sources.set(c.source, readFileSync(REPO + c.source, 'utf8'));
      return !sources.get(c.source)?.includes(c.text);
    });
    expect(missing.map((c) => `${c.line}: ${c.source}: ${c.text}`)).toEqual([]);
  });

  it('has at least 70 cases, some with nothing to count, and a dozen subject checks', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(70);
    expect(CASES.filter((c) => c.expect.length === 0).length).toBeGreaterThanOrEqual(20);
    const subjects = CASES.flatMap((c) => c.expect).filter((e) => e.subject !== undefined);
    expect(subjects.length).toBeGreaterThanOrEqual(12);
  });
});

describe('offsets', () => {
  it('round-trip in a sentence with an offset', () => {
    const sentence = '2024年,累计开展68场次广场法治宣传活动,组织送法下乡29次,发放宣传资料4万余份,解答法律咨询580余人次,办理法律援助案件8件';
    expect(readFileSync(REPO + 'data/openings/A/062.txt', 'utf8')).toContain(sentence);
    const offset = 1234;
    const got = extractQuantities(sentence, offset);
    expect(got.map((g) => g.raw)).toEqual(['68场次', '29次', '4万余份', '580余人次', '8件']);
    for (const g of got) {
      expect(g.start).toBeGreaterThanOrEqual(offset);
      expect(sentence.slice(g.start - offset, g.end - offset)).toBe(g.raw);
    }
    expect(got[0]?.start).toBe(offset + sentence.indexOf('68场次'));
  });

  it('point into the document for every line of the seed reports', () => {
    let count = 0;
    for (const text of reports) {
      let offset = 0;
      for (const line of text.split('\n')) {
        for (const g of extractQuantities(line, offset)) {
          expect(line.slice(g.start - offset, g.end - offset)).toBe(g.raw);
          expect(text.slice(g.start, g.end)).toBe(g.raw);
          count++;
        }
        offset += line.length + 1;
      }
    }
    // The five seed reports state well over a hundred quantities.
    expect(count).toBeGreaterThan(120);
  });
});

describe('Chinese numerals', () => {
  it.each([
    ['一百二十', 120],
    ['两万', 20000],
    ['三千', 3000],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['一百零五', 105],
    ['一千五', 1500],
    ['一亿二千万', 120000000],
    ['二百○八', 208],
  ] as const)('%s = %d', (text, value) => {
    expect(parseChineseNumeral(text)?.value).toBe(value);
  });

  it.each(['十四五', '八五', '二〇二一', '五一', '零'])('%s is not a number', (text) => {
    expect(parseChineseNumeral(text)).toBeNull();
  });

  it('marks bare multipliers as lone', () => {
    expect(parseChineseNumeral('百')).toEqual({ value: 100, lone: true });
    expect(parseChineseNumeral('一百')).toEqual({ value: 100, lone: false });
  });
});

describe('units dictionary', () => {
  it('is the plain text file dictionaries/units.txt', () => {
    expect(UNITS_FILE.replace(/\\/g, '/')).toMatch(/\/dictionaries\/units\.txt$/);
    const surfaces = UNITS.map((u) => u.surface);
    for (const u of ['份', '场次', '场', '次', '件', '人次', '名', '个', '户', '%', '元', '人', '家', '起', '条', '项', '期', '处', '批', '单', '篇', '本', '张', '幅', '条次']) {
      expect(surfaces).toContain(u);
    }
  });

  it('is matched longest first and maps surface forms', () => {
    const parsed = parseUnitList('# comment\n人\n人次\n％ = %\n\n');
    expect(parsed).toEqual([
      { surface: '人次', unit: '人次' },
      { surface: '人', unit: '人' },
      { surface: '％', unit: '%' },
    ]);
    expect(UNITS.findIndex((u) => u.surface === '人次')).toBeLessThan(UNITS.findIndex((u) => u.surface === '人'));
  });
});
