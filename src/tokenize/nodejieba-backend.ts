/**
 * nodejieba (cppjieba): the default backend. The addon holds one dictionary
 * per thread, so a load is done once per thread and redone only when another
 * user dictionary is asked for.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Tokenizer } from './backend.js';

const require = createRequire(import.meta.url);

interface NodeJieba {
  load(opts: { userDict?: string; idfDict?: string; stopWordDict?: string }): void;
  cut(text: string, hmm?: boolean): string[];
}

/**
 * One-line stand-ins for jieba's keyword-extraction IDF table and stop words
 * (dictionaries/jieba/README.md): fazhi never calls jieba's extractor, and the
 * 6 MB table was a third of every thread's dictionary load. Tokens are unchanged.
 */
const KEYWORD_IDF_STUB = fileURLToPath(new URL('../../dictionaries/jieba/keyword-idf.utf8', import.meta.url));
const KEYWORD_STOPWORDS_STUB = fileURLToPath(new URL('../../dictionaries/jieba/keyword-stopwords.utf8', import.meta.url));

let addon: NodeJieba | null = null;
let loadedDict: string | null = null;

/** The nodejieba tokenizer with this user dictionary, loading it into the thread's addon if another one is there. */
export function nodejiebaTokenizer(userDict: string): Tokenizer {
  // nodejieba is CommonJS with a native addon; require keeps its lazy loader intact.
  addon ??= require('nodejieba') as NodeJieba;
  const jieba = addon;
  const ensureLoaded = (): void => {
    if (loadedDict === userDict) return;
    if (!existsSync(userDict)) throw new Error(`user dictionary not found: ${userDict}`);
    jieba.load({ userDict, idfDict: KEYWORD_IDF_STUB, stopWordDict: KEYWORD_STOPWORDS_STUB });
    loadedDict = userDict;
  };
  ensureLoaded();
  return {
    name: 'nodejieba',
    // HMM on so unseen names are still grouped.
    cut(text) {
      ensureLoaded();
      return jieba.cut(text, true);
    },
  };
}
