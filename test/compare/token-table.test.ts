/**
 * The compare reader's token table: the tokens of a sentences.csv cell, looked
 * up where they lie in the cell, must be exactly the pieces of
 * split(' ') + trim, numbered as a Map would number them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCorpus } from '../../src/pipeline/analyze.js';
import { readCsv, writeCsv } from '../../src/output/csv.js';
import { tokenHash, TokenTable } from '../../src/compare/token-table.js';
import { isTrimmed } from '../../src/text/code-units.js';
import { compactFromFolder, compactFromInput, type CompactCorpus } from '../../src/compare/index.js';
import { inputFromDocs } from '../../src/compare/input.js';
import { loadStopwords } from '../../src/tokenize/tokenizer.js';
import { mulberry32 } from '../../src/compare/random.js';
import { SEED_DIR } from '../helpers/seeds.js';
import { seedAnalysis } from '../helpers/seed-folders.js';

let folder: string;
let cells: string[];

beforeAll(() => {
  folder = seedAnalysis();
  cells = readCsv(readFileSync(join(folder, 'sentences.csv'), 'utf8')).map((r) => r.tokens ?? '');
});

/** The reference: split on ' ', trim, drop empty pieces; numbers by first appearance. */
function reference(list: string[]): { values: number[]; seen: string[] } {
  const ids = new Map<string, number>();
  const values: number[] = [];
  for (const cell of list) {
    for (const piece of cell.split(' ')) {
      const t = piece.trim();
      if (t === '') continue;
      if (!ids.has(t)) ids.set(t, ids.size);
      values.push(ids.get(t)!);
    }
  }
  return { values, seen: [...ids.keys()] };
}

function viaTable(list: string[], table: TokenTable): { values: number[]; seen: string[] } {
  const seen: string[] = [];
  const values: number[] = [];
  const valueOf = (token: string) => {
    seen.push(token);
    return seen.length - 1;
  };
  for (const cell of list) table.eachValue(cell, valueOf, (v) => values.push(v));
  return { values, seen };
}

describe('TokenTable', () => {
  it('trims exactly the characters String.prototype.trim does, over the whole BMP', () => {
    const wrong: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isTrimmed(c) !== (String.fromCharCode(c).trim() === '')) wrong.push(c);
    expect(wrong).toEqual([]);
  });

  it('finds the tokens of every cell of the seeds, numbered by first appearance', () => {
    const want = reference(cells);
    expect(want.values.length).toBeGreaterThan(4_000);
    expect(want.seen.length).toBeGreaterThan(1_000);
    expect(viaTable(cells, new TokenTable())).toEqual(want);
  });

  it('gives the same values from a table of 2 slots (every lookup probes, the table doubles over and over)', () => {
    const table = new TokenTable(2);
    const want = reference(cells);
    expect(viaTable(cells, table)).toEqual(want);
    expect(table.size).toBe(want.seen.length);
  });

  it('splits odd cells as split(" ") and trim do', () => {
    const odd = ['', ' ', '   ', ' 法治  政府 ', '\u3000普法\u00a0 依法\t行政', 'a\tb c', '\ufeff调解 \u2028', '法治 法治 法治', 'x  \u3000  y', '单'];
    expect(viaTable(odd, new TokenTable(4))).toEqual(reference(odd));
  });

  it('tells apart two tokens with the same hash', () => {
    // Seeded four-character words of CJK ideographs until two hash alike (about 80,000 by the birthday bound).
    const rnd = mulberry32(7);
    const byHash = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let n = 0; n < 2_000_000 && !pair; n++) {
      const w = String.fromCharCode(...Array.from({ length: 4 }, () => 0x4e00 + Math.floor(rnd() * 20_000)));
      const h = tokenHash(w);
      const other = byHash.get(h);
      if (other !== undefined && other !== w) pair = [other, w];
      else byHash.set(h, w);
    }
    expect(pair).not.toBeNull();
    const [x, y] = pair!;
    expect(tokenHash(x)).toBe(tokenHash(y));
    const odd = [`${x} ${y}`, `${y} ${x} ${y}`, `法治 ${x}`];
    expect(viaTable(odd, new TokenTable(2))).toEqual(reference(odd));
    expect(reference(odd).seen).toEqual([x, y, '法治']);
  });

  it('rejects a size that is not a power of two', () => {
    expect(() => new TokenTable(3)).toThrow(/power of two/);
    expect(() => new TokenTable(0)).toThrow(/power of two/);
  });
});

describe('an analysis folder read for compare', () => {
  /** Per document: term → count, by the corpus's own vocabulary. */
  function termCounts(c: CompactCorpus): Map<string, Map<string, number>> {
    const out = new Map<string, Map<string, number>>();
    c.input.docs.forEach((d, i) => {
      const counts = c.counts[i]!;
      const m = new Map<string, number>();
      for (let k = 0; k < counts.termIds.length; k++) m.set(c.vocab[counts.termIds[k]!]!, counts.termCounts[k]!);
      out.set(d.id, m);
    });
    return out;
  }

  it('counts the same terms per document as the documents themselves give', async () => {
    const stopwords = loadStopwords();
    const near = { threshold: 0.8, shingle: 3, minChars: 10 };
    const fromFolder = compactFromFolder(folder, stopwords, near);
    const { docs } = await analyzeCorpus(SEED_DIR);
    const fromDocs = compactFromInput(inputFromDocs(docs, stopwords), stopwords, near);
    const a = termCounts(fromFolder);
    expect(a.size).toBe(5);
    expect([...a.values()].every((m) => m.size > 300)).toBe(true);
    expect(a).toEqual(termCounts(fromDocs));
    expect(fromFolder.counts.map((c) => c.nTerms)).toEqual(fromDocs.counts.map((c) => c.nTerms));
    // Ascending ids, as the similarity search and the dfm read them.
    for (const c of fromFolder.counts) for (let k = 1; k < c.termIds.length; k++) expect(c.termIds[k]!).toBeGreaterThan(c.termIds[k - 1]!);
  }, 60_000);

  it('counts the same when the rows of the documents are interleaved (a document opened again takes its counts back)', () => {
    const stopwords = loadStopwords();
    const near = { threshold: 0.8, shingle: 3, minChars: 10 };
    const rows = readCsv(readFileSync(join(folder, 'sentences.csv'), 'utf8'));
    // Row k of every document, then row k + 1 of every document, …
    const rank = new Map<object, number>();
    const seen = new Map<string, number>();
    for (const r of rows) {
      const k = seen.get(r.doc_id!) ?? 0;
      seen.set(r.doc_id!, k + 1);
      rank.set(r, k);
    }
    const interleaved = [...rows].sort((x, y) => rank.get(x)! - rank.get(y)!);
    expect(interleaved[0]!.doc_id).not.toBe(interleaved[1]!.doc_id);
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-interleaved-'));
    writeCsv(join(dir, 'sentences.csv'), Object.keys(rows[0]!), interleaved);
    for (const f of ['documents.csv', 'quantities.csv']) copyFileSync(join(folder, f), join(dir, f));
    const a = compactFromFolder(dir, stopwords, near);
    const b = compactFromFolder(folder, stopwords, near);
    expect(termCounts(a)).toEqual(termCounts(b));
    expect(a.counts.map((c) => c.nTerms)).toEqual(b.counts.map((c) => c.nTerms));
  }, 60_000);
});
