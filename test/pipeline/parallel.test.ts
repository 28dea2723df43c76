import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The benchmark's corpus builder: seeded, varied reports from the seeds (and the national reports when present).
import { buildCorpus } from '../../bench/corpus.mjs';
import { MIN_BYTES_FOR_POOL, MIN_FILES_FOR_POOL } from '../../src/pipeline/corpus.js';
import { readCsv } from '../../src/output/csv.js';
import { assertBuilt } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
/** The analysis folder the first test writes, compared by the second. */
let analyzed = '';
/** The first test's corpus, analyzed by the CLI in the third. */
let small = '';

/**
 * runAnalysis from the build, in a process of its own, with threads even for
 * a corpus this small (the CLI would analyze it on one: see MIN_BYTES_FOR_POOL).
 */
function analyzeOnThreads(corpus: string, out: string, jobs: number) {
  const script = `import { runAnalysis } from ${JSON.stringify(join(ROOT, 'dist/pipeline/analyze.js'))};
const [corpus, out, jobs] = process.argv.slice(-3);
const summary = await runAnalysis(corpus, out, { jobs: Number(jobs), minBytesForPool: 0 });
process.stdout.write(JSON.stringify(summary.rows));`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', corpus, out, String(jobs)], { encoding: 'utf8' });
}

beforeAll(() => {
  assertBuilt();
}, 120_000);

describe('worker threads', () => {
  it('write byte-identical tables whatever the number of threads, in input order', () => {
    const corpus = mkdtempSync(join(tmpdir(), 'fazhi-par-in-'));
    const built = buildCorpus(corpus, 400 * 1024, 7);
    expect(built.files).toBeGreaterThanOrEqual(MIN_FILES_FOR_POOL);
    const rowCounts: Array<Record<string, number>> = [];
    const outs = [1, 2, 3].map((jobs) => {
      const out = mkdtempSync(join(tmpdir(), `fazhi-par-j${jobs}-`));
      const r = analyzeOnThreads(corpus, out, jobs);
      expect(r.status, r.stderr).toBe(0);
      rowCounts.push(JSON.parse(r.stdout));
      return out;
    });
    // The rows the run counted (what the Excel warning is decided on), rows rendered in the workers included, are the rows in the files.
    const files = ['documents.csv', 'sentences.csv', 'themes.csv', 'quantities.csv', 'manifest.csv'];
    expect(Object.keys(rowCounts[0]!).sort()).toEqual([...files].sort());
    for (const f of files) {
      const inFile = readCsv(readFileSync(join(outs[0]!, f), 'utf8')).length;
      expect(inFile, f).toBeGreaterThan(0);
      for (const counts of rowCounts) expect(counts[f], f).toBe(inFile);
    }
    small = corpus;
    for (const f of ['documents.csv', 'sentences.csv', 'themes.csv', 'quantities.csv', 'manifest.csv']) {
      const one = readFileSync(join(outs[0]!, f));
      for (const other of outs.slice(1)) expect(readFileSync(join(other, f)).equals(one), f).toBe(true);
    }
    const docs = readFileSync(join(outs[1]!, 'documents.csv'), 'utf8').split('\r\n').slice(1, -1).map((l) => l.split(',')[0]);
    expect(docs).toEqual([...docs].sort());
    expect(docs).toHaveLength(built.files);
    const run = JSON.parse(readFileSync(join(outs[1]!, 'run.json'), 'utf8'));
    expect(run.jobs).toBe(2);
    expect(run.threads).toBe(2);
    for (const step of ['read', 'clean', 'structure', 'metadata', 'tokenize', 'tag', 'themes', 'quantities', 'write']) {
      expect(run.profile_seconds[step], step).toBeGreaterThan(0);
    }
    expect(run.peak_rss_mb).toBeGreaterThan(0);
    analyzed = outs[0]!;
  }, 180_000);

  it('analyzes a corpus too small to gain from threads on one thread, with the same tables', () => {
    expect(small, 'needs the corpus of the first test').not.toBe('');
    const files = readdirSync(small, { recursive: true, encoding: 'utf8' }).map((f) => statSync(join(small, f))).filter((st) => st.isFile());
    expect(files.length).toBeGreaterThanOrEqual(MIN_FILES_FOR_POOL);
    const bytes = files.reduce((n, st) => n + st.size, 0);
    expect(bytes).toBeGreaterThan(300 * 1024);
    expect(bytes).toBeLessThan(MIN_BYTES_FOR_POOL);
    const out = mkdtempSync(join(tmpdir(), 'fazhi-par-cli-j2-'));
    const r = spawnSync(process.execPath, [CLI, 'analyze', small, '--out', out, '--jobs', '2', '-q'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.jobs).toBe(2);
    expect(run.threads).toBe(1);
    for (const f of ['documents.csv', 'sentences.csv', 'themes.csv', 'quantities.csv', 'manifest.csv']) {
      expect(readFileSync(join(out, f)).equals(readFileSync(join(analyzed, f))), f).toBe(true);
    }
  }, 180_000);

  it('takes threads from MIN_BYTES_FOR_POOL bytes of input, the sizes found when the inputs are collected', async () => {
    expect(small, 'needs the corpus of the first test').not.toBe('');
    // From the sources: their pool runs the build's worker, so a large corpus gets threads here too.
    const corpus = await import('../../src/pipeline/corpus.js');
    const inputs = await import('../../src/read/inputs.js');
    const { files } = inputs.collectInputs([small]);
    const bytes = files.reduce((n, f) => n + (f.bytes ?? 0), 0);
    expect(bytes).toBe(files.reduce((n, f) => n + statSync(f.path).size, 0));
    const threads = (minBytesForPool?: number) => corpus.analysisThreads({ jobs: 2, stagesAreDefault: true, minBytesForPool }, files);
    expect(threads()).toBe(1);
    expect(threads(bytes)).toBe(2);
    expect(threads(bytes + 1)).toBe(1);
    // The same files, large enough: threads by default.
    const large = files.map((f) => ({ ...f, bytes: Math.ceil(MIN_BYTES_FOR_POOL / files.length) }));
    expect(corpus.analysisThreads({ jobs: 2, stagesAreDefault: true }, large)).toBe(2);
    expect(corpus.analysisThreads({ jobs: 1, stagesAreDefault: true }, large)).toBe(1);
  });

  it("compare's similarity search on threads writes the same tables as on one", () => {
    expect(analyzed, 'needs the analysis of the test above').not.toBe('');
    const outs = [1, 2, 3].map((jobs) => {
      const out = mkdtempSync(join(tmpdir(), `fazhi-par-cmp-j${jobs}-`));
      // --neighbors: a corpus this small would otherwise get every pair, which is never threaded.
      // The third run spells it --neighbours, which is still accepted and must give the same tables.
      const r = spawnSync(process.execPath, [CLI, 'compare', analyzed, '--out', out, jobs === 3 ? '--neighbours' : '--neighbors', '4', '--jobs', String(jobs), '-q'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return out;
    });
    const similarity = readFileSync(join(outs[0]!, 'similarity.csv'), 'utf8').split('\r\n');
    // Each unit keeps 4 partners: at least 2 rows per unit, fewer than all pairs.
    const units = readFileSync(join(outs[0]!, 'profiles.csv'), 'utf8').split('\r\n').length - 2;
    expect(similarity.length - 2).toBeGreaterThanOrEqual(2 * units);
    expect(similarity.length - 2).toBeLessThan((units * (units - 1)) / 2);
    for (const f of ['similarity.csv', 'profiles.csv', 'keyness.csv', 'clusters.csv', 'cluster_features.csv', 'boilerplate.csv', 'reuse.csv', 'compare.json']) {
      const one = readFileSync(join(outs[0]!, f));
      for (const other of outs.slice(1)) expect(readFileSync(join(other, f)).equals(one), f).toBe(true);
    }
  }, 180_000);
});

describe("compareFolderOnThreads (from the sources, on the build's worker threads)", () => {
  type CompareModule = typeof import('../../src/compare/compare.js');
  const load = async (): Promise<CompareModule> => await import('../../src/compare/compare.js');

  it('hands the shared sentences to whenRead first, names each phase of its own once over, every table but similarity to whileSearching, then the same result as compareFolder', async () => {
    expect(analyzed, 'needs the analysis of the first test').not.toBe('');
    const { compareFolder, compareFolderOnThreads } = await load();
    const options = { neighbours: 4 };
    const calls: string[] = [];
    let handed: Awaited<ReturnType<CompareModule['compareFolderOnThreads']>> | null = null;
    let read: Awaited<ReturnType<CompareModule['compareFolderOnThreads']>>['sharedSentences'] = [];
    const result = await compareFolderOnThreads(analyzed, options, 2, {
      whileSearching: (r) => void (calls.push('whileSearching'), (handed = r)),
      whenRead: (shared) => void (calls.push('whenRead'), (read = shared)),
      afterPhase: (phase) => void calls.push(phase),
    });
    const alone = compareFolder(analyzed, options);
    expect(result.similarity.length).toBeGreaterThan(0);
    expect(result).toEqual(alone);
    expect(calls).toEqual(['whenRead', 'prepared', 'clustered', 'whileSearching', 'written']);
    expect(read.length).toBeGreaterThan(0);
    expect([...read]).toEqual(alone.sharedSentences);
    expect(handed).not.toBeNull();
    expect(handed!.similarity).toEqual([]);
    expect({ ...handed!, similarity: alone.similarity }).toEqual(alone);
  }, 180_000);

  it("rejects with whileSearching's own error (a table that cannot be written), once the search's threads have stopped", async () => {
    expect(analyzed, 'needs the analysis of the first test').not.toBe('');
    const { compareFolderOnThreads } = await load();
    // The search's worker threads show as active message ports while they work: jobs − 1 of them, this thread joining them last.
    const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const before = ports();
    let during = 0;
    const failing = compareFolderOnThreads(analyzed, { neighbours: 4 }, 2, {
      whileSearching: () => {
        during = ports();
        throw new Error('ENOSPC: no space left on device');
      },
    });
    await expect(failing).rejects.toThrow('ENOSPC: no space left on device');
    expect(during).toBe(before + 1);
    expect(ports()).toBe(before);
  }, 180_000);
});

describe('compare in place', () => {
  it('adds the same shared_with and passage columns to sentences.csv with the rewrite on a thread of its own (--jobs 2) as on this one (--jobs 1)', () => {
    expect(analyzed, 'needs the analysis of the first test').not.toBe('');
    const copies = [1, 2].map((jobs) => {
      const copy = mkdtempSync(join(tmpdir(), `fazhi-par-inplace-j${jobs}-`));
      cpSync(analyzed, copy, { recursive: true });
      // --neighbors: with --jobs 2 the search is threaded too, so the rewrite runs beside it and the tables being written.
      const r = spawnSync(process.execPath, [CLI, 'compare', copy, '--neighbors', '4', '--jobs', String(jobs)], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('sentences.csv has them in its shared_with and passage columns');
      return readFileSync(join(copy, 'sentences.csv'));
    });
    expect(copies[1]!.equals(copies[0]!)).toBe(true);
    const header = copies[0]!.toString('utf8', 0, 400).split('\r\n')[0]!;
    expect(header.endsWith(',shared_with,passage')).toBe(true);
    // some sentence of the corpus (built from five seeds) is shared with another document, in a passage
    expect(/,[1-9]\d*,[1-9]\d*\r\n/.test(copies[0]!.toString('utf8'))).toBe(true);
  }, 180_000);
});

describe('peak memory', () => {
  // getrusage's maxRSS keeps the spawning process's high-water mark across
  // vfork + exec, so a small run started from a large process (the benchmark
  // holds its corpus and nodejieba's tables) used to report the parent's memory.
  it.skipIf(process.platform !== 'linux')('of a command is its own, not that of the process that spawned it', () => {
    const ballast = Buffer.alloc(600 * 1024 * 1024, 1);
    const file = join(mkdtempSync(join(tmpdir(), 'fazhi-rss-')), 'rss');
    const r = spawnSync(process.execPath, ['--import', join(ROOT, 'bench/rss.mjs'), '-e', 'globalThis.kept = Buffer.alloc(64 * 1024 * 1024, 1)'], {
      encoding: 'utf8',
      env: { ...process.env, FAZHI_RSS_FILE: file },
    });
    expect(r.status, r.stderr).toBe(0);
    const peakMb = Number(readFileSync(file, 'utf8')) / 1024 / 1024;
    expect(process.memoryUsage().rss / 1024 / 1024).toBeGreaterThan(600);
    // node itself (~40 MB) and the 64 MB it was told to hold; nowhere near the parent's 600 MB.
    expect(peakMb).toBeGreaterThan(64);
    expect(peakMb).toBeLessThan(300);
    expect(ballast[ballast.length - 1]).toBe(1);
  });
});
