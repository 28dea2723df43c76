import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SEED_DIR = fileURLToPath(new URL('../../data/reports', import.meta.url));
export const SEED_FILES = readdirSync(SEED_DIR).filter((f) => f.endsWith('.txt')).sort();
// Every seed test assumes the bundled corpus of five reports.
assert.equal(SEED_FILES.length, 5, `expected the five seed reports in ${SEED_DIR}`);

export function seedText(prefix: string): string {
  const f = SEED_FILES.find((s) => s.startsWith(prefix));
  if (!f) throw new Error(`no seed ${prefix}`);
  return readFileSync(`${SEED_DIR}/${f}`, 'utf8');
}

export function seedFile(prefix: string): string {
  const f = SEED_FILES.find((s) => s.startsWith(prefix));
  if (!f) throw new Error(`no seed ${prefix}`);
  return f;
}
