/**
 * An analysis folder whose tables a researcher opened and saved again: a
 * quote deleted by hand, a cell deleted, the file re-saved by Excel in GBK.
 * compare and report must stop with a message naming the file, the row and
 * what is wrong, and leave the folder as it was (compare rewrites
 * sentences.csv in place: written back, the damage would be for good). A
 * file as Excel's "CSV UTF-8" writes it (BOM, CRLF) must still work.
 *
 * On real analysis output of the five seed reports.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { CsvFormatError, forEachCsvRow } from '../../src/output/csv.js';
import { AnalysisFolderError, compareFolder } from '../../src/compare/index.js';
import { registerCompareCommand } from '../../src/cli/compare-command.js';
import { ReportInputError } from '../../src/report/data.js';
import { writeReport } from '../../src/report/report.js';
import { seedAnalysis } from '../helpers/seed-folders.js';

const temps: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fazhi-damaged-'));
  temps.push(d);
  return d;
}

let analysis: string;
let original: Buffer;

beforeAll(() => {
  // The seeds analyzed once for the run: read only, copied by folderWith.
  analysis = seedAnalysis();
  original = readFileSync(join(analysis, 'sentences.csv'));
});

afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A copy of the analysis folder with `table` replaced by `bytes`. */
function folderWith(table: string, bytes: Buffer | string): string {
  const dir = join(tempDir(), 'analysis');
  cpSync(analysis, dir, { recursive: true });
  writeFileSync(join(dir, table), bytes);
  return dir;
}

const lines = (b: Buffer) => b.toString('utf8').split('\r\n');

/**
 * sentences.csv with the closing quote of a quoted cell deleted, as in a text
 * editor: the first row from the 20th whose cell is quoted and followed by
 * another. Returns the text and the row (the header is row 1).
 */
function unclosedQuote(text: Buffer): { bytes: string; row: number } {
  const ls = lines(text);
  for (let i = 20; i < ls.length; i++) {
    const m = /,"([^"\r\n]+)",/.exec(ls[i]!);
    if (!m) continue;
    ls[i] = ls[i]!.replace(m[0], `,"${m[1]},`);
    return { bytes: ls.join('\r\n'), row: i + 1 };
  }
  throw new Error('no quoted cell in sentences.csv');
}

/** Run `fazhi compare` in this process; process.exit becomes a throw. Returns the exit code (0 when it returned) and stderr. */
async function compareCli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  class Exit extends Error {
    constructor(readonly code: number) {
      super(`exit ${code}`);
    }
  }
  vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    throw new Exit(code ?? 0);
  }) as never);
  const program = new Command();
  program.exitOverride();
  registerCompareCommand(program);
  try {
    await program.parseAsync(['compare', ...args], { from: 'user' });
    return { code: 0, stderr };
  } catch (e) {
    if (e instanceof Exit) return { code: e.code, stderr };
    throw e;
  } finally {
    vi.restoreAllMocks();
  }
}

function compareError(dir: string): AnalysisFolderError {
  try {
    compareFolder(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(AnalysisFolderError);
    return e as AnalysisFolderError;
  }
  throw new Error(`compareFolder(${dir}) did not throw`);
}

describe('a damaged sentences.csv', () => {
  it('with a closing quote deleted: compareFolder names the file, the row and the problem', () => {
    const { bytes, row } = unclosedQuote(original);
    const e = compareError(folderWith('sentences.csv', bytes));
    expect(e.message).toContain('sentences.csv');
    expect(e.message).toContain(`row ${row}:`);
    expect(e.message).toMatch(/quoted field is not closed/);
    expect(e.message).toMatch(/edited by hand/);
  }, 60_000);

  it('in GBK (Excel\'s "CSV (逗号分隔)" on Chinese Windows): compareFolder says it is not UTF-8, where, and how to save it', () => {
    const gbk = iconv.encode(original.toString('utf8'), 'gb18030');
    const e = compareError(folderWith('sentences.csv', gbk));
    // The first byte that is not UTF-8, counted from 1, and its line.
    const bad = gbk.findIndex((b) => b >= 0x80);
    const line = gbk.subarray(0, bad).toString('latin1').split('\n').length;
    expect(e.message).toContain('sentences.csv');
    expect(e.message).toContain(`line ${line} (byte ${bad + 1})`);
    expect(e.message).toMatch(/not UTF-8/);
    expect(e.message).toMatch(/GBK/);
    expect(e.message).toContain('CSV UTF-8 (逗号分隔)');
  }, 60_000);

  it('with a cell deleted (a row with fewer cells than the header) is an error naming the row', () => {
    const ls = lines(original);
    const row = 40;
    ls[row - 1] = ls[row - 1]!.replace(/,[^,"]*$/, ''); // the last cell, as a text editor would delete it
    const e = compareError(folderWith('sentences.csv', ls.join('\r\n')));
    const width = ls[0]!.split(',').length;
    expect(e.message).toContain('sentences.csv');
    expect(e.message).toContain(`row ${row}: this row has ${width - 1} cells, the header ${width}`);
  }, 60_000);

  it('stops the CLI with exit code 2 and leaves sentences.csv byte for byte as it was', async () => {
    const { bytes, row } = unclosedQuote(original);
    for (const [what, content, expected] of [
      ['unclosed quote', Buffer.from(bytes, 'utf8'), `row ${row}: a quoted field is not closed`],
      ['GBK', iconv.encode(original.toString('utf8'), 'gb18030'), 'is not UTF-8'],
    ] as const) {
      const dir = folderWith('sentences.csv', content);
      for (const jobs of ['1', '2']) {
        const r = await compareCli([dir, '--jobs', jobs, '-q']);
        expect(r.code, `${what}, --jobs ${jobs}`).toBe(2);
        expect(r.stderr).toContain(join(dir, 'sentences.csv'));
        expect(r.stderr).toContain(expected);
        expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
        expect(readFileSync(join(dir, 'sentences.csv')).equals(content), what).toBe(true);
        expect(() => readFileSync(join(dir, 'profiles.csv'))).toThrow();
      }
    }
  }, 120_000);

  it('makes `fazhi report` fail with the same message (ReportInputError), not a report of fused rows', async () => {
    const { bytes, row } = unclosedQuote(original);
    const dir = folderWith('sentences.csv', bytes);
    await expect(writeReport(dir)).rejects.toThrow(ReportInputError);
    await expect(writeReport(dir)).rejects.toThrow(`${join(dir, 'sentences.csv')}, row ${row}: a quoted field is not closed`);
    const gbk = folderWith('sentences.csv', iconv.encode(original.toString('utf8'), 'gb18030'));
    await expect(writeReport(gbk)).rejects.toThrow(/sentences\.csv, line \d+ \(byte \d+\): the file is not UTF-8/);
  }, 60_000);
});

describe('documents.csv and quantities.csv', () => {
  it('documents.csv in GBK or with a quote deleted stops compare; quantities.csv so is a note, as any unreadable quantities.csv', () => {
    const docs = readFileSync(join(analysis, 'documents.csv'));
    const e = compareError(folderWith('documents.csv', iconv.encode(docs.toString('utf8'), 'gb18030')));
    expect(e.message).toMatch(/documents\.csv, line \d+ \(byte \d+\): the file is not UTF-8/);
    const damagedDocs = lines(docs);
    damagedDocs[2] = damagedDocs[2]!.replace(/,([^,]*)$/, ',"$1');
    expect(compareError(folderWith('documents.csv', damagedDocs.join('\r\n'))).message).toMatch(/documents\.csv, row 3: a quoted field is not closed/);

    const qty = readFileSync(join(analysis, 'quantities.csv'));
    const fine = compareFolder(analysis);
    expect(fine.notes.join(' ')).not.toMatch(/quantities/);
    const r = compareFolder(folderWith('quantities.csv', iconv.encode(qty.toString('utf8'), 'gb18030')));
    const note = r.notes.find((n) => n.startsWith('quantities.csv was not used'));
    expect(note).toMatch(/quantities\.csv, line \d+ \(byte \d+\): the file is not UTF-8/);
    expect(r.profiles.columns.some((c) => c.startsWith('qty_'))).toBe(false);
    expect(fine.profiles.columns.some((c) => c.startsWith('qty_'))).toBe(true);
  }, 60_000);
});

describe('a sentences.csv as Excel\'s "CSV UTF-8 (逗号分隔)" writes it', () => {
  it('(a byte-order mark, CRLF) gives the same profiles as the original, and compare in place keeps the mark', async () => {
    expect(original.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(original.includes('\r\n')).toBe(true);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), original]);
    const dir = folderWith('sentences.csv', withBom);
    const a = compareFolder(analysis);
    const b = compareFolder(dir);
    expect(b.profiles).toEqual(a.profiles);
    expect(b.notes).toEqual(a.notes);
    const r = await compareCli([dir, '-q']);
    expect(r).toEqual({ code: 0, stderr: '' });
    const rewritten = readFileSync(join(dir, 'sentences.csv'));
    expect(rewritten.subarray(0, 3).equals(withBom.subarray(0, 3))).toBe(true);
    expect(lines(rewritten)[0]).toMatch(/,shared_with,passage$/);
  }, 60_000);
});

describe('forEachCsvRow', () => {
  it('names the line and the byte where the UTF-8 stops: a stray byte, a character cut short, a bad byte after a line longer than the reader\'s buffer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-utf8-'));
    const cases: Array<[string, Buffer, string]> = [
      ['stray', Buffer.concat([Buffer.from('a,b\n法治,1\nx,'), Buffer.from([0xff]), Buffer.from('2\n')]), 'line 3 (byte 16)'],
      // 法 is e6 b3 95: its first two bytes, then ASCII: the bad sequence starts at its lead byte.
      ['cut', Buffer.concat([Buffer.from('a,b\nx,'), Buffer.from([0xe6, 0xb3]), Buffer.from('y\n')]), 'line 2 (byte 7)'],
      ['long', Buffer.concat([Buffer.from('a,b\n'), Buffer.from(`${'法'.repeat(400_000)},1\n`), Buffer.from([0x41, 0x2c, 0xc3, 0x28, 0x0a])]), `line 3 (byte ${4 + 1_200_003 + 3})`],
    ];
    for (const [name, bytes, where] of cases) {
      const path = join(dir, `${name}.csv`);
      writeFileSync(path, bytes);
      let message = '';
      try {
        forEachCsvRow(path, () => {});
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message, name).toContain(`${name}.csv, ${where}: the file is not UTF-8`);
    }
  });

  it('reads odd but valid CSV as papaparse does at every chunk size, and reports damage at the same row whatever the chunk size', () => {
    const dir = tempDir();
    const valid = [
      'a,b,c',
      '"x, y","line\r\nbreak",plain',
      'quote " inside,"a ""quoted"" word",',
      '"spaces after"  ,ok,"last"',
      '长"文,字,"末"',
      '',
      'after,an empty,line',
    ].join('\r\n');
    const path = join(dir, 'valid.csv');
    writeFileSync(path, valid);
    const whole = Papa.parse<string[]>(valid, { header: false, skipEmptyLines: true, delimiter: ',' });
    expect(whole.errors).toEqual([]);
    for (const chunk of [1, 2, 3, 5, 7, 64, 1 << 16]) {
      const got: string[][] = [];
      forEachCsvRow(path, (cells) => void got.push(cells), chunk);
      expect(got, `chunk ${chunk}`).toEqual(whole.data);
    }

    const damaged: Array<[string, RegExp]> = [
      // the closing quote of row 3 deleted: it runs into row 4
      ['a,b,c\r\n1,2,3\r\n4,"five,6\r\n7,"eight",9\r\n', /, row 3: a quoted field is not closed/],
      // the same with no quote after it: to the end of the file
      ['a,b,c\r\n1,2,3\r\n4,"five,6\r\n7,8,9\r\n10,11,12\r\n', /, row 3: a quoted field is not closed before the end of the file/],
      // a quote added inside a quoted cell without doubling it
      ['a,b,c\r\n1,2,3\r\n4,"fi"ve",6\r\n', /, row 3: a quote \("\) inside a quoted field is not doubled/],
      // a cell too many, a cell too few
      ['a,b,c\r\n1,2,3\r\n4,5,6,7\r\n', /, row 3: this row has 4 cells, the header 3/],
      ['a,b,c\r\n1,2,3\r\n4,5\r\n', /, row 3: this row has 2 cells, the header 3/],
      // a line break inside a quoted cell before: the row and the line differ
      ['a,b,c\r\n1,"2\r\n2",3\r\n4,5\r\n', /, row 3 \(line 4\): this row has 2 cells/],
    ];
    for (const [text, message] of damaged) {
      const p = join(dir, 'damaged.csv');
      writeFileSync(p, text);
      for (const chunk of [1, 2, 3, 5, 7, 64, 1 << 16]) {
        const seen: number[] = [];
        let error: unknown = null;
        try {
          forEachCsvRow(p, (_, i) => void seen.push(i), chunk);
        } catch (e) {
          error = e;
        }
        expect(error, `${JSON.stringify(text)}, chunk ${chunk}`).toBeInstanceOf(CsvFormatError);
        expect((error as Error).message, `chunk ${chunk}`).toMatch(message);
        expect((error as Error).message.startsWith(`${p}, row`)).toBe(true);
        expect(seen, 'the rows before the damaged one are read').toEqual([0, 1]);
        // a reader that stops before the damage does not see it
        expect(() => forEachCsvRow(p, (_, i) => i < 1, chunk)).not.toThrow();
      }
    }
  });
});
