import { describe, expect, it } from 'vitest';
import { Numbering } from '../../src/compare/numbering.js';
import { ThemeNumbers } from '../../src/compare/corpus-counts.js';

describe('Numbering', () => {
  it('numbers names in the order first met, a name met again keeping its number', () => {
    const ids = new Numbering();
    const line = '001/平明镇,002/沁水县,001/平明镇';
    // Slices of one line of a table, as the readers give them.
    const numbers = line.split(',').map((id) => ids.of(id));
    expect(numbers).toEqual([0, 1, 0]);
    expect(ids.names).toEqual(['001/平明镇', '002/沁水县']);
  });

  it('ThemeNumbers gives each theme of a sentence once, in the order listed, numbered across sentences', () => {
    const themes = new ThemeNumbers();
    const out: number[] = [];
    expect([...themes.numbersOf(['publicity', 'enforcement', 'publicity'], out)]).toEqual([0, 1]);
    expect([...themes.numbersOf(['dispute_resolution', 'publicity'], out)]).toEqual([2, 0]);
    expect(themes.names).toEqual(['publicity', 'enforcement', 'dispute_resolution']);
  });
});
