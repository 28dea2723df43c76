/** A typed array twice as long, holding the same values first (for columns that grow a row at a time). */
export function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
