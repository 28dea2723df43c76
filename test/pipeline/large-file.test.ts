/**
 * One large file (a whole collection pasted into one text): its rows are
 * rendered in bounded pieces, and each unit's annotations are let go once
 * its row is written, so memory does not hold the rows and the annotations whole at once.
 */
import { describe, expect, it } from 'vitest';
import type { ReportDoc, Unit } from '../../src/model/document.js';
import { parseReport } from '../../src/pipeline/parse.js';
import { defaultStages } from '../../src/pipeline/default-stages.js';
import { DocRenderer } from '../../src/output/writer.js';
import { renderEach, renderEachInPieces } from '../../src/output/csv.js';
import { SEED_FILES, seedText } from '../helpers/seeds.js';

const stages = defaultStages();
const columns = stages.flatMap((s) => s.columns ?? []);

/** A seed analyzed once, its units repeated `times` over with fresh objects: the shape of a pasted collection, made in milliseconds. */
function pasted(times: number): ReportDoc {
  const doc = parseReport(seedText('001'), { file: SEED_FILES[1]!, stages });
  const units: Unit[] = [];
  for (let k = 0; k < times; k++) {
    for (const u of doc.units) units.push({ ...u, index: units.length, tokens: [...u.tokens!], tag: u.tag && { ...u.tag }, themes: u.themes && { ...u.themes }, quantities: [...(u.quantities ?? [])] });
  }
  return { ...doc, units };
}

describe('rows of one large document', { timeout: 30_000 }, () => {
  it('come in pieces of about 32 K characters that together are the rows rendered at once', () => {
    const doc = pasted(400);
    expect(doc.units.length).toBeGreaterThan(30_000);
    const renderer = new DocRenderer(columns);
    const cellsOf = (u: Unit) => renderer.columns.map((c) => c.value(u, doc));
    const whole = renderEach(doc.units, cellsOf);
    const pieces = renderEachInPieces(doc.units, cellsOf);
    expect(pieces.join('')).toBe(whole);
    expect(whole.length).toBeGreaterThan(5_000_000);
    const longestLine = Math.max(...whole.split('\r\n').map((l) => l.length)) + 2;
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual((1 << 15) + longestLine);
      expect(p.endsWith('\r\n')).toBe(true);
    }
  });

  it('are the same rows when the annotations are let go, which are then gone', () => {
    const renderer = new DocRenderer(columns, stages.flatMap((s) => s.tables ?? []));
    const kept = renderer.render(pasted(50));
    const doc = pasted(50);
    const released = renderer.render(doc, { release: true });
    expect(released).toEqual(kept);
    expect(doc.units.every((u) => u.tokens === undefined && u.tag === undefined && u.themes === undefined && u.quantities === undefined)).toBe(true);
    // What the run still reads of a document after it is written.
    expect(doc.units.filter((u) => u.kind === 'sentence').length).toBe(released.sentences);
  });

  it('render an empty document and a one-row document as before', () => {
    expect(renderEachInPieces([], () => [])).toEqual([]);
    expect(renderEach([], () => [])).toBe('');
    expect(renderEachInPieces(['a,b'], (x) => [x, 1]).join('')).toBe('"a,b",1\r\n');
  });
});
