/**
 * Principal component analysis for a 2-D map of units: columns standardised
 * (z-scores, population SD; constant columns dropped, as k-means sees them),
 * then the leading eigenvectors of the correlation matrix by power iteration
 * with deflation. Deterministic: fixed start vector, and each component's sign
 * is chosen so that its largest loading is positive.
 */

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
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const kept: number[] = [];
  const mean: number[] = [];
  const sd: number[] = [];
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (const r of rows) s += r[j] ?? 0;
    const mu = n ? s / n : 0;
    let v = 0;
    for (const r of rows) v += ((r[j] ?? 0) - mu) ** 2;
    const sigma = n ? Math.sqrt(v / n) : 0;
    if (sigma > 1e-12) {
      kept.push(j);
      mean.push(mu);
      sd.push(sigma);
    }
  }
  const m = kept.length;
  const z = rows.map((r) => kept.map((j, c) => ((r[j] ?? 0) - mean[c]!) / sd[c]!));
  // Correlation matrix (m × m).
  const cov: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (const r of z) for (let a = 0; a < m; a++) for (let b = a; b < m; b++) cov[a]![b]! += (r[a]! * r[b]!) / n;
  for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) cov[a]![b] = cov[b]![a]!;
  const total = m; // trace of a correlation matrix
  const loadings: number[][] = [];
  const explained: number[] = [];
  const k = Math.min(components, m);
  for (let c = 0; c < k; c++) {
    let v = Array.from({ length: m }, (_, i) => 1 / Math.sqrt(m) + (i % 2 ? 1e-3 : -1e-3));
    let lambda = 0;
    for (let it = 0; it < 500; it++) {
      const w = cov.map((row) => row.reduce((s, x, i) => s + x * v[i]!, 0));
      const norm = Math.hypot(...w);
      if (norm < 1e-15) {
        lambda = 0;
        break;
      }
      const next = w.map((x) => x / norm);
      const delta = Math.max(...next.map((x, i) => Math.abs(x - v[i]!)));
      v = next;
      lambda = norm;
      if (delta < 1e-10) break;
    }
    let big = 0;
    for (let i = 1; i < m; i++) if (Math.abs(v[i]!) > Math.abs(v[big]!) + 1e-12) big = i;
    if (v[big]! < 0) v = v.map((x) => -x);
    loadings.push(v);
    explained.push(total > 0 ? lambda / total : 0);
    // Deflate.
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) cov[a]![b]! -= lambda * v[a]! * v[b]!;
  }
  const scores = z.map((r) => {
    const out = loadings.map((l) => l.reduce((s, x, i) => s + x * r[i]!, 0));
    while (out.length < components) out.push(0);
    return out;
  });
  return { scores, explained, loadings, columns: kept.map((j) => names[j] ?? String(j)) };
}
