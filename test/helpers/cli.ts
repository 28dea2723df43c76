/**
 * The built command, as a user runs it. `npm test` builds before it tests;
 * a test run on its own needs `npm run build` first, and a build older than
 * the sources would test yesterday's code, so both are refused with that advice.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'dist/cli/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(path) : e.name.endsWith('.ts') ? statSync(path).mtimeMs : 0);
  }
  return newest;
}

let checked = false;
/** Fails, saying what to do, when dist/ is missing or older than src/. */
export function assertBuilt(): void {
  if (checked) return;
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  assert.ok(statSync(CLI).mtimeMs >= newestSource(join(ROOT, 'src')), `${CLI} is older than src/: run npm run build first`);
  checked = true;
}

/** Runs `fazhi ARGS` from the build in a process of its own (cwd the checkout unless options say otherwise). */
export function fazhi(args: readonly string[], options: Partial<SpawnSyncOptionsWithStringEncoding> = {}): SpawnSyncReturns<string> {
  assertBuilt();
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, ...options, encoding: 'utf8' });
}
