/**
 * Real page openings from public government sites in 29 provinces
 * (data/openings, sources in data/labels/sources.tsv), with what their
 * labelers read off them: which lines are page chrome, which are headings,
 * every sentence's function and themes (data/labels/openings).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/pipeline/parse.js';
import { readSources, type SourceRow } from '../../src/labels/sources.js';
import type { ReportDoc } from '../../src/model/document.js';
import { assertBuilt } from '../helpers/cli.js';

const DATA = fileURLToPath(new URL('../../data', import.meta.url));
const UNITS = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/openings-units.json', import.meta.url)), 'utf8')) as Record<
  string,
  { headings: string[]; chrome: string[] }
>;
const SOURCES = readSources(join(DATA, 'labels'))!.table;

let pages: Array<{ row: SourceRow; doc: ReportDoc }>;
beforeAll(() => {
  pages = SOURCES.rows
    .filter((r) => r.doc.startsWith('openings/'))
    .map((row) => ({ row, doc: parseReport(readFileSync(join(DATA, row.doc), 'utf8'), { file: row.doc, stages: [] }) }));
}, 60_000);

const squash = (s: string) => s.replace(/[\s\u3000]+/g, '');

describe('real page openings from many provinces', () => {
  it('come from at least ten provinces', () => {
    expect(new Set(pages.map((p) => p.row.province)).size).toBeGreaterThanOrEqual(10);
  });

  it('no line their labelers read as chrome is left as a sentence', () => {
    const left: string[] = [];
    for (const { row, doc } of pages) {
      const chrome = (UNITS[row.doc]?.chrome ?? []).map(squash).filter((c) => c.length >= 2);
      for (const u of doc.units) {
        if (u.kind !== 'sentence') continue;
        const t = squash(u.text);
        if (chrome.some((c) => c.includes(t) || (c.length >= 8 && t.includes(c)))) left.push(`${row.doc}: ${u.text}`);
      }
    }
    expect(left).toEqual([]);
  });

  it('the report year is the one the page reports on, for every page', () => {
    const wrong = pages.filter((p) => String(p.doc.meta.report_year ?? '') !== p.row.report_year).map((p) => `${p.row.doc}: ${p.doc.meta.report_year} (page: ${p.row.report_year})`);
    expect(wrong).toEqual([]);
  });
});

describe('places of the real page openings', () => {
  it('province and county right for at least 90% of the pages that name their township or county (scripts/measure-metadata.mjs)', () => {
    assertBuilt(); // the script reads the build
    const out = execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/measure-metadata.mjs', import.meta.url))], { encoding: 'utf8' });
    const share = (what: string) => {
      const m = new RegExp(`${what} right:\\s+(\\d+)/(\\d+)`).exec(out);
      if (!m) throw new Error(`no "${what} right" line in:\n${out}`);
      return Number(m[1]) / Number(m[2]);
    };
    expect(share('report year')).toBe(1);
    expect(share('province')).toBeGreaterThanOrEqual(0.9);
    expect(share('county')).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
});
