#!/usr/bin/env node
/**
 * How well the metadata stage reads real pages: report year, province and
 * county of the report openings in shared/corpora/report-openings/{A,B},
 * scored against what a person read off each page (sources.tsv), plus the
 * five seeds (test/fixtures/metadata/seeds.tsv).
 *
 *   npm run build && node scripts/measure-metadata.mjs [CORPUS_DIR] [--list]
 *
 * CORPUS_DIR is a folder with A/ and B/ and a sources.tsv in each (as
 * ../shared/corpora/report-openings); by default the copies in data/openings
 * are read with data/labels/sources.tsv. --list prints every page's reading
 * and marks each miss.
 *
 * Places are scored over the pages whose text names the township or county
 * that sources.tsv gives (a page that names neither cannot be placed).
 * sources.tsv writes places as "怀化市鹤城区沅江路街道" and provinces as "湖南";
 * the expected county is the last county-level piece of that place (none for
 * a township directly under a prefecture-level city such as 中山市), compared
 * with autonomous-county names shortened (酉阳土家族苗族自治县 = 酉阳县).
 * test/fixtures/metadata/sources-corrections.tsv overrides readings of
 * sources.tsv found wrong on a second look, each with its reason.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { parseReport } from '../dist/pipeline/parse.js';
import { gazetteer } from '../dist/metadata/gazetteer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const list = args.includes('--list');
const corpus = args.find((a) => !a.startsWith('--'));
if (corpus && !existsSync(corpus)) {
  console.error(`measure-metadata: ${corpus} not found`);
  process.exit(2);
}

const readTsv = (path) => Papa.parse(readFileSync(path, 'utf8'), { header: true, delimiter: '\t', skipEmptyLines: true, quoteChar: '\u0000' }).data;

const pages = [];
if (corpus) {
  for (const folder of ['A', 'B']) {
    for (const row of readTsv(join(corpus, folder, 'sources.tsv'))) {
      pages.push({ id: `${folder}/${row.file}`, path: join(corpus, folder, row.file), ...row });
    }
  }
} else {
  // The copies in data/openings, with what was read off each page in the labels' sources table.
  for (const row of readTsv(join(root, 'data/labels/sources.tsv'))) {
    if (!row.doc.startsWith('openings/')) continue;
    pages.push({ id: row.doc.slice('openings/'.length), path: join(root, 'data', row.doc), file: row.doc.split('/').pop(), ...row });
  }
}
// Readings of sources.tsv found wrong on a second look, each with the reason.
const corrections = readTsv(join(root, 'test/fixtures/metadata/sources-corrections.tsv'));
for (const c of corrections) {
  const page = pages.find((p) => p.id === c.page);
  if (!page) throw new Error(`sources-corrections.tsv: no page ${c.page}`);
  page[c.field] = c.value;
}
const seedDir = join(root, 'data/reports');
const seedFiles = readdirSync(seedDir).filter((f) => f.endsWith('.txt')).sort();
for (const row of readTsv(join(root, 'test/fixtures/metadata/seeds.tsv'))) {
  const f = seedFiles.find((s) => s.startsWith(row.file));
  pages.push({ id: `seed/${row.file}`, path: join(seedDir, f), ...row });
}

const AUTONOMOUS = /^([\u4e00-\u9fff]{2,}?)((?:[\u4e00-\u9fff]{1,4}?族)+)自治(县|旗)$/u;
const shortCounty = (n) => n.replace(AUTONOMOUS, '$1$3');
const g = gazetteer();
const isPrefecture = (name) => (g.byName.get(name) ?? []).some((d) => d.level === 'city');

/** Expected township and county from a place such as "怀化市鹤城区沅江路街道" or "宿迁市宿城区自然资源和规划分局". */
function expectedPlace(place) {
  const p = place.replace(/[(（][^)）]*[)）]?/g, '');
  const township = /([\u4e00-\u9fff]{2,8}?(镇|乡|街道|街|苏木))$/u.exec(p.replace(/^.*(区|县|市|旗)(?=[\u4e00-\u9fff]{2,8}(镇|乡|街道|街|苏木)$)/u, ''))?.[1] ?? '';
  const above = p.slice(0, p.length - township.length);
  const pieces = [...above.matchAll(/[\u4e00-\u9fff]{1,}?(自治县|自治旗|地区|盟|区|县|市|旗)/gu)].map((m) => m[0]);
  let county = '';
  for (const piece of pieces) {
    if (!isPrefecture(piece)) county = piece;
  }
  return { township, county };
}

let levelOk = 0;
let n = 0, yearOk = 0, placed = 0, provOk = 0, countyOk = 0, bothOk = 0;
const misses = [];
for (const page of pages) {
  const raw = readFileSync(page.path, 'utf8');
  const meta = parseReport(raw, { file: page.id, stages: [] }).meta;
  n++;
  const year = Number(page.report_year);
  const yOk = meta.report_year === year;
  if (yOk) yearOk++;
  const exp = expectedPlace(page.place);
  const lOk = meta.admin_level === page.admin_level;
  if (lOk) levelOk++;
  const names = [exp.township, exp.township.replace(/街道$/, '街'), exp.county, shortCounty(exp.county)].filter((s) => s.length >= 2);
  const namesPlace = names.some((s) => raw.includes(s));
  const pOk = meta.province.startsWith(page.province);
  // 怀化市洪江管理区 is written 洪江管理区 in a place
  const cOk = shortCounty(meta.county) === shortCounty(exp.county) || (meta.county !== '' && exp.county !== '' && meta.county.endsWith(exp.county));
  if (namesPlace) {
    placed++;
    if (pOk) provOk++;
    if (cOk) countyOk++;
    if (pOk && cOk) bothOk++;
  }
  const miss = !yOk || (namesPlace && (!pOk || !cOk));
  if (miss) misses.push(page.id);
  if (list || miss) {
    console.log([
      miss ? 'MISS' : 'ok  ', page.id,
      `year ${meta.report_year}${yOk ? '' : ` (want ${year})`}`,
      `province ${meta.province || '-'}${pOk ? '' : ` (want ${page.province})`}`,
      `county ${meta.county || '-'}${cOk ? '' : ` (want ${exp.county || '-'})`}`,
      `township ${meta.township || '-'}`, `${meta.admin_level}${lOk ? '' : ` (want ${page.admin_level})`}`, meta.division_code || '-',
      namesPlace ? '' : '[names neither]', meta.place_note,
    ].join(' | '));
  }
}
const pct = (a, b) => `${a}/${b} = ${((100 * a) / b).toFixed(1)}%`;
console.log(`sources.tsv corrections applied: ${corrections.length} (test/fixtures/metadata/sources-corrections.tsv)`);
console.log(`pages: ${n} (${pages.filter((p) => !p.id.startsWith('seed/')).length} openings + ${pages.filter((p) => p.id.startsWith('seed/')).length} seeds)`);
console.log(`report year right: ${pct(yearOk, n)}`);
console.log(`admin level right: ${pct(levelOk, n)}`);
console.log(`pages naming their township or county: ${placed}`);
console.log(`  province right: ${pct(provOk, placed)}`);
console.log(`  county right:   ${pct(countyOk, placed)}`);
console.log(`  both right:     ${pct(bothOk, placed)}`);
