/**
 * A long document is annotated and rendered a window of units at a time
 * (src/pipeline/windows.ts): the five seeds pasted into one file, as
 * researchers paste a collection, and its traditional-script copy give the
 * same tables in windows of a few dozen units as whole, the tagger's
 * paragraph, preamble and plan-part context carried from window to window.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalysis } from '../../src/pipeline/analyze.js';
import { defaultStages } from '../../src/pipeline/default-stages.js';
import type { Stage } from '../../src/model/stage.js';
import { SEED_FILES, seedText } from '../helpers/seeds.js';

const TABLES = ['documents.csv', 'sentences.csv', 'themes.csv', 'quantities.csv', 'manifest.csv'];
/** Odd, so that windows begin anywhere: mid-paragraph, mid-section, inside a list of problems. */
const WINDOW = 23;

let dir = '';
const table = (out: string, name: string) => readFileSync(join(dir, out, name), 'utf8');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fazhi-windows-'));
  const seeds = SEED_FILES.map((f) => seedText(f.slice(0, 3)));
  mkdirSync(join(dir, 'in'));
  writeFileSync(join(dir, 'in', 'collection.txt'), seeds.join('\n'));
  // 001's page title, which the cleaner keeps without its site name, comes again later in the pasted text.
  const traditional = OpenCC.Converter({ from: 'cn', to: 't' })(seeds.join('\n'));
  writeFileSync(join(dir, 'in', 'collection-traditional.txt'), traditional);
  await runAnalysis(join(dir, 'in'), join(dir, 'whole'), { windowUnits: 1_000_000 });
  await runAnalysis(join(dir, 'in'), join(dir, 'windows'), { windowUnits: WINDOW });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a document much longer than the window', { timeout: 60_000 }, () => {
  it('is analyzed in many windows, in both scripts', () => {
    const docs = table('windows', 'documents.csv').trim().split('\r\n').slice(1);
    expect(docs).toHaveLength(2);
    const units = docs.map((row) => Number(row.split(',')[12]));
    for (const n of units) expect(n).toBeGreaterThan(WINDOW * 10);
    expect(table('windows', 'documents.csv')).toContain(',traditional');
  });

  it('gives every table byte for byte as it does whole', () => {
    for (const name of TABLES) expect(table('windows', name), name).toBe(table('whole', name));
    // The rows waited in spool files, which went with the run.
    expect(existsSync(join(dir, 'windows', '.spool'))).toBe(false);
    // Tables with something in them: every function the context decides, themes and quantities.
    const sentences = table('whole', 'sentences.csv');
    for (const fn of [',plan,', ',shortcoming,', ',measure,', ',outcome,']) expect(sentences).toContain(fn);
    expect(table('whole', 'themes.csv').split('\r\n').length).toBeGreaterThan(100);
    expect(table('whole', 'quantities.csv').split('\r\n').length).toBeGreaterThan(50);
  });

  it('tags differently when the tagger is not given the carry: the context across windows is what the test sees', async () => {
    const stages: Stage[] = defaultStages().map((s) => (s.name === 'tag' ? { ...s, run: (doc) => s.run(doc) } : s));
    await runAnalysis(join(dir, 'in'), join(dir, 'no-carry'), { windowUnits: WINDOW, stages });
    expect(table('no-carry', 'sentences.csv')).not.toBe(table('whole', 'sentences.csv'));
  });

  it('fails alone when a stage fails in one of its windows: a manifest row with the reason, none of its rows written', async () => {
    const failing: Stage = {
      name: 'failing',
      run: (doc) => {
        if (doc.meta.script === 'simplified' && doc.units.some((u) => u.index === 150)) throw new Error('no unit 150 here');
      },
    };
    await runAnalysis(join(dir, 'in'), join(dir, 'failed'), { windowUnits: WINDOW, stages: [...defaultStages(), failing] });
    expect(table('failed', 'manifest.csv')).toContain('collection.txt,failed,analysis failed: no unit 150 here');
    const sentences = table('failed', 'sentences.csv');
    expect(sentences).not.toMatch(/\r\ncollection,/);
    expect(sentences).toMatch(/\r\ncollection-traditional,/);
    expect(existsSync(join(dir, 'failed', '.spool'))).toBe(false);
  });

  it('refuses a window of no units, with which the loop would never end', async () => {
    for (const windowUnits of [0, -1, 1.5, Number.NaN]) {
      await expect(runAnalysis(join(dir, 'in'), join(dir, `bad-${windowUnits}`), { windowUnits }), String(windowUnits)).rejects.toThrow(/windowUnits: a whole number of units from 1/);
    }
  });
});
