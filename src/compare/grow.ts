/** Helpers for the Int32Array columns of the near-duplicate search: growing them, and sorting one down to its distinct values. */
/** `a` with room for at least `need` values (twice its length, or `need` if more), its first `used` values kept. */
export function growTo(a: Int32Array, need: number, used: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(a.length * 2, need));
  b.set(a.subarray(0, used));
  return b;
}

/** A typed array twice as long, holding the same values first (for columns that grow a row at a time). */
export function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  return growTo(a, a.length + 1, a.length);
}

/** Sort `a` and move its distinct values to the front; how many there are. */
export function sortUnique(a: Int32Array): number {
  a.sort();
  let m = 0;
  for (let k = 0; k < a.length; k++) if (k === 0 || a[k] !== a[k - 1]) a[m++] = a[k]!;
  return m;
}
