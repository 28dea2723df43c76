/**
 * Width normalization on the seed reports: one UTF-16 unit for one, so an
 * offset found in the normalized text is valid in the source, and only the
 * width variants change (full-width ASCII, the kinds of space, 【】〔〕, ､).
 */
import { describe, expect, it } from 'vitest';
import { normalizeForMatch } from '../../src/text/normalize.js';
import { SEED_FILES, seedText } from '../helpers/seeds.js';

/** The character each width variant is matched as; any other character stays itself. */
const SPACES = new Set(['\u3000', '\u00a0', '\u2002', '\u2003', '\u2009', '\u200b', '\ufeff']);
const BRACKETS: Record<string, string> = { '【': '[', '】': ']', '〔': '[', '〕': ']', '､': '、' };
function matchedAs(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0);
  if (SPACES.has(ch)) return ' ';
  return BRACKETS[ch] ?? ch;
}

describe('normalizeForMatch on the seeds', () => {
  it.each(SEED_FILES.map((f) => f.slice(0, 3)))('seed %s: same length, each width variant mapped, every other character kept', (prefix) => {
    const text = seedText(prefix);
    const norm = normalizeForMatch(text);
    expect(norm.length).toBe(text.length);
    for (let i = 0; i < text.length; i++) expect(norm[i], `offset ${i} (${text[i]})`).toBe(matchedAs(text[i]!));
  });

  it('changes the full-width punctuation of seed 002 and the lines one by one as the whole text', () => {
    const text = seedText('002');
    const norm = normalizeForMatch(text);
    expect(norm).not.toBe(text);
    expect(norm).not.toMatch(/[：（），；〔〕]/);
    expect(norm.split('\n')).toEqual(text.split('\n').map(normalizeForMatch));
  });

  it('gives back a line with nothing to change as it is', () => {
    const line = seedText('003').split('\n').find((l) => l.length > 20)!;
    expect(normalizeForMatch(line)).toBe(line);
  });
});
