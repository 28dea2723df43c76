/** association.csv's columns and rows, apart from the tests (compare/write.ts, which `fazhi analyze` loads, needs only these). */
export const ASSOCIATION_COLUMNS = [
  'kind', 'variable', 'group', 'n_sentences', 'n_with', 'share', 'expected', 'residual',
  'n_groups', 'total_sentences', 'total_with', 'test', 'chi2', 'df', 'p_value', 'p_adjusted', 'cramers_v', 'min_expected',
] as const;

export interface AssociationRow {
  kind: 'function' | 'theme';
  variable: string;
  group: string;
  n_sentences: number;
  n_with: number;
  share: number;
  expected: number;
  residual: number;
  n_groups: number;
  total_sentences: number;
  total_with: number;
  test: string;
  chi2: number;
  df: number;
  p_value: number;
  p_adjusted: number;
  cramers_v: number;
  min_expected: number;
}

