/**
 * The two tokenizer backends: nodejieba (default) and jieba-rs (the optional
 * @node-rs/jieba). Their tokens differ on some sentences (jieba-rs keeps
 * numbers such as 1,234 whole); the tags built on them must not, beyond a few units.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportDoc } from '../../src/model/document.js';
import { parseReport } from '../../src/pipeline/parse.js';
import { defaultStages } from '../../src/pipeline/default-stages.js';
import { runAnalysis } from '../../src/pipeline/analyze.js';
import { jiebaRsUserDictionary } from '../../src/tokenize/jieba-rs-backend.js';
import { cut, loadTokenizer } from '../../src/tokenize/tokenizer.js';
import { SEED_DIR, SEED_FILES } from '../helpers/seeds.js';
import { jiebaRsInstalled } from '../helpers/tokenizers.js';
import { assertBuilt } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const WITHOUT_JIEBA_RS = fileURLToPath(new URL('../fixtures/without-jieba-rs.cjs', import.meta.url));

describe('the jieba-rs user dictionary', () => {
  it('keeps entry lines and drops the comment lines jieba-rs rejects', () => {
    const shipped = readFileSync(join(ROOT, 'dictionaries/userdict.txt'), 'utf8');
    const lines = jiebaRsUserDictionary(shipped).trim().split('\n');
    const entries = shipped.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(lines.length).toBe(entries.length);
    expect(lines).toContain('法律明白人 20000 n');
    // cppjieba's `word tag` form: the tag is dropped, jieba-rs wants a number there.
    expect(jiebaRsUserDictionary('# mine\n沙坝村法治长廊 n\n长廊 300\n')).toBe('沙坝村法治长廊\n长廊 300\n');
  });
});

describe.skipIf(!jiebaRsInstalled())('both backends on the seeds', { timeout: 60_000 }, () => {
  let pairs: Array<[ReportDoc, ReportDoc]>;
  beforeAll(() => {
    const byNodejieba = defaultStages({ tokenizer: 'nodejieba' });
    const byJiebaRs = defaultStages({ tokenizer: 'jieba-rs' });
    pairs = SEED_FILES.map((f) => {
      const text = readFileSync(join(SEED_DIR, f), 'utf8');
      return [parseReport(text, { file: f, stages: byNodejieba }), parseReport(text, { file: f, stages: byJiebaRs })];
    });
  });

  it('cut the same units, with tokens that spell each unit', () => {
    for (const [a, b] of pairs) {
      expect(b.units.map((u) => u.text)).toEqual(a.units.map((u) => u.text));
      for (const u of b.units) expect(u.tokens!.join('')).toBe(u.text.replace(/\s+/g, ''));
    }
  });

  it('differ in tokens on some units (a second backend, not a silent swap)', () => {
    const units = pairs.flatMap(([a, b]) => a.units.map((u, i) => [u.tokens!.join('|'), b.units[i]!.tokens!.join('|')]));
    const same = units.filter(([x, y]) => x === y).length / units.length;
    // Measured on the five seeds: 391 of 463 units (84%) tokenized alike.
    expect(same).toBeGreaterThan(0.7);
    expect(same).toBeLessThan(1);
  });

  it('give the same function, themes and quantities to at least 99% of units', () => {
    let units = 0;
    let sameFunction = 0;
    let sameThemes = 0;
    let sameQuantities = 0;
    for (const [a, b] of pairs) {
      a.units.forEach((u, i) => {
        const v = b.units[i]!;
        units++;
        if (u.tag?.function === v.tag?.function) sameFunction++;
        if (JSON.stringify(u.themes) === JSON.stringify(v.themes)) sameThemes++;
        if (JSON.stringify(u.quantities) === JSON.stringify(v.quantities)) sameQuantities++;
      });
    }
    // Measured: all 463 seed units alike in all three (and all 1,356 units of the real page openings A and B).
    expect(units).toBeGreaterThan(400);
    expect(sameFunction / units).toBeGreaterThanOrEqual(0.99);
    expect(sameThemes / units).toBeGreaterThanOrEqual(0.99);
    expect(sameQuantities / units).toBeGreaterThanOrEqual(0.99);
  });

  it('cuts a text without tokens (a heading, a table read back) with the backend of the tokenize stage that ran last', () => {
    // 100% is one token for jieba-rs, two for nodejieba.
    const text = readFileSync(join(SEED_DIR, SEED_FILES[0]!), 'utf8');
    const sentence = parseReport(text, { file: SEED_FILES[0]!, stages: defaultStages({ tokenizer: 'jieba-rs' }) }).units.find((u) =>
      u.text.includes('普法考试通过率100%'),
    )!.text;
    expect(cut(sentence)).toContain('100%');
    parseReport(text, { file: SEED_FILES[0]!, stages: defaultStages({ tokenizer: 'nodejieba' }) });
    expect(cut(sentence)).not.toContain('100%');
    expect(cut(sentence, loadTokenizer('jieba-rs'))).toContain('100%');
  });

  it('records the backend in run.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fazhi-tokenizer-'));
    await runAnalysis(join(SEED_DIR, SEED_FILES[0]!), out, { tokenizer: 'jieba-rs' });
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).options.tokenizer).toBe('jieba-rs');
    const plain = mkdtempSync(join(tmpdir(), 'fazhi-tokenizer-'));
    await runAnalysis(join(SEED_DIR, SEED_FILES[0]!), plain);
    expect(JSON.parse(readFileSync(join(plain, 'run.json'), 'utf8')).options.tokenizer).toBe('nodejieba');
  });
});

describe('where @node-rs/jieba is not installed', { timeout: 60_000 }, () => {
  beforeAll(() => {
    assertBuilt();
  }, 120_000);

  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--require', WITHOUT_JIEBA_RS, CLI, 'analyze', join(SEED_DIR, SEED_FILES[0]!), '-q', '--force', ...args], {
      encoding: 'utf8',
      cwd: ROOT,
    });

  it('analyzes with the default backend', () => {
    const r = run('--out', mkdtempSync(join(tmpdir(), 'fazhi-no-jieba-rs-')));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('says the backend is not installed, and exits 2, when asked for it', () => {
    const out = mkdtempSync(join(tmpdir(), 'fazhi-no-jieba-rs-'));
    const r = run('--out', out, '--tokenizer', 'jieba-rs');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/jieba-rs backend not installed/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).not.toContain('sentences.csv');
  });
});
