/**
 * Corrections that retrain: `fazhi train --coded SHEET…` adds a researcher's
 * coded sheets to the training labels, and `fazhi evaluate --coded SHEET…`
 * scores a model on held-out sheets. The sheets are made from a real analysis
 * of the five bundled reports, coded with the project's hand labels of the
 * same sentences (data/labels), written the ways a coder may write them
 * (ids, Chinese labels, full-width letters) as docs/codebook.md §8 allows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { readCsv } from '../../src/output/csv.js';
import { loadCodedSheets, withCorrections } from '../../src/labels/coded.js';
import { readCodingSheet } from '../../src/validate/sheet.js';
import { fazhi as fazhiIn, ROOT } from '../helpers/cli.js';
import { seedAnalysis } from '../helpers/seed-folders.js';

const LABELS = join(ROOT, 'data/labels');
const TMP = mkdtempSync(join(tmpdir(), 'fazhi-coded-'));
/** The seeds analyzed once for the run (read only). */
const ANALYSIS = seedAnalysis();

const fazhi = (...args: string[]) => fazhiIn(args, { cwd: TMP });

interface Label {
  doc: string;
  start: number;
  end: number;
  function: string;
  themes: string[];
}

/** The hand label of every sentence of the analysis whose offsets a label has, by doc_id and unit_index. */
let rows: Array<{ doc_id: string; unit_index: string; text: string; label: Label }> = [];

const CHINESE: Record<string, string> = { measure: '措施', outcome: '成效', shortcoming: '问题', plan: '计划', suggestion: '建议', other: '其他' };
const fullWidth = (s: string) => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');

/** A coding sheet of these rows: the n-th row's function written as an id, a Chinese label or in full-width letters, by turns. */
function sheet(name: string, picked: typeof rows, blankEvery = 0): string {
  const path = join(TMP, name);
  const data = picked.map((r, i) => {
    const written = i % 3 === 0 ? r.label.function : i % 3 === 1 ? CHINESE[r.label.function]! : fullWidth(r.label.function);
    const blank = blankEvery > 0 && i % blankEvery === blankEvery - 1;
    return { doc_id: r.doc_id, unit_index: r.unit_index, text: r.text, function: blank ? '' : written, themes: blank ? '' : r.label.themes.join(';'), note: '' };
  });
  writeFileSync(path, Papa.unparse(data));
  return path;
}

beforeAll(() => {
  const labels = new Map<string, Label>();
  for (const f of readdirSync(join(LABELS, 'reports'))) {
    for (const line of readFileSync(join(LABELS, 'reports', f), 'utf8').split('\n').filter(Boolean)) {
      const l = JSON.parse(line) as Label;
      labels.set(`${l.doc.replace(/^reports\//, '').replace(/\.txt$/, '')}:${l.start}:${l.end}`, l);
    }
  }
  rows = readCsv(readFileSync(join(ANALYSIS, 'sentences.csv'), 'utf8'))
    .filter((s) => s.kind === 'sentence' && labels.has(`${s.doc_id}:${s.start}:${s.end}`))
    .map((s) => ({ doc_id: s.doc_id!, unit_index: s.unit_index!, text: s.text!, label: labels.get(`${s.doc_id}:${s.start}:${s.end}`)! }));
  expect(rows.length).toBeGreaterThan(300);
}, 120_000);

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const training = () => rows.filter((r) => !/^00[34]/.test(r.doc_id));
const heldOut = () => rows.filter((r) => /^00[34]/.test(r.doc_id));

describe('coded sheets as labels', { timeout: 120_000 }, () => {
  it('reads ids, Chinese labels and full-width codes alike, leaves blank rows out and adds the parent of a sub-theme', async () => {
    const path = sheet('read.csv', training(), 5);
    expect((await readCodingSheet(path)).rows.length).toBe(training().length);
    const coded = await loadCodedSheets([path], { analysis: ANALYSIS });
    const blank = Math.floor(training().length / 5);
    expect(coded.blank).toBe(blank);
    expect(coded.coded).toBe(training().length - blank);
    const got = coded.docs.flatMap((d) => d.labels.map((l) => ({ doc: d.name, unit: l.unit.index, fn: l.record.function, themes: l.record.themes })));
    expect(got.length).toBe(coded.coded);
    for (const g of got) {
      const r = training().find((x) => x.doc_id === g.doc && Number(x.unit_index) === g.unit)!;
      expect(g.fn).toBe(r.label.function);
      expect(new Set(g.themes)).toEqual(new Set(r.label.themes));
    }
    // 「二是组织宣传车…累计发放资料3000份。」 is coded publicity;pub_print (codebook §4.2): written as pub_print alone, publicity comes with it.
    const leaflets = training().find((r) => r.text.includes('累计发放资料3000份'))!;
    const alone = join(TMP, 'alone.csv');
    writeFileSync(alone, Papa.unparse([{ doc_id: leaflets.doc_id, unit_index: leaflets.unit_index, text: leaflets.text, function: 'measure', themes: 'pub_print' }]));
    const one = await loadCodedSheets([alone], { analysis: ANALYSIS });
    expect(one.docs[0]!.labels[0]!.record.themes).toEqual(['publicity', 'pub_print']);
  });

  it('a sentence coded in a sheet replaces its label; the others are added', async () => {
    const coded = await loadCodedSheets([sheet('corr.csv', heldOut())], { analysis: ANALYSIS });
    const base = await loadCodedSheets([sheet('base.csv', rows)], { analysis: ANALYSIS });
    const merged = withCorrections(base.docs, coded.docs);
    expect(merged.replaced).toBe(heldOut().length);
    expect(merged.docs.reduce((n, d) => n + d.labels.length, 0)).toBe(rows.length);
  });

  it('fazhi train --coded trains on the sheets (the same sheets give the same model byte for byte); with --labels the sheets correct the labels', () => {
    const path = sheet('train.csv', training());
    const a = fazhi('train', '--coded', path, '--analysis', ANALYSIS, '-o', join(TMP, 'a.json'));
    expect(a.status, a.stderr).toBe(0);
    expect(a.stderr).toContain(`trained on ${training().length} sentences of 3 reports`);
    expect(a.stderr).toContain(`${training().length} coded rows from 1 sheet`);
    expect(fazhi('train', '--coded', path, '--analysis', ANALYSIS, '-o', join(TMP, 'b.json')).status).toBe(0);
    expect(readFileSync(join(TMP, 'b.json')).equals(readFileSync(join(TMP, 'a.json')))).toBe(true);
    const both = fazhi('train', '--labels', LABELS, '--coded', sheet('corrections.csv', heldOut()), '--analysis', ANALYSIS, '-o', join(TMP, 'c.json'));
    expect(both.status, both.stderr).toBe(0);
    expect(both.stderr).toContain(`replacing ${heldOut().length} labels`);
    // The labels of all 97 documents, two of them now from the sheet: as many sentences, the same documents.
    expect(both.stderr).toMatch(/trained on 1191 sentences of 97 reports/);
  });

  it('fazhi evaluate --coded scores a model trained on other reports on held-out sheets', () => {
    const model = join(TMP, 'trained.json');
    expect(fazhi('train', '--coded', sheet('t.csv', training()), '--analysis', ANALYSIS, '-o', model).status).toBe(0);
    const out = join(TMP, 'held-out.csv');
    const r = fazhi('evaluate', '--coded', sheet('held.csv', heldOut()), '--analysis', ANALYSIS, '--model', model, '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${heldOut().length} coded sentences of 2 reports`);
    const scores = readCsv(readFileSync(out, 'utf8'));
    const get = (task: string, system: string, metric: string) => Number(scores.find((s) => s.task === task && s.system === system && s.metric === metric && s.label === '')!.value);
    expect(get('function', 'combined', 'n')).toBe(heldOut().length);
    // Two reports the model never saw: well above the majority class (measure), as cross-validation finds.
    const majority = Math.max(...Object.keys(CHINESE).map((f) => heldOut().filter((r) => r.label.function === f).length)) / heldOut().length;
    expect(get('function', 'combined', 'accuracy')).toBeGreaterThan(majority + 0.1);
    expect(get('themes', 'dictionary', 'micro_f1')).toBeGreaterThan(0.7);
  });

  it('an unknown code, a row that is not its sentence, or a sheet without its analysis exits 2 naming the sheet and row', () => {
    const r = heldOut()[0]!;
    const bad = join(TMP, 'bad.csv');
    writeFileSync(bad, Papa.unparse([{ doc_id: r.doc_id, unit_index: r.unit_index, text: r.text, function: '措施x', themes: '' }]));
    const a = fazhi('train', '--coded', bad, '--analysis', ANALYSIS, '-o', join(TMP, 'x.json'));
    expect(a.status).toBe(2);
    expect(a.stderr).toContain(`${bad}, row 2: function "措施x" is not a code`);
    writeFileSync(bad, Papa.unparse([{ doc_id: r.doc_id, unit_index: r.unit_index, text: heldOut()[1]!.text, function: 'measure', themes: '' }]));
    const b = fazhi('evaluate', '--coded', bad, '--analysis', ANALYSIS);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain(`row 2: the text is not sentence ${r.unit_index} of ${r.doc_id}`);
    writeFileSync(bad, Papa.unparse([{ doc_id: r.doc_id, unit_index: r.unit_index, text: r.text, function: 'measure', themes: 'publicity;宣传' }]));
    expect(fazhi('train', '--coded', bad, '--analysis', ANALYSIS, '-o', join(TMP, 'x.json')).stderr).toContain('row 2: theme "宣传" not in the codebook');
    writeFileSync(bad, Papa.unparse([{ doc_id: r.doc_id, unit_index: r.unit_index, text: r.text, function: 'measure', themes: 'publicity' }]));
    const c = fazhi('train', '--coded', bad, '-o', join(TMP, 'x.json'));
    expect(c.status).toBe(2);
    expect(c.stderr).toContain('Give it with --analysis');
  });
});
