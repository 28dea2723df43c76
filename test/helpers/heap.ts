/**
 * The heap in use with the garbage collected, for tests that check what a
 * long-lived structure keeps alive.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

export function heapAfterCollecting(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}
