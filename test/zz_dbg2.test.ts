import { test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { extractQuantities } from '../src/quantities/index.js';
test('dump corpus', () => {
  let out = '';
  for (const line of readFileSync('/work/shared/corpora/gov-work-reports.jsonl', 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const d = JSON.parse(line);
    for (const sent of (d.content as string).split(/(?<=[。；！？\n])/)) {
      const qs = extractQuantities(sent, 0);
      for (const q of qs) {
        const ctx = sent.slice(Math.max(0, q.start - 12), Math.min(sent.length, q.end + 8)).replace(/\s/g, ' ');
        out += `${q.raw}\t${q.value}\t${q.unit}\t${q.approx ? '~' : ''}\t${q.subject}\t${ctx}\n`;
      }
    }
  }
  writeFileSync('/tmp/qdbg/corpus.tsv', out);
});
