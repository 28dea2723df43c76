import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { runAnalysis } from '../../src/pipeline/analyze.js';
import { compareFolder } from '../../src/compare/compare.js';
import { addSharedWithColumn } from '../../src/compare/shared-column.js';
import { seedText } from '../helpers/seeds.js';

const csv = (p: string) => Papa.parse<Record<string, string>>(readFileSync(p, 'utf8'), { header: true, skipEmptyLines: true }).data;

describe('shared_with and passage in sentences.csv, passages in boilerplate.csv', () => {
  it('counts, for each sentence, the other documents holding a near-identical one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-shared-in-'));
    // A sentence from 002 planted (with this year's figure changed) into 000, 001 and 003.
    const planted = '全面推广全程代理制度，让办事的群众最多只跑一次。';
    for (const p of ['000', '001', '003']) {
      const text = seedText(p).replace(/(一、[^\n]*\n+)/, `$1${planted}\n`);
      expect(text).toContain(planted);
      writeFileSync(join(dir, `${p}.txt`), text);
    }
    writeFileSync(join(dir, '004.txt'), seedText('004'));
    const out = mkdtempSync(join(tmpdir(), 'fazhi-shared-out-'));
    await runAnalysis(dir, out);
    const before = csv(join(out, 'sentences.csv'));
    expect(Object.keys(before[0]!)).not.toContain('shared_with');

    const result = compareFolder(out);
    // The seeds share nothing else: one passage, the planted sentence in three reports.
    expect(result.boilerplate).toHaveLength(1);
    expect(result.boilerplate[0]).toMatchObject({ passage: 1, nDocs: 3, nSentences: 3, nVariants: 1, example: planted, exampleDocId: '000', docs: ['000', '001', '003'] });
    expect(addSharedWithColumn(out, result.sharedSentences)).toBe(true);
    const after = csv(join(out, 'sentences.csv'));
    expect(after).toHaveLength(before.length);
    expect(Object.keys(after[0]!).slice(-2)).toEqual(['shared_with', 'passage']);
    const copies = after.filter((s) => s.text === planted);
    expect(copies.map((s) => s.doc_id).sort()).toEqual(['000', '001', '003']);
    for (const s of copies) expect([s.shared_with, s.passage]).toEqual(['2', '1']);
    expect(after.filter((s) => s.text !== planted).every((s) => s.passage === '')).toBe(true);
    expect(after.filter((s) => s.kind === 'heading').every((s) => s.shared_with === '')).toBe(true);
    // every other column is unchanged
    after.forEach((s, i) => {
      const { shared_with: _drop, passage: _passage, ...rest } = s;
      expect(rest).toEqual(before[i]);
    });
    // a second compare replaces the column instead of adding another
    const once = readFileSync(join(out, 'sentences.csv'));
    addSharedWithColumn(out, result.sharedSentences);
    expect(Object.keys(csv(join(out, 'sentences.csv'))[0]!).filter((k) => k === 'shared_with' || k === 'passage')).toEqual(['shared_with', 'passage']);
    expect(readFileSync(join(out, 'sentences.csv')).equals(once)).toBe(true);
    // plain rows (no index behind them, as a library user may build them) give the same column
    addSharedWithColumn(out, result.sharedSentences.map((r) => ({ ...r, text: r.text, docs: r.docs })));
    expect(readFileSync(join(out, 'sentences.csv')).equals(once)).toBe(true);
  }, 60_000);
});

describe('reading a CSV in chunks', () => {
  it('gives the same records as papaparse on the whole file, whatever the chunk size, quoted line breaks included', async () => {
    const { forEachCsvRow, writeCsv } = await import('../../src/output/csv.js');
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-chunks-'));
    const path = join(dir, 't.csv');
    const rows = [
      { a: 'plain', b: '一、主要举措和成效' },
      { a: 'comma, and "quotes"', b: 'line\r\nbreak and\nanother' },
      { a: '"', b: '""' },
      { a: '', b: ' leading space' },
      { a: '长'.repeat(50), b: '末' },
    ];
    writeCsv(path, ['a', 'b'], rows, { excel: true });
    const whole = Papa.parse<string[]>(readFileSync(path, 'utf8').slice(1), { header: false, skipEmptyLines: true }).data;
    for (const chunk of [1, 2, 3, 5, 7, 64, 1 << 16]) {
      const got: string[][] = [];
      forEachCsvRow(path, (cells) => void got.push(cells), chunk);
      expect(got, `chunk ${chunk}`).toEqual(whole);
    }
    expect(whole.slice(1)).toEqual(rows.map((r) => [r.a, r.b]));
  });
});
