/**
 * The family of the user's mistakes (model/errors.ts): what a command exits 2
 * for. Its members are told from everything else, V8's own errors included.
 */
import { describe, expect, it } from 'vitest';
import { ArgumentError, DictionaryError, errorMessage, MetaTableError, UserError } from '../../src/model/errors.js';
import { AnalysisFolderError, CompareOptionError } from '../../src/compare/input.js';
import { resolveCompareOptions } from '../../src/compare/compare.js';
import { CsvFormatError } from '../../src/output/csv.js';
import { LabelError } from '../../src/labels/index.js';
import { InputError } from '../../src/read/inputs.js';
import { OutputConflictError } from '../../src/output/runfolder.js';
import { ReportInputError } from '../../src/report/data.js';
import { loadMetaTable } from '../../src/metadata/frame.js';

describe('UserError', () => {
  it('has every error of a bad argument, input, table, dictionary or label file as a member, with its own name and message', () => {
    const members = [
      new ArgumentError('--jobs: must be a whole number'),
      new MetaTableError('metadata file m.csv: no "file" column'),
      new DictionaryError('my.yml: invalid YAML'),
      new CsvFormatError('sentences.csv', 'row 3', 'a quote out of place'),
      new LabelError([{ file: 'a.jsonl', line: 2, message: 'no such sentence' }]),
      new InputError('a.txt', 'empty file'),
      new OutputConflictError('out', 'run.json records 5 files; this run has 6'),
      new AnalysisFolderError('out: no sentences.csv'),
      new ReportInputError('out: no documents.csv'),
    ];
    for (const e of members) expect(e instanceof UserError, e.constructor.name).toBe(true);
    expect(members[3]!.message).toBe('sentences.csv, row 3: a quote out of place');
    expect(members[3]!.name).toBe('CsvFormatError');
    expect(members[5]!.message).toBe('a.txt: empty file');
  });

  it('counts an option out of range, still a RangeError, as the user\'s; not V8\'s own RangeError nor a plain Error', () => {
    let thrown: unknown;
    try {
      resolveCompareOptions({ threshold: 0 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CompareOptionError);
    expect(thrown).toBeInstanceOf(RangeError);
    expect(thrown instanceof UserError).toBe(true);
    expect(new RangeError('Invalid string length') instanceof UserError).toBe(false);
    expect(new Error('ENOSPC: no space left on device') instanceof UserError).toBe(false);
  });

  it('tells its members apart: one member is not an instance of another', () => {
    expect(new MetaTableError('x') instanceof CsvFormatError).toBe(false);
    expect(new CsvFormatError('a.csv', 'row 2', 'x') instanceof MetaTableError).toBe(false);
  });

  it('is what a --meta table that cannot be read throws', () => {
    expect(() => loadMetaTable('/nonexistent/meta.csv')).toThrow(MetaTableError);
    expect(() => loadMetaTable('/nonexistent/meta.csv')).toThrow(/^metadata file \/nonexistent\/meta\.csv: ENOENT/);
  });
});

describe('errorMessage', () => {
  it("is an Error's message, and anything else thrown as a string", () => {
    expect(errorMessage(new Error('disk full'))).toBe('disk full');
    expect(errorMessage('a string')).toBe('a string');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage(null)).toBe('null');
  });
});
