/**
 * compare's near-duplicate search on a thread of its own, reading
 * sentences.csv beside the thread that counts it (countAnalysisFolderOnThread):
 * the same counts and the same index as countAnalysisFolder makes alone.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { countAnalysisFolder, countAnalysisFolderOnThread, sharedSentencesOfFolder, sharedSentencesOnThread } from '../../src/compare/analysis-folder.js';
import { AnalysisFolderError } from '../../src/compare/input.js';
import { SharedSentenceIndex } from '../../src/compare/shared-sentence-index.js';
import { NEAR_DUPLICATE_DEFAULTS } from '../../src/compare/shingles.js';
import { FUNCTIONS } from '../../src/model/document.js';
import { readCsv, writeCsv } from '../../src/output/csv.js';
import { buffersOf, compiledWorker } from '../../src/pipeline/pool.js';
import { loadStopwords } from '../../src/tokenize/tokenizer.js';
import { assertBuilt, fazhi, ROOT } from '../helpers/cli.js';
import { COMPARE_FILES } from '../../src/compare/write.js';
import { copyOfSeedAnalysis } from '../helpers/seed-folders.js';

/**
 * The seed analysis with one report copied whole under another id and the
 * first 40 rows of another under a third, listed after the rest: passages
 * shared across documents, and rows out of document order.
 */
function folderWithCopies(): string {
  const dir = copyOfSeedAnalysis(mkdtempSync(join(tmpdir(), 'fazhi-shared-thread-')));
  const path = join(dir, 'sentences.csv');
  const text = readFileSync(path, 'utf8');
  const header = text.slice(0, text.indexOf('\r\n')).split(',');
  const rows = readCsv(text);
  const ids = [...new Set(rows.map((r) => r.doc_id!))];
  const whole = rows.filter((r) => r.doc_id === ids[1]).map((r) => ({ ...r, doc_id: `copy/${r.doc_id}` }));
  const part = rows.filter((r) => r.doc_id === ids[3]).slice(0, 40).map((r) => ({ ...r, doc_id: `000/${r.doc_id}` }));
  writeCsv(path, header, [...rows, ...whole, ...part]);
  return dir;
}

/** An index's sentences, passages and shared_with table, to compare two indexes by. */
function contents(index: SharedSentenceIndex, themeNames: readonly string[]) {
  return {
    sentences: JSON.stringify([...index]),
    passages: [...index.passageRows(Infinity, FUNCTIONS, themeNames)],
    sharedWith: index.sharedWithTable(),
  };
}

describe('the near-duplicate search on a thread of its own', () => {
  const stopwords = loadStopwords();

  it('gives the counts and the index countAnalysisFolder makes on one thread', async () => {
    expect(compiledWorker('compare/shared-sentence-worker.js'), 'npm run build first').not.toBeNull();
    const dir = folderWithCopies();
    const alone = countAnalysisFolder(dir, stopwords, NEAR_DUPLICATE_DEFAULTS);
    const threaded = await countAnalysisFolderOnThread(dir, stopwords, NEAR_DUPLICATE_DEFAULTS);
    expect(alone.input.docs).toHaveLength(7);
    expect(alone.shared.sharedPassages.size).toBeGreaterThan(100);
    expect(alone.shared.inDocumentOrder()).toBe(true);
    expect(threaded.themeNames).toEqual(alone.themeNames);
    // The notes included: a thread that failed (the search then run here) would have one more.
    expect(threaded.input).toEqual(alone.input);
    expect(threaded.counts).toEqual(alone.counts);
    expect(threaded.vocab).toEqual(alone.vocab);
    expect(contents(threaded.shared, threaded.themeNames)).toEqual(contents(alone.shared, alone.themeNames));
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('is run by the worker thread, which sends the index it would make here', async () => {
    const dir = folderWithCopies();
    const here = sharedSentencesOfFolder(dir, NEAR_DUPLICATE_DEFAULTS);
    const search = sharedSentencesOnThread(dir, NEAR_DUPLICATE_DEFAULTS);
    expect(search).not.toBeNull();
    const outcome = await search!.outcome;
    if (!('found' in outcome)) throw new Error(`the thread failed: ${outcome.failure}`);
    const { found } = outcome;
    expect(found.themeNames).toEqual(here.themeNames);
    expect(found.themeNames.length).toBeGreaterThan(5);
    expect(contents(found.index, found.themeNames)).toEqual(contents(here.index, here.themeNames));
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('moves its typed arrays to the other thread rather than copying them (toParts, fromParts)', () => {
    const dir = folderWithCopies();
    const { index, themeNames } = sharedSentencesOfFolder(dir, NEAR_DUPLICATE_DEFAULTS);
    const before = contents(index, themeNames);
    const parts = index.toParts();
    const buffers = buffersOf(parts);
    // The sentences' columns, the texts' chunks, the records' documents and the passages' arrays.
    expect(buffers.length).toBeGreaterThan(15);
    expect(new Set(buffers).size).toBe(buffers.length);
    const moved = structuredClone(parts, { transfer: buffers });
    expect(buffers.every((b) => b.byteLength === 0)).toBe(true);
    expect(contents(SharedSentenceIndex.fromParts(moved), themeNames)).toEqual(before);
    rmSync(dir, { recursive: true, force: true });
  });

  it('on a damaged sentences.csv: the error of the one-thread read', async () => {
    const dir = folderWithCopies();
    const path = join(dir, 'sentences.csv');
    const lines = readFileSync(path, 'utf8').split('\r\n');
    lines[200] = `${lines[200]},an extra cell`;
    writeFileSync(path, lines.join('\r\n'));
    let alone: unknown = null;
    try {
      countAnalysisFolder(dir, stopwords, NEAR_DUPLICATE_DEFAULTS);
    } catch (e) {
      alone = e;
    }
    expect(alone).toBeInstanceOf(AnalysisFolderError);
    await expect(countAnalysisFolderOnThread(dir, stopwords, NEAR_DUPLICATE_DEFAULTS)).rejects.toThrow((alone as Error).message);
    await expect(countAnalysisFolderOnThread(dir, stopwords, NEAR_DUPLICATE_DEFAULTS)).rejects.toBeInstanceOf(AnalysisFolderError);
    rmSync(join(dir, 'sentences.csv'));
    await expect(countAnalysisFolderOnThread(dir, stopwords, NEAR_DUPLICATE_DEFAULTS)).rejects.toThrow(/no sentences.csv/);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('stops its thread when the folder cannot be read, and starts no other', () => {
    assertBuilt();
    const dir = folderWithCopies();
    // documents.csv damaged: the main thread fails while the worker reads sentences.csv.
    writeFileSync(join(dir, 'documents.csv'), 'doc_id,title\r\n"unclosed,quote\r\n');
    const url = (path: string) => JSON.stringify(pathToFileURL(join(ROOT, path)).href);
    // In a process of its own, every worker thread counted as it starts and as it ends (piscina takes Worker from node:worker_threads when it loads).
    const script = `
      import { createRequire } from 'node:module';
      const threads = createRequire(import.meta.url)('node:worker_threads');
      let started = 0, ended = 0;
      threads.Worker = class extends threads.Worker {
        constructor(...args) { super(...args); started++; this.on('exit', () => ended++); }
      };
      const { countAnalysisFolderOnThread } = await import(${url('dist/compare/analysis-folder.js')});
      let error = null;
      try { await countAnalysisFolderOnThread(${JSON.stringify(dir)}, new Set(), {}); } catch (e) { error = e.constructor.name; }
      await new Promise((resolve) => setTimeout(resolve, 500));
      console.log(JSON.stringify({ started, ended, error }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ started: 1, ended: 1, error: 'AnalysisFolderError' });
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
  it('fazhi compare --jobs 2 lets the search go once boilerplate.csv and reuse.csv are written: every table, sentences.csv and the summary as with --jobs 1', () => {
    assertBuilt();
    const one = folderWithCopies();
    const two = join(mkdtempSync(join(tmpdir(), 'fazhi-shared-thread-')), 'analysis');
    cpSync(one, two, { recursive: true });
    // With two jobs sentences.csv is rewritten on its own thread, so the index is released before profiles.csv and the rest are written.
    const outputs = [one, two].map((dir, k) => {
      const run = fazhi(['compare', dir, '--jobs', String(k + 1)]);
      expect(run.status, run.stderr).toBe(0);
      return run.stdout.replaceAll(dir, 'DIR');
    });
    expect(outputs[1]).toBe(outputs[0]);
    const summary = /(\d+) of (\d+) sentences also occur \(near-identically\) in another document, in (\d+) shared passages/.exec(outputs[1]!);
    expect(Number(summary?.[1])).toBeGreaterThan(100);
    expect(Number(summary?.[3])).toBeGreaterThan(100);
    for (const f of [...COMPARE_FILES.filter((f) => f.endsWith('.csv')), 'sentences.csv']) expect(readFileSync(join(two, f)).equals(readFileSync(join(one, f))), f).toBe(true);
    rmSync(one, { recursive: true, force: true });
    rmSync(two, { recursive: true, force: true });
  }, 60_000);
});
