/**
 * The TF-IDF rows the similarity search reads (their postings), made straight
 * from the dfm: their postings alone, which hold the weights. On the seed
 * analysis they are the vectors' own postings, and the search and the
 * k-means columns made from them are those of the vectors themselves.
 */
import { describe, expect, it } from 'vitest';
import { countAnalysisFolder } from '../../src/compare/analysis-folder.js';
import { buildDfm, termStats, selectFeatures, tfidf } from '../../src/compare/dfm.js';
import { buildPostings, densifyPostings, tfidfPostings, similarity, similarityOfPostings, similarityOnThreads, type SimilarityHeaps, type SimilarityTask } from '../../src/compare/similarity.js';
import { workerPool } from '../../src/pipeline/pool.js';
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
  const rows = tfidfPostings(dfm, features, df);

  it("are the vectors' postings, to the last bit", () => {
    expect(features.length).toBeGreaterThan(100);
    const postings = buildPostings((u) => vectors[u]!, vectors.length, features.length);
    expect([...rows.fptr]).toEqual([...postings.fptr]);
    expect([...rows.postUnit]).toEqual([...postings.postUnit]);
    expect(Buffer.from(rows.postVal.buffer).equals(Buffer.from(postings.postVal.buffer))).toBe(true);
    expect(rows.postVal.every((w) => w > 0 && w <= 1)).toBe(true);
    // Shared with the search's threads.
    expect(rows.postUnit.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(rows.postVal.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it("weigh each unit's features as TF-IDF scaled to unit length: count × ln(n / df), over the norm summed in feature order", () => {
    // The weighting written out here, apart from TfidfRows, unit by unit.
    const n = dfm.units.length;
    const featureOf = new Map(features.map((f, i) => [f, i]));
    const expected = features.map(() => [] as Array<[number, number]>);
    dfm.ids.forEach((ids, u) => {
      const row: Array<[number, number]> = [];
      ids.forEach((id, k) => {
        const f = featureOf.get(dfm.vocab[id]!);
        const w = f === undefined ? 0 : dfm.counts[u]![k]! * Math.log(n / df[id]!);
        if (f !== undefined && w > 0) row.push([f, w]);
      });
      row.sort((a, b) => a[0] - b[0]);
      let norm = 0;
      for (const [, w] of row) norm += w * w;
      norm = Math.sqrt(norm);
      for (const [f, w] of row) expected[f]!.push([u, w / norm]);
    });
    expect([...rows.postUnit]).toEqual(expected.flatMap((list) => list.map(([u]) => u)));
    expect(Buffer.from(rows.postVal.buffer).equals(Buffer.from(Float64Array.from(expected.flatMap((list) => list.map(([, w]) => w))).buffer))).toBe(true);
  });

  it('give every pair the cosine of the vectors, to the last bit', () => {
    expect(units.length).toBe(5);
    for (const neighbours of [null, 2]) {
      const found = similarityOfPostings(dfm.units, rows, null, neighbours);
      expect(found.length).toBe(neighbours === null ? 10 : similarity(dfm.units, vectors, features.length, null, neighbours).length);
      expect([...found]).toEqual([...similarity(dfm.units, vectors, features.length, null, neighbours)]);
      expect(found.every((r) => r.cosine_tfidf > 0 && r.cosine_tfidf < 1)).toBe(true);
    }
  });

  it('give each unit its weights of the first features as dense columns, 0 where it has none', () => {
    const m = 200;
    const dense = densifyPostings(rows, units.length, m);
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

  it('on two worker threads: the threads hand back their heaps, and the merged ones keep the pairs one thread keeps', async () => {
    // similarityOnThreads falls back to this thread when a thread fails: the pool is run here first, so a failing worker fails the test.
    const pool = workerPool<SimilarityTask, SimilarityHeaps>('compare/similarity-worker.js', { threads: 2 });
    expect(pool, 'the worker is built (npm run build)').not.toBeNull();
    const next = new Int32Array(new SharedArrayBuffer(4));
    const parts = await Promise.all([0, 1].map(() => pool!.run({ n: units.length, rows, neighbours: 2, next })));
    await pool!.destroy();
    // Every row was scanned by one thread or the other: 5 units keep 2 partners each, found from either side.
    const kept = parts.map((p) => p.size.reduce((a, b) => a + b, 0));
    expect(kept.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(units.length * 2);
    const search = similarityOnThreads(dfm.units, rows, null, 2, 2);
    search.join();
    expect([...(await search.table())]).toEqual([...similarityOfPostings(dfm.units, rows, null, 2)]);
  });
});
