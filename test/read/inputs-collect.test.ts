/**
 * Which files a run reads and what it names them: every input keeps its own
 * name and document id, a file is read once however it is reached, links to
 * folders are followed without looping, pipes never block a run, and the
 * run's own output folder is never read as input.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { runAnalysis } from '../../src/pipeline/analyze.js';
import { collectInputs } from '../../src/read/inputs.js';
import { documentIds } from '../../src/pipeline/document-ids.js';
import { readCsv } from '../../src/output/csv.js';
import { textFileName } from '../../src/output/writer.js';
import { SEED_DIR, seedFile, seedText } from '../helpers/seeds.js';

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `fazhi-${name}-`));
const seed = (prefix: string) => join(SEED_DIR, seedFile(prefix));

type Row = Record<string, string>;
function tables(out: string): { manifest: Row[]; documents: Row[]; sentences: Row[] } {
  const read = (f: string) => readCsv(readFileSync(join(out, f), 'utf8'));
  return { manifest: read('manifest.csv'), documents: read('documents.csv'), sentences: read('sentences.csv') };
}

/** Every sentence row's text is its document's text file at start:end (the file the writer names for the document). */
function offsetsHold(out: string, sentences: Row[], textFiles: Map<string, string>): void {
  const cache = new Map<string, string>();
  for (const s of sentences) {
    const name = textFiles.get(s.doc_id!)!;
    let text = cache.get(name);
    if (text === undefined) cache.set(name, (text = readFileSync(join(out, 'texts', name), 'utf8')));
    expect(text.slice(Number(s.start), Number(s.end)), `${s.doc_id} ${s.unit_index}`).toBe(s.text);
  }
}

describe('names and ids of inputs', () => {
  it('two files of the same name from two folders stay two documents, each with its own text', async () => {
    const root = tempDir('same-name');
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, 'b'));
    copyFileSync(seed('000'), join(root, 'a', 'report.txt'));
    copyFileSync(seed('001'), join(root, 'b', 'report.txt'));
    const out = join(root, 'out');
    await runAnalysis([join(root, 'a', 'report.txt'), join(root, 'b', 'report.txt')], out);
    const { manifest, documents, sentences } = tables(out);
    expect(manifest.map((m) => [m.file, m.status])).toEqual([['a/report.txt', 'ok'], ['b/report.txt', 'ok']]);
    expect(new Set(documents.map((d) => d.doc_id)).size).toBe(2);
    expect(readdirSync(join(out, 'texts')).sort()).toEqual(documents.map((d) => textFileName(d.doc_id!)).sort());
    offsetsHold(out, sentences, new Map(documents.map((d) => [d.doc_id!, textFileName(d.doc_id!)])));
  }, 60_000);

  it('two folders with the same last name are told apart by the folder above', () => {
    const root = tempDir('same-folder');
    for (const year of ['2021', '2022']) {
      mkdirSync(join(root, year, 'reports'), { recursive: true });
      copyFileSync(seed(year === '2021' ? '002' : '003'), join(root, year, 'reports', 'wanzhou.txt'));
    }
    const { files } = collectInputs([join(root, '2021', 'reports'), join(root, '2022', 'reports')]);
    expect(files.map((f) => f.file)).toEqual(['2021/reports/wanzhou.txt', '2022/reports/wanzhou.txt']);
    expect([...documentIds(files).values()]).toEqual(['2021/reports/wanzhou', '2022/reports/wanzhou']);
  });

  it('keeps the old names when nothing clashes: one folder relative to itself, several folders by their own name', () => {
    const one = collectInputs([SEED_DIR]).files.map((f) => f.file);
    expect(one).toEqual(readdirSync(SEED_DIR).filter((f) => f.endsWith('.txt')).sort());
    const root = tempDir('two-folders');
    mkdirSync(join(root, 'x'));
    copyFileSync(seed('004'), join(root, 'x', 'r.txt'));
    const two = collectInputs([SEED_DIR, join(root, 'x')]).files.map((f) => f.file);
    expect(two[0]).toBe(`reports/${one[0]}`);
    expect(two.at(-1)).toBe('x/r.txt');
  });

  it('ids differing only in the case of the extension are still distinct', () => {
    const ids = documentIds([{ path: '/c/a.txt', file: 'a.txt' }, { path: '/c/a.TXT', file: 'a.TXT' }, { path: '/c/a.html', file: 'a.html' }]);
    expect(new Set(ids.values()).size).toBe(3);
  });

  it('names the text files of ids that flatten alike apart (bj/2021 and bj__2021)', async () => {
    const root = tempDir('flatten');
    mkdirSync(join(root, 'in', 'bj'), { recursive: true });
    copyFileSync(seed('000'), join(root, 'in', 'bj', '2021.txt'));
    copyFileSync(seed('001'), join(root, 'in', 'bj__2021.txt'));
    const out = join(root, 'out');
    await runAnalysis(join(root, 'in'), out);
    const { documents, sentences } = tables(out);
    expect(documents.map((d) => d.doc_id)).toEqual(['bj/2021', 'bj__2021']);
    expect(readdirSync(join(out, 'texts')).sort()).toEqual(['bj__2021.txt', 'bj__2021~2.txt']);
    offsetsHold(out, sentences, new Map([['bj/2021', 'bj__2021.txt'], ['bj__2021', 'bj__2021~2.txt']]));
  }, 60_000);
});

describe('a file reached twice is read once', () => {
  it('the same file given twice', () => {
    const { files, manifest } = collectInputs([seed('000'), seed('000')]);
    expect(files).toHaveLength(1);
    expect(manifest).toHaveLength(1);
    expect(manifest[0]!.status).toBe('skipped');
    expect(manifest[0]!.reason).toMatch(/already read as/);
  });

  it('a folder and a folder inside it', () => {
    const root = tempDir('nested');
    mkdirSync(join(root, 'sub'));
    copyFileSync(seed('000'), join(root, 'top.txt'));
    copyFileSync(seed('001'), join(root, 'sub', 'inner.txt'));
    const { files, manifest } = collectInputs([root, join(root, 'sub')]);
    expect(files.map((f) => f.path).sort()).toEqual([join(root, 'sub', 'inner.txt'), join(root, 'top.txt')]);
    expect(manifest.map((m) => m.status)).toEqual(['skipped']);
  });
});

describe('links, pipes and the output folder', () => {
  it('follows a symbolic link to a folder, and stops at a link to a folder already read (no loop)', () => {
    const root = tempDir('links');
    mkdirSync(join(root, 'real'));
    mkdirSync(join(root, 'corpus'));
    copyFileSync(seed('002'), join(root, 'real', 'r.txt'));
    copyFileSync(seed('003'), join(root, 'corpus', 'x.txt'));
    symlinkSync('../real', join(root, 'corpus', '2021'));
    symlinkSync('.', join(root, 'corpus', 'loop'));
    const { files, manifest } = collectInputs([join(root, 'corpus')]);
    expect(files.map((f) => f.file)).toEqual(['2021/r.txt', 'x.txt']);
    expect(manifest.map((m) => [m.file, m.status])).toEqual([['loop', 'skipped']]);
    expect(manifest[0]!.reason).toMatch(/already read/);
  });

  it('lists a broken link as failed, with the reason', () => {
    const root = tempDir('broken');
    copyFileSync(seed('000'), join(root, 'a.txt'));
    symlinkSync(join(root, 'gone.txt'), join(root, 'b.txt'));
    const { files, manifest } = collectInputs([root]);
    expect(files.map((f) => f.file)).toEqual(['a.txt']);
    expect(manifest).toEqual([expect.objectContaining({ file: 'b.txt', status: 'failed', reason: expect.stringMatching(/broken symbolic link/) })]);
  });

  it.skipIf(process.platform === 'win32')('skips a named pipe instead of waiting on it forever', async () => {
    const root = tempDir('fifo');
    mkdirSync(join(root, 'in'));
    copyFileSync(seed('000'), join(root, 'in', 'good.txt'));
    execFileSync('mkfifo', [join(root, 'in', 'pipe.txt')]);
    const out = join(root, 'out');
    await runAnalysis(join(root, 'in'), out);
    const { manifest } = tables(out);
    expect(manifest.map((m) => [m.file, m.status])).toEqual([['pipe.txt', 'skipped'], ['good.txt', 'ok']]);
    expect(manifest[0]!.reason).toMatch(/not a regular file/);
  }, 60_000);

  it('never reads its own output folder when it lies inside the input folder, and runs again into it', async () => {
    const root = tempDir('out-inside');
    for (const p of ['000', '001']) copyFileSync(seed(p), join(root, `${p}.txt`));
    const out = join(root, 'out');
    await runAnalysis(root, out);
    const first = readFileSync(join(out, 'manifest.csv'), 'utf8');
    await runAnalysis(root, out); // the same corpus again: no "different corpus" refusal
    const { manifest } = tables(out);
    expect(manifest.map((m) => [m.file, m.status])).toEqual([['000.txt', 'ok'], ['001.txt', 'ok']]);
    expect(readFileSync(join(out, 'manifest.csv'), 'utf8')).toBe(first);
  }, 60_000);
});

describe('an HTML page whose declared charset is wrong', () => {
  it('is read by detection when the declaration decodes to noise (a GBK page that says utf-8)', async () => {
    const root = tempDir('charset');
    mkdirSync(join(root, 'in'));
    const body = seedText('000').split('\n').map((l) => `<p>${l}</p>`).join('\n');
    writeFileSync(join(root, 'in', 'page.html'), iconv.encode(`<html><head><meta charset="utf-8"><title>报告</title></head><body>${body}</body></html>`, 'gbk'));
    const out = join(root, 'out');
    await runAnalysis(join(root, 'in'), out);
    const { manifest, sentences } = tables(out);
    expect(manifest[0]).toMatchObject({ file: 'page.html', status: 'ok', encoding: 'gb18030' });
    expect(sentences.some((s) => s.text!.includes('法治'))).toBe(true);
  }, 60_000);
});
