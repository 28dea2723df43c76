/**
 * Profiles of the seed analysis: rows made when read (no object per unit
 * held), each read giving the same row, the rows' theme shares the ones
 * similarity and clustering use, and a pooled unit's counts the sums of
 * its documents'.
 */
import { describe, expect, it } from 'vitest';
import { compareFolder, compareFolderOnThreads } from '../../src/compare/compare.js';
import { seedAnalysis } from '../helpers/seed-folders.js';

describe('profiles of the seed analysis', () => {
  it('gives the same row at each read, with the theme shares similarity uses', async () => {
    // The CLI's path: rows made as they are written.
    const r = await compareFolderOnThreads(seedAnalysis(), {}, 1);
    const rows = r.profiles.rows;
    expect(rows).toHaveLength(r.units.length);
    expect(rows[0]).not.toBe(rows[0]);
    expect(rows[0]).toEqual(rows[0]);
    expect(Object.keys(rows[0]!).sort()).toEqual([...r.profiles.columns].sort());
    const themes = r.profiles.columns.filter((c) => /^share_[a-z_]+$/.test(c) && !c.includes('__') && !c.includes('_in_') && r.profiles.columns.includes(`n_${c.slice(6)}`));
    expect(themes.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row.n_sentences as number).toBeGreaterThan(0);
      for (const c of themes) expect(row[c]).toBe((row[`n_${c.slice(6)}`] as number) / (row.n_sentences as number));
    }
    const cosines = r.similarity.map((s) => s.cosine_themes);
    expect(cosines.every((c) => typeof c === 'number' && c > 0 && c <= 1)).toBe(true);
  });

  it("gives a library caller rows of its own, to sort, change and clone, the same as the CLI's", async () => {
    const lazy = await compareFolderOnThreads(seedAnalysis(), {}, 1);
    const r = compareFolder(seedAnalysis());
    expect(r.profiles.rows).toEqual([...lazy.profiles.rows]);
    expect(r.keyness).toEqual([...lazy.keyness]);
    expect(r.boilerplate).toEqual([...lazy.boilerplate]);
    const first = r.profiles.rows[0]!;
    first.note = 'mine';
    expect(r.profiles.rows[0]).toBe(first);
    r.profiles.rows.sort((a, b) => String(b.unit).localeCompare(String(a.unit)));
    r.keyness.sort((a, b) => b.G2 - a.G2);
    expect(structuredClone(r.profiles).rows).toHaveLength(lazy.profiles.rows.length);
  });

  it('pools the documents of a province: every count the sum of its documents', () => {
    const byDoc = compareFolder(seedAnalysis()).profiles.rows;
    const byProvince = compareFolder(seedAnalysis(), { by: 'province' }).profiles.rows;
    expect(byProvince.length).toBeLessThan(byDoc.length);
    for (const p of byProvince) {
      const docs = byDoc.filter((d) => d.province === p.province);
      expect(p.n_docs).toBe(docs.length);
      for (const c of ['n_sentences', 'n_chars', 'n_terms', 'n_measure', 'n_publicity', 'boilerplate_sentences']) {
        expect(p[c], `${p.unit} ${c}`).toBe(docs.reduce((s, d) => s + (d[c] as number), 0));
      }
    }
  });
});
