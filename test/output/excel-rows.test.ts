/**
 * Tables longer than one Excel sheet: the rows each run counts, and the
 * warning decided on them. A real table of a million rows is too slow for a
 * test, so the warning is checked at its boundary on counts, and the counts
 * against the tables the seed reports give.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAnalysis } from '../../src/pipeline/analyze.js';
import { compareFolder } from '../../src/compare/compare.js';
import { COMPARE_TABLE_REMEDIES, compareRowCounts, writeCompareResult } from '../../src/compare/write.js';
import { EXCEL_MAX_ROWS, readCsv, rowsBeyondExcel } from '../../src/output/csv.js';
import { SEED_DIR, SEED_FILES } from '../helpers/seeds.js';

describe('rowsBeyondExcel', () => {
  it('warns for a table whose data rows and header are more than a sheet holds, and only for it', () => {
    expect(EXCEL_MAX_ROWS).toBe(1_048_576);
    const warnings = rowsBeyondExcel({ 'documents.csv': 24_560, 'sentences.csv': 1_048_575, 'themes.csv': 1_048_576, 'boilerplate.csv': 1_712_345 });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^themes\.csv has 1,048,576 rows, more than Excel opens \(1,048,575 below the header/);
    expect(warnings[1]).toMatch(/^boilerplate\.csv has 1,712,345 rows/);
    expect(warnings[1]).toMatch(/pandas or R/);
  });

  it('takes another sheet size (an older Excel: 65,536 rows)', () => {
    expect(rowsBeyondExcel({ 'sentences.csv': 65_535 }, {}, 65_536)).toEqual([]);
    expect(rowsBeyondExcel({ 'sentences.csv': 65_536 }, {}, 65_536)).toHaveLength(1);
  });

  it("names compare's own remedy for a table an option shortens", () => {
    const [similarity, boilerplate] = rowsBeyondExcel({ 'similarity.csv': 1_228_000, 'boilerplate.csv': 1_681_521 }, COMPARE_TABLE_REMEDIES);
    expect(similarity).toMatch(/--neighbors/);
    expect(boilerplate).toMatch(/a province, a year/);
  });
});

describe('row counts of a run', { timeout: 60_000 }, () => {
  it('are the rows in the analysis and comparison tables of the seed reports, a duplicate and a file that is no report', async () => {
    const inputs = mkdtempSync(join(tmpdir(), 'fazhi-rows-in-'));
    cpSync(SEED_DIR, inputs, { recursive: true });
    cpSync(join(SEED_DIR, SEED_FILES[0]!), join(inputs, 'zz-copy.txt'));
    writeFileSync(join(inputs, 'zz-note.txt'), 'not a report\n');
    const out = mkdtempSync(join(tmpdir(), 'fazhi-rows-'));
    const summary = await runAnalysis(inputs, out);
    const rowsIn = (f: string) => readCsv(readFileSync(join(out, f), 'utf8')).length;
    // The duplicate and the note are in the manifest only.
    expect(summary.skipped).toBe(2);
    expect(summary.rows['documents.csv']).toBe(SEED_FILES.length);
    expect(summary.rows['manifest.csv']).toBe(SEED_FILES.length + 2);
    // sentences.csv has headings too: more rows than sentences.
    expect(summary.rows['sentences.csv']).toBeGreaterThan(summary.sentences);
    for (const [f, n] of Object.entries(summary.rows)) expect(rowsIn(f), f).toBe(n);
    expect(Object.keys(summary.rows)).toEqual(['documents.csv', 'sentences.csv', 'themes.csv', 'quantities.csv', 'manifest.csv']);
    expect(rowsBeyondExcel(summary.rows)).toEqual([]);

    const result = compareFolder(out);
    writeCompareResult(result, out);
    const counts = compareRowCounts(result);
    expect(Object.keys(counts)).toHaveLength(8); // association.csv beside the seven others
    for (const [f, n] of Object.entries(counts)) expect(rowsIn(f), f).toBe(n);
    // One boilerplate row per shared passage: the seeds share none (the duplicate file is skipped, not compared).
    expect(counts['boilerplate.csv']).toBe(0);
  });
});
