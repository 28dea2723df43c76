import { test } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { extractQuantities } from '/work/main/src/quantities/index.js';
test('dump', () => {
  const dir = '/work/main/data/reports/';
  let out = '';
  for (const f of readdirSync(dir)) {
    const text = readFileSync(dir + f, 'utf8');
    let off = 0;
    for (const line of text.split('\n')) {
      const qs = extractQuantities(line, off);
      for (const q of qs) {
        if (text.slice(q.start, q.end) !== q.raw) out += 'OFFSET MISMATCH ';
        out += `${f.slice(0,3)}\t${q.raw}\t${q.value}\t${q.unit}\t${q.approx?'~':''}\t${q.subject}\n`;
      }
      off += line.length + 1;
    }
  }
  writeFileSync('/tmp/qdbg/seed.tsv', out);
});
