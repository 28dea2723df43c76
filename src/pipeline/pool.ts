/**
 * Worker threads, for the analysis and for compare: one way to find a
 * worker's code, start a pool, and move typed arrays between threads rather
 * than copy them. A worker is always the compiled one in
 * dist/, whether its caller runs from dist/ or from the sources (vitest runs
 * src/ after `npm run build`), so tests run the same threads as the command.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';

const require = createRequire(import.meta.url);

/** The compiled worker at `dist/<path>` (e.g. 'pipeline/worker.js'), or null before a build. */
export function compiledWorker(path: string): string | null {
  const file = fileURLToPath(new URL(`../../dist/${path}`, import.meta.url));
  return existsSync(file) ? file : null;
}

export interface PoolOptions {
  threads: number;
  /** Given to every thread as `workerData` (structured clone). */
  workerData?: unknown;
  resourceLimits?: { maxYoungGenerationSizeMb?: number; maxOldGenerationSizeMb?: number };
}

/**
 * A pool of `threads` threads running the compiled worker at `dist/<path>`;
 * null before a build, when the caller does the work on its own thread.
 */
export function workerPool<Task, Result>(path: string, options: PoolOptions): Piscina<Task, Result> | null {
  const filename = compiledWorker(path);
  if (filename === null) return null;
  // Loaded here, not with this module: an analysis on one thread never starts a pool.
  const { Piscina: Pool } = require('piscina') as typeof import('piscina');
  return new Pool<Task, Result>({
    filename,
    minThreads: options.threads,
    maxThreads: options.threads,
    workerData: options.workerData,
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  });
}

/** Every distinct ArrayBuffer under the typed arrays of `value`'s plain objects and arrays: what a thread can move to another instead of copying (a transfer list). */
export function buffersOf(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) found.add(v.buffer);
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x);
    } else {
      for (const x of Object.values(v)) walk(x);
    }
  };
  walk(value);
  return [...found];
}

/**
 * What a pool's worker returns so that its caller receives `value` with the
 * buffers under it moved, not copied (piscina clones a result otherwise).
 */
export function movedToCaller<T extends object>(value: T): T {
  const piscina = require('piscina') as typeof import('piscina');
  const transferable = {
    get [piscina.transferableSymbol]() {
      return buffersOf(value);
    },
    get [piscina.valueSymbol]() {
      return value;
    },
  };
  return piscina.move(transferable) as unknown as T;
}
