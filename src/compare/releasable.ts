/**
 * Buffers given back to the system when their holder says so, not when the
 * garbage collector next runs: a resizable ArrayBuffer shrunk to nothing
 * returns its pages at once. compare holds the corpus' term counts (470 MB
 * at 120,000 reports) until the search's postings, as large, are made from
 * them; let go the ordinary way, both were resident together for a while.
 */

/** An Int32Array of `length` zeros over a buffer that release() can give back. */
export function releasableInt32s(length: number): Int32Array<ArrayBuffer> {
  const bytes = 4 * length;
  return new Int32Array(new ArrayBuffer(bytes, { maxByteLength: bytes }));
}

/**
 * Give a buffer's memory back now, when it is one releasableInt32s made
 * (every view of it is then empty, of length 0); true if it was.
 */
export function release(buffer: ArrayBufferLike): boolean {
  if (!(buffer instanceof ArrayBuffer) || !buffer.resizable) return false;
  buffer.resize(0);
  return true;
}
