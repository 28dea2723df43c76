/**
 * Group differences, as NVivo's matrix coding query with a test, or
 * quanteda's docvars with chisq.test: for each sentence function and each
 * theme, the groups × (has / has not) table over sentences, its test of
 * independence, Cramér's V and each group's adjusted residual (which groups
 * say it more, or less, than the corpus as a whole).
 *
 * The test is Pearson's χ², unless an expected count is below 5: then a 2×2
 * table (two groups) gets Fisher's exact test, and a larger one a seeded
 * Monte-Carlo χ² (R's simulate.p.value) of MONTE_CARLO_DRAWS tables, when
 * the rarer column has at most MONTE_CARLO_MAX_RARE sentences (beyond, the
 * simulation would cost minutes and χ² is kept, named as such in `test`).
 * p_adjusted is Benjamini–Hochberg over every test of the table.
 */
import { FUNCTIONS } from '../model/document.js';
import { THEME_SLOTS, type CorpusCounts } from '../compare/corpus-counts.js';
import { corpusThemesOf, inputTaxonomy } from '../compare/profiles.js';
import { cmp } from '../compare/input.js';
import type { ComparisonUnit } from '../compare/types.js';
import type { AssociationRow } from './association-columns.js';
import { benjaminiHochberg, chiSquareTest, fisherExact2x2, monteCarloChiSquare } from './statistics.js';

export const MONTE_CARLO_DRAWS = 2000;
export const MONTE_CARLO_MAX_RARE = 20000;

export { ASSOCIATION_COLUMNS, type AssociationRow } from './association-columns.js';

/** One variable's test over the groups. */
interface VariableTest {
  kind: AssociationRow['kind'];
  variable: string;
  rows: AssociationRow[];
  p: number;
}

/**
 * association.csv's rows: per function, then per theme, one row per group
 * (groups without sentences left out). Empty with fewer than two groups.
 */
export function associationTable(c: CorpusCounts, units: readonly ComparisonUnit[], parents: Readonly<Record<string, string>>, seed: number): AssociationRow[] {
  const sizes = units.map((u) => u.docs.reduce((s, d) => s + c.counts[d]!.nSentences, 0));
  // A document without a value in the grouping column is not a group.
  const used = units.map((_, i) => i).filter((i) => sizes[i]! > 0 && !units[i]!.ungrouped);
  if (used.length < 2) return [];
  const tests: VariableTest[] = [];
  const input = c.input;
  if (input.has.function) {
    FUNCTIONS.forEach((f, fi) => {
      tests.push(testVariable('function', f, units, used, sizes, (d) => c.counts[d]!.fn[fi] ?? 0, seed));
    });
  }
  if (input.has.themes) {
    const themeNo = new Map(c.themeNames.map((t, i) => [t, i]));
    const themeIds = corpusThemesOf(input.has, c.themeNames, inputTaxonomy(input), parents, input.ownThemesOnly ?? false).filter((t) => themeNo.has(t));
    for (const th of [...themeIds].sort(cmp)) {
      const slot = themeNo.get(th)! * THEME_SLOTS + FUNCTIONS.length;
      tests.push(testVariable('theme', th, units, used, sizes, (d) => c.counts[d]!.themes[slot] ?? 0, seed));
    }
  }
  const adjusted = benjaminiHochberg(tests.map((t) => t.p));
  const rows: AssociationRow[] = [];
  tests.forEach((t, i) => {
    for (const r of t.rows) {
      r.p_adjusted = adjusted[i]!;
      rows.push(r);
    }
  });
  return rows;
}

function testVariable(
  kind: AssociationRow['kind'],
  variable: string,
  units: readonly ComparisonUnit[],
  used: readonly number[],
  sizes: readonly number[],
  countOf: (doc: number) => number,
  seed: number,
): VariableTest {
  const withIt = used.map((i) => units[i]!.docs.reduce((s, d) => s + countOf(d), 0));
  const table = used.map((i, k) => [withIt[k]!, sizes[i]! - withIt[k]!]);
  const result = chiSquareTest(table);
  const minExpected = Math.min(...result.expected.map((r) => Math.min(r[0]!, r[1]!)));
  let test = 'chi2';
  let p = result.df > 0 ? result.pValue : Number.NaN;
  const totalWith = withIt.reduce((s, v) => s + v, 0);
  const total = used.reduce((s, i) => s + sizes[i]!, 0);
  if (result.df > 0 && minExpected < 5) {
    if (used.length === 2) {
      test = 'fisher_exact';
      p = fisherExact2x2(table[0]![0]!, table[0]![1]!, table[1]![0]!, table[1]![1]!);
    } else if (Math.min(totalWith, total - totalWith) <= MONTE_CARLO_MAX_RARE) {
      test = `monte_carlo_${MONTE_CARLO_DRAWS}`;
      p = monteCarloChiSquare(table as Array<[number, number]>, MONTE_CARLO_DRAWS, seed);
    } else test = 'chi2_small_expected';
  }
  const rows = used.map((i, k) => ({
    kind,
    variable,
    group: units[i]!.id,
    n_sentences: sizes[i]!,
    n_with: withIt[k]!,
    share: withIt[k]! / sizes[i]!,
    expected: result.expected[k]![0]!,
    residual: result.residuals[k]![0]!,
    n_groups: used.length,
    total_sentences: total,
    total_with: totalWith,
    test: result.df > 0 ? test : 'none (no variation)',
    chi2: result.chi2,
    df: result.df,
    p_value: p,
    p_adjusted: Number.NaN,
    cramers_v: result.cramersV,
    min_expected: minExpected,
  }));
  return { kind, variable, rows, p };
}
