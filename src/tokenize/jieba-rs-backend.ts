/**
 * @node-rs/jieba (jieba-rs): prebuilt binaries for every platform and a
 * dictionary of about 50 MB loaded in a fraction of a second. An optional
 * dependency: fazhi installs and runs without it, and says so when asked for it.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TokenizerUnavailableError, type Tokenizer } from './backend.js';

const require = createRequire(import.meta.url);

interface JiebaInstance {
  loadDict(dict: Uint8Array): void;
  cut(sentence: string, hmm?: boolean): string[];
}
interface JiebaModule {
  Jieba: { withDict(dict: Uint8Array): JiebaInstance };
}

/** One instance per user dictionary per thread: each holds its own trie. */
const instances = new Map<string, Tokenizer>();

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
    throw new TokenizerUnavailableError(`jieba-rs backend not installed: @node-rs/jieba has no binary for this platform (${(e as Error).message})`);
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

export function jiebaRsTokenizer(userDict: string): Tokenizer {
  const known = instances.get(userDict);
  if (known) return known;
  if (!existsSync(userDict)) throw new Error(`user dictionary not found: ${userDict}`);
  const { module, mainDict } = jiebaModule();
  const jieba = module.Jieba.withDict(readFileSync(mainDict));
  try {
    jieba.loadDict(Buffer.from(jiebaRsUserDictionary(readFileSync(userDict, 'utf8'))));
  } catch (e) {
    throw new Error(`user dictionary ${userDict}: jieba-rs could not read it (${(e as Error).message})`);
  }
  const tokenizer: Tokenizer = { name: 'jieba-rs', cut: (text) => jieba.cut(text, true) };
  instances.set(userDict, tokenizer);
  return tokenizer;
}
