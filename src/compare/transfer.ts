/**
 * The buffers of plain data that a thread can move to another instead of
 * copying them (postMessage's transfer list).
 */

/** Every distinct ArrayBuffer under the typed arrays of `value`'s plain objects and arrays. */
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
