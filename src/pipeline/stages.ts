/**
 * A pipeline is a list of stages run in order over one ReportDoc, as in
 * spaCy: each stage reads what earlier ones set and adds its own fields.
 * Stages that annotate sentences also say which columns they add to
 * sentences.csv, and which long-format tables they write (themes.csv,
 * quantities.csv), so the writer never needs to know about them.
 */
import { existsSync } from 'node:fs';
import type { ReportDoc, Unit } from '../types.js';
import type { Cell } from '../output/csv.js';
import { checkTokenizerInstalled, contentTokens, loadStopwords, loadTokenizer, tokenizeDoc, useTokenizer, DEFAULT_STOPWORDS, DEFAULT_TOKENIZER, DEFAULT_USER_DICT, type Tokenizer, type TokenizerName } from '../tokenize/tokenizer.js';

export interface SentenceColumn {
  name: string;
  value(unit: Unit, doc: ReportDoc): Cell;
}

/** A long-format table a stage writes beside sentences.csv, rows added document by document. */
export interface StageTable {
  /** File name without `.csv`. */
  name: string;
  columns: readonly string[];
  rows(doc: ReportDoc): Array<Record<string, Cell>>;
}

export interface Stage {
  name: string;
  run(doc: ReportDoc): void;
  columns?: SentenceColumn[];
  tables?: StageTable[];
}

/**
 * What the default stages need, as plain data: it crosses to worker threads,
 * where each worker builds its own stages from it.
 */
export interface StageConfig {
  /** Tokenizer backend: 'nodejieba' (default) or 'jieba-rs' (the optional @node-rs/jieba). */
  tokenizer?: TokenizerName;
  /** Tokenizer user dictionary; default dictionaries/userdict.txt. */
  userDict?: string;
  /** Stopword list for the tokens column; default dictionaries/stopwords.txt. */
  stopwords?: string;
  /** A researcher's theme dictionary (YAML, quanteda format). */
  dict?: string;
  /** Whether `dict` adds to the shipped themes (default) or replaces them. */
  dictMode?: 'add' | 'replace';
}

export interface TokenizeOptions {
  /** Tokenizer backend: 'nodejieba' (default) or 'jieba-rs'. */
  tokenizer?: TokenizerName;
  /** Tokenizer user dictionary; default dictionaries/userdict.txt. */
  userDict?: string;
  /** Stopword list applied to the `tokens` column; default dictionaries/stopwords.txt. */
  stopwords?: string;
}

/**
 * Tokens keep every word for the stages after this one (the future marker 将
 * is a stopword and a tagging cue); the `tokens` column a researcher reads
 * drops punctuation and stopwords.
 */
export function tokenizeStage(options: TokenizeOptions = {}): Stage {
  const userDict = options.userDict ?? DEFAULT_USER_DICT;
  if (!existsSync(userDict)) throw new Error(`user dictionary not found: ${userDict}`);
  const backend = options.tokenizer ?? DEFAULT_TOKENIZER;
  checkTokenizerInstalled(backend);
  const stopwords = loadStopwords(options.stopwords ?? DEFAULT_STOPWORDS);
  let tokenizer: Tokenizer | null = null;
  return {
    name: 'tokenize',
    // The dictionary is loaded on first use (about a second): a thread that
    // only needs the stage's columns, like the writer beside a worker pool, never pays.
    run(doc) {
      tokenizer ??= loadTokenizer(backend, userDict);
      // Later stages that cut a heading cut it with the same backend.
      useTokenizer(tokenizer);
      tokenizeDoc(doc, tokenizer);
    },
    columns: [{ name: 'tokens', value: (u) => contentTokens(u.tokens ?? [], stopwords).join(' ') }],
  };
}
