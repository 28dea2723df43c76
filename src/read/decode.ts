/**
 * Bytes → text with the encoding detected, never guessed by hand.
 *
 * Order matters: a byte-order mark is authoritative; strict UTF-8 validation is
 * exact (a statistical detector can mislabel short UTF-8 text); then UTF-8 with
 * a few damaged bytes is recognized (see nearlyUtf8), because chardet ranks
 * GB18030 above UTF-8 as soon as one byte is invalid and a report with a single
 * bad byte would become mojibake; only then is the statistical detector
 * (chardet) asked. Its answer is checked against the decoded result, because
 * chardet names single-byte Western encodings for BOM-less UTF-16, which would
 * turn a Chinese report into mojibake.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { countHan } from '../text/normalize.js';

export interface Decoded {
  text: string;
  /** Canonical encoding name: utf-8, utf-8-bom, gb18030, utf-16le, utf-16be, big5, … */
  encoding: string;
  /** Bytes that could not be decoded and became U+FFFD. */
  invalidBytes: number;
}

export class DecodeError extends Error {}

const CJK_ENCODINGS = new Set(['GB18030', 'GBK', 'GB2312', 'Big5', 'UTF-16LE', 'UTF-16BE', 'UTF-8']);

export function decodeBytes(buf: Buffer): Decoded {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return decodeAs(buf.subarray(3), 'utf-8', 'utf-8-bom');
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return decodeAs(buf.subarray(2), 'utf-16le', 'utf-16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return decodeAs(buf.subarray(2), 'utf-16be', 'utf-16be');

  const utf8 = strictUtf8(buf);
  if (utf8 !== null && !looksLikeUtf16(buf)) return { text: utf8, encoding: 'utf-8', invalidBytes: 0 };
  if (utf8 === null && !looksLikeUtf16(buf)) {
    const damaged = nearlyUtf8(buf);
    if (damaged) return damaged;
  }

  const bomless16 = bomlessUtf16(buf);
  if (bomless16) return bomless16;

  for (const guess of chardet.analyse(buf)) {
    const detected: string = guess.name;
    if (!CJK_ENCODINGS.has(detected)) continue;
    // GB18030 is a superset of GBK and GB2312: decoding as it loses nothing.
    const name = detected === 'GBK' || detected === 'GB2312' ? 'GB18030' : detected;
    return decodeAs(buf, name.toLowerCase(), name.toLowerCase());
  }
  if (buf.includes(0)) throw new DecodeError('binary file (contains NUL bytes), not text');
  // No Chinese encoding fits: a mostly-valid UTF-8 file with a few bad bytes
  // is the likeliest remaining case, and decoding it keeps what can be kept.
  return decodeAs(buf, 'utf-8', 'utf-8');
}

/** Bytes decoded as one encoding (iconv name), labeled, with the U+FFFD it made counted. */
export function decodeAs(bytes: Buffer, iconvName: string, label: string = iconvName): Decoded {
  const text = iconv.decode(bytes, iconvName);
  let invalid = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) invalid++;
  return { text, encoding: label, invalidBytes: invalid };
}

function strictUtf8(buf: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return null;
  }
}

/** Bytes per damaged spot tolerated in UTF-8 (and at least one spot per file). */
const BYTES_PER_DAMAGED_SPOT = 1000;
/** Valid non-ASCII characters required per U+FFFD. */
const VALID_PER_REPLACEMENT = 10;
const CHUNK = 4096;

/**
 * UTF-8 with a few bad bytes (a flipped byte, a truncated last character).
 * Decoded leniently, each bad byte becomes one run of 1–3 U+FFFD (the
 * WHATWG decoder replaces each maximal invalid subpart: a bad lead byte and
 * the orphaned continuation bytes after it, or the truncated start of a
 * character and the bad byte). Accepted only when both hold:
 * - at most one run of U+FFFD (one damaged spot) per 1,000 bytes, and at
 *   least one allowed, so a short file may have one;
 * - at least ten valid non-ASCII characters per U+FFFD. A Chinese UTF-8 report
 *   is about a third as many characters as bytes, so this never binds for it;
 *   it guards mostly-ASCII files, where the byte count says little.
 * GBK, GB18030 and Big5 text read as UTF-8 fail both by far: the seed reports
 * give a run of U+FFFD every 4–7 bytes and only 0.1–0.25 valid characters
 * per U+FFFD (the few lead/trail pairs that happen to be valid UTF-8).
 * Decoded in chunks, stopping as soon as the spot budget is spent, so a GBK
 * file costs one 4 KB decode here and damaged UTF-8 one decode in all.
 */
function nearlyUtf8(buf: Buffer): Decoded | null {
  const maxSpots = Math.max(1, Math.floor(buf.length / BYTES_PER_DAMAGED_SPOT));
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let replaced = 0;
  let spots = 0;
  let valid = 0;
  let inRun = false;
  for (let at = 0; at < buf.length; at += CHUNK) {
    const end = Math.min(at + CHUNK, buf.length);
    // stream: a character split across chunks is held back, not replaced.
    const part = decoder.decode(buf.subarray(at, end), { stream: end < buf.length });
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      if (c === 0xfffd) {
        replaced++;
        if (!inRun) spots++;
        inRun = true;
      } else {
        inRun = false;
        if (c >= 0x80 && (c < 0xdc00 || c > 0xdfff)) valid++; // a surrogate pair counts once
      }
    }
    if (spots > maxSpots) return null;
    parts.push(part);
  }
  if (replaced === 0 || valid < VALID_PER_REPLACEMENT * replaced) return null;
  return { text: parts.join(''), encoding: 'utf-8', invalidBytes: replaced };
}

/** ASCII-heavy UTF-16 has a NUL in every other byte; that is also valid UTF-8. */
function looksLikeUtf16(buf: Buffer): boolean {
  if (buf.length < 4) return false;
  let evenNul = 0;
  let oddNul = 0;
  const n = Math.min(buf.length, 4096);
  for (let i = 0; i < n; i++) if (buf[i] === 0) (i % 2 === 0 ? evenNul++ : oddNul++);
  return Math.max(evenNul, oddNul) > n / 8 && Math.min(evenNul, oddNul) < Math.max(evenNul, oddNul) / 4;
}

/**
 * BOM-less UTF-16 of Chinese text has no NUL bytes, so no byte statistic sees
 * it; decoded as UTF-16 it is almost all Han characters, decoded as anything
 * else it is noise. Accept UTF-16 only when that contrast is stark.
 */
function bomlessUtf16(buf: Buffer): Decoded | null {
  if (buf.length < 16 || buf.length % 2 !== 0) return null;
  const sample = buf.subarray(0, Math.min(buf.length, 8192));
  for (const enc of ['utf-16le', 'utf-16be'] as const) {
    const text = iconv.decode(sample, enc);
    const nonSpace = text.replace(/\s/g, '').length;
    if (nonSpace === 0) continue;
    const han = countHan(text);
    const plausible = (text.match(/[\x20-\x7e\u2010-\u206f\u3000-\u303f\uff00-\uffef]/g) ?? []).length;
    if ((han + plausible) / nonSpace > 0.9 && han / nonSpace > 0.3) return decodeAs(buf, enc, enc);
  }
  return null;
}
