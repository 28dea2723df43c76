/**
 * A whole process of raw segmentation, the benchmark's baseline: start, load
 * the dictionary with fazhi's user dictionary, read every file of the corpus
 * and cut every line of it, exit. Timed by the caller from spawn to exit,
 * like a whole `fazhi analyze`.
 *
 *   node bench/raw-cut.mjs nodejieba|jieba-rs CORPUS_DIR USER_DICT
 *
 * Prints the number of tokens, which the caller checks against the other runs of the same backend.
 */
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [backend, corpusDir, userDict] = process.argv.slice(2);
const require = createRequire(import.meta.url);

function loadCut() {
  if (backend === 'nodejieba') {
    const nodejieba = require('nodejieba');
    nodejieba.load({ userDict });
    return (line) => nodejieba.cut(line, true);
  }
  const entry = require.resolve('@node-rs/jieba');
  const { Jieba } = require(entry);
  const jieba = Jieba.withDict(readFileSync(join(dirname(entry), 'dict.txt')));
  const entries = readFileSync(userDict, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  jieba.loadDict(Buffer.from(entries.join('\n') + '\n'));
  return (line) => jieba.cut(line, true);
}

const cut = loadCut();
let tokens = 0;
for (const sub of readdirSync(corpusDir).sort()) {
  for (const f of readdirSync(join(corpusDir, sub)).sort()) {
    for (const line of readFileSync(join(corpusDir, sub, f), 'utf8').split('\n')) if (line !== '') tokens += cut(line).length;
  }
}
process.stdout.write(`${tokens}\n`);
