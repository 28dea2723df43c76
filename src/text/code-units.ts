/** Arguments per String.fromCharCode call, well under any engine's limit. */
const CHUNK = 4096;

/**
 * The string of code units codes[from, to), made a few thousand at a time:
 * adding one character at a time to a string builds a rope as long as the
 * text, and one call with every code unit can pass the engine's limit on arguments.
 */
export function stringFromCodeUnits(codes: Uint16Array | readonly number[], from = 0, to = codes.length): string {
  let out = '';
  for (let k = from; k < to; k += CHUNK) {
    const end = Math.min(to, k + CHUNK);
    const part = codes instanceof Uint16Array ? codes.subarray(k, end) : codes.slice(k, end);
    out += String.fromCharCode.apply(null, part as unknown as number[]);
  }
  return out;
}
