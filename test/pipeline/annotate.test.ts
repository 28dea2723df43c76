import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { analyzeCorpus } from '../../src/pipeline/analyze.js';
import { SEED_DIR } from '../helpers/seeds.js';
import { seedAnalysis } from '../helpers/seed-folders.js';

function csv(path: string): Array<Record<string, string>> {
  return Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
}

describe('themes and quantities in the analysis tables', () => {
  it('adds themes and theme_cues to sentences.csv and writes themes.csv and quantities.csv', async () => {
    // runAnalysis(SEED_DIR, out), run once for every test that reads the seeds' tables.
    const out = seedAnalysis();
    const sentences = csv(join(out, 'sentences.csv'));
    const lawyers = sentences.find((s) => s.text.startsWith('继续聘请2名律师作为镇、村两级法律顾问'))!;
    expect(lawyers.themes.split(';')).toContain('legal_services');
    expect(lawyers.theme_cues).toMatch(/legal_services:法律顾问/);
    const headings = sentences.filter((s) => s.kind === 'heading');
    expect(headings.every((h) => h.themes === '')).toBe(true);

    const themes = csv(join(out, 'themes.csv'));
    expect(Object.keys(themes[0]!)).toEqual(['doc_id', 'unit_index', 'theme', 'parent', 'cue']);
    const print = themes.find((t) => t.theme === 'pub_print')!;
    expect(print.parent).toBe('publicity');
    const cited = new Set(themes.map((t) => `${t.doc_id}#${t.unit_index}`));
    for (const key of cited) {
      const [doc, idx] = key.split('#');
      const s = sentences.find((x) => x.doc_id === doc && x.unit_index === idx)!;
      expect(s.themes).not.toBe('');
    }

    const quantities = csv(join(out, 'quantities.csv'));
    expect(Object.keys(quantities[0]!)).toEqual(['doc_id', 'unit_index', 'start', 'end', 'raw', 'value', 'unit', 'approx', 'subject', 'function', 'themes']);
    const leaflets = quantities.find((q) => q.raw === '3000份')!;
    expect(leaflets).toMatchObject({ doc_id: '000_729e9bcc00219c1c', value: '3000', unit: '份', approx: 'false' });
    expect(leaflets.themes.split(';')).toContain('pub_print');
    const fines = quantities.find((q) => q.raw === '540余单')!;
    expect(fines).toMatchObject({ value: '540', unit: '单', approx: 'true' });
    // quantity offsets point into the cleaned text of their document
    const text = readFileSync(join(out, 'texts', '004_dd6b3d9d359ab452.txt'), 'utf8');
    for (const q of quantities.filter((q) => q.doc_id === '004_dd6b3d9d359ab452')) expect(text.slice(Number(q.start), Number(q.end))).toBe(q.raw);
    // no year, date, document number or road number is a quantity
    expect(quantities.some((q) => /^(20\d\d年|318)/.test(q.raw) || q.raw.includes('〔'))).toBe(false);
  });

  it('counts a researcher\'s own coding scheme beside, or instead of, the shipped themes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-dict-'));
    const dict = join(dir, 'instruments.yml');
    writeFileSync(dict, 'instrument_regulation: ["*制度*", "*规定*"]\ninstrument_information: ["*宣传*", "*公开*"]\n');
    const added = await analyzeCorpus(SEED_DIR, { dict });
    const replaced = await analyzeCorpus(SEED_DIR, { dict, dictMode: 'replace' });
    const ids = (r: typeof added) => new Set(r.docs.flatMap((d) => d.units.flatMap((u) => u.themes?.themes ?? [])));
    expect(ids(added).has('publicity')).toBe(true);
    expect(ids(added).has('instrument_regulation')).toBe(true);
    expect([...ids(replaced)].sort()).toEqual(['instrument_information', 'instrument_regulation']);
  });

  it('rejects a broken dictionary with a message naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-dict-'));
    const dict = join(dir, 'broken.yml');
    writeFileSync(dict, 'a: [unclosed\n');
    await expect(analyzeCorpus(SEED_DIR, { dict })).rejects.toThrow(/broken\.yml/);
  });
});
