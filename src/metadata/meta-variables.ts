/**
 * A researcher's --meta table as document variables, as quanteda's docvars:
 * the standard columns (file, township, …, report_year) replace what is
 * inferred, and every other column is carried into documents.csv after
 * fazhi's own columns (pilot=yes/no, region, income group), so that
 * `fazhi compare --by pilot` and `fazhi kwic --where pilot=yes` can use it.
 * Headers may be in Chinese for the standard columns; rows are matched to
 * inputs by file name or by doc_id.
 */

/** Chinese headers for the standard columns. */
export const CHINESE_META_HEADERS: Readonly<Record<string, string>> = {
  文件名: 'file',
  文件: 'file',
  '乡镇/街道': 'township',
  乡镇街道: 'township',
  乡镇: 'township',
  街道: 'township',
  区县: 'county',
  '区/县': 'county',
  市: 'city',
  地市: 'city',
  省: 'province',
  省份: 'province',
  年度: 'report_year',
  发布日期: 'published',
  标题: 'title',
  文档编号: 'doc_id',
};

/** A --meta header cell as the column it stands for (a Chinese standard header in English; others trimmed, as written). */
export function metaColumnName(header: string): string {
  const h = header.trim();
  return CHINESE_META_HEADERS[h] ?? h;
}

/** The document-variable columns of a --meta header: neither the key (file, doc_id) nor a standard field, in header order. */
export function documentVariableColumns(header: readonly string[], standard: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of header) {
    const c = metaColumnName(raw);
    if (c === '' || c === 'file' || c === 'doc_id' || standard.includes(c) || out.includes(c)) continue;
    out.push(c);
  }
  return out;
}

/**
 * A document variable named like one of fazhi's own documents.csv columns
 * (n_units, script …) would make two columns of one name: an error naming it.
 */
export function clashingColumns(variables: readonly string[], ownColumns: readonly string[]): string[] {
  return variables.filter((v) => ownColumns.includes(v));
}

/**
 * When no row of a --meta table matches an input: the message, naming the
 * first few names the table has and the names of the inputs.
 */
export function noMetaMatchMessage(path: string, keyColumn: string, keys: readonly string[], inputs: readonly string[], ids: readonly string[], shown = 5): string {
  const list = (xs: readonly string[]) => xs.slice(0, shown).join(', ') + (xs.length > shown ? `, … (${xs.length} in all)` : '');
  return (
    `metadata file ${path}: none of its ${keys.length} row(s) matches an input file: its ${keyColumn} column has ${list(keys)}; ` +
    `the inputs are ${list(inputs)}` +
    (ids.length ? ` (doc_id ${list(ids)})` : '') +
    ` — give each report's file name as manifest.csv lists it, or its doc_id`
  );
}
