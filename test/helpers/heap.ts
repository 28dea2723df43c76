/**
 * The heap in use with the garbage collected, for tests that check what a
 * long-lived structure keeps alive.
 */
import assert from 'node:assert/strict';
import { garbageCollector } from '../../src/cli/heap.js';

const exposed = garbageCollector();
assert.ok(exposed, 'V8 did not expose gc() (--expose-gc): the heap cannot be measured with the garbage collected');
const collect: () => void = exposed;

export function heapAfterCollecting(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}
