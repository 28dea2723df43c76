import { describe, expect, it } from 'vitest';
import { lazyArray } from '../../src/compare/lazy-array.js';
import { heapAfterCollecting } from '../helpers/heap.js';
import { SharedSentenceFinder } from '../../src/compare/shared-sentence-finder.js';
import { SEED_FILES, seedText } from '../helpers/seeds.js';

/** The seeds' sentences (split at 。), each seed added twice under two ids so that every sentence has a copy. */
function seedIndex() {
  const finder = new SharedSentenceFinder();
  for (const f of SEED_FILES) {
    const sentences = seedText(f.slice(0, 3)).split('。').map((s) => s.trim()).filter((s) => s.length > 0);
    for (const id of [`${f}-a`, `${f}-b`]) sentences.forEach((s, i) => finder.add(id, i, s));
  }
  return finder.find({ sortByDocument: true });
}

describe('lazy rows (boilerplate rows made when read)', () => {
  const index = seedIndex();
  const rows = index.lightRows(3);

  it('read as the array of rows would: length, indexing, iteration, map, filter, JSON', () => {
    expect(Array.isArray(rows)).toBe(true);
    expect(rows.length).toBe(index.size);
    expect(index.size).toBeGreaterThan(500);
    const plain = [...index.rows(3)];
    expect(JSON.stringify(rows)).toBe(JSON.stringify(plain));
    expect(rows.map((r) => r.text)).toEqual(plain.map((r) => r.text));
    expect([...rows].map((r) => r.sharedWith)).toEqual(plain.map((r) => r.sharedWith));
    expect(rows.filter((r) => r.sharedWith > 0).length).toBe(plain.filter((r) => r.sharedWith > 0).length);
    expect(rows[5]!.docs).toEqual(plain[5]!.docs);
    expect(rows[rows.length]).toBeUndefined();
    expect(0 in rows && !(rows.length in rows)).toBe(true);
  });

  it('hold nothing per row: five million rows in less than a megabyte', () => {
    const before = heapAfterCollecting();
    const many = lazyArray(5_000_000, (i) => i * 2);
    const held = heapAfterCollecting() - before;
    expect(many.length).toBe(5_000_000);
    expect(many[4_999_999]).toBe(9_999_998);
    expect(Object.getOwnPropertyDescriptor(many, 'length')?.value).toBe(5_000_000);
    expect(held).toBeLessThan(1 << 20);
  });

  it('cannot be written to', () => {
    expect(() => {
      (rows as unknown[])[0] = null;
    }).toThrow(TypeError);
    expect(() => {
      rows.length = 0;
    }).toThrow(TypeError);
    expect(rows[0]!.docId).toBe(index.docIds[index.docOf(0)]);
  });
});
