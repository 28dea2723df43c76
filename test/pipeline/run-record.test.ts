/**
 * run.json traces every file that decides the output, and --meta rows that
 * match no input are counted and reported instead of changing nothing silently.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { runAnalysis } from '../../src/pipeline/analyze.js';
import { ignoredMetaColumns, loadMetaTable } from '../../src/metadata/frame.js';
import { defaultThemeDictionaryPath } from '../../src/themes/dictionary.js';
import { DEFAULT_MODEL_PATH } from '../../src/tag/model.js';
import { loadCueLexicon } from '../../src/tag/cues.js';
import { SEED_DIR, SEED_FILES } from '../helpers/seeds.js';
import { assertBuilt } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const SHA256 = /^sha256:[0-9a-f]{64}$/;

interface RunRecord {
  dictionaries: Record<string, string>;
  options: { dict: string | null; dictMode: string | null };
  meta: { sha256: string; rows: number; unmatched: number } | null;
}

const tmp = (tag: string) => mkdtempSync(join(tmpdir(), `fazhi-run-record-${tag}-`));
const runRecord = (out: string) => JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunRecord;
const sha256 = (path: string) => `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
/** One seed report: enough for the record, and a second faster than five. */
const ONE_SEED = join(SEED_DIR, SEED_FILES[0]!);

describe('run.json checksums', { timeout: 60_000 }, () => {
  it('records the themes dictionary, the cue lexicons and the function model beside userdict and stopwords', async () => {
    const out = tmp('dicts');
    await runAnalysis(ONE_SEED, out);
    const { dictionaries, meta } = runRecord(out);
    for (const key of ['userdict', 'stopwords', 'themes', 'cues', 'model', 'units', 'non_quantity_phrases']) expect(dictionaries[key], key).toMatch(SHA256);
    expect(dictionaries.themes).toBe(sha256(defaultThemeDictionaryPath()));
    expect(dictionaries.model).toBe(sha256(DEFAULT_MODEL_PATH));
    // The same digest a trained model records for its cues.
    expect(dictionaries.cues).toBe(loadCueLexicon().digest);
    expect(dictionaries.dict).toBeUndefined();
    expect(meta).toBeNull();
  });

  it('changes the --dict checksum when the dictionary is edited, and only that one', async () => {
    const dir = tmp('dict');
    const dict = join(dir, 'my-themes.yml');
    copyFileSync(defaultThemeDictionaryPath(), dict);
    const before = tmp('dict-a');
    await runAnalysis(ONE_SEED, before, { dict, dictMode: 'replace' });
    appendFileSync(dict, '\nrun_record_extra: [不会出现的词语甲乙丙]\n');
    const after = tmp('dict-b');
    await runAnalysis(ONE_SEED, after, { dict, dictMode: 'replace' });
    const a = runRecord(before);
    const b = runRecord(after);
    expect(a.dictionaries.dict).toBe(sha256(defaultThemeDictionaryPath()));
    expect(b.dictionaries.dict).toMatch(SHA256);
    expect(b.dictionaries.dict).not.toBe(a.dictionaries.dict);
    for (const key of ['userdict', 'stopwords', 'themes', 'cues', 'model']) expect(b.dictionaries[key], key).toBe(a.dictionaries[key]);
    expect(b.options).toMatchObject({ dict, dictMode: 'replace' });
  });
});

describe('--meta tables', { timeout: 60_000 }, () => {
  const write = (text: string | Buffer) => {
    const path = join(tmp('meta'), 'meta.csv');
    writeFileSync(path, text);
    return path;
  };

  it('names the columns beyond the standard ones (a misspelled one, a sampling frame\'s own), carried as document variables', () => {
    const path = write(`file,twnship,county,stratum\n${SEED_FILES[0]},高梁镇,万州区,3\n`);
    expect(ignoredMetaColumns(path)).toEqual(['twnship', 'stratum']);
    expect(loadMetaTable(path).get(SEED_FILES[0]!)).toEqual({ county: '万州区', variables: { twnship: '高梁镇', stratum: '3' } });
  });

  it('reads a table saved as GBK (Excel\'s "CSV (逗号分隔)") or UTF-16, and stops on one no encoding reads', () => {
    const text = `file,township,county,province\r\n${SEED_FILES[0]},高梁镇,万州区,重庆市\r\n`;
    for (const encoding of ['gbk', 'gb18030', 'utf-16le']) {
      const bytes = encoding === 'utf-16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, encoding)]) : iconv.encode(text, encoding);
      const path = write(bytes);
      expect(loadMetaTable(path).get(SEED_FILES[0]!), encoding).toEqual({ township: '高梁镇', county: '万州区', province: '重庆市' });
      expect(ignoredMetaColumns(path), encoding).toEqual([]);
    }
    // UTF-8 with a BOM, as Excel's "CSV UTF-8" saves it.
    expect(loadMetaTable(write(Buffer.from(`\ufeff${text}`, 'utf8'))).get(SEED_FILES[0]!)).toEqual({ township: '高梁镇', county: '万州区', province: '重庆市' });
    // Mostly UTF-8 with a broken character: garbled names would replace the inferred ones, so it stops.
    const rows = SEED_FILES.map((f) => `${f},高梁镇,万州区,重庆市,2021年度法治政府建设情况报告`).join('\n');
    const broken = Buffer.concat([Buffer.from(`file,township,county,province,title\n${rows}\nx.txt,高梁`, 'utf8'), Buffer.from([0xe9, 0x95]), Buffer.from('\n', 'utf8')]);
    expect(() => loadMetaTable(write(broken))).toThrow(/meta\.csv: not readable as UTF-8, GBK\/GB18030 or UTF-16 .*save it as "CSV UTF-8"/);
  });

  it('rejects two rows for the same file, naming both rows', () => {
    const path = write(`file,county\n${SEED_FILES[0]},甲县\n${SEED_FILES[1]},乙县\n${SEED_FILES[0]},丙县\n`);
    expect(() => loadMetaTable(path)).toThrow(`meta.csv, rows 2 and 4: both are for "${SEED_FILES[0]}"`);
  });

  it('says so when the file column is missing', () => {
    const path = write('township,county\n高梁镇,万州区\n');
    let message = '';
    try {
      loadMetaTable(path);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/meta\.csv: no "file" \(文件名\) or "doc_id" column/);
    expect(message).not.toMatch(/row 2/);
  });

  it('counts the rows that match no input file in run.json', async () => {
    const path = write(`file,county\n${SEED_FILES[0]},某县\ndata/reports/${SEED_FILES[1]},某县\nnope.txt,某县\n`);
    const out = tmp('meta-run');
    const summary = await runAnalysis(SEED_DIR, out, { metaFile: path });
    expect(summary.unmatchedMeta).toEqual([`data/reports/${SEED_FILES[1]}`, 'nope.txt']);
    expect(runRecord(out).meta).toEqual({ sha256: sha256(path), rows: 3, unmatched: 2, ignored_columns: [] });
  });
});

describe('fazhi analyze --meta', { timeout: 60_000 }, () => {
  beforeAll(() => {
    // The CLI runs from the compiled output, as a user runs it.
    assertBuilt();
  }, 120_000);

  it('warns about rows that match no input file, and names the output folder with one slash', () => {
    const dir = tmp('cli');
    const meta = join(dir, 'meta.csv');
    writeFileSync(meta, `file,county,twnship\n${SEED_FILES[0]},某县,高梁镇\nnope.txt,某县,\ndata/reports/${SEED_FILES[1]},某县,\n`);
    const out = join(dir, 'results');
    const r = spawnSync(process.execPath, [CLI, 'analyze', SEED_DIR, '--out', `${out}/`, '--meta', meta], { encoding: 'utf8', cwd: ROOT });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      `fazhi: --meta: 2 row(s) matched no input file: nope.txt, data/reports/${SEED_FILES[1]} (give the file name as manifest.csv lists it)\n`,
    );
    expect(r.stderr).toContain('fazhi: --meta: column(s) carried into documents.csv as document variables: twnship (the standard columns are file, title, township');
    expect(r.stderr).toContain(`→ ${out}/\n`);
    expect(r.stderr).not.toContain(`${out}//`);
    expect(runRecord(out).meta).toMatchObject({ rows: 3, unmatched: 2, ignored_columns: ['twnship'] });
  });

  it('names ten unmatched rows and counts the rest, even with --quiet', () => {
    const dir = tmp('cli-many');
    const meta = join(dir, 'meta.csv');
    const missing = Array.from({ length: 12 }, (_, i) => `missing_${String(i).padStart(2, '0')}.txt`);
    // One row matches: a table none of whose rows matches is an error (exit 2).
    writeFileSync(meta, `file,county\n${missing.map((f) => `${f},某县`).join('\n')}\n${basename(ONE_SEED)},某县\n`);
    const r = spawnSync(process.execPath, [CLI, 'analyze', ONE_SEED, '-q', '--out', join(dir, 'out'), '--meta', meta], { encoding: 'utf8', cwd: ROOT });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`fazhi: --meta: 12 row(s) matched no input file: ${missing.slice(0, 10).join(', ')} and 2 more (give the file name as manifest.csv lists it)`);
  });

  it('exits 2 with a clear message when --out is a file', () => {
    const file = join(tmp('out-file'), 'results');
    writeFileSync(file, 'not a folder');
    const r = spawnSync(process.execPath, [CLI, 'analyze', ONE_SEED, '-q', '--out', file], { encoding: 'utf8', cwd: ROOT });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`fazhi: output folder ${file} is a file, not a folder: choose another --out\n`);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });
});
