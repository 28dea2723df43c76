/**
 * Each command loads only what it runs: a command's start-up is mostly
 * importing modules (k-means alone ~0.2 s), and every analysis, every test
 * and every worker thread pays it. Checked by the modules a command's process
 * resolves, recorded by a module-resolution hook, rather than by its time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertBuilt, CLI, ROOT } from '../helpers/cli.js';
import { seedAnalysis } from '../helpers/seed-folders.js';

const HOOKS = mkdtempSync(join(tmpdir(), 'fazhi-startup-'));
/** Everything a test writes goes under HOOKS, removed at the end. */
const scratch = (name: string) => mkdtempSync(join(HOOKS, `${name}-`));

afterAll(() => rmSync(HOOKS, { recursive: true, force: true }));

beforeAll(() => {
  assertBuilt();
  // Every URL resolved, on this thread or a worker's, appended to the file named by FAZHI_RESOLVED.
  writeFileSync(
    join(HOOKS, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.FAZHI_RESOLVED, r.url + '\\n');
  return r;
}
`,
  );
  writeFileSync(join(HOOKS, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(HOOKS, 'hooks.mjs')).href)});\n`);
}, 120_000);

/** The module URLs a run of the CLI resolved. */
function resolvedBy(args: string[]): string[] {
  const log = join(scratch('resolved'), 'urls');
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', join(HOOKS, 'register.mjs'), CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FAZHI_RESOLVED: log },
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const loads = (urls: string[], part: string) => urls.some((u) => u.includes(part));

describe('start-up', { timeout: 60_000 }, () => {
  it('--version and compare --help load neither the pipeline nor the comparison', () => {
    for (const args of [['--version'], ['compare', '--help']]) {
      const urls = resolvedBy(args);
      // The hook sees the CLI's own modules, so an empty list would not pass unnoticed.
      expect(loads(urls, 'dist/cli/compare-command.js'), args.join(' ')).toBe(true);
      for (const heavy of ['dist/compare/kmeans.js', 'dist/compare/compare.js', 'dist/pipeline/analyze.js', 'dist/report/report.js', 'dist/labels/corpus.js', 'dist/export/qdpx.js', 'xmlbuilder2', 'exceljs', 'dist/export/xlsx.js', 'dist/explore/promises.js']) {
        expect(loads(urls, heavy), `${args.join(' ')} loads ${heavy}`).toBe(false);
      }
    }
  });

  it('kwic --help loads neither the search nor the xlsx writer; a kwic to CSV loads no comparison and no exceljs', () => {
    const help = resolvedBy(['kwic', '--help']);
    expect(loads(help, 'dist/cli/kwic-command.js')).toBe(true);
    for (const heavy of ['dist/explore/kwic.js', 'exceljs', 'string-width', 'dist/compare/compare.js']) expect(loads(help, heavy), `kwic --help loads ${heavy}`).toBe(false);
    // The seeds analyzed once for the run (read only: the lines go to k.csv).
    const urls = resolvedBy(['kwic', seedAnalysis(), '普法', '--out', join(scratch('kwic'), 'k.csv')]);
    expect(loads(urls, 'dist/explore/kwic.js')).toBe(true);
    for (const heavy of ['exceljs', 'dist/compare/kmeans.js', 'dist/compare/compare.js', 'dist/pipeline/analyze.js']) expect(loads(urls, heavy), `kwic loads ${heavy}`).toBe(false);
  });

  it('analyze loads the pipeline but not the comparison, the report, nor the HTML reader for text files', () => {
    const corpus = scratch('txt');
    const seeds = join(ROOT, 'data/reports');
    for (const f of readdirSync(seeds).filter((f) => f.endsWith('.txt'))) copyFileSync(join(seeds, f), join(corpus, f));
    const urls = resolvedBy(['analyze', corpus, '--out', join(corpus, 'out'), '-q']);
    expect(loads(urls, 'dist/pipeline/analyze.js')).toBe(true);
    expect(loads(urls, 'dist/tokenize/tokenizer.js')).toBe(true);
    for (const heavy of ['dist/compare/kmeans.js', 'dist/compare/compare.js', 'dist/report/report.js', 'dist/read/html.js', 'html-to-text']) {
      expect(loads(urls, heavy), `analyze loads ${heavy}`).toBe(false);
    }
  });

  it('analyze loads the HTML reader once there is a page to read', () => {
    const corpus = scratch('html');
    const seed = readdirSync(join(ROOT, 'data/reports')).find((f) => f.endsWith('.txt'))!;
    const text = readFileSync(join(ROOT, 'data/reports', seed), 'utf8');
    writeFileSync(join(corpus, 'page.html'), `<html><head><meta charset="utf-8"></head><body>${text.split('\n').map((l) => `<p>${l}</p>`).join('')}</body></html>`);
    const urls = resolvedBy(['analyze', corpus, '--out', join(corpus, 'out'), '-q']);
    expect(loads(urls, 'dist/read/html.js')).toBe(true);
  });
});
