import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { decodeBytes } from '../../src/read/decode.js';
import { analyzeCorpus } from '../../src/pipeline/analyze.js';
import { SEED_FILES, seedText } from '../helpers/seeds.js';

const seeds = SEED_FILES.map((f) => ({ file: f, text: seedText(f.slice(0, 3)) }));
const FFFD = '\ufffd';

const isContinuation = (b: number): boolean => b >= 0x80 && b <= 0xbf;

/** Length of the UTF-8 character whose lead byte is `lead`. */
function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  return 2;
}

/**
 * Overwrites each position of valid UTF-8 with 0xFF (never valid in UTF-8) and
 * builds, independently of any decoder, the text the WHATWG decoder must give:
 * each maximal invalid subpart becomes one U+FFFD. For a character of L bytes
 * damaged at byte j: the truncated start (if j > 0) is one, the 0xFF is one and
 * each orphaned continuation byte after it is one.
 */
function damage(original: Buffer, positions: number[]): { bytes: Buffer; expected: string; replacements: number } {
  const bytes = Buffer.from(original);
  const sorted = [...positions].sort((a, b) => a - b);
  let expected = '';
  let replacements = 0;
  let from = 0;
  for (const p of sorted) {
    let start = p;
    while (start > 0 && isContinuation(original[start]!)) start--;
    const length = utf8Length(original[start]!);
    const j = p - start;
    expect(start, 'damaged positions must be in different characters').toBeGreaterThanOrEqual(from);
    const run = (j > 0 ? 1 : 0) + 1 + (length - 1 - j);
    expected += original.subarray(from, start).toString('utf8') + FFFD.repeat(run);
    replacements += run;
    from = start + length;
    bytes[p] = 0xff;
  }
  expected += original.subarray(from).toString('utf8');
  return { bytes, expected, replacements };
}

/** Inserts 0xFF between characters: each gives exactly one U+FFFD. */
function insertBad(original: Buffer, positions: number[]): { bytes: Buffer; expected: string } {
  const parts: Buffer[] = [];
  let expected = '';
  let from = 0;
  for (const wanted of [...positions].sort((a, b) => a - b)) {
    let p = wanted;
    while (isContinuation(original[p]!)) p++; // a character boundary
    parts.push(original.subarray(from, p), Buffer.from([0xff]));
    expected += original.subarray(from, p).toString('utf8') + FFFD;
    from = p;
  }
  parts.push(original.subarray(from));
  expected += original.subarray(from).toString('utf8');
  return { bytes: Buffer.concat(parts), expected };
}

const countFffd = (s: string): number => s.split(FFFD).length - 1;

describe('UTF-8 with a few bad bytes is still UTF-8', () => {
  it('reads the reviewer’s case (byte 3000 of seed 000 set to 0xFF) as UTF-8, replacing only the damaged character', () => {
    const original = Buffer.from(seeds[0]!.text, 'utf8');
    const { bytes, expected, replacements } = damage(original, [3000]);
    const d = decodeBytes(bytes);
    expect(d.encoding).toBe('utf-8');
    expect(d.invalidBytes).toBe(replacements);
    expect(d.invalidBytes).toBe(countFffd(d.text));
    expect(d.text).toBe(expected);
    expect(d.text.length).toBe(seeds[0]!.text.length - 1 + replacements);
  });

  it.each(seeds)('one bad byte in the middle of $file: one damaged character, the rest exact', ({ text }) => {
    const original = Buffer.from(text, 'utf8');
    const { bytes, expected, replacements } = damage(original, [Math.floor(original.length / 2)]);
    const d = decodeBytes(bytes);
    expect(d.encoding).toBe('utf-8');
    expect(d.invalidBytes).toBe(replacements);
    expect(replacements).toBeGreaterThanOrEqual(1);
    expect(replacements).toBeLessThanOrEqual(4);
    expect(d.text).toBe(expected);
  });

  it.each(seeds)('three scattered bad bytes in $file: three runs of U+FFFD, the rest exact', ({ text }) => {
    const original = Buffer.from(text, 'utf8');
    const n = original.length;
    const { bytes, expected, replacements } = damage(original, [Math.floor(n / 4), Math.floor(n / 2) + 1, Math.floor((3 * n) / 4) + 2]);
    const d = decodeBytes(bytes);
    expect(d.encoding).toBe('utf-8');
    expect(d.invalidBytes).toBe(replacements);
    expect(d.text).toBe(expected);
    expect(d.text.match(/\ufffd+/g)).toHaveLength(3);
  });

  it.each(seeds)('an inserted 0xFF byte in $file gives exactly one U+FFFD', ({ text }) => {
    const original = Buffer.from(text, 'utf8');
    const { bytes, expected } = insertBad(original, [Math.floor(original.length / 3)]);
    const d = decodeBytes(bytes);
    expect(d).toEqual({ text: expected, encoding: 'utf-8', invalidBytes: 1 });
    expect(d.text.replace(FFFD, '')).toBe(text);
  });

  it('an overwritten ASCII byte gives exactly one U+FFFD in its place', () => {
    const text = seeds[1]!.text;
    const original = Buffer.from(text, 'utf8');
    const p = original.indexOf('\n', Math.floor(original.length / 2));
    expect(p).toBeGreaterThan(0);
    const { bytes, expected, replacements } = damage(original, [p]);
    expect(replacements).toBe(1);
    const d = decodeBytes(bytes);
    expect(d).toEqual({ text: expected, encoding: 'utf-8', invalidBytes: 1 });
  });

  it('a short UTF-8 report fragment with one bad byte is still UTF-8', () => {
    const text = seeds[2]!.text;
    const fragment = Buffer.from(text.slice(text.indexOf('法治'), text.indexOf('法治') + 120), 'utf8');
    const { bytes, expected } = insertBad(fragment, [Math.floor(fragment.length / 2)]);
    expect(decodeBytes(bytes)).toEqual({ text: expected, encoding: 'utf-8', invalidBytes: 1 });
  });

  it('is analyzed as a report with a warning, not skipped as mojibake', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-nearly-utf8-'));
    const original = Buffer.from(seeds[0]!.text, 'utf8');
    const { bytes, replacements } = damage(original, [3000]);
    writeFileSync(join(dir, 'damaged.txt'), bytes);
    const { docs, manifest } = await analyzeCorpus(dir, { stages: [] });
    expect(docs).toHaveLength(1);
    expect(manifest[0]).toMatchObject({ file: 'damaged.txt', status: 'ok', encoding: 'utf-8' });
    expect(manifest[0]!.reason).toContain(`${replacements} undecodable byte(s) replaced`);
  });
});

describe('Chinese legacy encodings are never taken for damaged UTF-8', () => {
  it.each(seeds)('$file in GB18030 decodes as gb18030 and round-trips exactly', ({ text }) => {
    const d = decodeBytes(iconv.encode(text, 'gb18030'));
    expect(d).toEqual({ text, encoding: 'gb18030', invalidBytes: 0 });
  });

  it.each(seeds)('$file in GBK decodes as gb18030 to everything GBK can hold', ({ text }) => {
    const bytes = iconv.encode(text, 'gbk');
    const d = decodeBytes(bytes);
    expect(d.encoding).toBe('gb18030');
    expect(d.text).toBe(iconv.decode(bytes, 'gbk'));
    expect(d.invalidBytes).toBe(0);
  });

  const traditional = [
    '法治政府建設年度報告。',
    '本區堅持以習近平法治思想為指導，深入推進依法行政，全面建設法治政府。',
    '一、主要舉措：健全行政決策制度體系，嚴格規範公正文明執法，強化對行政權力的制約和監督。',
    '二、存在問題：基層執法隊伍專業能力有待提高，行政復議應訴工作仍需加強。',
    '三、下一步工作安排：繼續深化「放管服」改革，優化營商環境，推進政務公開。',
  ].join('\n');

  it.each([1, 3, 20])('traditional text ×%i in Big5 decodes as big5 and round-trips exactly', (times) => {
    const text = `${traditional}\n`.repeat(times);
    const bytes = iconv.encode(text, 'big5');
    expect(iconv.decode(bytes, 'big5')).toBe(text); // every character is in Big5
    expect(decodeBytes(bytes)).toEqual({ text, encoding: 'big5', invalidBytes: 0 });
  });

  it.each(seeds)('$file in GB18030 with a few invalid bytes is still gb18030', ({ text }) => {
    const clean = iconv.encode(text, 'gb18030');
    const cuts = [Math.floor(clean.length / 4), Math.floor(clean.length / 2), Math.floor((3 * clean.length) / 4)];
    // Insert 0xFF (never a GB18030 byte) at a character boundary: after an ASCII byte.
    const parts: Buffer[] = [];
    let from = 0;
    for (const c of cuts) {
      const p = clean.indexOf(0x0a, c) + 1 || clean.length;
      parts.push(clean.subarray(from, p), Buffer.from([0xff]));
      from = p;
    }
    parts.push(clean.subarray(from));
    const d = decodeBytes(Buffer.concat(parts));
    expect(d.encoding).toBe('gb18030');
    expect(d.invalidBytes).toBeGreaterThan(0);
    expect(d.invalidBytes).toBeLessThanOrEqual(cuts.length);
    expect(d.text.replace(/\ufffd/g, '')).toBe(text);
  });

  it('short GBK files (under 200 bytes) are not taken as UTF-8', () => {
    const samples: Buffer[] = [];
    for (const { text } of seeds) {
      for (const sentence of text.split(/(?<=[。；\n])/)) {
        const bytes = iconv.encode(sentence, 'gbk');
        if (bytes.length < 200 && bytes.some((b) => b >= 0x80)) samples.push(bytes);
      }
    }
    // Mostly ASCII, where a per-byte budget alone would be loose.
    for (const phrase of ['法治', '依法行政', '法治政府建设年度报告']) {
      samples.push(iconv.encode(`Report No. 12 (2021), section 3.1: ${phrase}; see page 4, line 20.\n`, 'gbk'));
      samples.push(iconv.encode(`${phrase}\n`, 'gbk'));
    }
    expect(samples.length).toBeGreaterThan(100);
    for (const bytes of samples) {
      expect(bytes.length).toBeLessThan(200);
      const d = decodeBytes(bytes);
      expect(d.encoding, JSON.stringify(iconv.decode(bytes, 'gbk'))).not.toBe('utf-8');
    }
  });
});
