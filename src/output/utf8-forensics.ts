import { readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { CsvFormatError } from './csv-format-error.js';
import { LF } from './csv-record-scanner.js';

/**
 * The error for a file that is not UTF-8: where the first byte that is not
 * (error path only: the file is read again up to it), what encoding it
 * probably is, and how to save it as UTF-8. The bytes are judged by the
 * platform's own validator (buffer.isUtf8, TextDecoder), never by hand: a
 * line break never lies inside a UTF-8 character, so the file is checked a
 * line at a time, and within the first bad line a fatal streaming decoder
 * (which accepts a character cut at the end) finds the first bad byte by
 * bisection.
 */
export function notUtf8(path: string, fd: number): CsvFormatError {
  const size = 1 << 20;
  const buf = Buffer.alloc(size);
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  let bad = -1;
  scan: for (;;) {
    const n = readSync(fd, buf, 0, size, pos);
    if (n === 0) break;
    const more = n === size;
    let from = 0;
    for (;;) {
      const nl = buf.indexOf(LF, from);
      // The last piece of a full buffer may be a line cut short: read again from its start.
      if (nl < 0 && more && from > 0) break;
      const to = nl < 0 || nl >= n ? n : nl + 1;
      const piece = buf.subarray(from, to);
      if (!isUtf8(piece)) {
        const at = firstBadByte(piece);
        if (at >= 0) {
          bad = pos + from + at;
          lineStart = pos + from;
          break scan;
        }
        // A line longer than the buffer, cut inside a character: read on from a little before the cut.
        from = Math.max(0, n - 4);
        break;
      }
      if (to === n) {
        from = n;
        break;
      }
      line++;
      from = to;
    }
    if (!more) break;
    pos += from;
  }
  const where = bad >= 0 ? `line ${line} (byte ${bad + 1})` : `line ${line}`;
  let head = Buffer.alloc(0);
  if (bad >= 0) {
    head = Buffer.alloc(4096);
    head = head.subarray(0, readSync(fd, head, 0, head.length, lineStart));
  }
  const start = Buffer.alloc(2);
  const startN = readSync(fd, start, 0, 2, 0);
  const utf16 = startN === 2 && ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff));
  let kind: string;
  let convert: string;
  if (utf16) {
    kind = 'it is UTF-16, which Excel writes for "Unicode 文本"';
    convert = 'iconv -f utf-16 -t utf-8';
  } else if (readsAsGb18030(head)) {
    kind = 'it looks like GBK/GB18030, which Excel on Chinese Windows writes for "CSV (逗号分隔)"';
    convert = 'iconv -f gb18030 -t utf-8';
  } else {
    kind = 'it was saved in another encoding';
    convert = 'iconv -f ENCODING -t utf-8';
  }
  return new CsvFormatError(
    path,
    where,
    `the file is not UTF-8 text; ${kind}. To fix it: in Excel, 另存为 and choose the type "CSV UTF-8 (逗号分隔)" (or convert it: ${convert}), then run again`,
  );
}

/** Index of the first byte of `bytes` that cannot begin or continue UTF-8; -1 when there is none (at most a character cut at the end). */
function firstBadByte(bytes: Buffer): number {
  const fails = (k: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, k), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  // The smallest prefix the decoder rejects ends with the bad byte; a prefix ending mid-character is accepted (stream).
  let lo = 1;
  let hi = bytes.length;
  if (!fails(hi)) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fails(mid)) hi = mid;
    else lo = mid + 1;
  }
  // bytes[lo - 1] is where the decoder gave up. If a character was begun before it
  // (the decoder holds its first bytes), the bad sequence starts at that character's lead byte.
  let whole = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, lo - 1));
  } catch {
    whole = false;
  }
  if (whole) return lo - 1;
  let lead = lo - 2;
  while (lead > 0 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  return lead;
}

function readsAsGb18030(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}
