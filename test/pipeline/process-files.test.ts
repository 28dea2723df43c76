import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { collectInputs, type InputFile } from '../../src/read/inputs.js';
import { BATCH_BYTES, BATCH_FILES, fileBatches } from '../../src/pipeline/process-files.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The real page openings and the seed reports, with their sizes on disk. */
const inputs = collectInputs([`${ROOT}data/openings`, `${ROOT}data/reports`]).files;

function bytesOf(batch: readonly InputFile[]): number {
  return batch.reduce((sum, f) => sum + (f.bytes ?? 0), 0);
}

describe('fileBatches', () => {
  it('keeps every file once, in order, and closes a batch at the file count or the byte size, whichever comes first', () => {
    expect(inputs.length).toBeGreaterThan(90);
    for (const [maxFiles, maxBytes] of [
      [BATCH_FILES, BATCH_BYTES],
      [8, 16 * 1024],
      [5, 1],
    ] as const) {
      const batches = fileBatches(inputs, maxFiles, maxBytes);
      expect(batches.flat()).toEqual(inputs);
      batches.forEach((batch, i) => {
        expect(batch.length).toBeGreaterThan(0);
        expect(batch.length).toBeLessThanOrEqual(maxFiles);
        // Only the last file can take a batch past the size: it is the one that closed it.
        expect(bytesOf(batch.slice(0, -1))).toBeLessThan(maxBytes);
        if (i < batches.length - 1) expect(batch.length === maxFiles || bytesOf(batch) >= maxBytes).toBe(true);
      });
    }
  });

  it('fills batches by count with reports far below the size, and ends a batch at a file that reaches it', () => {
    // The openings (2 KB) and seeds (up to 14 KB): full batches of 8 under the default size.
    expect(fileBatches(inputs, 8, BATCH_BYTES).slice(0, -1).every((b) => b.length === 8)).toBe(true);
    // A size of one byte: each file is a batch.
    expect(fileBatches(inputs, BATCH_FILES, 1).map((b) => b.length)).toEqual(inputs.map(() => 1));
    // A size of the largest file: its batch ends with it.
    const largest = inputs.reduce((a, b) => ((b.bytes ?? 0) > (a.bytes ?? 0) ? b : a));
    const batch = fileBatches(inputs, BATCH_FILES, largest.bytes!).find((b) => b.includes(largest))!;
    expect(batch[batch.length - 1]).toBe(largest);
  });
});
