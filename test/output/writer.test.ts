/**
 * texts/ of an analysis folder (src/output/writer.ts): a document's cleaned
 * text is written as it is, a long one (a whole collection pasted into one
 * file) in pieces of whole lines rather than as one buffer of its bytes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnalysisWriter, textFileName } from '../../src/output/writer.js';
import { parseReport } from '../../src/pipeline/parse.js';
import { row } from '../../src/read/inputs.js';
import { SEED_FILES, seedText } from '../helpers/seeds.js';

const dir = mkdtempSync(join(tmpdir(), 'fazhi-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('texts/', () => {
  it('holds each text byte for byte, a text of millions of characters as much as a report', async () => {
    const seeds = SEED_FILES.map((f) => seedText(f.slice(0, 3)));
    const pasted = Array.from({ length: 200 }, () => seeds.join('\n')).join('\n');
    expect(pasted.length).toBeGreaterThan(3 * (1 << 20));
    const report = parseReport(seeds[0]!, { file: SEED_FILES[0]!, id: 'report', stages: [] });
    const collection = { ...report, id: 'collection', file: 'collection.txt', text: pasted, units: [] };
    const writer = new AnalysisWriter(join(dir, 'out'), []);
    for (const doc of [report, collection]) writer.add(row(doc.file, 'ok', '', 0, 'utf-8', doc.id), doc);
    await writer.close();
    for (const doc of [report, collection]) expect(readFileSync(join(dir, 'out', 'texts', textFileName(doc.id)), 'utf8')).toBe(doc.text);
  });
});
