/**
 * How `fazhi compare` reports an error of the comparison: the user's to fix
 * (a bad folder, an option out of range) exits 2 with its message; anything
 * else, V8's own RangeErrors included (an array or a string too large for a
 * corpus), is thrown on with its stack, which the CLI turns into exit 1.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { AnalysisFolderError, CompareOptionError } from '../../src/compare/input.js';
import { resolveCompareOptions } from '../../src/compare/compare.js';

/** What the mocked comparison throws in the next run. */
const thrown: { error: Error | null } = { error: null };

vi.mock('../../src/compare/compare.js', async (original) => ({
  ...(await original<typeof import('../../src/compare/compare.js')>()),
  compareFolderOnThreads: async () => {
    throw thrown.error;
  },
}));

const { registerCompareCommand } = await import('../../src/cli/compare-command.js');

/** Run `fazhi compare DIR`; the exit status asked for, or the error thrown on. */
async function run(): Promise<{ exit: number | null; stderr: string; error: unknown }> {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-cmp-err-'));
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`exit ${code}`);
  });
  const program = new Command();
  program.exitOverride();
  registerCompareCommand(program);
  let error: unknown = null;
  try {
    await program.parseAsync(['compare', join(dir), '-q'], { from: 'user' });
  } catch (e) {
    error = e;
  }
  const code = exit.mock.calls[0]?.[0];
  return { exit: code === undefined ? null : Number(code), stderr, error };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('fazhi compare errors', () => {
  it('exits 2 with the message of an option out of range or of a bad folder', async () => {
    thrown.error = new CompareOptionError('threshold must be in (0, 1], got 2');
    const option = await run();
    expect(option.exit).toBe(2);
    expect(option.stderr).toBe('fazhi: threshold must be in (0, 1], got 2\n');

    thrown.error = new AnalysisFolderError('x: no sentences.csv');
    const folder = await run();
    expect(folder.exit).toBe(2);
    expect(folder.stderr).toBe('fazhi: x: no sentences.csv\n');
  });

  it("throws V8's own RangeError on instead of passing it off as a bad option", async () => {
    thrown.error = new RangeError('Invalid string length');
    const r = await run();
    expect(r.exit).toBeNull();
    expect(r.error).toBe(thrown.error);
    expect(r.stderr).toBe('');
  });

  it('still throws a RangeError for an option out of range, for code that catches one', () => {
    expect(() => resolveCompareOptions({ k: 0 })).toThrow(CompareOptionError);
    expect(() => resolveCompareOptions({ threshold: 0 })).toThrow(RangeError);
  });
});
