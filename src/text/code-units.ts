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

/** The characters String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator). */
export function isTrimmed(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/**
 * A Chinese character of the basic CJK block, or an ASCII letter or digit:
 * most code units of a report, settled by their code before any
 * Unicode-class regex is asked.
 */
export function isHanOrAsciiAlphanumeric(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * A copy of `s` that holds no larger string: in V8 a substring of 13 or more
 * characters is a slice that keeps its whole parent alive, so a string kept
 * longer than the text it was cut from (a memo's key, a document id read from
 * a chunk of a table) is copied.
 */
export function detachedCopy(s: string): string {
  return (' ' + s).slice(1);
}

/**
 * `text` in pieces of whole lines, each of at least `minChars` characters
 * but the last: a long text read or written a piece at a time, never cut
 * inside a line (nor a surrogate pair, nor anything NFKC composes).
 */
export function* linePieces(text: string, minChars: number): Generator<string> {
  for (let from = 0; from < text.length; ) {
    const lineEnd = text.indexOf('\n', from + minChars);
    const to = lineEnd < 0 ? text.length : lineEnd + 1;
    yield text.slice(from, to);
    from = to;
  }
}
