/**
 * Year-on-year reuse: for a township with reports of several years, how much
 * of each year's report repeats (near-identically) the report of the year
 * before — the latest earlier year in the corpus, which previous_year names.
 */
import type { SharedSentenceIndex } from './shared-sentence-index.js';
import type { CompareInput, ReuseRow } from './types.js';
import { cmp } from './input.js';
import { townshipKey } from './units.js';

export function yearOnYearReuse(input: CompareInput, index: SharedSentenceIndex): ReuseRow[] {
  const docNo = new Map<string, number>();
  index.docIds.forEach((id, i) => docNo.set(id, i));
  const byDoc = index.sentencesByDocument();

  const townships = new Map<string, Array<{ id: string; year: number }>>();
  for (const doc of input.docs) {
    const key = townshipKey(doc);
    if (key === null || doc.meta.report_year === null) continue;
    let list = townships.get(key);
    if (!list) townships.set(key, (list = []));
    list.push({ id: doc.id, year: doc.meta.report_year });
  }
  const metaOf = new Map(input.docs.map((d) => [d.id, d.meta]));

  const rows: ReuseRow[] = [];
  for (const key of [...townships.keys()].sort(cmp)) {
    const docs = townships.get(key)!.sort((a, b) => a.year - b.year || cmp(a.id, b.id));
    for (const doc of docs) {
      const earlier = docs.filter((d) => d.year < doc.year);
      if (earlier.length === 0) continue;
      const previousYear = earlier[earlier.length - 1]!.year;
      const previous = earlier.filter((d) => d.year === previousYear).map((d) => d.id);
      const prevNos = new Set(previous.map((id) => docNo.get(id)).filter((n): n is number => n !== undefined));
      const prev = [...prevNos];
      const own = docNo.get(doc.id);
      let n = 0;
      let repeated = 0;
      let chars = 0;
      let repeatedChars = 0;
      const from = own === undefined ? 0 : byDoc.start[own]!;
      const to = own === undefined ? 0 : byDoc.start[own + 1]!;
      for (let k = from; k < to; k++) {
        const i = byDoc.sentences ? byDoc.sentences[k]! : k;
        const nChars = index.nCharsOf(i);
        n++;
        chars += nChars;
        if (prev.some((d) => index.shares(i, d))) {
          repeated++;
          repeatedChars += nChars;
        }
      }
      const m = metaOf.get(doc.id)!;
      rows.push({
        township: m.township,
        county: m.county,
        province: m.province,
        year: doc.year,
        previous_year: previousYear,
        doc_id: doc.id,
        previous_doc_ids: previous.join(';'),
        n_sentences: n,
        n_repeated: repeated,
        share_repeated: n > 0 ? repeated / n : 0,
        share_repeated_chars: chars > 0 ? repeatedChars / chars : 0,
      });
    }
  }
  return rows;
}
