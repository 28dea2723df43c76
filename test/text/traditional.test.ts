import { createHash } from 'node:crypto';
/**
 * Reports in traditional characters (annotation guide §2): labeled, and
 * their themes found, exactly as if they were written in simplified
 * characters, while every text and offset keeps the source's characters.
 *
 * The traditional copies of the seeds are made here with OpenCC's own s2t
 * conversion (opencc-js), never committed. The real traditional text is the
 * 1954 national government work report in the shared corpus (read where it
 * lives, outside the repository; those tests are skipped without it).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportDoc, Unit } from '../../src/model/document.js';
import { analyzeCorpus } from '../../src/pipeline/analyze.js';
import { defaultStages } from '../../src/pipeline/default-stages.js';
import { cleanReport, inSimplifiedView, parseReport } from '../../src/pipeline/parse.js';
import { documentRow } from '../../src/output/writer.js';
import { detectScript, toSimplified, traditionalShare, TRADITIONAL_SHARE } from '../../src/text/script.js';
import { SEED_FILES, seedText } from '../helpers/seeds.js';

const s2t = OpenCC.Converter({ from: 'cn', to: 't' });
// shared/ lies beside the main checkout, and one level further up from a worktree under wt/.
const CORPUS = ['../../../shared/corpora/gov-work-reports.jsonl', '../../../../shared/corpora/gov-work-reports.jsonl']
  .map((p) => fileURLToPath(new URL(p, import.meta.url)))
  .find((p) => existsSync(p)) ?? '';
const present = CORPUS !== '';

function nationalReport(year: number): string {
  for (const line of readFileSync(CORPUS, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const rec = JSON.parse(line) as { title?: string; content: string };
    if (rec.title?.startsWith(`${year}年`)) return rec.content;
  }
  throw new Error(`no ${year} report in ${CORPUS}`);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const quantityKey = (u: Unit) => (u.quantities ?? []).map((q) => [q.start, q.end, q.value, q.unit, q.approx]);

/** Share of unit pairs that agree on `key`, and the units that differ. */
function agreement(a: ReportDoc[], b: ReportDoc[], key: (u: Unit) => unknown): { share: number; differing: string[] } {
  let n = 0;
  let agree = 0;
  const differing: string[] = [];
  a.forEach((doc, d) =>
    doc.units.forEach((u, i) => {
      n++;
      if (same(key(u), key(b[d]!.units[i]!))) agree++;
      else differing.push(`${doc.file}#${i} ${u.text.slice(0, 30)}`);
    }),
  );
  return { share: agree / n, differing };
}

describe('detecting the script', () => {
  it('reads the seeds as simplified and their s2t copies as traditional, far from the threshold on both sides', () => {
    for (const f of SEED_FILES) {
      const text = seedText(f.slice(0, 3));
      expect(traditionalShare(text), f).toBeLessThan(TRADITIONAL_SHARE / 10);
      expect(traditionalShare(s2t(text)), f).toBeGreaterThan(TRADITIONAL_SHARE * 4);
      expect(detectScript(text)).toBe('simplified');
      expect(detectScript(s2t(text))).toBe('traditional');
    }
  });

  it.skipIf(!present)('reads the 1954 report as traditional and the half-simplified 1957 report as simplified', () => {
    expect(detectScript(nationalReport(1954))).toBe('traditional');
    expect(traditionalShare(nationalReport(1954))).toBeGreaterThan(0.25);
    // 1957: the first simplification scheme, with 們, 這, 發 left in; under 1 %
    expect(traditionalShare(nationalReport(1957))).toBeGreaterThan(0);
    expect(detectScript(nationalReport(1957))).toBe('simplified');
  });
});

describe('the simplified view', () => {
  it('has the length of the source even where OpenCC changes length (二噁英 → 二𫫇英, 㗲 → 𠵾)', () => {
    for (const s of ['含二噁英的廢棄物', '㗲', '二噁英']) {
      const view = toSimplified(s);
      expect(view).toHaveLength(s.length);
    }
    // the phrase entry that would lengthen the text is left out; the characters still convert
    expect(toSimplified('含二噁英的廢棄物')).toBe('含二恶英的废弃物');
  });

  it('keeps every offset of the s2t copy of each seed: same length, same lines', () => {
    for (const f of SEED_FILES) {
      const traditional = s2t(seedText(f.slice(0, 3)));
      const cleaned = cleanReport(traditional);
      expect(cleaned.script).toBe('traditional');
      expect(cleaned.view).toHaveLength(cleaned.text.length);
      expect(cleaned.text.split('\n').map((l) => l.length)).toEqual(cleaned.view.split('\n').map((l) => l.length));
      // the kept lines are the source's, and the chrome is gone from them as from the simplified seed
      expect(cleaned.text).toBe(s2t(cleanReport(seedText(f.slice(0, 3))).text));
    }
  });
});

describe('the seeds in traditional characters', () => {
  const stages = defaultStages();
  let simplified: ReportDoc[];
  let traditional: ReportDoc[];
  beforeAll(() => {
    simplified = SEED_FILES.map((f) => parseReport(seedText(f.slice(0, 3)), { file: f, stages }));
    traditional = SEED_FILES.map((f) => parseReport(s2t(seedText(f.slice(0, 3))), { file: f, stages }));
  }, 60_000);

  it('give the same units at the same offsets, with the source characters', () => {
    traditional.forEach((doc, d) => {
      const simple = simplified[d]!;
      expect(doc.meta.script).toBe('traditional');
      expect(simple.meta.script).toBe('simplified');
      expect(doc.text).toBe(s2t(simple.text));
      expect(doc.units.map((u) => [u.kind, u.level, u.section, u.start, u.end])).toEqual(simple.units.map((u) => [u.kind, u.level, u.section, u.start, u.end]));
      expect(doc.sectionsFound).toEqual(simple.sectionsFound);
      for (const u of doc.units) {
        expect(u.text).toBe(doc.text.slice(u.start, u.end));
        for (const q of u.quantities ?? []) expect(q.raw).toBe(doc.text.slice(q.start, q.end));
      }
    });
    // the surface is traditional: headings and sentences read as the source does
    const heading = traditional[0]!.units.find((u) => u.text.startsWith('(一)強化組織抓部署'));
    expect(heading?.headingPath).toEqual(['一、2021年工作情況']);
    // code outside a stage can read the view the stages saw, and the source comes back
    const first = traditional[0]!;
    expect(inSimplifiedView(first, () => [first.text, first.units[5]!.text])).toEqual([simplified[0]!.text, simplified[0]!.units[5]!.text]);
    expect(first.text).toBe(s2t(simplified[0]!.text));
    expect(documentRow(traditional[0]!).script).toBe('traditional');
    expect(documentRow(simplified[0]!).script).toBe('simplified');
  });

  it('give the same functions (>= 98 %), themes (>= 95 %) and quantities to every unit', () => {
    const fn = agreement(simplified, traditional, (u) => u.tag?.function);
    const themes = agreement(simplified, traditional, (u) => u.themes?.themes);
    const quantities = agreement(simplified, traditional, quantityKey);
    expect(fn.share, `functions differ: ${fn.differing.join(' | ')}`).toBeGreaterThanOrEqual(0.98);
    expect(themes.share, `themes differ: ${themes.differing.join(' | ')}`).toBeGreaterThanOrEqual(0.95);
    // Every decision runs on the simplified view, so nothing differs at all.
    expect([fn.share, themes.share, quantities.share]).toEqual([1, 1, 1]);
    expect(traditional.map((d) => d.meta.township)).toEqual(simplified.map((d) => d.meta.township));
  });

  it('come out the same through the corpus run, where the stages run batch-wide after parsing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-traditional-'));
    writeFileSync(join(dir, SEED_FILES[2]!), s2t(seedText('002')));
    const { docs } = await analyzeCorpus(dir, { stages });
    expect(docs).toHaveLength(1);
    const doc = docs[0]!;
    expect(doc.meta.script).toBe('traditional');
    expect(doc.units.map((u) => u.text)).toEqual(traditional[2]!.units.map((u) => u.text));
    expect(doc.units.map((u) => u.tag?.function)).toEqual(simplified[2]!.units.map((u) => u.tag?.function));
    expect(doc.units.map((u) => u.themes?.themes)).toEqual(simplified[2]!.units.map((u) => u.themes?.themes));
  }, 60_000);
});

describe.skipIf(!present)('real text in traditional characters: the 1954 government work report', () => {
  const stages = defaultStages();
  // OpenCC's own hk→cn conversion, unfiltered, as an independent simplified copy.
  const t2s = OpenCC.Converter({ from: 'hk', to: 'cn' });

  it('a paragraph on the legal system: source characters kept, decided as its simplified copy is', () => {
    // The paragraph of the 1954 report on the legal system (爲了保衞我們的國家建設事業…), found by the digest of its text:
    // the corpus stays in ../shared.
    const digest = (t: string) => createHash('sha256').update(t).digest('hex').slice(0, 16);
    const report = nationalReport(1954);
    // its first sentence, then the 202 characters from there
    let line: string | undefined;
    for (let at = 0, end = report.indexOf('。'); end >= 0; at = end + 1, end = report.indexOf('。', at)) {
      const from = report.lastIndexOf('\n', end) + 1 > at ? report.lastIndexOf('\n', end) + 1 : at;
      if (digest(report.slice(from, end + 1).trim()) === 'f7eba23053f1027d') {
        const start = from + (report.slice(from).length - report.slice(from).trimStart().length);
        line = report.slice(start, start + 202);
        break;
      }
    }
    expect(line && digest(line)).toBe('0528e960885a2d47');
    const doc = parseReport(line!, { stages });
    const copy = parseReport(t2s(line!), { stages });
    expect(doc.meta.script).toBe('traditional');
    expect(copy.meta.script).toBe('simplified');
    // five sentences, each the source's own characters at its offsets
    expect(doc.units).toHaveLength(5);
    for (const u of doc.units) expect(u.text).toBe(line!.slice(u.start, u.end));
    expect(doc.units.map((u) => [u.start, u.end])).toEqual(copy.units.map((u) => [u.start, u.end]));
    expect(doc.units.map((u) => u.text).join('')).toBe(line);
    // tokens are the simplified words the dictionaries know: the fourth sentence opens with 今後 (今后), a frame of the future
    expect(doc.units[3]!.tokens).toContain('今后');
    expect(doc.units[3]!.tag?.function).toBe('plan');
    expect(doc.units.map((u) => [u.kind, u.section, u.tag?.function, u.themes?.themes])).toEqual(copy.units.map((u) => [u.kind, u.section, u.tag?.function, u.themes?.themes]));
  });

  it('the whole report: the same units, functions and themes as its simplified copy', () => {
    const report = nationalReport(1954);
    const doc = parseReport(report, { stages });
    const copy = parseReport(t2s(report), { stages });
    expect(doc.units.map((u) => [u.start, u.end, u.kind, u.section])).toEqual(copy.units.map((u) => [u.start, u.end, u.kind, u.section]));
    const fn = agreement([copy], [doc], (u) => u.tag?.function);
    const themes = agreement([copy], [doc], (u) => u.themes?.themes);
    expect(fn.share, fn.differing.join(' | ')).toBeGreaterThanOrEqual(0.98);
    expect(themes.share, themes.differing.join(' | ')).toBeGreaterThanOrEqual(0.95);
    for (const u of doc.units) expect(u.text).toBe(doc.text.slice(u.start, u.end));
  }, 60_000);
});
