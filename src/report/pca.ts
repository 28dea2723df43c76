/**
 * Principal component analysis for a 2-D map of units: columns as z-scores
 * (zScores, as k-means sees them: population SD, constant columns dropped),
 * then ml-pca's singular value decomposition of them. Deterministic: each
 * component's sign is chosen so that its largest loading is positive.
 */
import { PCA } from 'ml-pca';
import { zScores } from '../compare/results.js';

export interface PcaResult {
  /** One row per input row: its coordinates on the components. */
  scores: number[][];
  /** Share of the total variance each component explains (0..1). */
  explained: number[];
  /** Per component, the loading of each kept column. */
  loadings: number[][];
  /** Names of the columns kept (non-constant). */
  columns: string[];
}

export function pca(rows: readonly (readonly number[])[], names: readonly string[] = [], components = 2): PcaResult {
  const { kept, z } = zScores(rows, rows[0]?.length ?? 0);
  const columns = kept.map((j) => names[j] ?? String(j));
  const loadings: number[][] = [];
  let explained: number[] = [];
  if (kept.length > 0) {
    // z is centered and scaled already; the shares of variance do not depend on SVD's 1/(n − 1).
    const fit = new PCA(z, { center: false, scale: false });
    const vectors = fit.getEigenvectors();
    // A direction with no variance (two units have one) is no axis: its scores are 0 rather than rounding noise.
    explained = fit
      .getExplainedVariance()
      .slice(0, Math.min(components, vectors.columns))
      .filter((share) => share > 1e-12);
    const k = explained.length;
    for (let c = 0; c < k; c++) loadings.push(withLargestLoadingPositive(vectors.getColumn(c)));
  }
  const scores = z.map((r) => {
    const out = loadings.map((l) => l.reduce((s, x, i) => s + x * r[i]!, 0));
    while (out.length < components) out.push(0);
    return out;
  });
  return { scores, explained, loadings, columns };
}

/** An eigenvector's sign is arbitrary: the one whose largest loading (the first of equals) is positive. */
function withLargestLoadingPositive(v: number[]): number[] {
  let big = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]!) > Math.abs(v[big]!) + 1e-12) big = i;
  return v[big]! < 0 ? v.map((x) => -x) : v;
}
