/**
 * @node-rs/jieba (jieba-rs): prebuilt binaries for every platform and a
 * dictionary of about 50 MB loaded in a fraction of a second. An optional
 * dependency: fazhi installs and runs without it, and says so when asked for it.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DictionaryError, errorMessage } from '../model/errors.js';
import { Tokenizer, TokenizerUnavailableError } from './backend.js';

const require = createRequire(import.meta.url);

interface JiebaInstance {
  loadDict(dict: Uint8Array): void;
  cut(sentence: string, hmm?: boolean): string[];
}
interface JiebaModule {
  Jieba: { withDict(dict: Uint8Array): JiebaInstance };
}

/** One jieba-rs instance per user dictionary per thread: each holds its own trie of about 50 MB, shared by the tokenizers of that dictionary. */
const instances = new Map<string, JiebaInstance>();

/** Where @node-rs/jieba is installed; throws TokenizerUnavailableError where it is not. */
export function jiebaRsEntry(): string {
  try {
    return require.resolve('@node-rs/jieba');
  } catch {
    throw new TokenizerUnavailableError('jieba-rs backend not installed: run `npm install @node-rs/jieba`, or use the default --tokenizer nodejieba');
  }
}

function jiebaModule(): { module: JiebaModule; mainDict: string } {
  const entry = jiebaRsEntry();
  try {
    return { module: require(entry) as JiebaModule, mainDict: join(dirname(entry), 'dict.txt') };
  } catch (e) {
    throw new TokenizerUnavailableError(`jieba-rs backend not installed: @node-rs/jieba has no binary for this platform (${errorMessage(e)})`);
  }
}

/**
 * The user dictionary as jieba-rs reads it: entry lines only (it rejects the
 * whole file at a `#` comment), each `word [freq] [tag]` as cppjieba reads it.
 */
export function jiebaRsUserDictionary(text: string): string {
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [word, second, third] = line.split(/\s+/);
    // cppjieba also takes `word tag`; jieba-rs wants a number second.
    if (second !== undefined && !/^\d+$/.test(second)) lines.push(word!);
    else lines.push([word, second, third].filter((f) => f !== undefined).join(' '));
  }
  return lines.join('\n') + '\n';
}

export class JiebaRsTokenizer extends Tokenizer {
  readonly name = 'jieba-rs';
  private jieba: JiebaInstance | null = null;

  /** Checks that @node-rs/jieba is installed (TokenizerUnavailableError) and that the dictionary is there. */
  constructor(userDict?: string) {
    super(userDict);
    jiebaRsEntry();
  }

  /** This tokenizer's jieba-rs instance, built with its dictionary on first use. */
  load(): JiebaInstance {
    if (this.jieba) return this.jieba;
    let jieba = instances.get(this.userDict);
    if (!jieba) {
      const { module, mainDict } = jiebaModule();
      jieba = module.Jieba.withDict(readFileSync(mainDict));
      try {
        jieba.loadDict(Buffer.from(jiebaRsUserDictionary(readFileSync(this.userDict, 'utf8'))));
      } catch (e) {
        throw new DictionaryError(`user dictionary ${this.userDict}: jieba-rs could not read it (${errorMessage(e)})`, { cause: e });
      }
      instances.set(this.userDict, jieba);
    }
    return (this.jieba = jieba);
  }

  segment(text: string): string[] {
    return this.load().cut(text, true);
  }
}
