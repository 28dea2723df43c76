/**
 * The same report saved twice (as .html and .pdf, or under two names) is
 * analyzed once: later copies are listed as duplicates of the first, in
 * input order. Decided after analysis, in input order, so it does not depend
 * on which thread analyzed which file.
 */
import { createHash } from 'node:crypto';
import { row } from '../read/inputs.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { CorpusItem, FileItem } from './process-files.js';

/**
 * What makes two inputs the same report: the cleaned text with whitespace,
 * punctuation and symbols removed and widths unified (NFKC), so a page and its
 * PDF attachment, or a file saved under two names, hash the same.
 */
export function contentKey(cleanedText: string): string {
  const core = normalizeForMatch(cleanedText).normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();
  return createHash('sha1').update(core).digest('hex');
}

/** Hands items on in input order, turning a later copy of an analyzed report into a duplicate row. */
export class Deduplicator {
  /** contentKey → the file of its first copy. */
  private readonly seen = new Map<string, string>();

  constructor(private readonly keepDuplicates: boolean) {}

  item(item: FileItem): CorpusItem {
    const { key, ...rest } = item;
    if (!(item.doc || item.rendered) || key === undefined || this.keepDuplicates) return rest;
    const original = this.seen.get(key);
    if (original === undefined) {
      this.seen.set(key, item.entry.file);
      return rest;
    }
    const e = item.entry;
    return { entry: { ...row(e.file, 'skipped', `duplicate of ${original}`, e.bytes, e.encoding), duplicate_of: original }, inputSha1: item.inputSha1 };
  }
}
