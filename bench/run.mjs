#!/usr/bin/env node
/**
 * npm run bench [-- --size MB] [--jobs N] [--repeat R] [--rounds K] [--large MB] [--keep]
 * npm run bench -- --scale --size 1000 [--jobs N] [--rounds K] [--keep]
 *
 * Builds a corpus of the given size (default 10 MB; --size 1000 is the 1 GB
 * scale run, about 100,000 reports) from the seed reports and the national
 * reports in ../shared/corpora, then measures in one run, every figure a whole
 * process timed from start to exit:
 *   raw nodejieba   start, dictionary load, cut of every line of the same text:
 *                   the baseline every run pays (bench/raw-cut.mjs)
 *   raw jieba-rs    the same with @node-rs/jieba, where installed
 *   Python jieba    the peer, what a researcher would otherwise script
 *                   (bench/python-cut.py; Debian's python3-jieba), where installed
 *   jobs 1          fazhi analyze --jobs 1, each backend
 *   jobs N          fazhi analyze --jobs N (all cores), each backend: with
 *                   jobs 1, the memory each further thread costs
 *   apart           N processes of fazhi analyze --jobs 1 at once, each on 1/N
 *                   of the files: what this machine gives independent work,
 *                   the yardstick for --jobs N
 *   compare         fazhi compare on the jobs N result
 *   one large file  the corpus's texts pasted into one file of --large MB
 *                   (default 50; 0 skips it), analyzed: its peak memory
 * and prints MB/s, reports/s, peak RSS and the targets as ratios against the
 * baselines of the same run, because machines are noisy.
 *
 * --repeat R (default 3): runs of each baseline, alternating, median kept.
 * --rounds K (default 1): rounds of the fazhi runs, each figure the median
 * over the rounds, so one noisy round cannot make or break a target. The
 * baselines' runs and fazhi's rounds take turns (baselines, round 1,
 * baselines, round 2 …), so both sides of a ratio see the machine as it is.
 *
 * --scale: the scale run alone (1 GB, about 100,000 reports, at --size 1000;
 * about 10,000 at --size 80): no baselines, no second backend, only
 * `fazhi analyze --jobs N` and `fazhi compare`, once each or --rounds times
 * (medians, as above), with the time of each
 * stage, the peak memory of each process and the two scale targets. The
 * corpus and outputs go under $TMPDIR (a large run needs about 7x --size free: 1.45 GB at --size 200).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { buildCorpus, NATIONAL } from './corpus.mjs';
import { peakResidentBytes } from '../dist/pipeline/profile.js';
import { ANALYSIS_FILES, COMPARE_FILES } from '../dist/output/analysis-folder.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The command researchers run (package.json "bin").
const CLI = join(ROOT, 'dist', 'cli', 'fazhi.js');
const RSS = join(ROOT, 'bench', 'rss.mjs');

/** MB of the CSV tables of `files` in `dir`. */
function tablesMb(dir, files) {
  return files.filter((f) => f.endsWith('.csv') && existsSync(join(dir, f))).reduce((s, f) => s + statSync(join(dir, f)).size, 0) / 1024 / 1024;
}
/** MB of the analysis' own tables (not texts/), taken before compare adds its columns to sentences.csv. */
const analysisTablesMb = (dir) => tablesMb(dir, Object.values(ANALYSIS_FILES));
/** The verdict of "compare's tables no larger than the analysis' own". */
function tableSizes(dir, analysisMb) {
  const compare = tablesMb(dir, COMPARE_FILES);
  return `compare's tables no larger than the analysis' own: ${compare.toFixed(1)} MB against ${analysisMb.toFixed(1)} MB, ${compare <= analysisMb ? 'met' : 'not met'}`;
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const sizeMb = Number(arg('size', '10'));
const jobs = Number(arg('jobs', String(availableParallelism())));
if (!(sizeMb > 0)) {
  console.error(`bench: --size must be a number of megabytes above 0, got ${arg('size')}`);
  process.exit(2);
}
if (!(Number.isInteger(jobs) && jobs >= 1)) {
  console.error(`bench: --jobs must be a whole number from 1, got ${arg('jobs')}`);
  process.exit(2);
}
const repeat = Number(arg('repeat', '3'));
if (!(Number.isInteger(repeat) && repeat >= 1)) {
  console.error(`bench: --repeat must be a whole number from 1, got ${arg('repeat')}`);
  process.exit(2);
}
const rounds = Number(arg('rounds', '1'));
if (!(Number.isInteger(rounds) && rounds >= 1)) {
  console.error(`bench: --rounds must be a whole number from 1, got ${arg('rounds')}`);
  process.exit(2);
}
const largeMb = Number(arg('large', '50'));
if (!(largeMb >= 0)) {
  console.error(`bench: --large must be a number of megabytes (0 skips the one-large-file run), got ${arg('large')}`);
  process.exit(2);
}
const keep = process.argv.includes('--keep');
if (!existsSync(CLI)) {
  console.error('bench: build first (npm run build)');
  process.exit(2);
}
// Every process of the bench (baselines and fazhi alike) inherits this
// environment, GLIBC_TUNABLES included, so the ratios compare like with like.

const work = mkdtempSync(join(tmpdir(), 'fazhi-bench-'));
const corpusDir = join(work, 'corpus');
if (!existsSync(NATIONAL)) console.log(`bench: ${NATIONAL} is absent; building the corpus from the five seed reports only`);
const buildStart = performance.now();
const built = buildCorpus(corpusDir, sizeMb * 1024 * 1024);
const buildSeconds = (performance.now() - buildStart) / 1000;
const mb = built.bytes / 1024 / 1024;
console.log(`corpus: ${built.files} reports, ${mb.toFixed(1)} MB (sources: 5 seeds + ${built.national} national reports), in ${corpusDir}`);
// 2 GB is taken as 2 x 10^9 bytes, the stricter reading.
const twoGb = 2e9 / 1024 / 1024;
const verdict = (met) => (met ? 'met' : 'not met');
// With an even number of runs, the mean of the middle two (the upper one alone made two rounds report the slower).
const median = (runs) => {
  const s = runs.map((x) => x.seconds).sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** The median round's seconds and the largest peak memory of the rounds. */
const summary = (runs) => ({ seconds: median(runs), rss: Math.max(...runs.map((x) => x.rss)) });
if (process.argv.includes('--scale')) {
  const out = join(work, 'out');
  const analyses = [];
  const comparisons = [];
  let analysisMb = 0;
  for (let r = 0; r < rounds; r++) {
    // Each round from an empty folder: compare rewrites sentences.csv in place.
    rmSync(out, { recursive: true, force: true });
    analyses.push(run(`analyze --jobs ${jobs}`, ['analyze', corpusDir, '--out', out, '--jobs', String(jobs), '--quiet']));
    analysisMb = analysisTablesMb(out);
    comparisons.push(run('compare', ['compare', out, '--quiet']));
  }
  const analysis = summary(analyses);
  const comparison = summary(comparisons);
  const benchRss = peakResidentBytes() / 1024 / 1024;
  const pad = (s, n) => String(s).padEnd(n);
  console.log('');
  console.log(pad('process', 36), pad('seconds', 9), pad('MB/s', 8), pad('reports/s', 10), 'peak RSS MiB');
  console.log(pad('bench: corpus builder', 36), pad(buildSeconds.toFixed(1), 9), pad('-', 8), pad('-', 10), benchRss.toFixed(0));
  for (const [label, x] of [[`fazhi analyze --jobs ${jobs}`, analysis], ['fazhi compare', comparison]]) {
    console.log(pad(label, 36), pad(x.seconds.toFixed(1), 9), pad((mb / x.seconds).toFixed(2), 8), pad((built.files / x.seconds).toFixed(0), 10), x.rss.toFixed(0));
  }
  if (rounds > 1) {
    console.log(`fazhi runs: median of ${rounds} rounds; peak RSS is the largest of the rounds`);
    analyses.forEach((a, r) => console.log(`  round ${r + 1}: analyze ${a.seconds.toFixed(1)} s, compare ${comparisons[r].seconds.toFixed(1)} s (${((100 * comparisons[r].seconds) / a.seconds).toFixed(1)}%)`));
  }
  const total = analysis.seconds + comparison.seconds;
  const peak = Math.max(analysis.rss, comparison.rss, benchRss);
  console.log('');
  console.log(`analysis steps (seconds summed over threads, from run.json): ${Object.entries(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).profile_seconds ?? {}).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
  console.log(`outputs: ${readdirSync(out).sort().map((f) => `${f} ${(statSync(join(out, f)).size / 1024 / 1024).toFixed(1)} MB`).join(', ')}`);
  console.log('');
  console.log(`targets, on this run (${mb.toFixed(0)} MB, ${built.files} reports, ${jobs} threads):`);
  console.log(`  1 GB of reports analyzed and compared with peak RSS < 2 GB in every process: ${peak.toFixed(0)} MiB at ${mb.toFixed(0)} MB, ${sizeMb >= 1000 ? verdict(peak < twoGb) : `${verdict(peak < twoGb)} at this size (the target is for --size 1000)`}; analyze and compare took ${total.toFixed(0)} s`);
  console.log(`  compare <= 50% of the --jobs ${jobs} analysis: ${((100 * comparison.seconds) / analysis.seconds).toFixed(1)}%, ${verdict(comparison.seconds <= 0.5 * analysis.seconds)}${built.files < 9000 || built.files > 11000 ? ' (the target is for about 10,000 reports: --size 80)' : ''}`);
  console.log(`  ${tableSizes(out, analysisMb)}`);
  if (!keep) rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

const files = [];
for (const sub of readdirSync(corpusDir).sort()) for (const f of readdirSync(join(corpusDir, sub)).sort()) files.push(join(corpusDir, sub, f));
const USER_DICT = join(ROOT, 'dictionaries', 'userdict.txt');
const RAW_CUT = join(ROOT, 'bench', 'raw-cut.mjs');
const PYTHON_CUT = join(ROOT, 'bench', 'python-cut.py');

const require = createRequire(import.meta.url);
const jiebaRsInstalled = (() => {
  try {
    require.resolve('@node-rs/jieba');
    return true;
  } catch {
    return false;
  }
})();
/** The first Python that imports jieba: a pyenv or virtualenv python3 first, then Debian's (python3-jieba). */
const python = ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', 'import jieba'], { stdio: 'ignore' }).status === 0) ?? null;

/** A whole process, timed from spawn to exit; its stdout is the token count. */
function timedProcess(label, command, args) {
  const start = performance.now();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) {
    console.error(`bench: ${label} failed (exit ${r.status})\n${r.stderr}`);
    process.exit(1);
  }
  return { seconds, tokens: Number(r.stdout.trim()) };
}

// The baselines take seconds, where a passing hiccup of the machine shows:
// each is run `repeat` times, alternately, and its median kept. Their runs
// take turns with the rounds of fazhi's (below), so that a drift of the
// machine's speed moves both sides of a ratio.
const baselineRuns = { nodejieba: [], 'jieba-rs': [], python: [] };
const baselineNames = { nodejieba: 'raw nodejieba', 'jieba-rs': 'raw jieba-rs', python: 'Python jieba' };
function runBaselines() {
  baselineRuns.nodejieba.push(timedProcess(baselineNames.nodejieba, process.execPath, [RAW_CUT, 'nodejieba', corpusDir, USER_DICT]));
  if (jiebaRsInstalled) baselineRuns['jieba-rs'].push(timedProcess(baselineNames['jieba-rs'], process.execPath, [RAW_CUT, 'jieba-rs', corpusDir, USER_DICT]));
  if (python) baselineRuns.python.push(timedProcess(baselineNames.python, python, [PYTHON_CUT, corpusDir, USER_DICT]));
}

function run(label, args) {
  const rssFile = join(work, `${label.replace(/\W+/g, '_')}.rss`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', RSS, CLI, ...args], { encoding: 'utf8', env: { ...process.env, FAZHI_RSS_FILE: rssFile }, maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    console.error(`bench: ${label} failed (exit ${r.status})\n${r.stderr}`);
    process.exit(1);
  }
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 / 1024 : NaN;
  return { seconds, rss };
}

// The files dealt in turn into one share per process (hard links in a folder
// each), never more shares than files: an empty share would be no corpus.
const shares = Array.from({ length: Math.min(jobs, files.length) }, (_, w) => join(work, `share-${w}`));
if (shares.length > 1) {
  for (const dir of shares) mkdirSync(dir);
  files.forEach((f, i) => {
    const to = join(shares[i % shares.length], `${String(i).padStart(7, '0')}.txt`);
    try {
      linkSync(f, to);
    } catch {
      copyFileSync(f, to);
    }
  });
}
/**
 * One process of `analyze --jobs 1` per share, all at once: the wall time
 * until the last one ends.
 */
async function runApart() {
  // The previous round's outputs are removed before the clock starts.
  const outs = shares.map((_dir, w) => join(work, `out-apart-${w}`));
  for (const out of outs) rmSync(out, { recursive: true, force: true });
  const started = performance.now();
  const codes = await Promise.all(
    shares.map((dir, w) => {
      const child = spawn(process.execPath, [CLI, 'analyze', dir, '--out', outs[w], '--jobs', '1', '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
      return new Promise((resolve) => {
        child.on('error', (e) => resolve(`could not start: ${e.message}`));
        child.on('close', (code) => resolve(code));
      });
    }),
  );
  if (codes.some((c) => c !== 0)) {
    console.error(`bench: a process of the apart run failed (exit ${codes.join(', ')})`);
    process.exit(1);
  }
  return { seconds: (performance.now() - started) / 1000, rss: NaN };
}

const backends = jiebaRsInstalled ? ['nodejieba', 'jieba-rs'] : ['nodejieba'];
const outDir = (backend, n) => join(work, `out-${backend}-j${n}`);
/** Per backend: the rounds of --jobs 1 and of --jobs N. */
const ones = Object.fromEntries(backends.map((b) => [b, []]));
const manys = Object.fromEntries(backends.map((b) => [b, []]));
const cmps = [];
// The analysis' own tables, before compare adds its columns to sentences.csv.
let analysisMb = 0;
const aparts = [];
let identical = true;
let runRecord = null;
async function fazhiRound(r) {
  for (const backend of backends) {
    // Each round starts from empty folders: compare in place rewrites sentences.csv.
    const out1 = outDir(backend, 1);
    const outN = outDir(backend, jobs);
    rmSync(out1, { recursive: true, force: true });
    rmSync(outN, { recursive: true, force: true });
    const tokenizer = ['--tokenizer', backend];
    ones[backend].push(run(`analyze --jobs 1 ${backend}`, ['analyze', corpusDir, '--out', out1, '--jobs', '1', '--quiet', ...tokenizer]));
    manys[backend].push(run(`analyze --jobs ${jobs} ${backend}`, ['analyze', corpusDir, '--out', outN, '--jobs', String(jobs), '--quiet', ...tokenizer]));
    // Checked before compare, which adds shared_with to the folder's sentences.csv.
    identical &&= ['documents.csv', 'sentences.csv', 'themes.csv', 'quantities.csv', 'manifest.csv'].every((f) => readFileSync(join(out1, f)).equals(readFileSync(join(outN, f))));
    if (r === 0 && backend === 'nodejieba') runRecord = JSON.parse(readFileSync(join(out1, 'run.json'), 'utf8'));
  }
  analysisMb = analysisTablesMb(outDir('nodejieba', jobs));
  cmps.push(run('compare', ['compare', outDir('nodejieba', jobs), '--quiet']));
  if (shares.length > 1) aparts.push(await runApart());
}
for (let r = 0; r < Math.max(repeat, rounds); r++) {
  if (r < repeat) runBaselines();
  if (r < rounds) await fazhiRound(r);
}
for (const [name, runs] of Object.entries(baselineRuns)) {
  if (runs.some((x) => x.tokens !== runs[0].tokens)) {
    console.error(`bench: the ${name} baseline cut ${runs.map((x) => x.tokens).join(', ')} tokens in its runs`);
    process.exit(1);
  }
}
const rawSeconds = median(baselineRuns.nodejieba);
const rawRsSeconds = jiebaRsInstalled ? median(baselineRuns['jieba-rs']) : NaN;
const pythonSeconds = python ? median(baselineRuns.python) : NaN;
// A corpus under 8 MB is analyzed on one thread whatever --jobs says (MIN_BYTES_FOR_POOL).
const threadsUsed = JSON.parse(readFileSync(join(outDir('nodejieba', jobs), 'run.json'), 'utf8')).threads ?? jobs;
const one = Object.fromEntries(backends.map((b) => [b, summary(ones[b])]));
const many = Object.fromEntries(backends.map((b) => [b, summary(manys[b])]));
const cmp = summary(cmps);
const apart = aparts.length ? summary(aparts) : null;

/**
 * One large file: the corpus's texts pasted one after another (from the
 * start again if the corpus is smaller) into a single file of --large MB,
 * the way researchers paste a whole collection. Written in pieces, never held whole.
 */
let large = null;
if (largeMb > 0) {
  const largeDir = join(work, 'large');
  mkdirSync(largeDir);
  const target = Math.round(largeMb * 1024 * 1024);
  const fd = openSync(join(largeDir, 'collection.txt'), 'w');
  let written = 0;
  for (let i = 0; written < target; i = (i + 1) % files.length) {
    const text = readFileSync(files[i]);
    writeSync(fd, text);
    writeSync(fd, '\n');
    written += text.length + 1;
  }
  closeSync(fd);
  // --max-mb above the file's size: the file is meant to be analyzed, not skipped.
  large = { mb: written / 1024 / 1024, ...run('one large file', ['analyze', largeDir, '--out', join(work, 'out-large'), '--quiet', '--max-mb', String(Math.ceil(written / 1024 / 1024) + 1)]) };
  const manifest = readFileSync(join(work, 'out-large', 'manifest.csv'), 'utf8');
  if (!/\ncollection\.txt,ok,/.test(manifest)) {
    console.error(`bench: the one large file was not analyzed:\n${manifest}`);
    process.exit(1);
  }
}

const rows = [
  ['baseline: raw nodejieba, whole process', rawSeconds, NaN],
  ...(jiebaRsInstalled ? [['raw jieba-rs, whole process', rawRsSeconds, NaN]] : []),
  ...(python ? [['peer: Python jieba, whole process', pythonSeconds, NaN]] : []),
  ...backends.flatMap((b) => [
    [`fazhi analyze --jobs 1 (${b})`, one[b].seconds, one[b].rss],
    [`fazhi analyze --jobs ${jobs} (${b})`, many[b].seconds, many[b].rss],
  ]),
  ...(apart ? [[`${shares.length} x fazhi analyze --jobs 1, apart`, apart.seconds, NaN]] : []),
  ['fazhi compare (on the nodejieba jobs run)', cmp.seconds, cmp.rss],
];
const pad = (s, n) => String(s).padEnd(n);
console.log('');
if (!jiebaRsInstalled) console.log('bench: @node-rs/jieba is not installed: the jieba-rs runs are skipped (npm install @node-rs/jieba)');
if (!python) console.log('bench: no Python with jieba (apt-get install python3-jieba, or pip install jieba): the peer is skipped');
console.log(pad('step', 44), pad('seconds', 9), pad('MB/s', 8), pad('reports/s', 10), pad('peak RSS MB', 12), 'x baseline MB/s');
for (const [label, sec, rss] of rows) {
  const rate = mb / sec;
  console.log(pad(label, 44), pad(sec.toFixed(2), 9), pad(rate.toFixed(2), 8), pad((built.files / sec).toFixed(0), 10), pad(Number.isNaN(rss) ? '-' : rss.toFixed(0), 12), (rate / (mb / rawSeconds)).toFixed(2));
}
if (large) console.log(pad(`one ${large.mb.toFixed(0)} MB file, analyze --jobs ${jobs}`, 44), pad(large.seconds.toFixed(2), 9), pad((large.mb / large.seconds).toFixed(2), 8), pad('-', 10), pad(large.rss.toFixed(0), 12), '-');
console.log('');
const spread = (runs) => `${Math.min(...runs.map((x) => x.seconds)).toFixed(2)}-${Math.max(...runs.map((x) => x.seconds)).toFixed(2)} s`;
const spreads = Object.entries(baselineRuns).filter(([, runs]) => runs.length > 0).map(([name, runs]) => `${baselineNames[name]} ${spread(runs)}`);
console.log(`baselines: median of ${repeat} runs each, taking turns with the fazhi rounds; runs from fastest to slowest: ${spreads.join(', ')}`);
if (rounds > 1) {
  console.log(`fazhi runs: median of ${rounds} rounds; peak RSS is the largest of the rounds`);
  ones.nodejieba.forEach((o, r) => console.log(`  round ${r + 1}: jobs 1 ${o.seconds.toFixed(2)} s, jobs ${jobs} ${manys.nodejieba[r].seconds.toFixed(2)} s${aparts[r] ? `, apart ${aparts[r].seconds.toFixed(2)} s` : ''}, compare ${cmps[r].seconds.toFixed(2)} s${ones['jieba-rs'] ? `, jieba-rs jobs 1 ${ones['jieba-rs'][r].seconds.toFixed(2)} s` : ''}`));
}
// Worker threads each hold a tokenizer; with --jobs 1 the one thread does.
if (threadsUsed === jobs && jobs > 1) {
  for (const b of backends) console.log(`memory per further thread (${b}): ${((many[b].rss - one[b].rss) / (jobs - 1)).toFixed(0)} MiB (peak RSS of --jobs ${jobs} less --jobs 1, over ${jobs - 1})`);
}
console.log(`parallel speed-up (jobs ${jobs} / jobs 1): ${(one.nodejieba.seconds / many.nodejieba.seconds).toFixed(2)}x${threadsUsed < jobs ? ` — but this corpus was analyzed on ${threadsUsed} thread: below 8 MB or 16 files threads do not pay off (MIN_BYTES_FOR_POOL, MIN_FILES_FOR_POOL); use --size 8 or more` : ''}`);
console.log(`outputs of --jobs 1 and --jobs ${jobs} byte-identical: ${identical}${rounds > 1 ? ' (every round)' : ''}; raw nodejieba tokens: ${baselineRuns.nodejieba[0].tokens}`);
// The targets of the throughput issue, each against this run's own baselines.
const ratio = (x) => `${x.toFixed(2)}x`;
console.log('');
console.log(`targets, on this run (${mb.toFixed(0)} MB, ${built.files} reports, ${jobs} threads${process.env.GLIBC_TUNABLES ? `, GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES} for every process` : ''}):`);
const vsRaw = rawSeconds / one.nodejieba.seconds;
console.log(`  --jobs 1 >= 0.5x a whole raw nodejieba process: ${ratio(vsRaw)}, ${verdict(vsRaw >= 0.5)}`);
if (!jiebaRsInstalled) console.log('  --tokenizer jieba-rs >= 1.5x Python jieba\'s whole process: not measured (@node-rs/jieba not installed)');
else if (!python) console.log('  --tokenizer jieba-rs >= 1.5x Python jieba\'s whole process: not measured (no Python jieba)');
else {
  const vsPython = pythonSeconds / one['jieba-rs'].seconds;
  console.log(`  --tokenizer jieba-rs --jobs 1 >= 1.5x Python jieba's whole process: ${ratio(vsPython)}, ${verdict(vsPython >= 1.5)}`);
}
if (!apart) console.log(`  --jobs N >= 0.9x N apart processes: not measured (--jobs 1)`);
else if (threadsUsed < jobs) console.log(`  --jobs ${jobs} >= 0.9x ${jobs} apart processes: not measured (the corpus was analyzed on ${threadsUsed} thread: use --size 8 or more)`);
else {
  const vsApart = apart.seconds / many.nodejieba.seconds;
  console.log(`  --jobs ${jobs} >= 0.9x ${shares.length} apart processes: ${ratio(vsApart)}, ${verdict(vsApart >= 0.9)}`);
}
const GIB = 1024;
if (large) console.log(`  one ${large.mb.toFixed(0)} MB file analyzed with peak RSS < 1 GiB: ${large.rss.toFixed(0)} MiB, ${verdict(large.rss < GIB)}${large.mb < 50 ? ' (the target is for 50 MB: --large 50)' : ''}`);
else console.log('  one 50 MB file analyzed with peak RSS < 1 GiB: not measured (--large 0)');
const peakMb = Math.max(...[...backends.flatMap((b) => [one[b].rss, many[b].rss]), cmp.rss].filter((x) => !Number.isNaN(x)));
const total = one.nodejieba.seconds + many.nodejieba.seconds + cmp.seconds;
console.log(`  1 GB of reports analyzed and compared with peak RSS < 2 GB in every process: ${peakMb.toFixed(0)} MiB at ${mb.toFixed(0)} MB, ${sizeMb >= 1000 ? verdict(peakMb < twoGb) : `${verdict(peakMb < twoGb)} at this size (the target is for --size 1000)`}; analyze --jobs ${jobs} and compare took ${(many.nodejieba.seconds + cmp.seconds).toFixed(0)} s`);
console.log(`  compare <= 50% of the --jobs ${jobs} analysis: ${((100 * cmp.seconds) / many.nodejieba.seconds).toFixed(1)}%, ${verdict(cmp.seconds <= 0.5 * many.nodejieba.seconds)}${built.files < 9000 ? ' (the target is for about 10,000 reports: --size 80)' : ''}`);
console.log(`  ${tableSizes(outDir('nodejieba', jobs), analysisMb)}`);
console.log(`  (all fazhi runs of this bench: ${total.toFixed(0)} s)`);
console.log('');
console.log(`where analyze --jobs 1 spends its time (seconds, from run.json${rounds > 1 ? ' of round 1' : ''}):`);
const prof = runRecord.profile_seconds ?? {};
const profTotal = Object.values(prof).reduce((a, b) => a + b, 0);
for (const [step, sec] of Object.entries(prof).sort((a, b) => b[1] - a[1])) console.log(`  ${pad(step, 12)} ${pad(sec.toFixed(2), 8)} ${((100 * sec) / profTotal).toFixed(1)}%`);
if (!keep) rmSync(work, { recursive: true, force: true });
