import { describe, expect, it } from 'vitest';
import { SharedSentenceFinder } from '../../src/compare/shared-sentence-finder.js';
import { compareInput } from '../../src/compare/compare.js';
import type { CompareDoc, CompareSentence } from '../../src/compare/types.js';
import { normalizeForShingles, shingleJaccard } from '../../src/compare/shingles.js';
import { seedText } from '../helpers/seeds.js';

/**
 * A real sentence of seed 001 and two shorter cuts of it, chosen so that each
 * is near-identical to the next (Jaccard >= 0.8) but the first and the last
 * are not: a chain, which single linkage makes one passage.
 */
function chain(): { whole: string; middle: string; short: string; other: string } {
  const sentences = seedText('001').split(/(?<=[。；])/).map((s) => s.trim());
  for (const whole of sentences) {
    if (normalizeForShingles(whole).length < 40 || /\d/.test(whole)) continue;
    for (let a = whole.length - 1; a > 10; a--) {
      const middle = whole.slice(0, a);
      if (shingleJaccard(whole, middle) < 0.8) break;
      for (let b = a - 1; b > 10; b--) {
        const short = whole.slice(0, b);
        if (shingleJaccard(middle, short) < 0.8) break;
        if (shingleJaccard(whole, short) < 0.8) {
          const other = sentences.find((s) => s.length > 20 && shingleJaccard(s, whole) < 0.3)!;
          return { whole, middle, short, other };
        }
      }
    }
  }
  throw new Error('no chain in seed 001');
}

describe('shared passages (boilerplate.csv)', () => {
  const { whole, middle, short, other } = chain();

  function find(order: string[]) {
    const texts: Record<string, string> = { D1: whole, D2: middle, D3: short, D4: other };
    const finder = new SharedSentenceFinder();
    // Tags are functions (0, 1), labels theme numbers.
    const tags: Record<string, number> = { D1: 0, D2: 1, D3: 1, D4: 0 };
    const labels: Record<string, number[]> = { D1: [3], D2: [3, 5], D3: [], D4: [3] };
    for (const id of order) finder.add(id, 7, texts[id]!, tags[id], labels[id]);
    return finder.find({ sortByDocument: true });
  }

  it('groups a chain of near-identical sentences into one passage, shown by its first text in UTF-16 order when all repeat alike', () => {
    expect(shingleJaccard(whole, short)).toBeLessThan(0.8);
    const index = find(['D1', 'D2', 'D3', 'D4']);
    // shared_with follows the pairs; the passage, the chain.
    expect(Array.from({ length: 4 }, (_, i) => [index.docIds[index.docOf(i)], index.sharedWith(i), index.passageOf(i)])).toEqual([
      ['D1', 1, 1],
      ['D2', 2, 1],
      ['D3', 1, 1],
      ['D4', 0, 0],
    ]);
    const names = ['measure', 'plan'];
    const themes = ['t0', 't1', 't2', 'publicity', 't4', 'enforcement'];
    const rows = index.passageRows(2, names, themes);
    expect(rows).toHaveLength(1);
    const shownText = [whole, middle, short].map(normalizeForShingles).sort()[0]!;
    const shown = [whole, middle, short].find((t) => normalizeForShingles(t) === shownText)!;
    expect(rows[0]).toEqual({
      passage: 1,
      nDocs: 3,
      nSentences: 3,
      nVariants: 3,
      nChars: shownText.length,
      normalizedText: shownText,
      example: shown,
      exampleDocId: { [whole]: 'D1', [middle]: 'D2', [short]: 'D3' }[shown],
      exampleUnitIndex: 7,
      docs: ['D1', 'D2'],
      functions: [
        ['plan', 2],
        ['measure', 1],
      ],
      themes: [
        ['publicity', 2],
        ['enforcement', 1],
      ],
    });
  });

  it('gives the same passages whatever order the documents come in', () => {
    const a = find(['D1', 'D2', 'D3', 'D4']);
    const b = find(['D4', 'D3', 'D2', 'D1']);
    expect([...b.passageRows(20, [], [])]).toEqual([...a.passageRows(20, [], [])]);
  });

  it('shows a passage by its most repeated text, and leaves out a text repeated within one document only', () => {
    const finder = new SharedSentenceFinder();
    finder.add('D1', 1, whole);
    finder.add('D2', 1, middle);
    finder.add('D3', 1, middle);
    finder.add('D4', 1, other);
    finder.add('D4', 2, other);
    const index = finder.find();
    const rows = index.passageRows(20, [], []);
    expect(rows.map((r) => [r.example, r.exampleDocId, r.nDocs, r.nSentences, r.nVariants])).toEqual([[middle, 'D2', 3, 3, 2]]);
  });

  it('lists the themes of a passage the same whatever order the documents come in, ties by name', () => {
    const sentence = (unitIndex: number, text: string, themes: string[]): CompareSentence => ({ unitIndex, section: 'measures', text, terms: [], fn: 'measure', themes, quantities: [] });
    const doc = (id: string, sentences: CompareSentence[]): CompareDoc => ({ id, meta: { title: id, township: id, county: '', city: '', province: '', report_year: 2021 }, sentences });
    // The same sentence coded publicity in A and enforcement in B: a tie, whichever theme the corpus meets first.
    const a = doc('A', [sentence(0, whole, ['publicity']), sentence(1, other, ['enforcement'])]);
    const b = doc('B', [sentence(0, whole, ['enforcement']), sentence(1, short, ['publicity'])]);
    const themesOf = (docs: CompareDoc[]) => compareInput({ docs, has: { function: true, themes: true, quantities: false }, notes: [] }).boilerplate.map((p) => p.themes);
    expect(themesOf([a, b])).toEqual([
      [
        ['enforcement', 1],
        ['publicity', 1],
      ],
    ]);
    expect(themesOf([b, a])).toEqual(themesOf([a, b]));
  });

  it('shows a passage by a text another document shares, not by one linked to it only within its own document', () => {
    // In D1 the shortest cut and the middle one; in D2 the whole sentence. The shortest is near-identical only to D1's middle cut.
    const finder = new SharedSentenceFinder();
    finder.add('D1', 1, short);
    finder.add('D1', 2, middle);
    finder.add('D2', 1, whole);
    const index = finder.find();
    expect([0, 1, 2].map((i) => [index.sharedWith(i), index.passageOf(i)])).toEqual([
      [0, 1],
      [1, 1],
      [1, 1],
    ]);
    // The shortest text comes first in UTF-16 order (a prefix), but no other document shares it: the middle cut shows the passage.
    expect(normalizeForShingles(short) < normalizeForShingles(middle)).toBe(true);
    const [row] = index.passageRows(20, [], []);
    expect(row).toMatchObject({ nDocs: 2, nSentences: 3, nVariants: 3, example: middle, exampleDocId: 'D1', exampleUnitIndex: 2 });
  });
});
