/**
 * An analysis folder of one "township" with reports in consecutive years,
 * made of real text: the national government work reports of the shared
 * corpus (never copied into the repository), read through the JSON Lines
 * input, with the township and year given by --meta.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { runAnalysis } from '../../src/pipeline/analyze.js';

// ../shared beside the checkout, or beside the folder that holds a git worktree of it.
export const NATIONAL_CORPUS =
  ['../../../shared/corpora/gov-work-reports.jsonl', '../../../../shared/corpora/gov-work-reports.jsonl']
    .map((p) => fileURLToPath(new URL(p, import.meta.url)))
    .find((p) => existsSync(p)) ?? fileURLToPath(new URL('../../../shared/corpora/gov-work-reports.jsonl', import.meta.url));

export const nationalCorpusPresent = existsSync(NATIONAL_CORPUS);

/**
 * Analyze the national reports of `years` (the year in each report's title)
 * into a temporary folder, as one township 国务院 / 全国 / 全国 with
 * report_year the title's year; returns the analysis folder.
 */
export async function analyzeNationalYears(years: readonly number[]): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'fazhi-national-'));
  const lines: string[] = [];
  const meta = ['file,township,county,province,report_year'];
  for (const line of readFileSync(NATIONAL_CORPUS, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const rec = JSON.parse(line) as { title: string; content: string; year: string | null };
    if (!rec.title.includes('国务院政府工作报告') || !years.includes(Number(rec.year))) continue;
    lines.push(JSON.stringify({ title: rec.title, content: rec.content }));
    meta.push(`reports.jsonl#${lines.length},国务院,全国,全国,${rec.year}`);
  }
  assert.equal(lines.length, years.length, `${NATIONAL_CORPUS}: found ${lines.length} of the reports of ${years.join(', ')}`);
  writeFileSync(join(root, 'reports.jsonl'), lines.join('\n') + '\n');
  writeFileSync(join(root, 'meta.csv'), meta.join('\n') + '\n');
  const out = join(root, 'out');
  await runAnalysis([join(root, 'reports.jsonl')], out, { metaFile: join(root, 'meta.csv') });
  return out;
}

/**
 * For the tests of the describe block it is called in: the analysis folder of
 * the national reports of `years` (analyzeNationalYears), made before them and
 * removed after them. Read `.dir` inside a test.
 */
export function withNationalAnalysis(years: readonly number[]): { dir: string } {
  const folder = { dir: '' };
  beforeAll(async () => {
    folder.dir = await analyzeNationalYears(years);
  }, 180_000);
  afterAll(() => {
    if (folder.dir) rmSync(dirname(folder.dir), { recursive: true, force: true });
  });
  return folder;
}
