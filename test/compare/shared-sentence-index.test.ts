import { describe, expect, it } from 'vitest';
import { SharedSentenceFinder } from '../../src/compare/shared-sentence-finder.js';
import { releaseIndexOfRows } from '../../src/compare/shared-sentence-index.js';
import { seedText } from '../helpers/seeds.js';

describe('SharedSentenceIndex', () => {
  // Sentences of two seed reports, added with documents interleaved and out of id order, so that the index (found in the order added) lists them mixed.
  const sentencesOf = (seed: string) =>
    seedText(seed)
      .split(/(?<=[。；])/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0)
      .slice(0, 30);
  const a = sentencesOf('001');
  const b = sentencesOf('002');

  function index(sortByDocument: boolean) {
    const finder = new SharedSentenceFinder();
    for (let k = 0; k < 30; k++) {
      finder.add('D2', k, b[k]!);
      finder.add('D1', k, a[k]!);
      // A copy of one report's sentence in a third: shared, so the index has records across documents.
      if (k % 3 === 0) finder.add('D0', k, a[k]!);
    }
    // One key given twice more: a sentence too short to compare, then another report's sentence, which is the one that counts.
    finder.add('D0', 3, '一是加强。');
    finder.add('D0', 3, b[3]!);
    // A key whose last sentence is too short (the copy before it counts), and one of short sentences alone (no entry).
    finder.add('D0', 6, '二是推进。');
    finder.add('D0', 40, '三是落实。');
    finder.add('D0', 40, '四是强化。');
    return finder.find({ sortByDocument });
  }

  it.each([false, true])('sentencesByDocument lists each document its own sentences in index order (sorted by document: %s)', (sorted) => {
    const idx = index(sorted);
    const { start, sentences } = idx.sentencesByDocument();
    // An index in document order needs no list: document d's sentences are the numbers start[d]..start[d + 1].
    expect(sentences === null).toBe(sorted);
    const of = (d: number) => (sentences ? [...sentences.subarray(start[d]!, start[d + 1]!)] : Array.from({ length: start[d + 1]! - start[d]! }, (_, k) => start[d]! + k));
    expect(start).toHaveLength(idx.docIds.length + 1);
    expect(start[idx.docIds.length]).toBe(idx.size);
    idx.docIds.forEach((_, d) => {
      const expected = Array.from({ length: idx.size }, (_, i) => i).filter((i) => idx.docOf(i) === d);
      expect(of(d)).toEqual(expected);
    });
    // The copied sentences are found shared, and their document holds them all.
    const d0 = idx.docIds.indexOf('D0');
    const copies = of(d0);
    expect(copies).toHaveLength(15);
    expect(copies.filter((i) => idx.sharedWith(i) >= 1).length).toBeGreaterThan(5);
  });

  it.each([false, true])("sharedWithTable gives each compared (document, unit index) the shared_with and passage of the last compared sentence with that key in index order (sorted by document: %s)", (sorted) => {
    const idx = index(sorted);
    const expected = new Map<string, [number, number, number, number]>();
    for (let i = 0; i < idx.size; i++) {
      if (!idx.checkedOf(i)) continue;
      expected.set(`${idx.docOf(i)}:${idx.unitIndexOf(i)}`, [idx.docOf(i), idx.unitIndexOf(i), idx.sharedWith(i), idx.passageOf(i)]);
    }
    const table = idx.sharedWithTable();
    expect(table.docIds).toEqual(['D0', 'D1', 'D2']);
    const got: Array<[number, number, number, number]> = [];
    for (let d = 0; d < table.docIds.length; d++) {
      for (let k = table.start[d]!; k < table.start[d + 1]!; k++) got.push([d, table.unitIndex[k]!, table.sharedWith[k]!, table.passage[k]!]);
    }
    expect(got).toEqual([...expected.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]));
    // Unit 40 of D0 has short sentences alone; unit 6, its copy of 001's sentence (shared with D1), not the short one after it.
    expect(got.some(([d, u]) => d === 0 && u === 40)).toBe(false);
    expect(got.find(([d, u]) => d === 0 && u === 6)![2]).toBeGreaterThanOrEqual(1);
    // D0's unit 3 is 002's sentence, which D2 holds too: not 001's, which D1 holds.
    const d0u3 = got.find(([d, u]) => d === 0 && u === 3)!;
    expect(d0u3[2]).toBeGreaterThanOrEqual(1);
    const i = Array.from({ length: idx.size }, (_, j) => j).find((j) => idx.docOf(j) === 0 && idx.unitIndexOf(j) === 3 && idx.text(j) === b[3]);
    expect(idx.shares(i!, 2)).toBe(true);
  });

  it('release lets go of the sentences and passages: rows made before keep their length, any read of them or of the index throws', () => {
    const idx = index(true);
    const rows = idx.lightRows();
    const passages = idx.passageRows(10, [], []);
    const size = idx.size;
    expect(passages.length).toBeGreaterThan(0);
    const firstShared = rows.findIndex((r) => r.sharedWith > 0);
    expect(firstShared).toBeGreaterThanOrEqual(0);
    expect(releaseIndexOfRows(rows)).toBe(true);
    expect(rows.length).toBe(size);
    expect(passages.length).toBeGreaterThan(0);
    const released = /the near-duplicate index was released/;
    expect(() => rows[firstShared]!.sharedWith).toThrow(released);
    expect(() => passages[0]).toThrow(released);
    expect(() => idx.sharedWithTable()).toThrow(released);
    expect(() => idx.get('D0', 3)).toThrow(released);
    expect(() => idx.sharedPassages.size).toThrow(released);
    // Rows that are no index's light rows release nothing.
    expect(releaseIndexOfRows([...rows.slice(0, 0)])).toBe(false);
  });
});
