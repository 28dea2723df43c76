/**
 * nodejieba (cppjieba): the default backend. The addon holds one dictionary
 * per thread, so a tokenizer (re)loads its own before cutting when another
 * was loaded since; a load costs 0.8–0.9 s and 225 MB, so it is done only
 * then. Half of that is a second copy of the dictionary that nodejieba's
 * load gives its TextRank keyword extractor, which no option leaves out.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from './backend.js';

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
/** The user dictionary nodejieba holds in this thread. */
let loadedDict: string | null = null;

export class NodejiebaTokenizer extends Tokenizer {
  readonly name = 'nodejieba';

  /** Load this tokenizer's dictionary into nodejieba unless it holds it already. */
  load(): NodeJieba {
    // nodejieba is CommonJS with a native addon; require keeps its lazy loader intact.
    addon ??= require('nodejieba') as NodeJieba;
    if (loadedDict !== this.userDict) {
      addon.load({ userDict: this.userDict, idfDict: KEYWORD_IDF_STUB, stopWordDict: KEYWORD_STOPWORDS_STUB });
      loadedDict = this.userDict;
    }
    return addon;
  }

  // HMM on so unseen names are still grouped.
  segment(text: string): string[] {
    return this.load().cut(text, true);
  }
}
