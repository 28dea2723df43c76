/**
 * limitHeapGrowth (src/cli/heap.ts), which `fazhi compare` sets: a process
 * that holds a live heap and makes rows that outlive the young generation
 * before they are let go (as compare's table writers do) keeps its heap near
 * the live size, where V8's own growth lets the garbage reach a multiple of it.
 * Each run is a process of its own: the setting is the whole process's.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertBuilt, ROOT } from '../helpers/cli.js';

const HEAP = pathToFileURL(join(ROOT, 'dist/cli/heap.js')).href;

/** The largest heap in use (MB) while 60,000 rows at a time are kept, 1.5 million in all, over 100,000 live objects. */
function largestHeap(limited: boolean): { live: number; largest: number } {
  assertBuilt();
  const script = `
    import { limitHeapGrowth } from ${JSON.stringify(HEAP)};
    if (${limited}) limitHeapGrowth();
    const live = Array.from({ length: 100000 }, (_, i) => ({ i, text: 'x'.repeat(300) + i }));
    const rows = new Array(60000);
    let largest = 0;
    for (let k = 0; k < 1500000; k++) {
      rows[k % rows.length] = { k, cells: new Array(64).fill(k) };
      if (k % 2000 === 0) largest = Math.max(largest, process.memoryUsage().heapUsed);
    }
    const mb = (x) => Math.round(x / 1048576);
    console.log(JSON.stringify({ live: mb(process.memoryUsage().heapUsed), largest: mb(largest), kept: live.length }));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { live: number; largest: number };
}

describe('limitHeapGrowth', () => {
  it('keeps the heap near its live size where V8 alone lets the garbage pile up', () => {
    const plain = largestHeap(false);
    const limited = largestHeap(true);
    // The live objects and the rows kept: about 100 MB.
    expect(limited.largest).toBeGreaterThan(60);
    expect(plain.largest).toBeGreaterThan(1.8 * limited.largest);
    expect(limited.largest).toBeLessThan(160);
  }, 60_000);
});

describe('collectGarbage', () => {
  it('collects the garbage a phase left at once, where V8 would keep it until the heap grows past it', () => {
    assertBuilt();
    // 100,000 live objects, then 400,000 rows made and let go: heapUsed before and after the call, in a process of its own.
    const script = `
      import { collectGarbage } from ${JSON.stringify(HEAP)};
      const live = Array.from({ length: 100000 }, (_, i) => ({ i, text: 'x'.repeat(300) + i }));
      let rows = Array.from({ length: 400000 }, (_, k) => ({ k, cells: new Array(16).fill(k) }));
      rows = null;
      const mb = (x) => Math.round(x / 1048576);
      const before = mb(process.memoryUsage().heapUsed);
      collectGarbage();
      const after = mb(process.memoryUsage().heapUsed);
      console.log(JSON.stringify({ before, after, kept: live.length }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const { before, after, kept } = JSON.parse(run.stdout) as { before: number; after: number; kept: number };
    expect(kept).toBe(100000);
    // The live objects stay (about 40 MB); the rows (about 60 MB) are gone.
    expect(after).toBeGreaterThan(25);
    expect(before - after).toBeGreaterThan(40);
  }, 60_000);
});
