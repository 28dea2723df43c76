import type { SharedSentence } from './types.js';
import type { SharedSentenceIndex } from './shared-sentence-index.js';

/**
 * A row of CompareResult.boilerplate: the numbers are fields, the text and the
 * other documents' ids are read from the index when asked for. `toJSON` and
 * `toObject` give a plain SharedSentence.
 */
export class SharedSentenceRow implements SharedSentence {
  readonly docId: string;
  readonly unitIndex: number;
  readonly nChars: number;
  readonly checked: boolean;
  readonly sharedWith: number;
  readonly passage: number | null;
  readonly #index: SharedSentenceIndex;
  readonly #i: number;
  readonly #limit: number;

  constructor(index: SharedSentenceIndex, i: number, limit: number) {
    this.docId = index.docIds[index.docOf(i)]!;
    this.unitIndex = index.unitIndexOf(i);
    this.nChars = index.nCharsOf(i);
    this.checked = index.checkedOf(i);
    this.sharedWith = index.sharedWith(i);
    this.passage = index.passageOf(i) || null;
    this.#index = index;
    this.#i = i;
    this.#limit = limit;
  }

  get text(): string {
    return this.#index.text(this.#i);
  }

  get docs(): string[] {
    return this.sharedWith === 0 ? [] : this.#index.otherDocs(this.#i, this.#limit).map((d) => this.#index.docIds[d]!);
  }

  toObject(): SharedSentence {
    return { docId: this.docId, unitIndex: this.unitIndex, text: this.text, nChars: this.nChars, checked: this.checked, sharedWith: this.sharedWith, docs: this.docs, passage: this.passage };
  }

  toJSON(): SharedSentence {
    return this.toObject();
  }
}
