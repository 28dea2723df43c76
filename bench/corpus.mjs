/**
 * Builds a benchmark corpus of a given size from the bundled seed reports and
 * the national government work reports in ../shared/corpora, varied so that it
 * is not one text repeated: each document takes a seeded random window of
 * paragraphs from one source, a generated township name and year, and the
 * paragraphs of a second source mixed in. Same size and seed, same corpus.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The project's seeded PRNG, from the built library (npm run bench and npm test build first).
import { mulberry32 } from '../dist/compare/random.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// FAZHI_NATIONAL names the file where the checkout is not beside ../shared (a git worktree elsewhere).
export const NATIONAL = process.env.FAZHI_NATIONAL ?? join(ROOT, '..', 'shared', 'corpora', 'gov-work-reports.jsonl');

function sources() {
  const seedDir = join(ROOT, 'data', 'reports');
  const out = readdirSync(seedDir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(seedDir, f), 'utf8'));
  let national = 0;
  if (existsSync(NATIONAL)) {
    for (const line of readFileSync(NATIONAL, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      out.push(JSON.parse(line).content);
      national++;
    }
  }
  return { texts: out, national };
}

const NAME_CHARS = '安宝昌大东丰福高河红华金锦康兰乐利龙茂明南平清庆瑞山石双顺太天通万文西祥新兴阳永玉云长正中';

export function buildCorpus(dir, sizeBytes, seed = 20261123) {
  const { texts, national } = sources();
  const paragraphs = texts.map((t) => t.split(/\n+/).map((p) => p.trim()).filter((p) => p.length > 0));
  const rand = mulberry32(seed);
  const pick = (n) => Math.floor(rand() * n);
  mkdirSync(dir, { recursive: true });
  let total = 0;
  let n = 0;
  while (total < sizeBytes) {
    const a = paragraphs[pick(paragraphs.length)];
    const b = paragraphs[pick(paragraphs.length)];
    const name = NAME_CHARS[pick(NAME_CHARS.length)] + NAME_CHARS[pick(NAME_CHARS.length)] + (rand() < 0.8 ? '镇' : '乡');
    const year = 2018 + pick(8);
    const len = 8 + pick(24);
    const start = pick(Math.max(1, a.length - len));
    const body = [];
    for (let i = start; i < Math.min(a.length, start + len); i++) {
      body.push(a[i]);
      if (rand() < 0.25) body.push(b[pick(b.length)]);
    }
    const text = [`${name}${year}年法治政府建设情况报告`, ...body].join('\n\n').replace(/(高梁镇|大场镇|玉龙镇|云冈镇|红土乡)/g, name) + '\n';
    const sub = join(dir, String(Math.floor(n / 1000)).padStart(3, '0'));
    if (n % 1000 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `${String(n).padStart(6, '0')}.txt`), text);
    total += Buffer.byteLength(text);
    n++;
  }
  return { files: n, bytes: total, national };
}
