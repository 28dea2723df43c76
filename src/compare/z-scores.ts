/**
 * Columns as z-scores (population standard deviation), with the columns that
 * are constant across rows dropped: what k-means clusters (cluster.ts) and
 * the cluster map's PCA (report/pca.ts) are computed on, so the map shows the
 * space the clusters were found in.
 */
export interface ZScores {
  /** Columns kept (indexes into the input): those that vary. */
  kept: number[];
  /** One row per input row, one value per kept column. */
  z: number[][];
}

/** `rows` (`width` columns each; a missing cell counts as 0) as z-scores. */
export function zScores(rows: readonly (readonly number[])[], width: number): ZScores {
  const n = rows.length;
  const kept: number[] = [];
  const mean: number[] = [];
  const sd: number[] = [];
  for (let j = 0; j < width; j++) {
    let s = 0;
    for (const r of rows) s += r[j] ?? 0;
    const mu = n > 0 ? s / n : 0;
    let v = 0;
    for (const r of rows) v += ((r[j] ?? 0) - mu) ** 2;
    const sigma = n > 0 ? Math.sqrt(v / n) : 0;
    if (sigma > 1e-12) {
      kept.push(j);
      mean.push(mu);
      sd.push(sigma);
    }
  }
  const z = rows.map((r) => kept.map((j, c) => ((r[j] ?? 0) - mean[c]!) / sd[c]!));
  return { kept, z };
}
