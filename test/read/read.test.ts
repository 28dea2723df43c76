import { describe, expect, it, beforeAll } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { decodeBytes } from '../../src/read/decode.js';
import { analyzeCorpus } from '../../src/pipeline/analyze.js';
import { collectInputs } from '../../src/read/inputs.js';
import { seedText } from '../helpers/seeds.js';

const noStages = { stages: [] };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fazhi-read-'));
}

describe('encodings', () => {
  const report = seedText('002');
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    writeFileSync(join(dir, 'gbk.txt'), iconv.encode(report, 'gbk'));
    writeFileSync(join(dir, 'gb18030.txt'), iconv.encode(report, 'gb18030'));
    writeFileSync(join(dir, 'utf16le.txt'), iconv.encode(report, 'utf-16le', { addBOM: true }));
    writeFileSync(join(dir, 'utf16be.txt'), Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(report, 'utf-16be')]));
    writeFileSync(join(dir, 'utf16le-nobom.txt'), iconv.encode(report, 'utf-16le'));
    writeFileSync(join(dir, 'utf8bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(report, 'utf8')]));
    writeFileSync(join(dir, 'utf8.txt'), report);
  });

  it('decodes GBK, GB18030, UTF-16 (with and without BOM) and UTF-8 (with and without BOM) to the same report', async () => {
    const { docs, manifest } = await analyzeCorpus(dir, { ...noStages, keepDuplicates: true });
    expect(manifest.map((m) => [m.file, m.status, m.encoding])).toEqual([
      ['gb18030.txt', 'ok', 'gb18030'],
      ['gbk.txt', 'ok', 'gb18030'],
      ['utf16be.txt', 'ok', 'utf-16be'],
      ['utf16le-nobom.txt', 'ok', 'utf-16le'],
      ['utf16le.txt', 'ok', 'utf-16le'],
      ['utf8.txt', 'ok', 'utf-8'],
      ['utf8bom.txt', 'ok', 'utf-8-bom'],
    ]);
    const reference = docs.find((d) => d.file === 'utf8.txt')!;
    expect(reference.meta.township).toBe('玉龙镇');
    for (const d of docs) {
      expect(d.text, d.file).toBe(reference.text);
      expect(d.units.map((u) => [u.start, u.end, u.section])).toEqual(reference.units.map((u) => [u.start, u.end, u.section]));
    }
  });

  it('lists the same report in other encodings as duplicates of the first copy, analyzed once', async () => {
    const { docs, manifest } = await analyzeCorpus(dir, noStages);
    expect(docs.map((d) => d.file)).toEqual(['gb18030.txt']);
    for (const m of manifest.slice(1)) expect(m).toMatchObject({ status: 'skipped', reason: 'duplicate of gb18030.txt', duplicate_of: 'gb18030.txt', doc_id: '' });
    expect(manifest).toHaveLength(7);
  });

  it('decodes a GBK file with a few invalid bytes, replacing only those and saying so', async () => {
    const bytes = iconv.encode(report, 'gbk');
    const broken = Buffer.concat([bytes.subarray(0, 400), Buffer.from([0xff, 0xff]), bytes.subarray(400)]);
    const decoded = decodeBytes(broken);
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.invalidBytes).toBeGreaterThan(0);
    expect(decoded.invalidBytes).toBeLessThan(8);
    expect(decoded.text).toContain('深学笃用习近平法治思想');
    const d = tempDir();
    writeFileSync(join(d, 'broken-gbk.txt'), broken);
    const { docs, manifest } = await analyzeCorpus(d, noStages);
    expect(docs).toHaveLength(1);
    expect(manifest[0]).toMatchObject({ status: 'ok', encoding: 'gb18030' });
    expect(manifest[0]!.reason).toMatch(/undecodable byte\(s\) replaced/);
  });
});

describe('HTML pages', () => {
  const body = seedText('002').split('\n').filter((l) => l.trim()).map((l) => `<p>${l}</p>`).join('\n');
  const page = `<!DOCTYPE html><html><head><meta charset="gbk"><title>玉龙镇2021年法治政府建设情况报告_大足区人民政府网</title>
<style>p { color: red } .nav { display: none }</style><script>var tracker = "法治政府建设"; function f() { return 1 < 2; }</script></head>
<body><div class="nav">首页 | 政务公开 | 法治政府 | 联系我们</div><div>您当前位置：首页 > 政务公开 > 法治政府建设年度报告</div>
<table><tr><td>[ 索引号 ]</td></tr><tr><td>[ 发布机构 ] 大足区玉龙镇</td></tr></table>
<div class="article">${body}</div>
<div class="footer"><p>扫一扫在手机打开当前页面</p><p>渝ICP备05003300号</p><p>渝公网安备 50011102000001号</p></div></body></html>`;

  it('reads a GBK page: tags, scripts and styles dropped, blocks kept as lines, chrome removed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'page.html'), iconv.encode(page, 'gbk'));
    const { docs, manifest } = await analyzeCorpus(dir, noStages);
    expect(manifest[0]).toMatchObject({ status: 'ok', encoding: 'gb18030' });
    const doc = docs[0]!;
    for (const gone of ['tracker', 'color: red', '<p>', '首页 |', '您当前位置', '索引号', 'ICP备', '公网安备', '扫一扫']) expect(doc.text).not.toContain(gone);
    expect(doc.text).toContain('（一）深学笃用习近平法治思想，统筹谋划推进法治政府。');
    expect(doc.sectionsFound).toEqual(['preamble', 'measures', 'leader_duties', 'shortcomings', 'plans', 'closing']);
    expect(doc.meta).toMatchObject({ township: '玉龙镇', county: '大足区', report_year: 2021 });
    const firstHeading = doc.units.find((u) => u.kind === 'heading' && u.level === 1)!;
    expect(firstHeading.text).toBe('一、推进法治政府建设的主要举措及成效');
  });
});

describe('bad input never stops the batch', () => {
  it('reports each bad file with a clear reason and analyzes the rest', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a-good.txt'), seedText('000'));
    writeFileSync(join(dir, 'b-empty.txt'), '');
    writeFileSync(join(dir, 'c-blank.txt'), '   \n\n  ');
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    writeFileSync(join(dir, 'd-binary.txt'), binary);
    writeFileSync(join(dir, 'e-not-a-report.txt'), '今天天气很好，我们一起去公园散步。春天到了，花儿都开了，小鸟在树上唱歌。孩子们在草地上放风筝，老人们在湖边下棋。'.repeat(3));
    writeFileSync(join(dir, 'f-english.txt'), 'This is an English document about nothing in particular.\n'.repeat(20));
    writeFileSync(join(dir, 'g-legacy.doc'), 'binary word file');
    writeFileSync(join(dir, 'h-broken.jsonl'), '{"title": "x", "content": \n');
    mkdirSync(join(dir, 'i-empty-folder'));
    const { docs, manifest } = await analyzeCorpus([dir, join(dir, 'missing.txt')], noStages);
    expect(docs.map((d) => d.file)).toEqual([expect.stringMatching(/a-good\.txt$/)]);
    const reasons = Object.fromEntries(manifest.map((m) => [m.file.replace(/^.*\//, ''), `${m.status}: ${m.reason}`]));
    expect(reasons).toMatchObject({
      'a-good.txt': 'ok: ',
      'b-empty.txt': 'failed: empty file',
      'c-blank.txt': 'failed: empty file',
      'g-legacy.doc': expect.stringMatching(/^skipped: unsupported format \.doc/),
      'missing.txt': 'failed: cannot read path: no such file or folder',
    });
    expect(reasons['d-binary.txt']).toMatch(/^failed: binary/);
    expect(reasons['e-not-a-report.txt']).toMatch(/^skipped: not a government report/);
    expect(reasons['f-english.txt']).toMatch(/^skipped: no Chinese report text/);
    expect(reasons['h-broken.jsonl']).toMatch(/^failed: no usable lines: line 1: invalid JSON/);
    expect(manifest).toHaveLength(9);
  });

  it('lists a folder with no supported files', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.md'), '# notes');
    const { files, manifest } = collectInputs([dir]);
    expect(files).toHaveLength(0);
    expect(manifest.map((m) => m.status)).toEqual(['skipped', 'skipped']);
    expect(manifest[1]!.reason).toMatch(/folder contains no supported files/);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file', async () => {
    const dir = tempDir();
    const f = join(dir, 'secret.txt');
    writeFileSync(f, seedText('000'));
    chmodSync(f, 0o000);
    const { manifest } = await analyzeCorpus(dir, noStages);
    expect(manifest[0]).toMatchObject({ status: 'failed', reason: 'cannot read file: permission denied' });
  });

  it('reports a file that cannot be read (a dangling link), even when running as root', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), seedText('000'));
    symlinkSync(join(dir, 'gone.txt'), join(dir, 'b-link.txt'));
    const { docs, manifest } = await analyzeCorpus(dir, noStages);
    expect(docs).toHaveLength(1);
    expect(manifest.find((m) => m.file === 'b-link.txt')).toMatchObject({ status: 'failed', reason: 'broken symbolic link: no such file or folder' });
  });

  it('skips a file over the size limit', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big.txt'), seedText('000'));
    const { manifest } = await analyzeCorpus(dir, { ...noStages, maxBytes: 1000 });
    expect(manifest[0]).toMatchObject({ status: 'skipped' });
    expect(manifest[0]!.reason).toMatch(/larger than the 0\.0 MB limit/);
  });
});

describe('JSON Lines', () => {
  it('reads one document per line with its metadata fields', async () => {
    const dir = tempDir();
    const lines = [
      JSON.stringify({ title: '2021年法治政府建设情况报告', content: seedText('002'), year: 2021 }),
      JSON.stringify({ title: '政府工作报告', text: seedText('000'), year: '2022' }),
      'not json',
    ];
    writeFileSync(join(dir, 'corpus.jsonl'), lines.join('\n'));
    const { docs, manifest } = await analyzeCorpus(dir, noStages);
    expect(docs.map((d) => [d.id, d.meta.report_year, d.meta.title])).toEqual([
      ['corpus#1', 2021, '2021年法治政府建设情况报告'],
      ['corpus#2', 2022, '政府工作报告'],
    ]);
    expect(manifest[0]!.reason).toMatch(/1 line\(s\) skipped: line 3: invalid JSON/);
  });
});
