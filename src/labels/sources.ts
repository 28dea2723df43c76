/**
 * The sources table of a label folder (`sources.tsv`): one row per labeled
 * document with where it came from, so every label can be traced to its page
 * and scores can be split by province and by kind of source.
 *
 *   doc  group  province  place  admin_level  report_year  url  title
 *
 * `doc` is the report's path relative to the folder that holds the labels
 * folder (data/labels/sources.tsv → data/): `reports/000_….txt`,
 * `openings/A/001.txt`. The label files name their documents the same way.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelIssue } from './index.js';

export const SOURCES_FILE = 'sources.tsv';
export const SOURCE_COLUMNS = ['doc', 'group', 'province', 'place', 'admin_level', 'report_year', 'url', 'title'] as const;

export interface SourceRow {
  doc: string;
  /** Kind of source, e.g. seeds, provinces, disclosure: scores are reported per group. */
  group: string;
  province: string;
  place: string;
  admin_level: string;
  report_year: string;
  url: string;
  title: string;
  /** 1-based line of the row in sources.tsv. */
  line: number;
}

export interface SourceTable {
  file: string;
  rows: SourceRow[];
  byDoc: Map<string, SourceRow>;
}

/** Parse sources.tsv; every problem (missing column, a document or url named twice, no group) is returned with its line. */
export function parseSources(text: string, file: string): { table: SourceTable; issues: LabelIssue[] } {
  const issues: LabelIssue[] = [];
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim());
  const missing = SOURCE_COLUMNS.filter((c) => !header.includes(c));
  const table: SourceTable = { file, rows: [], byDoc: new Map() };
  if (missing.length > 0) {
    issues.push({ file, line: 1, message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${SOURCE_COLUMNS.join(', ')})` });
    return { table, issues };
  }
  const col = (cells: string[], name: (typeof SOURCE_COLUMNS)[number]) => (cells[header.indexOf(name)] ?? '').trim();
  const urls = new Map<string, number>();
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const cells = raw.split('\t');
    const row: SourceRow = {
      doc: col(cells, 'doc'),
      group: col(cells, 'group'),
      province: col(cells, 'province'),
      place: col(cells, 'place'),
      admin_level: col(cells, 'admin_level'),
      report_year: col(cells, 'report_year'),
      url: col(cells, 'url'),
      title: col(cells, 'title'),
      line,
    };
    const issue = (message: string) => issues.push({ file, line, message });
    if (row.doc === '') return issue('no doc (the report path relative to the data folder)');
    if (row.group === '') return issue(`no group for ${row.doc}`);
    const first = table.byDoc.get(row.doc);
    if (first) return issue(`${row.doc} is named twice (first on line ${first.line})`);
    if (row.url !== '') {
      const seen = urls.get(row.url);
      if (seen !== undefined) return issue(`the source ${row.url} is named twice (first on line ${seen})`);
      urls.set(row.url, line);
    }
    table.rows.push(row);
    table.byDoc.set(row.doc, row);
  });
  return { table, issues };
}

/** The sources table of a label folder, or null when it has none. */
export function readSources(labelsDir: string): { table: SourceTable; issues: LabelIssue[] } | null {
  const file = join(labelsDir, SOURCES_FILE);
  if (!existsSync(file)) return null;
  return parseSources(readFileSync(file, 'utf8'), file);
}
