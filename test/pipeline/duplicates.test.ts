import { describe, expect, it } from 'vitest';
import { contentKey, lettersAndNumbers } from '../../src/pipeline/duplicates.js';
import { seedText } from '../helpers/seeds.js';

const NOT_LETTER_OR_NUMBER = /[^\p{L}\p{N}]+/gu;

describe('the content key of duplicates', () => {
  it('lettersAndNumbers agrees with the Unicode-class regex on every code point and on lone surrogates', () => {
    const differ: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const s = `a${String.fromCodePoint(cp)}中${String.fromCodePoint(cp)}`;
      if (lettersAndNumbers(s) !== s.replace(NOT_LETTER_OR_NUMBER, '')) differ.push(cp.toString(16));
    }
    for (let u = 0xd800; u <= 0xdfff; u++) {
      const s = `x${String.fromCharCode(u)}y${String.fromCharCode(u)}`;
      if (lettersAndNumbers(s) !== s.replace(NOT_LETTER_OR_NUMBER, '')) differ.push(u.toString(16));
    }
    expect(differ).toEqual([]);
  });

  it('is the same for a report saved with full-width digits, letters and spaces, and differs between reports', () => {
    const text = seedText('000');
    expect(text).toMatch(/20\d\d/);
    const wide = text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/，/g, '，\u3000');
    expect(wide).not.toBe(text);
    expect(contentKey(wide)).toBe(contentKey(text));
    expect(contentKey(seedText('001'))).not.toBe(contentKey(text));
  });
});
