/**
 * Units of comparison: each report, each township (its reports pooled over
 * years), or each province. A township is the triple township + county +
 * province, so two 新华镇 in different counties stay apart. A document whose
 * township (or province) is unknown is never pooled with other unknowns: it
 * stays a unit of its own, named by its id.
 */
import type { CompareBy, CompareDoc, CompareInput, ComparisonUnit } from './types.js';
import { cmp } from './input.js';

/** The key of a document's township, or null when the township is unknown. */
export function townshipKey(doc: CompareDoc): string | null {
  const m = doc.meta;
  if (!m.township) return null;
  return `${m.province || '?'}/${m.county || '?'}/${m.township}`;
}

export function groupUnits(input: CompareInput, by: CompareBy, notes: string[]): ComparisonUnit[] {
  const groups = new Map<string, number[]>();
  let ungrouped = 0;
  input.docs.forEach((doc, i) => {
    let key: string;
    if (by === 'document') key = doc.id;
    else {
      const k = by === 'township' ? townshipKey(doc) : doc.meta.province || null;
      if (k === null) ungrouped++;
      key = k ?? doc.id;
    }
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  if (ungrouped) notes.push(`${ungrouped} document(s) have no ${by} in documents.csv; each is compared on its own, under its document id.`);
  const units: ComparisonUnit[] = [];
  for (const [id, idx] of groups) {
    const docs = idx.map((i) => input.docs[i]!);
    const first = docs[0]!.meta;
    const same = (f: 'township' | 'county' | 'city' | 'province') => (docs.every((d) => d.meta[f] === first[f]) ? first[f] : '');
    const years = [...new Set(docs.map((d) => d.meta.report_year).filter((y): y is number => y !== null))].sort((a, b) => a - b);
    units.push({
      id,
      township: same('township'),
      county: same('county'),
      city: same('city'),
      province: same('province'),
      years,
      docIds: docs.map((d) => d.id),
      docs: idx,
    });
  }
  units.sort((a, b) => cmp(a.id, b.id));
  return units;
}
