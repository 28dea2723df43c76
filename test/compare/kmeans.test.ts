/**
 * compare's k-means (kmeans.ts) against ml-kmeans, the library it replaces
 * for speed: the same clusters and the same number of steps from the same
 * centers, on the seed sentences' themes and functions (many identical rows,
 * so many ties) and on cases made to tie and to empty a cluster.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kmeans } from 'ml-kmeans';
import { lloydKmeans } from '../../src/compare/kmeans.js';
import { seedCenters } from '../../src/compare/cluster.js';
import { zScores } from '../../src/compare/z-scores.js';
import { FUNCTIONS } from '../../src/model/document.js';
import { readCsv } from '../../src/output/csv.js';
import { seedAnalysis } from '../helpers/seed-folders.js';

/** One row per sentence of the seed analysis: a 0/1 column per theme and per function, as z-scores. */
function seedSentencePoints(): number[][] {
  const rows = readCsv(readFileSync(join(seedAnalysis(), 'sentences.csv'), 'utf8')).filter((r) => r.kind === 'sentence');
  const themes = [...new Set(rows.flatMap((r) => (r.themes ?? '').split(';').filter(Boolean)))].sort();
  const raw = rows.map((r) => {
    const own = new Set((r.themes ?? '').split(';'));
    return [...themes.map((t) => (own.has(t) ? 1 : 0)), ...FUNCTIONS.map((f) => (r.function === f ? 1 : 0))];
  });
  const { z } = zScores(raw, themes.length + FUNCTIONS.length);
  return z;
}

function library(points: number[][], centers: number[][], maxIterations = 300) {
  const r = kmeans(points, centers.length, { initialization: centers.map((c) => [...c]), maxIterations });
  return { clusters: r.clusters, iterations: r.iterations };
}

function own(points: number[][], centers: number[][], maxIterations = 300) {
  const r = lloydKmeans(points, centers, maxIterations);
  return { clusters: Array.from(r.clusters), iterations: r.iterations };
}

describe('k-means (Lloyd, with bounds)', () => {
  it('gives ml-kmeans’ clusters and steps on the seed sentences, for k = 2..8 from k-means++ centers', () => {
    const points = seedSentencePoints();
    expect(points.length).toBeGreaterThan(300);
    expect(points[0]!.length).toBeGreaterThan(15);
    // Many sentences have the same themes and function: ties between centers are common.
    expect(new Set(points.map((p) => p.join())).size).toBeLessThan(points.length / 2);
    let steps = 0;
    for (let k = 2; k <= 8; k++) {
      for (let r = 0; r < 5; r++) {
        const centers = seedCenters(points, k, 42 + r);
        const expected = library(points, centers);
        expect(own(points, centers), `k ${k}, restart ${r}`).toEqual(expected);
        steps += expected.iterations;
      }
    }
    expect(steps).toBeGreaterThan(100);
  });

  it('stops after maxIterations as ml-kmeans does, with the clusters of that step', () => {
    const points = seedSentencePoints();
    const centers = seedCenters(points, 6, 7);
    for (const max of [1, 2, 3]) expect(own(points, centers, max)).toEqual(library(points, centers, max));
  });

  it('gives a point as far from two centers to the first, and leaves a center without points where it was', () => {
    const line = [[0], [2], [4], [2], [1]];
    expect(own(line, [[1], [3]])).toEqual(library(line, [[1], [3]]));
    expect(own(line, [[3], [1]])).toEqual(library(line, [[3], [1]]));
    expect(own(line, [[1], [3]]).clusters[1]).toBe(0);
    // At the second step the 3s lie halfway between the centers (1, kept without points, and 5): they go to the first, which they were not in.
    const midway = [[3], [10], [3], [6], [3]];
    expect(own(midway, [[1], [3]])).toEqual(library(midway, [[1], [3]]));
    expect(library(midway, [[1], [3]], 2).clusters).toEqual([0, 1, 0, 1, 0]);
    // The third center is nearest to no point: it stays at 100 and the run ends as ml-kmeans' does.
    const far = [[0], [1], [2], [3]];
    const centers = [[0.5], [2.5], [100]];
    expect(own(far, centers)).toEqual(library(far, centers));
    expect(own(far, centers).clusters).toEqual([0, 0, 1, 1]);
  });

  it('refuses no points, no centers, and fewer than one step', () => {
    expect(() => lloydKmeans([], [[0]], 10)).toThrow(RangeError);
    expect(() => lloydKmeans([[0]], [], 10)).toThrow(RangeError);
    expect(() => lloydKmeans([[0]], [[0]], 0)).toThrow(RangeError);
  });
});
