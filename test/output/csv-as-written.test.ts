import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachCsvRow, renderCellRows, writeCsv } from '../../src/output/csv.js';
import { cellValue, forEachRecordAsWritten, NotAsWritten } from '../../src/output/csv-as-written.js';
import { seedText } from '../helpers/seeds.js';

/** Lines of a seed report holding an ASCII comma (cells the writer quotes), and some without. */
const lines = seedText('000').split('\n').map((l) => l.trim()).filter((l) => l !== '');
const withComma = lines.filter((l) => l.includes(','));
const plain = lines.filter((l) => !/[",\s]/.test(l));

/** Rows of real report text with every kind of cell the writer quotes, and cells Excel would run as formulas. */
function rows(): Array<Record<string, string>> {
  return [
    { id: '000', unit: '0', text: plain[0]!, note: '' },
    { id: '000', unit: '1', text: withComma[0]!, note: `"${plain[1]!}"` },
    { id: '000', unit: '2', text: `${withComma[1]!}\r\n${plain[2]!}`, note: `${plain[3]!}\n` },
    { id: '000', unit: '3', text: ` ${plain[4]!}`, note: '-3' },
    { id: '001', unit: '10', text: `=${plain[5]!}`, note: '-1.5' },
    { id: '001', unit: '11', text: `@${plain[6]!}, ${plain[7]!}`, note: `\u3000${plain[8]!}` },
    { id: '001', unit: '12', text: '"', note: '""' },
  ];
}

function recordsOf(path: string, width: number, excel: boolean, chunk?: number): { texts: string[]; values: string[][] } {
  const texts: string[] = [];
  const values: string[][] = [];
  forEachRecordAsWritten(
    path,
    width,
    excel,
    (text, spans) => {
      texts.push(text.slice(spans[0], spans[2 * width - 1]));
      values.push(Array.from({ length: width }, (_, c) => cellValue(text, spans[2 * c]!, spans[2 * c + 1]!)));
    },
    chunk,
  );
  return { texts, values };
}

describe('forEachRecordAsWritten', () => {
  it('gives each record of a table the writer wrote as the text the writer renders for the cells papaparse reads from it, at every chunk size', () => {
    expect(withComma.length).toBeGreaterThan(2);
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-as-written-'));
    for (const excel of [false, true]) {
      const path = join(dir, `t${excel}.csv`);
      writeCsv(path, ['id', 'unit', 'text', 'note'], rows(), { excel });
      const parsed: string[][] = [];
      forEachCsvRow(path, (cells, i) => void (i > 0 && parsed.push(cells)));
      expect(parsed).toHaveLength(rows().length);
      for (const chunk of [1, 3, 7, 64, 1 << 16]) {
        const { texts, values } = recordsOf(path, 4, excel, chunk);
        expect(values, `excel ${excel}, chunk ${chunk}`).toEqual(parsed);
        expect(texts.map((t) => `${t}\r\n`)).toEqual(parsed.map((cells) => renderCellRows([cells], { excel })));
      }
      // The last record without its line break is read too.
      const bytes = readFileSync(path);
      writeFileSync(path, bytes.subarray(0, bytes.length - 2));
      expect(recordsOf(path, 4, excel).values).toEqual(parsed);
    }
  });

  it('refuses a table the writer would write otherwise, or a damaged one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-not-as-written-'));
    const path = join(dir, 'good.csv');
    writeCsv(path, ['id', 'unit', 'text', 'note'], rows());
    const good = readFileSync(path, 'utf8');
    const second = good.split('\r\n')[1]!; // 000,0,<plain text>,
    expect(second).toBe(`000,0,${plain[0]!},`);
    const variants: Array<[string, string, boolean?]> = [
      ['LF line ends', good.replace(/\r\n/g, '\n')],
      ['a quote the writer would not write', good.replace(second, `"000",0,${plain[0]!},`)],
      ['white space after a closing quote', good.replace(`,"${withComma[0]!}",`, `,"${withComma[0]!}" ,`)],
      ['white space at the end of a cell, unquoted', good.replace(second, `000,0,${plain[0]!} ,`)],
      ['an ideographic space at the start of a cell, unquoted', good.replace(second, `000,0,\u3000${plain[0]!},`)],
      ['a quote inside an unquoted cell', good.replace(second, `000,0,${plain[0]!}"x,`)],
      ['a carriage return inside an unquoted cell', good.replace(second, `000,0,${plain[0]!}\rx,`)],
      ['a cell fewer', good.replace(second, `000,0,${plain[0]!}`)],
      ['a cell more', good.replace(second, `000,0,${plain[0]!},,`)],
      ['an empty line', good.replace(`${second}\r\n`, `${second}\r\n\r\n`)],
      ['a quote not closed', good.replace(second, `000,0,"${plain[0]!},`)],
      ['semicolons', good.replace('id,unit,text,note', 'id;unit;text;note')],
      ['a formula, for Excel', `\ufeff${good.replace(second, `000,0,=${plain[0]!},`)}`, true],
    ];
    for (const [what, text, excel] of variants) {
      const p = join(dir, 'variant.csv');
      writeFileSync(p, text);
      expect(() => recordsOf(p, 4, excel ?? false), what).toThrow(NotAsWritten);
    }
    // The same formula in a table not for Excel is as the writer writes it.
    writeFileSync(join(dir, 'formula.csv'), good.replace(second, `000,0,=${plain[0]!},`));
    expect(recordsOf(join(dir, 'formula.csv'), 4, false).values[0]).toEqual(['000', '0', `=${plain[0]!}`, '']);
  });
});
