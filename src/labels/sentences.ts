/**
 * Hand-labelled sentences as the function tagger learns from them: each
 * labelled sentence's features (with its document's context) and its label.
 */
import { extractDocFeatures, type CueLexicon, type LabelledSentence } from '../tag/index.js';
import type { LabelledDoc } from './index.js';

/** The labelled sentences of labelled documents, with their features. */
export function labelledSentences(docs: readonly LabelledDoc[], lexicon: CueLexicon): LabelledSentence[] {
  const out: LabelledSentence[] = [];
  for (const d of docs) {
    const features = extractDocFeatures(d.doc, { lexicon });
    for (const { record, unit } of d.labels) out.push({ doc: d.name, features: features[unit.index]!, label: record.function });
  }
  return out;
}
