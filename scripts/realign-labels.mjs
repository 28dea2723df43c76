#!/usr/bin/env node
// Realign hand labels after a change to cleaning: each label keeps its text,
// function, themes and quantities, and gets the offsets where that text now
// stands in the cleaned report (searched in label order from the previous
// label's end, so repeated sentences keep their own place). Labels whose text
// is no longer in the cleaned text (removed as chrome, edited) are listed and
// left as they are, for a person to decide. Run after `npm run build`:
//   node scripts/realign-labels.mjs [data/labels] [--check]
import { readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseReport } from '../dist/index.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const labelsDir = resolve(args.find((a) => !a.startsWith('--')) ?? 'data/labels');
const dataDir = dirname(labelsDir);

const files = [];
(function walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.jsonl')) files.push(p);
  }
})(labelsDir);
files.sort();

let moved = 0;
let lost = 0;
for (const file of files) {
  const records = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  if (records.length === 0) continue;
  const doc = records[0].doc;
  const text = parseReport(readFileSync(join(dataDir, doc), 'utf8'), { file: doc, stages: [] }).text;
  let from = 0;
  let changed = false;
  for (const r of records) {
    if (text.slice(r.start, r.end) === r.text && r.start >= from) {
      from = r.end;
      continue;
    }
    const at = text.indexOf(r.text, from);
    if (at < 0) {
      lost++;
      console.log(`${relative(process.cwd(), file)}: not in the cleaned text any more: ${r.text.slice(0, 40)}`);
      continue;
    }
    r.start = at;
    r.end = at + r.text.length;
    from = r.end;
    moved++;
    changed = true;
  }
  if (changed && !check) writeFileSync(file, records.map((r) => JSON.stringify({ doc: r.doc, start: r.start, end: r.end, text: r.text, function: r.function, themes: r.themes, quantities: r.quantities })).join('\n') + '\n');
}
console.log(`${files.length} label files: ${moved} labels ${check ? 'would move' : 'moved'}, ${lost} not found`);
process.exit(check && (moved || lost) ? 1 : 0);
