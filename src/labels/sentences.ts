/**
 * Hand-labeled sentences as the function tagger learns from them: each
 * labeled sentence's features (with its document's context) and its label.
 */
import { extractDocFeatures, type CueLexicon, type LabeledSentence } from '../tag/index.js';
import type { LabeledDoc } from './index.js';

/** The labeled sentences of labeled documents, with their features. */
export function labeledSentences(docs: readonly LabeledDoc[], lexicon: CueLexicon): LabeledSentence[] {
  const out: LabeledSentence[] = [];
  for (const d of docs) {
    const features = extractDocFeatures(d.doc, { lexicon });
    for (const { record, unit } of d.labels) out.push({ doc: d.name, features: features[unit.index]!, label: record.function });
  }
  return out;
}
