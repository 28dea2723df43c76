/**
 * Bad input from real sites: files whose extension lies are read by what
 * their bytes are, and the manifest says so; a page of chrome only and a
 * report in pinyin are skipped with a reason; every file keeps its row.
 * The reports inside are the seeds' text; the chrome is real chrome from the
 * page openings in test/fixtures/openings.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { pinyin } from 'pinyin-pro';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeCorpus } from '../../src/pipeline/analyze.js';
import { collectInputs } from '../../src/read/inputs.js';
import { seedText } from '../helpers/seeds.js';
import { makeDocx } from '../helpers/docx.js';
import { layoutParagraphs, makePdf } from '../helpers/pdf.js';

const noStages = { stages: [], keepDuplicates: true };
const report = seedText('002');
const paragraphs = report.split('\n').map((l) => l.trim()).filter(Boolean);
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The seed as a GBK page the way a county site serves it. */
function page(lines: string[], charset = 'gbk'): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="${charset}"><title>${escapeHtml(lines[0]!)}</title></head>\n<body><div class="nav"><a href="/">首页</a></div>\n<div class="TRS_Editor">${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}</div></body></html>\n`;
}

/** Real chrome lines of page openings (A/025 and A/068, and the seed 000 page), with the report titles a listing page shows. */
const CHROME_ONLY = [
  '您当前的位置:首页 > 政府信息公开 > 法定主动公开内容 > 法治政府建设年报',
  '索 引 号 640421026/2024-00007 发文时间 2024-03-01',
  '发布机构 原州区头营镇政府 文 号',
  '公开方式 主动公开 有效性 有效',
  '原州区头营镇2023年法治政府建设情况报告',
  '- [ 索引号 ] 11500229768895163R/2026-00004',
  '- [ 发布机构 ] 城口县鸡鸣乡人民政府',
  '- [ 发布日期 ] 2026-02-12',
  '城口县鸡鸣乡人民政府2025年法治政府建设情况报告',
  '- 日期:2026-02-12',
  '大',
  '中',
  '小',
  '- 分享到 :',
  '扫一扫在手机打开当前页面',
  '我要找政策',
];

const SEED_000_HEADER = seedText('000').split('\n').slice(0, 14).map((l) => l.trim()).filter(Boolean);

describe('files whose extension lies', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fazhi-sniff-'));
    const html = iconv.encode(page(paragraphs), 'gbk');
    writeFileSync(join(dir, 'a-page.html'), html);
    writeFileSync(join(dir, 'b-page.doc'), html);
    const docx = makeDocx(paragraphs);
    writeFileSync(join(dir, 'c-word.docx'), docx);
    writeFileSync(join(dir, 'd-word.txt'), docx);
    writeFileSync(join(dir, 'e-word.doc'), docx);
    writeFileSync(join(dir, 'f-scan.txt'), makePdf(layoutParagraphs(paragraphs)));
    writeFileSync(join(dir, 'g-plain.txt'), report);
    writeFileSync(join(dir, 'h-plain.html'), report);
    // A legacy Word file: the OLE compound-file signature, then the rest of a sector.
    writeFileSync(join(dir, 'i-legacy.doc'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504, 0x20)]));
    writeFileSync(join(dir, 'j-plain.doc'), iconv.encode(report, 'gbk'));
    // Word's other "documents": a web archive (MHTML, the seed as a quoted-printable page) and an RTF file.
    const qp = Buffer.from(page(paragraphs, 'utf-8'), 'utf8').toString('latin1').replace(/[^\x20-\x3c\x3e-\x7e\n]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    writeFileSync(join(dir, 'k-archive.doc'), `MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart"\r\n\r\n------=_NextPart\r\nContent-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp}\r\n------=_NextPart--\r\n`);
    writeFileSync(join(dir, 'l-rich.doc'), Buffer.concat([Buffer.from('{\\rtf1\\ansi\\ansicpg936 '), iconv.encode(report, 'gbk'), Buffer.from('}')]));
  });

  it('reads each by what its bytes are and says so in the manifest', async () => {
    const { docs, manifest } = await analyzeCorpus(dir, noStages);
    const rows = Object.fromEntries(manifest.map((m) => [m.file, [m.status, m.reason, m.encoding]]));
    // The manifest rows expected of the twelve files (test/fixtures/bad-input/manifest.tsv: file, status, reason, encoding).
    const expected = readFileSync(fileURLToPath(new URL('../fixtures/bad-input/manifest.tsv', import.meta.url)), 'utf8').replace(/\n$/, '').split('\n').slice(1).map((line) => line.split('\t'));
    expect(expected).toHaveLength(12);
    expect(rows).toEqual(Object.fromEntries(expected.map(([file, ...row]) => [file, row])));
    // Read by what it is, each gives the report the honest file gives.
    const text = (f: string) => docs.find((d) => d.file === f)!.text;
    expect(text('b-page.doc')).toBe(text('a-page.html'));
    expect(text('d-word.txt')).toBe(text('c-word.docx'));
    expect(text('e-word.doc')).toBe(text('c-word.docx'));
    expect(text('h-plain.html')).toBe(text('g-plain.txt'));
    expect(text('j-plain.doc')).toBe(text('g-plain.txt'));
    for (const f of ['b-page.doc', 'd-word.txt', 'f-scan.txt', 'h-plain.html']) {
      expect(text(f), f).toContain('镇政府根据人员变动重新调整了法治政府建设工作领导小组');
      expect(docs.find((d) => d.file === f)!.units.some((u) => u.section === 'plans'), f).toBe(true);
    }
  }, 60_000);

  it('lists a legacy Word .doc at collection, and takes a .doc that is a page, a .docx or text', () => {
    const { files, manifest } = collectInputs([dir]);
    expect(manifest.map((m) => [m.file, m.status])).toEqual([['i-legacy.doc', 'skipped'], ['k-archive.doc', 'skipped'], ['l-rich.doc', 'skipped']]);
    expect(files.map((f) => f.file)).toEqual(expect.arrayContaining(['b-page.doc', 'e-word.doc', 'j-plain.doc']));
  });

  it('fails a .txt that is a legacy Word file with the reason, not as undecodable text', async () => {
    const one = mkdtempSync(join(tmpdir(), 'fazhi-sniff-'));
    writeFileSync(join(one, 'report.txt'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504, 0x20)]));
    const { manifest } = await analyzeCorpus(one, noStages);
    expect(manifest.map((m) => [m.status, m.reason])).toEqual([['failed', 'the .txt file is a legacy Word (.doc) or other Office 97-2003 file, not text: save it as .docx or .txt']]);
  });
});

describe('files that hold no Chinese report', () => {
  let dir: string;
  const pinyinReport = paragraphs.map((l) => pinyin(l, { toneType: 'symbol' })).join('\n');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fazhi-noreport-'));
    writeFileSync(join(dir, 'a-report.txt'), report);
    writeFileSync(join(dir, 'b-chrome.txt'), CHROME_ONLY.join('\n'));
    writeFileSync(join(dir, 'c-chrome.html'), page(CHROME_ONLY, 'utf-8'));
    writeFileSync(join(dir, 'd-pinyin.txt'), pinyinReport);
    // The pinyin report inside a Chinese page: the page's chrome has Chinese, the report none.
    writeFileSync(join(dir, 'e-pinyin-page.txt'), [...SEED_000_HEADER, pinyinReport].join('\n'));
  });

  it('skips a page of chrome only as no report text, and a report in pinyin as not Chinese; every file keeps its row', async () => {
    const { docs, manifest } = await analyzeCorpus(dir, noStages);
    expect(docs.map((d) => d.file)).toEqual(['a-report.txt']);
    expect(manifest).toHaveLength(5);
    const rows = Object.fromEntries(manifest.map((m) => [m.file, `${m.status}: ${m.reason}`]));
    expect(rows['a-report.txt']).toBe('ok: ');
    expect(rows['b-chrome.txt']).toMatch(/^skipped: no report text/);
    expect(rows['c-chrome.html']).toMatch(/^skipped: no report text/);
    expect(rows['d-pinyin.txt']).toMatch(/^skipped: no Chinese report text found .*written in Latin letters \(pinyin or another language\)/);
    expect(rows['e-pinyin-page.txt']).toMatch(/^skipped: not a Chinese report: written in Latin letters \(pinyin or another language\) \(\d+ letters, \d+ Chinese characters\)$/);
  }, 60_000);

  it('fails a file of white space only and one of control characters, each with its reason; a report with a few keeps going', async () => {
    const odd = mkdtempSync(join(tmpdir(), 'fazhi-notext-'));
    // Ideographic and no-break spaces, which a blank-bytes check does not see as blank.
    writeFileSync(join(odd, 'a-spaces.txt'), '\u3000\u3000\u00a0\n\u2003\ufeff\r\n');
    const controls = Array.from({ length: 400 }, (_, i) => String.fromCharCode(1 + (i % 8))).join('');
    writeFileSync(join(odd, 'b-controls.txt'), `${paragraphs[0]}\n${controls}`);
    // Under a tenth of control characters among the non-space ones: still a report.
    writeFileSync(join(odd, 'c-few-controls.txt'), `${report}\n\u0007\u0007\u0007`);
    const { manifest } = await analyzeCorpus(odd, noStages);
    const rows = Object.fromEntries(manifest.map((m) => [m.file, `${m.status}: ${m.reason}`]));
    expect(rows['a-spaces.txt']).toBe('failed: no text in file');
    const share = Math.round((100 * 400) / (400 + paragraphs[0]!.replace(/\s/g, '').length));
    expect(rows['b-controls.txt']).toBe(`failed: binary or undecodable file (${share}% control or invalid characters)`);
    expect(rows['c-few-controls.txt']).toBe('ok: ');
  }, 60_000);
});
