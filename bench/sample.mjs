#!/usr/bin/env node
/**
 * node bench/sample.mjs [--reports 10000] [--rows-per-report 150] [--n 200]
 *
 * How long `fazhi sample` takes on a large analysis: the five bundled reports
 * are analyzed, then their sentence rows are repeated into an analysis folder
 * of --reports reports with --rows-per-report units each (10,000 × 150 =
 * 1.5 M rows of sentences.csv, the size of a 10,000-report analysis), and
 * `fazhi sample --n 200` is timed on it, plain and stratified by function and
 * by province (the command as a user runs it, start-up included; median of 3).
 * The folder is built once under the system's temporary folder and reused.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import Papa from 'papaparse';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'fazhi.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const reports = arg('reports', 10_000);
const perReport = arg('rows-per-report', 150);
const n = arg('n', 200);

const dir = join(tmpdir(), `fazhi-bench-sample-${reports}x${perReport}`);
const sentencesPath = join(dir, 'sentences.csv');
if (!existsSync(join(dir, 'done'))) {
  rmSync(dir, { recursive: true, force: true });
  const seeds = join(dir, 'seeds');
  mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, [CLI, 'analyze', join(ROOT, 'data', 'reports'), '--out', seeds, '-q']);
  const parse = (f) => Papa.parse(readFileSync(join(seeds, f), 'utf8'), { header: true, skipEmptyLines: true });
  const sentences = parse('sentences.csv');
  const documents = parse('documents.csv');
  const byDoc = new Map();
  for (const r of sentences.data) (byDoc.get(r.doc_id) ?? byDoc.set(r.doc_id, []).get(r.doc_id)).push(r);
  const sources = [...byDoc.keys()];
  const provinces = ['北京市', '河北省', '山西省', '浙江省', '四川省', '重庆市', '广东省', '云南省'];
  const out = createWriteStream(sentencesPath);
  out.write(Papa.unparse([sentences.meta.fields], { newline: '\n' }) + '\n');
  const docRows = [];
  for (let k = 0; k < reports; k++) {
    const docId = `bench_${String(k).padStart(6, '0')}`;
    // A report made of one bundled report followed by the next, cut at perReport units.
    const units = [...byDoc.get(sources[k % sources.length]), ...byDoc.get(sources[(k + 1) % sources.length])].slice(0, perReport);
    const lines = units.map((r, i) => ({ ...r, doc_id: docId, unit_index: String(i) }));
    out.write(Papa.unparse(lines, { header: false, columns: sentences.meta.fields, newline: '\n' }) + '\n');
    const doc = documents.data.find((d) => d.doc_id === sources[k % sources.length]);
    docRows.push({ ...doc, doc_id: docId, province: provinces[k % provinces.length] });
  }
  await new Promise((resolve) => out.end(resolve));
  writeFileSync(join(dir, 'documents.csv'), Papa.unparse(docRows, { columns: documents.meta.fields, newline: '\n' }) + '\n');
  writeFileSync(join(dir, 'done'), '');
}
console.log(`${dir}: ${reports} reports, ${reports * perReport} rows of sentences.csv (${(statSync(sentencesPath).size / 1e6).toFixed(0)} MB)`);

for (const stratify of [null, 'function', 'province']) {
  const times = [];
  for (let r = 0; r < 3; r++) {
    const args = [CLI, 'sample', dir, '--n', String(n), '--seed', '1', '--out', join(dir, 'sheet.csv'), '-q'];
    if (stratify) args.push('--stratify', stratify);
    const t = performance.now();
    const res = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(res.stderr);
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  console.log(`fazhi sample --n ${n}${stratify ? ` --stratify ${stratify}` : ''}: ${times[1].toFixed(2)} s (median of 3: ${times.map((x) => x.toFixed(2)).join(', ')})`);
}
