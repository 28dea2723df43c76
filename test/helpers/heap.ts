/**
 * The heap in use with the garbage collected, for tests that check what a
 * long-lived structure keeps alive.
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A context made after the flag has V8's gc() among its globals.
setFlagsFromString('--expose-gc');
const exposed = runInNewContext('typeof gc === "function" ? gc : null') as (() => void) | null;
assert.ok(exposed, 'V8 did not expose gc() (--expose-gc): the heap cannot be measured with the garbage collected');
const collect: () => void = exposed;

export function heapAfterCollecting(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}
