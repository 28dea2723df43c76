/**
 * Units of comparison: each report, or the groups of reports sharing the
 * values of one or more documents.csv columns (township: its reports pooled
 * over years; province; report_year; a --meta column; township × year). A
 * township is the triple township + county + province, so two 新华镇 in
 * different counties stay apart. A document whose value is unknown is never
 * pooled with other unknowns: it stays a unit of its own, named by its id.
 */
import type { CompareBy, CompareDoc, CompareInput, ComparisonUnit } from './types.js';
import { cmp } from './input.js';
import { groupKeyOf, parseByColumns, type DocRow } from './groups.js';
import { DOCUMENT_COLUMNS } from '../output/writer.js';

/** The key of a document's township, or null when the township is unknown. */
export function townshipKey(doc: CompareDoc): string | null {
  return groupKeyOf(docRowOf(doc), ['township']);
}

/** A document's documents.csv row: its own when read from a folder, else its metadata fields. */
export function docRowOf(doc: CompareDoc): DocRow {
  if (doc.meta.vars) return doc.meta.vars;
  const { vars: _none, ...fields } = doc.meta;
  return { doc_id: doc.id, ...fields };
}

/**
 * documents.csv's columns that describe a document rather than measure it
 * or name it: the metadata (title, admin_level, report_year, published,
 * division_code, place_note, script) and every --meta variable. The place
 * columns (township … province) are profiles.csv's own already; doc_id and
 * file name the document, and n_units, n_chars and sections_found measure it.
 */
export function documentVariables(input: CompareInput): string[] {
  const first = input.docs[0];
  const columns = input.docColumns ?? (first ? Object.keys(docRowOf(first)) : []);
  // fazhi's own columns first, in documents.csv's order, then the --meta ones (a ReportDoc's row lists those first).
  const own: readonly string[] = DOCUMENT_COLUMNS;
  const ordered = [...own.filter((c) => columns.includes(c)), ...columns.filter((c) => !own.includes(c))];
  return ordered.filter((c) => !NOT_VARIABLES.has(c));
}

const NOT_VARIABLES: ReadonlySet<string> = new Set(['doc_id', 'file', 'township', 'county', 'city', 'province', 'n_units', 'n_chars', 'sections_found']);

/**
 * The columns a table gives its document variables: each variable's name,
 * or `var_<name>` where the table has a column of that name of its own.
 */
export function variableColumnNames(own: readonly string[], variables: readonly string[]): Array<[string, string]> {
  const taken = new Set(own);
  return variables.map((v): [string, string] => [taken.has(v) ? `var_${v}` : v, v]);
}

/** Each variable's value where every one of the documents has the same, else ''. */
export function commonValues(docs: readonly CompareDoc[], variables: readonly string[]): Record<string, string> {
  const rows = docs.map(docRowOf);
  const out: Record<string, string> = {};
  for (const v of variables) {
    const value = cellText(rows[0]?.[v]);
    out[v] = rows.every((r) => cellText(r[v]) === value) ? value : '';
  }
  return out;
}

function cellText(v: DocRow[string]): string {
  return v === null || v === undefined ? '' : String(v);
}

export function groupUnits(input: CompareInput, by: CompareBy, notes: string[]): ComparisonUnit[] {
  const variables = documentVariables(input);
  // Without documents.csv (null) any column is taken, and each document then stands alone, with a note.
  const first = input.docs[0];
  const available = input.docColumns !== undefined ? input.docColumns : first ? Object.keys(docRowOf(first)) : null;
  const columns = parseByColumns(by, available);
  const groups = new Map<string, number[]>();
  const alone = new Set<string>();
  let ungrouped = 0;
  let singletons = 0;
  input.docs.forEach((doc, i) => {
    let key: string;
    if (columns.length === 0) key = doc.id;
    else {
      const k = groupKeyOf(docRowOf(doc), columns);
      if (k === null) {
        ungrouped++;
        alone.add(doc.id);
      }
      key = k ?? doc.id;
    }
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  if (ungrouped) notes.push(`${ungrouped} document(s) have no ${columns.join(' or ')} in documents.csv; each is compared on its own, under its document id.`);
  const units: ComparisonUnit[] = [];
  for (const [id, idx] of groups) {
    const docs = idx.map((i) => input.docs[i]!);
    if (alone.has(id)) {
      units.push({ id, township: first0(docs, 'township'), county: first0(docs, 'county'), city: first0(docs, 'city'), province: first0(docs, 'province'), years: yearsOf(docs), docIds: [id], docs: idx, ungrouped: true, vars: commonValues(docs, variables) });
      continue;
    }
    if (columns.length > 0 && docs.length === 1) singletons++;
    const first = docs[0]!.meta;
    const same = (f: 'township' | 'county' | 'city' | 'province') => (docs.every((d) => d.meta[f] === first[f]) ? first[f] : '');
    const years = yearsOf(docs);
    units.push({
      id,
      township: same('township'),
      county: same('county'),
      city: same('city'),
      province: same('province'),
      years,
      docIds: docs.map((d) => d.id),
      docs: idx,
      vars: commonValues(docs, variables),
    });
  }
  if (singletons && singletons < units.length) notes.push(`${singletons} of ${units.length} groups by ${columns.join(' × ')} hold a single document.`);
  else if (singletons && units.length > 0) notes.push(`every group by ${columns.join(' × ')} holds a single document: the groups are the documents.`);
  units.sort((a, b) => cmp(a.id, b.id));
  return units;
}

function first0(docs: readonly CompareDoc[], f: 'township' | 'county' | 'city' | 'province'): string {
  return docs[0]!.meta[f];
}

function yearsOf(docs: readonly CompareDoc[]): number[] {
  return [...new Set(docs.map((d) => d.meta.report_year).filter((y): y is number => y !== null))].sort((a, b) => a - b);
}
