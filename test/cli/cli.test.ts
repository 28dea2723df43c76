import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { assertBuilt, fazhi, ROOT } from '../helpers/cli.js';

function csv(path: string): Array<Record<string, string>> {
  return Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
}

// The CLI runs from the compiled output, as a user runs it.
beforeAll(() => assertBuilt());

/** A new folder holding a copy of `dir`, for a test to write into. */
function copyOf(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'fazhi-cli-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

// Each test runs the CLI as a child process, several times over; on a busy two-core machine that takes more than the default 5 s.
describe('the fazhi command', () => {
  it('is an executable script, so `npx fazhi` runs it from a fresh install', () => {
    // tsc writes dist/ without the executable bit; `npm run build` (and so `prepare`) sets it.
    const bin = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { fazhi: string } }).bin.fazhi);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('fazhi analyze', { timeout: 60_000 }, () => {
  /** `fazhi analyze --out BUNDLED`: the bundled corpus, by default; read by the tests, which copy it before writing. */
  let bundled = '';
  let bundledRun: SpawnSyncReturns<string>;
  /** `fazhi analyze --excel` of the bundled corpus, run once by the first test that needs it. */
  let excel = '';
  const excelAnalysis = () => {
    if (excel) return excel;
    const out = mkdtempSync(join(tmpdir(), 'fazhi-cli-'));
    expect(fazhi(['analyze', '-q', '--excel', '--out', out]).status).toBe(0);
    return (excel = out);
  };

  beforeAll(() => {
    bundled = mkdtempSync(join(tmpdir(), 'fazhi-cli-'));
    bundledRun = fazhi(['analyze', '--out', bundled]);
  }, 60_000);

  it('analyzes the bundled corpus by default and writes the tables', () => {
    const out = bundled;
    const r = bundledRun;
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/5 ok, 0 skipped, 0 failed; \d+ sentences/);
    for (const f of ['documents.csv', 'sentences.csv', 'manifest.csv', 'run.json']) expect(existsSync(join(out, f))).toBe(true);
    expect(readdirSync(out).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const docs = csv(join(out, 'documents.csv'));
    expect(docs.map((d) => d.township)).toEqual(['高梁镇', '大场镇', '玉龙镇', '云冈镇', '红土乡']);
    expect(docs[0]).toMatchObject({ doc_id: '000_729e9bcc00219c1c', report_year: '2021', admin_level: 'township' });
    const sentences = csv(join(out, 'sentences.csv'));
    expect(Object.keys(sentences[0]!).slice(0, 9)).toEqual(['doc_id', 'unit_index', 'kind', 'level', 'section', 'start', 'end', 'text', 'tokens']);
    // offsets point into the cleaned text written beside the tables
    const text = readFileSync(join(out, 'texts', '003_013ac8b11a237051.txt'), 'utf8');
    for (const s of sentences.filter((s) => s.doc_id === '003_013ac8b11a237051')) expect(text.slice(Number(s.start), Number(s.end))).toBe(s.text);
    expect(Number(docs.find((d) => d.doc_id === '003_013ac8b11a237051')!.n_units)).toBe(sentences.filter((s) => s.doc_id === '003_013ac8b11a237051').length);
    const manifest = csv(join(out, 'manifest.csv'));
    expect(manifest.map((m) => m.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toMatchObject({ tool: 'fazhi', files: { ok: 5, skipped: 0, failed: 0 } });
  });

  it('writes byte-identical tables on a second run', () => {
    const a = bundled;
    const b = mkdtempSync(join(tmpdir(), 'fazhi-cli-'));
    expect(bundledRun.status).toBe(0);
    expect(fazhi(['analyze', '-q', '--out', b]).status).toBe(0);
    for (const f of ['documents.csv', 'sentences.csv', 'manifest.csv']) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f)))).toBe(true);
  });

  it('exits 1 with a clear message when nothing could be analyzed, listing every file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-cli-in-'));
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'old.doc'), 'x');
    const out = mkdtempSync(join(tmpdir(), 'fazhi-cli-'));
    const r = fazhi(['analyze', dir, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('failed: empty.txt: empty file');
    expect(r.stderr).toContain('skipped: old.doc: unsupported format .doc');
    expect(r.stderr).toContain('nothing could be analyzed');
    expect(csv(join(out, 'manifest.csv')).map((m) => m.file)).toEqual(['old.doc', 'empty.txt']);
  });

  it('names the first ten skipped files and counts the rest; --quiet names only the failed ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-cli-in-'));
    writeFileSync(join(dir, 'empty.txt'), '');
    for (let i = 0; i < 12; i++) writeFileSync(join(dir, `old-${String(i).padStart(2, '0')}.doc`), 'x');
    const out = mkdtempSync(join(tmpdir(), 'fazhi-cli-'));
    const r = fazhi(['analyze', dir, '--out', out]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines.filter((l) => l.startsWith('fazhi: skipped: old-'))).toHaveLength(10);
    expect(r.stderr).toContain('fazhi: skipped: old-09.doc: unsupported format .doc');
    expect(r.stderr).not.toContain('old-10.doc');
    expect(r.stderr).toContain("… and 2 more skipped (manifest.csv gives every file's reason)");
    expect(r.stderr).toContain('failed: empty.txt: empty file');
    expect(r.stderr).toMatch(/0 ok, 12 skipped, 1 failed/);
    expect(csv(join(out, 'manifest.csv'))).toHaveLength(13);

    const quiet = fazhi(['analyze', dir, '--out', mkdtempSync(join(tmpdir(), 'fazhi-cli-')), '-q']);
    expect(quiet.status).toBe(1);
    expect(quiet.stderr).not.toContain('skipped');
    expect(quiet.stderr).toContain('failed: empty.txt: empty file');
    expect(quiet.stderr).toContain('nothing could be analyzed');
  });

  it('exits 2 on wrong arguments and explains the options in --help', () => {
    expect(fazhi(['analyze', '--max-mb', 'lots']).status).toBe(2);
    expect(fazhi(['analyze', '--meta', '/no/such/meta.csv']).stderr).toContain('--meta: file not found: /no/such/meta.csv');
    const help = fazhi(['analyze', '--help']);
    expect(help.status).toBe(0);
    for (const opt of ['--out', '--meta', '--user-dict', '--stopwords', '--max-mb', '--excel', '--force', '--quiet']) expect(help.stdout).toContain(opt);
  });

  it('exits 2 rather than overwrite the results of a different corpus, and overwrites them with --force', () => {
    expect(bundledRun.status).toBe(0);
    const out = copyOf(bundled);
    const other = mkdtempSync(join(tmpdir(), 'fazhi-cli-in-'));
    writeFileSync(join(other, 'report.txt'), readFileSync(join(ROOT, 'data/reports/002_e4b091e3fb9e6599.txt')));
    const refused = fazhi(['analyze', other, '-q', '--out', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`output folder ${out} holds a previous run of a different corpus`);
    expect(refused.stderr).toContain('--force');
    expect(csv(join(out, 'documents.csv'))).toHaveLength(5);
    expect(fazhi(['analyze', '-q', '--out', out]).status).toBe(0); // the same corpus again is fine
    expect(fazhi(['analyze', other, '-q', '--force', '--out', out]).status).toBe(0);
    expect(csv(join(out, 'documents.csv')).map((d) => d.file)).toEqual(['report.txt']);
  });

  it('writes CSVs for Excel with --excel: a UTF-8 BOM before the header', () => {
    const out = excelAnalysis();
    for (const f of ['documents.csv', 'sentences.csv', 'manifest.csv']) expect(readFileSync(join(out, f)).subarray(0, 3).toString('hex')).toBe('efbbbf');
    expect(readFileSync(join(out, 'manifest.csv'), 'utf8')).toMatch(/^\ufefffile,status,reason,bytes,encoding,doc_id,duplicate_of\r\n/);
  });

  it('compares an analysis written for Excel into tables for Excel (a BOM on every compare table)', () => {
    const out = copyOf(excelAnalysis());
    expect(fazhi(['compare', out, '-q']).status).toBe(0);
    for (const f of ['profiles.csv', 'keyness.csv', 'similarity.csv', 'clusters.csv', 'cluster_features.csv', 'boilerplate.csv', 'reuse.csv']) {
      expect(readFileSync(join(out, f)).subarray(0, 3).toString('hex'), f).toBe('efbbbf');
    }
    // Without --excel, no BOM.
    expect(bundledRun.status).toBe(0);
    const plain = copyOf(bundled);
    expect(fazhi(['compare', plain, '-q']).status).toBe(0);
    expect(readFileSync(join(plain, 'profiles.csv'), 'utf8').startsWith('unit,')).toBe(true);
  });

  it('compare exits 2 with a clear message when --out is a file, before comparing anything', () => {
    expect(bundledRun.status).toBe(0);
    const out = copyOf(bundled);
    const file = join(out, 'results');
    writeFileSync(file, 'not a folder');
    const r = fazhi(['compare', out, '--out', file, '-q']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`fazhi: output folder ${file} is a file, not a folder: choose another --out\n`);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
    // Checked before the folder is read: a folder with nothing to compare gets the same message, not "no sentences.csv".
    const empty = mkdtempSync(join(tmpdir(), 'fazhi-cli-'));
    const early = fazhi(['compare', empty, '--out', file, '-q']);
    expect(early.status).toBe(2);
    expect(early.stderr).toBe(`fazhi: output folder ${file} is a file, not a folder: choose another --out\n`);
    // Without --out, that folder gets its own message: it holds no analysis.
    const none = fazhi(['compare', empty, '-q']);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(`fazhi: ${empty}: no sentences.csv (run \`fazhi analyze -o ${empty}\` first)\n`);
  });

  it('a new analysis into a compared folder removes the comparison and report of the previous one, and says so', () => {
    expect(bundledRun.status).toBe(0);
    const out = copyOf(bundled);
    expect(fazhi(['compare', out, '-q']).status).toBe(0);
    expect(fazhi(['report', out]).status).toBe(0);
    expect(fazhi(['trends', out, '-q']).status).toBe(0);
    expect(existsSync(join(out, 'profiles.csv')) && existsSync(join(out, 'report.html')) && existsSync(join(out, 'trends.csv'))).toBe(true);
    const again = fazhi(['analyze', join(ROOT, 'data/reports'), '--out', out, '--force']);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/removed the previous comparison \(profiles\.csv, .*report\.html\): run `fazhi compare/);
    // trends.csv too: it describes the previous analysis as the comparison does
    for (const f of ['profiles.csv', 'keyness.csv', 'similarity.csv', 'clusters.csv', 'cluster_features.csv', 'boilerplate.csv', 'reuse.csv', 'compare.json', 'report.html', 'trends.csv']) {
      expect(existsSync(join(out, f)), f).toBe(false);
    }
    expect(existsSync(join(out, 'sentences.csv'))).toBe(true);
  });
});
