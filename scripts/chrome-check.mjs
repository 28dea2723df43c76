#!/usr/bin/env node
/**
 * What the clean stage removes from real pages, for checking by eye that none
 * of it is report prose: every removed line (and every fragment cut from a
 * kept line) of the given text files, with counts. Build first (npm run build).
 *
 *   node scripts/chrome-check.mjs ../shared/corpora/report-openings/{A,B} data/reports
 *
 * Arguments are files or folders of .txt files. Prints one line per removal,
 * "file<TAB>kind<TAB>text" (kind: line, or cut for a fragment cut from a
 * kept line), then the totals on stderr.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cleanText } from '../dist/clean/chrome.js';

const files = process.argv.slice(2).flatMap((p) =>
  statSync(p).isDirectory()
    ? readdirSync(p).filter((f) => f.endsWith('.txt')).sort().map((f) => join(p, f))
    : [p],
);
if (files.length === 0) {
  console.error('usage: node scripts/chrome-check.mjs FILE_OR_FOLDER...');
  process.exit(2);
}
let lines = 0;
let removedLines = 0;
let cutLines = 0;
for (const file of files) {
  const raw = readFileSync(file, 'utf8');
  const rawLines = raw.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const kept = cleanText(raw).text.split('\n').filter(Boolean);
  lines += rawLines.length;
  // Each page line is kept whole, kept with a fragment cut off, or removed.
  const pool = new Map();
  for (const k of kept) pool.set(k, (pool.get(k) ?? 0) + 1);
  const take = (k) => {
    const n = pool.get(k) ?? 0;
    if (n === 0) return false;
    pool.set(k, n - 1);
    return true;
  };
  // Whole lines first, so that a title the page prints twice pairs with its own copy.
  const exact = rawLines.map((line) => take(line));
  rawLines.forEach((line, i) => {
    if (exact[i]) return;
    // A kept line that is this line with a fragment cut from its end (a bar, a page date, a site name, an attachment).
    const prefix = [...pool.keys()].find((k) => (pool.get(k) ?? 0) > 0 && k.length > 0 && line.startsWith(k) && /^[\s|_-]/.test(line.slice(k.length)));
    if (prefix !== undefined) {
      take(prefix);
      cutLines++;
      console.log(`${file}\tcut\t${line.slice(prefix.length).trim()}`);
      return;
    }
    removedLines++;
    console.log(`${file}\tline\t${line.length > 120 ? `${line.slice(0, 120)}…` : line}`);
  });
}
console.error(`${files.length} files, ${lines} non-empty lines: ${removedLines} removed, ${cutLines} kept with a fragment cut`);
