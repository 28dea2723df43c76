/**
 * Fuzzing the whole pipeline: hundreds of generated inputs from a seeded
 * PRNG (so every run is the same): random bytes under every extension,
 * truncated UTF-8 and GBK, reports cut at random points, headings without
 * bodies, empty sections, 1 MB of one repeated character, deeply nested and
 * unclosed HTML, broken JSONL, truncated and bit-flipped .docx and .pdf.
 *
 * Whatever comes in: nothing throws out of the batch, every file is in the
 * manifest, every sentence's offsets point at its text, and the tables written
 * read back with as many rows as there are units.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { analyzeCorpus, runAnalysis, type CorpusResult } from '../../src/pipeline/analyze.js';
import { cleanText } from '../../src/clean/chrome.js';
import { segment } from '../../src/structure/segment.js';
import { layoutParagraphs, makePdf } from '../helpers/pdf.js';
import { makeDocx } from '../helpers/docx.js';
import { SEED_FILES, seedText } from '../helpers/seeds.js';

/** mulberry32: a small, fast, seeded PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const bytes = (n: number) => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = int(256);
    return b;
  };
  return { next, int, pick, bytes };
}

const SEEDS = SEED_FILES.map((f) => seedText(f.slice(0, 3)));
const HEADINGS = ['一、', '二、', '三、', '（一）', '（二）', '1.', '2.', '(1)', '一是', '第一部分', '①'];
const ODD = ['\u0000', '\ufeff', '\u200b', '\u3000', '\r', '\r\n', '\t', '𠀀', '😀', '\ud800', '\udc00', '，', '。', '“', '”', '<', '&amp;', '"', ',', '=', '-', '@', '\u2028', '\u0085'];

function generate(dir: string): string[] {
  const r = prng(20240601);
  const files: string[] = [];
  const put = (name: string, data: string | Buffer) => {
    writeFileSync(join(dir, name), data);
    files.push(name);
  };
  const cutText = (s: string) => s.slice(0, r.int(s.length + 1));
  const mutate = (s: string) => {
    const chars = Array.from(s);
    const n = 1 + r.int(30);
    for (let k = 0; k < n; k++) {
      const at = r.int(chars.length + 1);
      const op = r.int(4);
      if (op === 0) chars.splice(at, 0, r.pick(ODD));
      else if (op === 1) chars.splice(at, 1 + r.int(50));
      else if (op === 2) chars.splice(at, 0, ...chars.slice(r.int(chars.length), r.int(chars.length)));
      else chars.splice(at, 0, '\n', r.pick(HEADINGS));
    }
    return chars.join('');
  };

  for (let i = 0; i < 60; i++) put(`rand-${i}.${r.pick(['txt', 'html', 'jsonl', 'pdf', 'docx', 'htm', 'text'])}`, r.bytes(r.int(i < 50 ? 3000 : 60000)));
  for (let i = 0; i < 40; i++) {
    const b = Buffer.from(r.pick(SEEDS), 'utf8');
    put(`utf8-cut-${i}.txt`, b.subarray(0, r.int(b.length)));
  }
  for (let i = 0; i < 40; i++) {
    const b = iconv.encode(r.pick(SEEDS), 'gbk');
    put(`gbk-cut-${i}.${i % 4 === 0 ? 'html' : 'txt'}`, b.subarray(r.int(8), r.int(b.length)));
  }
  for (let i = 0; i < 40; i++) put(`cut-${i}.txt`, cutText(r.pick(SEEDS)));
  for (let i = 0; i < 40; i++) put(`mutated-${i}.txt`, mutate(r.pick(SEEDS)));
  for (let i = 0; i < 15; i++) {
    // headings without bodies
    const lines = Array.from({ length: 1 + r.int(40) }, () => `${r.pick(HEADINGS)}${r.pick(['加强法治政府建设', '存在问题', '下一步工作计划', '', '主要举措和成效'])}`);
    put(`headings-${i}.txt`, lines.join(r.pick(['\n', '\r\n', '\r', '\n\n'])));
  }
  for (let i = 0; i < 15; i++) {
    // empty sections: the headings of a report with some bodies removed
    const kept = r.pick(SEEDS).split('\n').filter((l) => /^\s*([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])/.test(l) || r.next() < 0.3);
    put(`empty-sections-${i}.txt`, kept.join('\n'));
  }
  for (let i = 0; i < 15; i++) {
    const lines = Array.from({ length: 1 + r.int(6) }, () =>
      r.pick([
        () => JSON.stringify({ title: mutate('标题'), content: cutText(r.pick(SEEDS)), year: r.int(3000) }),
        () => JSON.stringify({ text: r.pick(SEEDS) }),
        () => JSON.stringify([1, 2, 3]),
        () => '{"content": ' + JSON.stringify(r.pick(SEEDS)).slice(0, r.int(200)),
        () => JSON.stringify({ content: 42 }),
        () => '',
      ])(),
    );
    put(`lines-${i}.jsonl`, lines.join('\n'));
  }
  // HTML: tag soup, deep nesting, unclosed tags, entities
  for (let i = 0; i < 15; i++) {
    const tags = ['div', 'p', 'span', 'table', 'tr', 'td', 'ul', 'li', 'a', 'font', 'b', 'br', 'script', 'style', 'h1'];
    let html = '';
    for (const line of cutText(r.pick(SEEDS)).split('\n')) {
      const t = r.pick(tags);
      html += r.next() < 0.5 ? `<${t} class="${r.pick(['content', 'nav', 'footer', 'TRS_Editor', 'x'])}">${line}` : `${line}</${t}>`;
      if (r.next() < 0.1) html += r.pick(['<!--', '<![CDATA[', '&#x', '&nbsp;', '<', '>', '</', '"', '<!DOCTYPE']);
    }
    put(`soup-${i}.html`, html);
  }
  const body = SEEDS[2]!.split('\n').map((l) => `<p>${l}</p>`).join('');
  put('nested-5000.html', '<div>'.repeat(5000) + body + '</div>'.repeat(5000));
  put('nested-20000-unclosed.html', '<div><span>'.repeat(20000) + body);
  put('nested-table.html', '<table><tr><td>'.repeat(3000) + body);
  // one repeated character, 1 MB and more
  put('repeat-han.txt', '法'.repeat(400_000));
  put('repeat-fazhi.txt', '法治政府'.repeat(100_000)); // a report-like text with no sentence end: cut into capped sentences
  put('repeat-period.txt', '。'.repeat(400_000));
  put('repeat-newline.txt', `法治政府建设。依法行政。\n${'\n'.repeat(1_000_000)}执法。`);
  put('repeat-ascii.txt', 'a'.repeat(1_048_576));
  put('repeat-heading.txt', '一、法治\n'.repeat(150_000));
  put('repeat-astral.txt', `法治政府建设情况报告。依法行政。${'𠀀'.repeat(300_000)}`);
  // Word and PDF: real ones, truncated and with bytes flipped
  const docx = makeDocx(SEEDS[1]!.split('\n'));
  const pdf = makePdf(layoutParagraphs(SEEDS[3]!.split('\n').filter(Boolean)));
  for (let i = 0; i < 10; i++) put(`docx-cut-${i}.docx`, docx.subarray(0, r.int(docx.length)));
  for (let i = 0; i < 10; i++) put(`pdf-cut-${i}.pdf`, pdf.subarray(0, r.int(pdf.length)));
  for (let i = 0; i < 10; i++) {
    const flipped = Buffer.from(i % 2 ? pdf : docx);
    for (let k = 0; k < 1 + r.int(20); k++) flipped[r.int(flipped.length)] = r.int(256);
    put(`flipped-${i}.${i % 2 ? 'pdf' : 'docx'}`, flipped);
  }
  return files;
}

describe('fuzz: generated inputs through the whole pipeline', () => {
  let dir: string;
  let files: string[];
  let result: CorpusResult;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fazhi-fuzz-'));
    files = generate(dir);
    result = await analyzeCorpus(dir, { keepDuplicates: true });
  }, 120_000);

  it('generates hundreds of inputs', () => {
    expect(files.length).toBeGreaterThan(300);
  });

  it('lists every file in the manifest, with a status and, when not ok, a reason', () => {
    const listed = new Set(result.manifest.map((m) => m.file.replace(/#\d+$/, '')));
    for (const f of files) expect(listed.has(f), f).toBe(true);
    for (const m of result.manifest) {
      expect(files, m.file).toContain(m.file.replace(/#\d+$/, ''));
      expect(['ok', 'skipped', 'failed']).toContain(m.status);
      if (m.status !== 'ok') expect(m.reason, m.file).not.toBe('');
    }
    expect(result.docs.length).toBe(result.manifest.filter((m) => m.status === 'ok').length);
    // a sample of what happened, so a change in behavior shows up here
    const status = (f: string) => result.manifest.find((m) => m.file === f)?.status;
    expect(status('repeat-fazhi.txt')).toBe('ok');
    expect(status('nested-5000.html')).toBe('ok');
    expect(status('nested-20000-unclosed.html')).toBe('ok');
    expect(result.manifest.filter((m) => /^(analysis failed|cannot read:)/.test(m.reason))).toEqual([]);
  });

  it('keeps every unit\'s offsets inside its text: text.slice(start, end) is the unit', () => {
    let units = 0;
    for (const doc of result.docs) {
      for (const u of doc.units) {
        units++;
        // checked before asserting: a list of 150,000 numbered items is 150,000 sentences
        if (!(u.start >= 0 && u.end <= doc.text.length && u.start < u.end)) expect.fail(`${doc.file} unit ${u.index}: offsets ${u.start}-${u.end} outside its text of ${doc.text.length}`);
        if (doc.text.slice(u.start, u.end) !== u.text) expect.fail(`${doc.file} unit ${u.index}: offsets ${u.start}-${u.end} do not point at its text`);
        // never a surrogate pair cut in two at a unit boundary
        const low = (i: number) => /[\udc00-\udfff]/.test(doc.text[i] ?? '');
        const high = (i: number) => /[\ud800-\udbff]/.test(doc.text[i] ?? '');
        if ((high(u.start - 1) && low(u.start)) || (high(u.end - 1) && low(u.end))) expect.fail(`${doc.file} unit ${u.index} splits a surrogate pair`);
      }
    }
    expect(units).toBeGreaterThan(1000);
  });

  it('writes tables that read back with one row per unit and per input', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fazhi-fuzz-out-')), 'out');
    const summary = await runAnalysis(dir, out, { stages: [], keepDuplicates: true, excel: true });
    const read = (f: string) => {
      const parsed = Papa.parse<Record<string, string>>(readFileSync(join(out, f), 'utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: 'greedy' });
      expect(parsed.errors, f).toEqual([]);
      return parsed.data;
    };
    expect(read('manifest.csv')).toHaveLength(result.manifest.length);
    expect(read('documents.csv')).toHaveLength(summary.ok);
    expect(read('sentences.csv')).toHaveLength(result.docs.reduce((n, d) => n + d.units.length, 0));
  }, 60_000);
});

describe('limits: pathological lines stay linear', () => {
  it('cleans and segments a 2 MB single line, and a million short lines, in a few seconds', () => {
    const t0 = Date.now();
    for (const text of ['依法行政'.repeat(500_000), '依法行政，推进法治。\n'.repeat(200_000), `${'（一）'.repeat(300_000)}`]) {
      const cleaned = cleanText(text);
      const { units } = segment(cleaned.text);
      expect(units.length).toBeGreaterThan(0);
    }
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 30_000);
});
