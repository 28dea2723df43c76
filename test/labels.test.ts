import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { alignLabels, formatIssue, LabelError, loadLabels, parseLabelFile } from '../src/labels/index.js';
import { loadLabelledCorpus } from '../src/labels/corpus.js';
import { parseReport } from '../src/pipeline/parse.js';
import { SEED_DIR, seedFile, seedText } from './helpers/seeds.js';

const LABEL_DIR = fileURLToPath(new URL('../data/labels', import.meta.url));
const FIRST = readdirSync(LABEL_DIR).filter((f) => f.endsWith('.jsonl')).sort()[0]!;
const firstLines = () => readFileSync(join(LABEL_DIR, FIRST), 'utf8').split('\n').filter(Boolean);

function tempLabels(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-labels-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function caught(fn: () => unknown): LabelError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LabelError);
    return e as LabelError;
  }
  throw new Error('expected a LabelError');
}

describe('label files', () => {
  it('loads the seed labels: 349 sentences of five reports, all six functions', () => {
    const set = loadLabels(LABEL_DIR);
    expect(set.files).toHaveLength(5);
    expect(set.records).toHaveLength(349);
    expect(new Set(set.records.map((r) => r.function))).toEqual(new Set(['measure', 'outcome', 'shortcoming', 'plan', 'suggestion', 'other']));
    expect(set.records[0]!.line).toBe(1);
  });

  it('names file and line for an unknown function label', () => {
    const lines = firstLines();
    const bad = JSON.parse(lines[2]!) as Record<string, unknown>;
    bad.function = 'measures';
    lines[2] = JSON.stringify(bad);
    const dir = tempLabels({ [FIRST]: lines.join('\n') + '\n' });
    const e = caught(() => loadLabels(dir));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({ file: join(dir, FIRST), line: 3 });
    expect(formatIssue(e.issues[0]!)).toBe(`${join(dir, FIRST)}:3: unknown function label "measures" (expected one of measure, outcome, shortcoming, plan, suggestion, other)`);
    expect(e.message).toContain(`${FIRST}:3: unknown function label "measures"`);
  });

  it('names file and line for a missing field', () => {
    const lines = firstLines();
    const bad = JSON.parse(lines[4]!) as Record<string, unknown>;
    delete bad.text;
    delete bad.quantities;
    lines[4] = JSON.stringify(bad);
    const dir = tempLabels({ [FIRST]: lines.join('\n') });
    const e = caught(() => loadLabels(dir));
    expect(formatIssue(e.issues[0]!)).toBe(`${join(dir, FIRST)}:5: missing fields "text", "quantities"`);
  });

  it('reports every problem of every file, not just the first', () => {
    const issues = parseLabelFile(
      [
        '{"doc": "a.txt", "start": 5, "end": 3, "text": "xy", "function": "plan", "themes": [], "quantities": []}',
        'not json',
        '{"doc": "a.txt", "start": 0, "end": 2, "text": "xy", "function": "plan", "themes": "publicity", "quantities": [{"raw": "2"}]}',
      ].join('\n'),
      'x.jsonl',
    ).issues.map(formatIssue);
    expect(issues[0]).toBe('x.jsonl:1: "end" (3) must be greater than "start" (5)');
    expect(issues[1]).toMatch(/^x\.jsonl:2: not valid JSON/);
    expect(issues).toContain('x.jsonl:3: "themes" must be a list of theme ids');
    expect(issues).toContain('x.jsonl:3: quantities[0]: missing field "value"');
  });

  it('checks theme ids when given the allowed ones', () => {
    const line = firstLines()[2]!;
    const { issues } = parseLabelFile(line, 'f.jsonl', { themeIds: new Set(['publicity']) });
    expect(issues.map(formatIssue)[0]).toMatch(/^f\.jsonl:1: unknown theme "leadership"/);
  });
});

describe('labels against the reports', () => {
  const doc = parseReport(seedText('000'), { file: seedFile('000'), stages: [] });

  it('every seed label still matches the text and a sentence at its offsets', () => {
    const set = loadLabels(LABEL_DIR);
    const docs = set.docs.map((d) => parseReport(readFileSync(join(SEED_DIR, d), 'utf8'), { file: d, stages: [] }));
    const aligned = alignLabels(set, docs);
    expect(aligned.missing).toEqual([]);
    expect(aligned.docs.flatMap((d) => d.labels)).toHaveLength(349);
    for (const d of aligned.docs) for (const { record, unit } of d.labels) expect(unit.text).toBe(record.text);
  });

  it('names file and line for a sentence that no longer matches the text at its offsets', () => {
    const lines = firstLines();
    const moved = JSON.parse(lines[3]!) as { start: number; end: number };
    moved.start += 2;
    moved.end += 2;
    lines[3] = JSON.stringify(moved);
    const dir = tempLabels({ [FIRST]: lines.join('\n') });
    const e = caught(() => alignLabels(loadLabels(dir), [doc]));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({ file: join(dir, FIRST), line: 4 });
    expect(e.issues[0]!.message).toMatch(/no longer matches the text of 000_729e9bcc00219c1c\.txt at \d+–\d+: labelled "/);
  });

  it('names file and line when the text matches but no sentence has those offsets any more', () => {
    const lines = firstLines();
    const rec = JSON.parse(lines[2]!) as { start: number; end: number; text: string };
    rec.end = rec.start + 5;
    rec.text = doc.text.slice(rec.start, rec.end);
    lines[2] = JSON.stringify(rec);
    const dir = tempLabels({ [FIRST]: lines.join('\n') });
    const e = caught(() => alignLabels(loadLabels(dir), [doc]));
    expect(formatIssue(e.issues[0]!)).toMatch(new RegExp(`${FIRST}:3: no sentence of 000_729e9bcc00219c1c\\.txt has offsets \\d+–\\d+ \\(the sentence splitting has changed\\)`));
  });

  it('says which labelled documents are not in the corpus', async () => {
    const root = mkdtempSync(join(tmpdir(), 'fazhi-lc-'));
    mkdirSync(join(root, 'labels'));
    mkdirSync(join(root, 'reports'));
    copyFileSync(join(LABEL_DIR, FIRST), join(root, 'labels', FIRST));
    const other = readFileSync(join(LABEL_DIR, FIRST), 'utf8').replaceAll('000_729e9bcc00219c1c.txt', 'elsewhere.txt');
    writeFileSync(join(root, 'labels', 'elsewhere.jsonl'), other);
    copyFileSync(join(SEED_DIR, seedFile('000')), join(root, 'reports', seedFile('000')));
    const corpus = await loadLabelledCorpus(join(root, 'labels'));
    expect(corpus.reports).toEqual([join(root, 'reports')]);
    expect(corpus.missing).toEqual(['elsewhere.txt']);
    expect(corpus.docs.map((d) => d.name)).toEqual(['000_729e9bcc00219c1c.txt']);
  });
});
