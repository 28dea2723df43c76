/**
 * What compare keeps to the end of a run (document ids, terms, place stems,
 * theme ids) must not keep the table text it was read from: in V8 a cell cut
 * from a chunk of sentences.csv is a slice that holds the whole chunk, and
 * kept for every document and term that would be most of the table.
 */
import { describe, expect, it } from 'vitest';
import { CorpusCounter } from '../../src/compare/corpus-counts.js';
import { NEAR_DUPLICATE_DEFAULTS } from '../../src/compare/shingles.js';
import { seedText } from '../helpers/seeds.js';
import { heapAfterCollecting } from '../helpers/heap.js';

describe('the corpus counter', () => {
  it('keeps no text its cells were cut from', () => {
    const seed = seedText('001');
    // Seed 001's longer lines, each a sentence cell, its tokens cell and (its first characters) a theme and a document id.
    const lines = seed.split('\n').filter((l) => l.length >= 20);
    expect(lines.length).toBeGreaterThan(20);
    const rounds = 16;
    const counters: CorpusCounter[] = [];
    const round = () => {
      // A fresh text of the seed two hundred times over, every cell cut from it as a reader cuts cells from a chunk.
      const table = Array.from({ length: 200 }, () => seed).join('\n');
      const cut = (s: string) => {
        const i = table.indexOf(s);
        return table.slice(i, i + s.length);
      };
      const counter = new CorpusCounter(new Set(), NEAR_DUPLICATE_DEFAULTS, true);
      const docId = cut(lines[0]!.slice(0, 20));
      lines.forEach((line, u) => {
        counter.doc(docId);
        counter.sentence(docId, u, cut(line), cut(line), null, [cut(line.slice(0, 16))], []);
      });
      counters.push(counter);
    };
    round();
    const before = heapAfterCollecting();
    for (let r = 0; r < rounds; r++) round();
    const grown = heapAfterCollecting() - before;
    const tableBytes = 2 * (200 * seed.length + 199);
    // Sixteen counters holding their texts would be sixteen times tableBytes (about 1.8 MB); their own counts are a few KB.
    expect(grown).toBeLessThan(4 * tableBytes);
    expect(counters).toHaveLength(rounds + 1);
  });
});
