import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareFolder } from '../../src/compare/compare.js';
import { addSharedWithColumn } from '../../src/compare/shared-column.js';
import { forEachCsvRow, writeCsvWith } from '../../src/output/csv.js';
import { forEachRecordAsWritten } from '../../src/output/csv-as-written.js';
import { copyOfSeedAnalysis } from '../helpers/seed-folders.js';
import { seedText } from '../helpers/seeds.js';

/** sentences.csv's header and rows. */
function table(path: string): { header: string[]; rows: string[][] } {
  const all: string[][] = [];
  forEachCsvRow(path, (cells) => void all.push(cells));
  return { header: all[0]!, rows: all.slice(1) };
}

describe('shared_with and passage put into a sentences.csv as the writer wrote it', () => {
  it('give the bytes that reading and writing every cell gives: for Excel or not, with quoted line breaks, and again on a second compare', () => {
    const parent = mkdtempSync(join(tmpdir(), 'fazhi-shared-column-'));
    const analysis = copyOfSeedAnalysis(parent);
    const shared = compareFolder(analysis).sharedSentences;
    const { header, rows } = table(join(analysis, 'sentences.csv'));
    const text = header.indexOf('text');
    // A sentence holding a line break, quoted by the writer: two lines of a seed report.
    const [first, second] = seedText('001').split('\n').filter((l) => l.includes(','));
    rows[3]![text] = `${first!}\r\n${second!}`;
    rows[4]![text] = `${second!}\n${first!}`;
    for (const excel of [false, true]) {
      const written = join(parent, `written-${excel}`);
      const reparsed = join(parent, `reparsed-${excel}`);
      cpSync(analysis, written, { recursive: true });
      const path = join(written, 'sentences.csv');
      writeCsvWith(path, header, { excel }, (w) => w.writeCells(rows));
      // The table is one the records are copied from...
      expect(() => forEachRecordAsWritten(path, header.length, excel, () => {})).not.toThrow();
      // ...and the same cells with a quote the writer would not write are read and written again cell by cell.
      cpSync(written, reparsed, { recursive: true });
      const bytes = readFileSync(path, 'utf8');
      const last = `\r\n${rows.at(-1)![0]!},`;
      expect(bytes).toContain(last);
      writeFileSync(join(reparsed, 'sentences.csv'), bytes.replace(last, `\r\n"${rows.at(-1)![0]!}",`));

      expect(addSharedWithColumn(written, shared)).toBe(true);
      expect(addSharedWithColumn(reparsed, shared)).toBe(true);
      const once = readFileSync(path);
      expect(once.equals(readFileSync(join(reparsed, 'sentences.csv'))), `excel ${excel}`).toBe(true);
      const after = table(path);
      expect(after.header).toEqual([...header, 'shared_with', 'passage']);
      expect(after.rows.map((r) => r.slice(0, header.length))).toEqual(rows);
      expect(after.rows.filter((r) => r.at(-2) !== '').length).toBeGreaterThan(100);
      // A second compare fills the columns already there: the same bytes.
      expect(addSharedWithColumn(written, shared)).toBe(true);
      expect(readFileSync(path).equals(once)).toBe(true);
    }
  }, 60_000);
});
