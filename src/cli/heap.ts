/**
 * How far V8 lets the old generation grow past what its last full
 * collection left live before it collects again, for a command that holds a
 * large live heap while it makes and writes rows by the million.
 *
 * V8's own factor (up to 4× when collections are quick) lets that garbage
 * pile up to a multiple of the live data. `fazhi compare` holds about 0.6 GB
 * of heap at 120,000 reports, and writing its tables took the heap to 1.55 GB
 * before V8 collected: the command's peak. Set from the command, not the
 * library: it is a setting of the whole process (and of its worker threads).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The old generation grows by this share of its live size between full
 * collections (V8's --heap-growing-percent). At 1 GB, 10% left the peak
 * where 20% had it, with more collections.
 */
const HEAP_GROWING_PERCENT = 20;

export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

let gc: (() => void) | null | undefined;

/**
 * A full collection now. Between compare's phases most of the heap is the
 * garbage of the phase just ended (the counts' scratch, k-means' arrays), and
 * V8 keeps it until the heap has grown past it: the next phase's own memory,
 * and the threads', come on top. At 120,000 reports a collection there takes
 * 0.3 s, and the command's peak fell by 120 MB.
 */
export function collectGarbage(): void {
  // Where V8 gives no gc() (a Node that refuses the flag at run time), nothing is collected: it saves memory, no more.
  garbageCollector()?.();
}

/** V8's gc(), or null where it cannot be had. */
export function garbageCollector(): (() => void) | null {
  if (gc === undefined) {
    // A context made after the flag has V8's gc() among its globals.
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('typeof gc === "function" ? gc : null') as (() => void) | null;
  }
  return gc;
}
