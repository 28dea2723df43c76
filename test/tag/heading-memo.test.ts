/**
 * The tagger's memo of what headings name lives from one report to the
 * next (tag/features.ts): it must hold the headings, not the reports they
 * were cut from. In V8 a heading cut from a report is a slice that keeps the
 * whole report text alive, and at 120,000 reports a memo of 20,000 such
 * slices held hundreds of MB of texts in every thread.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/pipeline/parse.js';
import type { ReportDoc } from '../../src/model/document.js';
import { extractDocFeatures } from '../../src/tag/features.js';
import { loadCueLexicon } from '../../src/tag/cues.js';
import { loadTokenizer } from '../../src/tokenize/tokenizer.js';
import { seedText } from '../helpers/seeds.js';
import { heapAfterCollecting } from '../helpers/heap.js';

describe("the tagger's heading memo", () => {
  it('keeps no report text alive once the report is gone', () => {
    const tokenizer = loadTokenizer();
    const lexicon = loadCueLexicon();
    const seed = seedText('001');
    const parsed = parseReport(seed);
    // V8 copies a short substring and slices a long one (13 characters on): the seed must have a long heading.
    expect(parsed.units.some((u) => u.kind === 'heading' && u.text.length >= 13)).toBe(true);
    // The seed's units cut from a fresh report of the seed two hundred times over, as the structure stage cuts them from a long report.
    const cutFromLongReport = (): ReportDoc => {
      const text = Array.from({ length: 200 }, () => seed).join('\n');
      const at = (s: string) => {
        const i = text.indexOf(s);
        return text.slice(i, i + s.length);
      };
      return { ...parsed, text, units: parsed.units.map((u) => ({ ...u, text: at(u.text), headingPath: u.headingPath.map(at) })) };
    };
    const reportBytes = 2 * (200 * seed.length + 199);
    const rounds = 16;
    // Each round a lexicon object of its own, kept, so each round fills a memo of its own (the memo is per tokenizer and lexicon).
    const lexicons: object[] = [];
    const round = () => {
      const own = { ...lexicon };
      lexicons.push(own);
      extractDocFeatures(cutFromLongReport(), { lexicon: own, tokenizer });
    };
    // A first round loads what every round uses (the dictionary, compiled lexicons) before the heap is measured.
    round();
    const before = heapAfterCollecting();
    for (let r = 0; r < rounds; r++) round();
    const grown = heapAfterCollecting() - before;
    // A report's text is reportBytes (about 1.8 MB) and sixteen memos would hold sixteen. The last one or
    // two may stay reachable a while (V8 keeps the subject of the last regex match); the memos' own headings are a few KB.
    expect(grown).toBeLessThan(4 * reportBytes);
    expect(lexicons).toHaveLength(rounds + 1);
  });
});
