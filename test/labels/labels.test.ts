import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { alignLabels, formatIssue, LabelError, loadLabels, parseLabelFile } from '../../src/labels/index.js';
import { loadLabeledCorpus } from '../../src/labels/corpus.js';
import { parseSources } from '../../src/labels/sources.js';
import { parseReport } from '../../src/pipeline/parse.js';
import { SEED_DIR, seedFile, seedText } from '../helpers/seeds.js';

/** The seeds' labels (data/labels/reports/); the whole folder also holds labels of real page openings. */
const LABEL_DIR = fileURLToPath(new URL('../../data/labels/reports', import.meta.url));
const DATA_DIR = fileURLToPath(new URL('../../data', import.meta.url));
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
    const docs = set.docs.map((d) => parseReport(readFileSync(join(DATA_DIR, d), 'utf8'), { file: d, stages: [] }));
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
    expect(e.issues[0]!.message).toMatch(/no longer matches the text of reports\/000_729e9bcc00219c1c\.txt at \d+–\d+: labeled "/);
  });

  it('names file and line when the text matches but no sentence has those offsets any more', () => {
    const lines = firstLines();
    const rec = JSON.parse(lines[2]!) as { start: number; end: number; text: string };
    rec.end = rec.start + 5;
    rec.text = doc.text.slice(rec.start, rec.end);
    lines[2] = JSON.stringify(rec);
    const dir = tempLabels({ [FIRST]: lines.join('\n') });
    const e = caught(() => alignLabels(loadLabels(dir), [doc]));
    expect(formatIssue(e.issues[0]!)).toMatch(new RegExp(`${FIRST}:3: no sentence of reports/000_729e9bcc00219c1c\\.txt has offsets \\d+–\\d+ \\(the sentence splitting has changed\\)`));
  });

  it('says which labeled documents are not in the corpus', async () => {
    const root = mkdtempSync(join(tmpdir(), 'fazhi-lc-'));
    mkdirSync(join(root, 'labels'));
    mkdirSync(join(root, 'reports'));
    copyFileSync(join(LABEL_DIR, FIRST), join(root, 'labels', FIRST));
    const other = readFileSync(join(LABEL_DIR, FIRST), 'utf8').replaceAll('000_729e9bcc00219c1c.txt', 'elsewhere.txt');
    writeFileSync(join(root, 'labels', 'elsewhere.jsonl'), other);
    copyFileSync(join(SEED_DIR, seedFile('000')), join(root, 'reports', seedFile('000')));
    const corpus = await loadLabeledCorpus(join(root, 'labels'));
    expect(corpus.reports).toEqual([join(root, 'reports')]);
    expect(corpus.missing).toEqual(['reports/elsewhere.txt']);
    expect(corpus.docs.map((d) => d.name)).toEqual(['reports/000_729e9bcc00219c1c.txt']);
  });
});

describe('the sources table and the labels of real page openings', () => {
  const ALL = fileURLToPath(new URL('../../data/labels', import.meta.url));
  const sourcesText = () => readFileSync(join(ALL, 'sources.tsv'), 'utf8');

  it('every labeled document is in sources.tsv with its group and province, every opening with its url', () => {
    const set = loadLabels(ALL);
    expect(set.sources).toBeDefined();
    for (const d of set.docs) {
      const row = set.sources!.byDoc.get(d)!;
      expect(row, d).toBeDefined();
      expect(['seeds', 'provinces', 'disclosure']).toContain(row.group);
      expect(row.province).not.toBe('');
      if (d.startsWith('openings/') && !['openings/A/069.txt', 'openings/B/001.txt'].includes(d)) expect(row.url, d).toMatch(/^https?:\/\//);
    }
    expect(new Set(set.docs.map((d) => set.sources!.byDoc.get(d)!.province)).size).toBeGreaterThanOrEqual(10);
  });

  it('names the line of a document or a source url named twice', () => {
    const lines = sourcesText().split('\n');
    const again = lines[3]!;
    const twiceDoc = parseSources([...lines, again].join('\n'), 'sources.tsv').issues.map(formatIssue);
    expect(twiceDoc).toEqual([`sources.tsv:${lines.length + 1}: ${again.split('\t')[0]} is named twice (first on line 4)`]);
    const opening = lines.findIndex((l) => l.startsWith('openings/A/003.txt'));
    const sameUrl = lines[opening]!.replace('openings/A/003.txt', 'openings/A/999.txt');
    const twiceUrl = parseSources([...lines, sameUrl].join('\n'), 'sources.tsv').issues.map(formatIssue);
    expect(twiceUrl[0]).toMatch(new RegExp(`^sources\\.tsv:${lines.length + 1}: the source https?://\\S+ is named twice \\(first on line ${opening + 1}\\)$`));
  });

  it('a label naming a document that sources.tsv lacks, or a document labeled in two files, is an error with file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-src-'));
    writeFileSync(join(dir, 'sources.tsv'), sourcesText());
    const first = readFileSync(join(LABEL_DIR, FIRST), 'utf8');
    writeFileSync(join(dir, 'a.jsonl'), first);
    writeFileSync(join(dir, 'b.jsonl'), first.split('\n')[0] + '\n');
    writeFileSync(join(dir, 'c.jsonl'), first.split('\n')[1]!.replace('reports/000_729e9bcc00219c1c.txt', 'reports/unknown.txt') + '\n');
    const e = caught(() => loadLabels(dir));
    expect(e.issues.map(formatIssue)).toEqual([
      `${join(dir, 'b.jsonl')}:1: reports/000_729e9bcc00219c1c.txt is labeled in two files (also ${join(dir, 'a.jsonl')})`,
      `${join(dir, 'c.jsonl')}:1: reports/unknown.txt is not in ${join(dir, 'sources.tsv')}: record where the report came from there`,
    ]);
  });

  it('a theme outside the guide is an error when the labeled corpus is loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-th-'));
    const lines = firstLines();
    const bad = JSON.parse(lines[2]!) as Record<string, unknown>;
    bad.themes = ['leadership', 'rule_of_law'];
    writeFileSync(join(dir, FIRST), [lines[0], lines[1], JSON.stringify(bad)].join('\n'));
    await expect(loadLabeledCorpus(dir)).rejects.toThrow(/000_729e9bcc00219c1c\.jsonl:3: unknown theme "rule_of_law"/);
  });

  const doc = parseReport(seedText('000'), { file: seedFile('000'), stages: [] });

  it('with splitting tolerated, a label the toolkit cuts differently is scored on the sentence covering it, one it made a heading is unmatched', () => {
    const lines = firstLines();
    const rec = JSON.parse(lines[2]!) as { start: number; end: number; text: string };
    rec.end = rec.start + Math.floor(rec.text.length * 0.75);
    rec.text = doc.text.slice(rec.start, rec.end);
    const heading = doc.units.find((u) => u.kind === 'heading' && u.level === 1)!;
    const onHeading = { ...JSON.parse(lines[0]!), start: heading.start, end: heading.end, text: heading.text };
    const dir = tempLabels({ [FIRST]: [JSON.stringify(rec), JSON.stringify(onHeading)].join('\n') });
    const aligned = alignLabels(loadLabels(dir), [doc], { tolerateSplits: true });
    const [d] = aligned.docs;
    expect(d!.labels).toHaveLength(1);
    expect(d!.labels[0]!.exact).toBe(false);
    expect(d!.labels[0]!.unit.start).toBe(rec.start);
    expect(d!.labels[0]!.unit.end).toBeGreaterThan(rec.end);
    expect(d!.unmatched.map((r) => r.text)).toEqual([heading.text]);
  });
});
