import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachCsvRow, writeCsv } from '../src/output/csv.js';
import { forEachCsvRecord } from '../src/compare/csv-read.js';

function records(read: typeof forEachCsvRecord, path: string, chunk: number): string[][] {
  const out: string[][] = [];
  read(path, (cells) => void out.push(cells), chunk);
  return out;
}

describe('compare CSV reader', () => {
  it('reads what forEachCsvRow reads, at any chunk size', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-csvread-'));
    const path = join(dir, 't.csv');
    const rows = [
      { a: '普法宣传，依法行政', b: 'x,y', c: 'say "hi"' },
      { a: 'line\r\nbreak', b: '', c: ' lead' },
      { a: '"', b: '""', c: 'tail ' },
      { a: '全角\u3000空格', b: 'a\nb', c: '=1+1' },
      { a: '', b: '', c: '' },
    ];
    for (const excel of [false, true]) {
      writeCsv(path, ['a', 'b', 'c'], rows, { excel });
      const want = records(forEachCsvRow, path, 1 << 20);
      for (const chunk of [1, 2, 3, 5, 7, 64, 1 << 20]) expect(records(forEachCsvRecord, path, chunk)).toEqual(want);
    }
    // LF line ends, empty lines, no final line break.
    writeFileSync(path, 'a,b\nx,"y\n""z"""\n\n1,2');
    const want = records(forEachCsvRow, path, 1 << 20);
    for (const chunk of [1, 2, 3, 4, 1 << 20]) expect(records(forEachCsvRecord, path, chunk)).toEqual(want);
  });
});
