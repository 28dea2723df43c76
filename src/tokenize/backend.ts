/**
 * The tokenizer interface every backend meets. Kept to a name and one
 * function so that a backend can be any segmenter holding its own dictionary.
 */
export const TOKENIZER_NAMES = ['nodejieba', 'jieba-rs'] as const;
export type TokenizerName = (typeof TOKENIZER_NAMES)[number];

export interface Tokenizer {
  readonly name: TokenizerName;
  /** Every token of the text in order, spaces and line breaks included, so the tokens spell the text. */
  cut(text: string): string[];
}

/** Asked for a backend whose optional package is absent: a user's choice to change, not a crash. */
export class TokenizerUnavailableError extends Error {}

export function isTokenizerName(name: string): name is TokenizerName {
  return (TOKENIZER_NAMES as readonly string[]).includes(name);
}
