/**
 * Where the corpus counter keeps each document's term ids and counts: views
 * of a few large chunks, not two arrays per document (corpus-counts.ts says
 * why), with the same ids and counts as counted.
 */
import { describe, expect, it } from 'vitest';
import { countAnalysisFolder } from '../../src/compare/analysis-folder.js';
import { CorpusCounter } from '../../src/compare/corpus-counts.js';
import { buildDfm, selectFeatures, termStats } from '../../src/compare/dfm.js';
import { release, releasableInt32s } from '../../src/compare/releasable.js';
import { tfidfPostings } from '../../src/compare/similarity.js';
import { groupUnits } from '../../src/compare/units.js';
import { NEAR_DUPLICATE_DEFAULTS } from '../../src/compare/shingles.js';
import { loadStopwords } from '../../src/tokenize/tokenizer.js';
import { seedAnalysis } from '../helpers/seed-folders.js';
import { seedText } from '../helpers/seeds.js';

const META = { title: '', township: '', county: '', city: '', province: '', report_year: null };

describe("the documents' term counts", () => {
  it('of the seed analysis share one chunk, each document its ids ascending and its counts adding up to its terms', () => {
    const c = countAnalysisFolder(seedAnalysis(), loadStopwords(), NEAR_DUPLICATE_DEFAULTS);
    expect(c.counts).toHaveLength(5);
    expect(new Set(c.counts.flatMap((d) => [d.termIds.buffer, d.termCounts.buffer])).size).toBe(1);
    for (const d of c.counts) {
      expect(d.termIds.length).toBeGreaterThan(300);
      expect(d.termCounts.length).toBe(d.termIds.length);
      expect(d.termIds.every((id, k) => k === 0 || id > d.termIds[k - 1]!)).toBe(true);
      expect(d.termCounts.every((n) => n > 0)).toBe(true);
      expect(d.termCounts.reduce((a, b) => a + b, 0)).toBe(d.nTerms);
    }
  });

  it('are used up by the search rows made with useUpDfm: the same rows, and every chunk given back', () => {
    const made = (useUp: boolean) => {
      const c = countAnalysisFolder(seedAnalysis(), loadStopwords(), NEAR_DUPLICATE_DEFAULTS);
      const dfm = buildDfm(c, groupUnits(c.input, 'document', []));
      const { stats, df } = termStats(dfm);
      const chunk = c.counts[0]!.termIds.buffer as ArrayBuffer;
      const rows = tfidfPostings(dfm, selectFeatures(stats, dfm.units.length, 2000), df, useUp);
      return { rows, chunk, dfm };
    };
    const kept = made(false);
    const usedUp = made(true);
    expect(kept.chunk.byteLength).toBeGreaterThan(0);
    expect(usedUp.chunk.byteLength).toBe(0);
    expect(usedUp.dfm.ids.every((ids) => ids.length === 0)).toBe(true);
    expect(kept.dfm.ids.every((ids) => ids.length > 0)).toBe(true);
    expect(kept.rows.postUnit.length).toBeGreaterThan(1000);
    expect([...usedUp.rows.fptr]).toEqual([...kept.rows.fptr]);
    expect([...usedUp.rows.postUnit]).toEqual([...kept.rows.postUnit]);
    expect(Buffer.from(usedUp.rows.postVal.buffer).equals(Buffer.from(kept.rows.postVal.buffer))).toBe(true);
  });

  it('of a document whose sentences come apart are those of its sentences together', () => {
    // Seed 001's lines as sentences of documents a and b, given a, b, a, b, … and all of a first then all of b.
    const lines = seedText('001').split('\n').filter((l) => l.length >= 20).slice(0, 60);
    const tokens = (line: string) => [...line.replace(/[^\u4e00-\u9fff]/g, '')].map((ch, k, all) => ch + (all[k + 1] ?? ''));
    const count = (order: Array<[string, number]>) => {
      const counter = new CorpusCounter(new Set(), NEAR_DUPLICATE_DEFAULTS, false);
      for (const [id, u] of order) counter.sentence(id, u, lines[u]!, tokens(lines[u]!), null, [], []);
      return counter.finish([], () => META, { function: false, themes: false, quantities: false }, []);
    };
    const interleaved = count(lines.map((_, u) => [u % 2 === 0 ? 'a' : 'b', u]));
    const together = count([...lines.keys()].sort((x, y) => (x % 2) - (y % 2) || x - y).map((u) => [u % 2 === 0 ? 'a' : 'b', u]));
    expect(interleaved.counts).toHaveLength(2);
    for (const k of [0, 1]) {
      const [x, y] = [interleaved.counts[k]!, together.counts[k]!];
      expect(x.termIds.length).toBeGreaterThan(100);
      // Term ids are numbered as first met, which the order changes: compared by term.
      const byTerm = (d: typeof x, vocab: readonly string[]) => [...d.termIds].map((id, j) => `${vocab[id]}:${d.termCounts[j]}`).sort();
      expect(byTerm(x, interleaved.vocab)).toEqual(byTerm(y, together.vocab));
    }
  });
});

describe('releasable buffers', () => {
  it('are given back by release, their views left empty; other buffers are not', () => {
    const a = releasableInt32s(1000);
    a.fill(7);
    const view = a.subarray(10, 20);
    expect(release(a.buffer)).toBe(true);
    expect(a.buffer.byteLength).toBe(0);
    expect(view.length).toBe(0);
    const plain = new Int32Array(1000);
    expect(release(plain.buffer)).toBe(false);
    expect(plain.length).toBe(1000);
  });
});
