/**
 * The TF-IDF rows the similarity search reads (SearchRows): the weights held
 * once, in the postings. On the seed analysis, the search and the k-means
 * columns made from them are those of the vectors themselves.
 */
import { describe, expect, it } from 'vitest';
import { countAnalysisFolder } from '../../src/compare/analysis-folder.js';
import { buildDfm, termStats, selectFeatures, tfidf } from '../../src/compare/dfm.js';
import { densifySearchRows, searchRows, similarity, similarityOfSearchRows } from '../../src/compare/similarity.js';
import { groupUnits } from '../../src/compare/units.js';
import { loadStopwords } from '../../src/tokenize/tokenizer.js';
import { seedAnalysis } from '../helpers/seed-folders.js';

describe('search rows of the seed analysis', () => {
  const c = countAnalysisFolder(seedAnalysis(), loadStopwords(), { threshold: 0.8, shingle: 3, minChars: 10 });
  const units = groupUnits(c.input, 'document', []);
  const dfm = buildDfm(c, units);
  const { stats, df } = termStats(dfm);
  const features = selectFeatures(stats, units.length, 2000);
  const vectors = tfidf(dfm, features, df);
  const rows = searchRows(vectors, features.length);

  it('give every pair the cosine of the vectors, to the last bit', () => {
    expect(units.length).toBe(5);
    for (const neighbours of [null, 2]) {
      const found = similarityOfSearchRows(dfm.units, rows, null, neighbours);
      expect(found.length).toBe(neighbours === null ? 10 : similarity(dfm.units, vectors, features.length, null, neighbours).length);
      expect([...found]).toEqual([...similarity(dfm.units, vectors, features.length, null, neighbours)]);
      expect(found.every((r) => r.cosine_tfidf > 0 && r.cosine_tfidf < 1)).toBe(true);
    }
  });

  it('give each unit its weights of the first features as dense columns, 0 where it has none', () => {
    const m = 200;
    const dense = densifySearchRows(rows, units.length, m);
    let zeros = 0;
    vectors.forEach((v, u) => {
      const expected = new Array<number>(m).fill(0);
      for (let k = 0; k < v.idx.length; k++) if (v.idx[k]! < m) expected[v.idx[k]!] = v.val[k]!;
      expect(dense[u]).toEqual(expected);
      zeros += expected.filter((x) => x === 0).length;
    });
    expect(zeros).toBeGreaterThan(0);
    expect(zeros).toBeLessThan(units.length * m);
  });
});
