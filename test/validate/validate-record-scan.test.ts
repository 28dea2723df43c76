/**
 * The byte-level CSV scanner `fazhi sample` reads sentences.csv with gives
 * the same cells as papaparse (forEachCsvRow), on a real analysis and on the
 * cases papaparse handles: quotes, quoted line breaks, CRLF, a byte-order
 * mark, records cut at chunk boundaries.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { forEachCsvRow } from '../../src/output/csv.js';
import { scanCsvRecords, RecordScanError } from '../../src/validate/record-scan.js';
import { SEED_DIR, SEED_FILES } from '../helpers/seeds.js';

const TMP = mkdtempSync(join(tmpdir(), 'fazhi-scan-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const viaPapa = (path: string) => {
  const rows: string[][] = [];
  forEachCsvRow(path, (cells) => void rows.push(cells));
  return rows;
};
const viaScan = (path: string, chunk?: number) => {
  const rows: string[][] = [];
  scanCsvRecords(path, (r) => void rows.push(Array.from({ length: r.count }, (_, i) => r.cell(i))), chunk);
  return rows;
};

describe('scanCsvRecords', () => {
  // Real report lines, with the characters CSV quoting is about put into them.
  const lines = SEED_FILES.flatMap((f) => readFileSync(join(SEED_DIR, f), 'utf8').split('\n')).filter((l) => l.trim().length > 10).slice(0, 200);
  const rows = [['doc_id', 'unit_index', 'text', 'themes']];
  lines.forEach((l, i) => {
    const text = i % 7 === 0 ? `${l}，"${l.slice(0, 4)}"` : i % 11 === 0 ? `${l}\r\n${l}` : i % 13 === 0 ? '' : l;
    rows.push([`doc_${i % 5}`, String(i), text, i % 3 === 0 ? 'publicity;pub_print' : '']);
  });

  it('reads what papaparse reads, with LF or CRLF, a byte-order mark, and any chunk size', () => {
    for (const [name, newline, bom] of [['lf.csv', '\n', ''], ['crlf.csv', '\r\n', '\ufeff']] as const) {
      const path = join(TMP, name);
      writeFileSync(path, bom + Papa.unparse(rows, { newline }) + newline);
      const expected = viaPapa(path);
      expect(expected).toHaveLength(rows.length);
      for (const chunk of [7, 64, 1000, 1 << 20]) expect(viaScan(path, chunk), `${name}, chunks of ${chunk}`).toEqual(expected);
    }
  });

  it('names the row whose number of cells differs from the header', () => {
    const path = join(TMP, 'bad.csv');
    writeFileSync(path, `a,b,c\n1,2,3\n1,2\n`);
    expect(() => viaScan(path)).toThrow(RecordScanError);
    expect(() => viaScan(path)).toThrow(`${path}, row 3: this row has 2 cells, the header 3`);
    writeFileSync(path, `a,b\n1,"open\n`);
    expect(() => viaScan(path)).toThrow('a quoted cell is not closed');
  });

  it('compares a cell with ASCII text in place', () => {
    const path = join(TMP, 'lf.csv');
    const kinds: boolean[] = [];
    scanCsvRecords(path, (r, i) => void (i > 0 && kinds.push(r.cellIs(0, 'doc_1'))));
    expect(kinds).toEqual(rows.slice(1).map((r) => r[0] === 'doc_1'));
    expect(readFileSync(path, 'utf8').length).toBeGreaterThan(0);
  });
});
