/**
 * The quantities stage: every count, amount and rate of every sentence, with
 * offsets into the document text, and the long table quantities.csv (one row
 * per quantity, with its sentence's function and themes for pivoting).
 */
import { existingFileDigests, type Stage } from '../model/stage.js';
import { NON_QUANTITY_PHRASES_FILE, UNITS_FILE } from './dictionaries.js';
import { extractQuantities } from './quantities.js';

export const QUANTITY_COLUMNS = ['doc_id', 'unit_index', 'start', 'end', 'raw', 'value', 'unit', 'approx', 'subject', 'function', 'themes'] as const;

export function quantitiesStage(): Stage {
  return {
    name: 'quantities',
    digests: () => existingFileDigests({ units: UNITS_FILE, non_quantity_phrases: NON_QUANTITY_PHRASES_FILE }),
    run(doc) {
      for (const u of doc.units) u.quantities = u.kind === 'sentence' ? extractQuantities(u.text, u.start) : [];
    },
    tables: [
      {
        name: 'quantities',
        columns: QUANTITY_COLUMNS,
        rows: (doc) => {
          // A loop, not flatMap: most units have no quantity, and each would make an empty list.
          const rows = [];
          for (const u of doc.units) {
            if (!u.quantities?.length) continue;
            const themes = u.themes?.themes.join(';') ?? '';
            for (const q of u.quantities) {
              rows.push({
                doc_id: doc.id,
                unit_index: u.index,
                start: q.start,
                end: q.end,
                raw: q.raw,
                value: q.value,
                unit: q.unit,
                approx: q.approx,
                subject: q.subject,
                function: u.tag?.function ?? '',
                themes,
              });
            }
          }
          return rows;
        },
      },
    ],
  };
}
