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
