/**
 * One thread of the benchmark's parallel baseline: raw nodejieba cut of its
 * share of the corpus. It loads the dictionary and reads its files, says
 * ready, and cuts only when told to go (as often as told), so that the clock (kept by the main
 * thread) covers cutting alone, as for the one-thread baseline.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const nodejieba = require('nodejieba');
const { files, userDict } = workerData;

nodejieba.load({ userDict });
const texts = files.map((f) => readFileSync(f, 'utf8'));
nodejieba.cut('预热分词器', true);
parentPort.postMessage({ ready: true });
// Each 'go' is one timed cut of the whole share (the benchmark repeats it and keeps the median).
parentPort.on('message', () => {
  let tokens = 0;
  for (const t of texts) tokens += nodejieba.cut(t, true).length;
  parentPort.postMessage({ tokens });
});
