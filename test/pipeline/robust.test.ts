/**
 * Real-world inputs and outputs that never lose data: a folder the way
 * researchers collect it (a GBK page from a CMS template, Word and PDF
 * attachments, a scan, a duplicate, an empty, a binary and a legacy .doc
 * file) analyzed in one run with every file accounted for; CSVs that Excel,
 * pandas and R read back to the same rows; atomic outputs; a folder of
 * another corpus never silently overwritten.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { analyzeCorpus, runAnalysis } from '../../src/pipeline/analyze.js';
import { parseReport } from '../../src/pipeline/parse.js';
import { documentRow } from '../../src/output/writer.js';
import { formatNumber } from '../../src/output/csv.js';
import { OutputConflictError } from '../../src/output/runfolder.js';
import { pageToText } from '../../src/read/html.js';
import type { ReportDoc } from '../../src/model/document.js';
import { layoutParagraphs, makePdf } from '../helpers/pdf.js';
import { makeDocx, zip } from '../helpers/docx.js';
import { SEED_DIR, seedText } from '../helpers/seeds.js';

const noStages = { stages: [] };
const tempDir = (tag = 'robust') => mkdtempSync(join(tmpdir(), `fazhi-${tag}-`));
const paragraphs = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** Seed 000 without the page chrome its text was saved with: the report from its issuer line to the drafter line. */
function reportBody000(): string[] {
  const lines = paragraphs(seedText('000'));
  const from = lines.indexOf('重庆市万州区高梁镇人民政府');
  const to = lines.findIndex((l) => l.startsWith('撰稿人'));
  return lines.slice(from, to + 1);
}

/** A page as a government CMS (TRS and the like) serves it: header, breadcrumb, sidebar, metadata table, body, share bar, related articles, footer. */
function cmsPage(body: string[], opts: { charset?: string } = {}): string {
  const links = (items: string[]) => `<ul>${items.map((t) => `<li><a href="/x">${t}</a></li>`).join('')}</ul>`;
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=${opts.charset ?? 'gbk'}">
<title>重庆市万州区高梁镇人民政府关于2021年度法治政府建设情况的报告_万州区人民政府网</title>
<script>var _hmt = "法治政府建设情况的报告"; if (a < b) {}</script><style>.nav{color:red}</style></head><body>
<div class="header"><div class="top-links"><a href="/">中国政府网</a> | <a href="/">重庆市人民政府网</a> | <a href="/">万州区人民政府网</a></div>
<div class="nav">${links(['首页', '政务公开', '政务服务', '互动交流', '走进万州'])}</div></div>
<div class="position">您当前位置：<a href="/">首页</a> &gt; <a href="/">高梁镇人民政府</a> &gt; <a href="/">政务公开</a> &gt; 法治政府建设年度报告</div>
<div class="wrapper">
  <div class="left-column"><h3>政府信息公开目录</h3>${links(['法治政府建设年度报告', '政府信息公开年报', '财政预决算', '重大行政决策', '行政执法公示', '政策文件', '规划计划', '人事信息'])}</div>
  <div class="right-column">
    <table class="xxgk-table"><tr><td>[ 索引号 ]</td><td>11500101008645954R/2022-00095</td><td>[ 发布机构 ]</td><td>万州区高梁镇</td></tr>
    <tr><td>[ 成文日期 ]</td><td>2022-01-12</td><td>[ 发布日期 ]</td><td>2022-01-12</td></tr></table>
    <h1 class="article-title">重庆市万州区高梁镇人民政府关于2021年度法治政府建设情况的报告</h1>
    <div class="article-info"><span>发布日期：2022-01-12</span>　<span>来源：万州区高梁镇</span>　<span>字号：[ 大 中 小 ]</span></div>
    <div class="TRS_Editor" id="zoom">${body.slice(0, -1).map((l) => `<p style="text-indent:2em">${l}</p>`).join('\n')}</div>
    <div class="clear"></div>
    <div class="sign"><p>${body[body.length - 1]}</p></div>
    <div class="share">分享到：<a>微信</a> <a>微博</a>　<a href="javascript:window.print()">【打印本页】</a> <a>【关闭窗口】</a></div>
    <div class="related"><h4>相关文章</h4>${links(['重庆市万州区高梁镇人民政府关于2020年度法治政府建设情况的报告', '高梁镇2021年政府信息公开工作年度报告'])}</div>
  </div>
</div>
<div class="footer"><p>主办单位：重庆市万州区人民政府办公室　承办单位：重庆市万州区大数据应用发展管理局</p>
<p>版权所有：重庆市万州区人民政府。未经授权，禁止复制或建立镜像。</p><p>渝ICP备05003300号　渝公网安备 50010102000001号　网站标识码：5001010001</p>
<p>扫一扫在手机打开当前页面</p></div></body></html>`;
}

/** A small report whose text holds everything a CSV can get wrong. */
const TRICKY_REPORT = [
  '某某县司法局关于2022年度法治政府建设情况的报告',
  '2022年,我局坚持依法行政,推进法治政府建设,现将有关情况报告如下:',
  '一、主要举措和成效',
  '=SUM(A1,A9)是表格里的公式,我局依法行政"不留死角",执法、普法、守法同步推进。',
  '-1.5万元用于普法宣传,法治政府建设经费有保障。',
  '@所有人:依法行政,人人有责,行政执法"三项制度"全面落实。',
  '+开展行政执法检查12次,办理行政复议案件3件。',
  '二、存在的不足',
  '法治宣传的深度还不够,部分干部依法行政的意识有待提高。',
].join('\n');

function randomBytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe('a folder of real-world inputs, analyzed in one run', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('mixed');
    writeFileSync(join(dir, 'a-page.html'), iconv.encode(cmsPage(reportBody000()), 'gbk'));
    writeFileSync(join(dir, 'b-attachment.docx'), makeDocx(paragraphs(seedText('001'))));
    writeFileSync(join(dir, 'c-attachment.pdf'), makePdf(layoutParagraphs(paragraphs(seedText('002')))));
    writeFileSync(join(dir, 'd-scan.pdf'), makePdf([{ image: { width: 120, height: 170 } }, { image: { width: 120, height: 170 } }]));
    writeFileSync(join(dir, 'e-same-as-pdf.txt'), seedText('002'));
    writeFileSync(join(dir, 'f-empty.txt'), '');
    writeFileSync(join(dir, 'g-binary.txt'), randomBytes(8192, 7));
    writeFileSync(join(dir, 'h-legacy.doc'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(4096, 3)]));
    writeFileSync(join(dir, 'i-tricky, "quoted".txt'), TRICKY_REPORT);
  });

  it('accounts for every file: analyzed, or listed with the reason', async () => {
    const { docs, manifest } = await analyzeCorpus(dir, noStages);
    const rows = manifest.map((m) => [m.file, m.status, m.reason, m.encoding, m.doc_id, m.duplicate_of ?? '']);
    expect(rows).toEqual([
      ['h-legacy.doc', 'skipped', 'unsupported format .doc (legacy Word): save it as .docx or .txt', '', '', ''],
      ['a-page.html', 'ok', '', 'gb18030', 'a-page', ''],
      ['b-attachment.docx', 'ok', '', 'docx', 'b-attachment', ''],
      ['c-attachment.pdf', 'ok', '', 'pdf', 'c-attachment', ''],
      ['d-scan.pdf', 'skipped', 'scanned PDF: no text layer (needs OCR)', 'pdf', '', ''],
      ['e-same-as-pdf.txt', 'skipped', 'duplicate of c-attachment.pdf', 'utf-8', '', 'c-attachment.pdf'],
      ['f-empty.txt', 'failed', 'empty file', '', '', ''],
      ['g-binary.txt', 'failed', 'binary file (contains NUL bytes), not text', '', '', ''],
      ['i-tricky, "quoted".txt', 'ok', '', 'utf-8', 'i-tricky, "quoted"', ''],
    ]);
    expect(docs.map((d) => d.meta.township)).toEqual(['高梁镇', '大场镇', '玉龙镇', '']);
  });

  it('finds the report body of a CMS page: nothing of the template, nothing of the report lost', async () => {
    const { docs } = await analyzeCorpus(join(dir, 'a-page.html'), noStages);
    const page = docs[0]!;
    // what the body says once it has been through GBK (the seed's no-break spaces are not in GBK)
    const body = iconv.decode(iconv.encode(reportBody000().join('\n'), 'gbk'), 'gbk');
    const reference = parseReport(body, { stages: [] });
    // the same lines; html-to-text separates paragraphs by a blank line where the text file had none
    expect(page.text.replace(/\n\n+/g, '\n')).toBe(reference.text);
    for (const chrome of ['信息公开目录', '财政预决算', '相关文章', '2020年度', '版权所有', '未经授权', '分享到', '打印本页', '主办单位', 'ICP', '_hmt', 'color:red']) {
      expect(page.text).not.toContain(chrome);
    }
    expect(page.meta).toMatchObject({ township: '高梁镇', county: '万州区', report_year: 2021, published: '2022-01-12' });
    expect(page.text.endsWith('联系电话:13212582269')).toBe(true); // the signature block beside the body is kept
  });

  it('reads a text-layer PDF into the same lines as the text it was printed from', async () => {
    const { docs } = await analyzeCorpus([join(dir, 'c-attachment.pdf'), join(dir, 'e-same-as-pdf.txt')], { ...noStages, keepDuplicates: true });
    const [pdf, txt] = docs as [ReportDoc, ReportDoc];
    // the same lines (wrapped paragraphs joined again, page numbers gone); only the blank lines between paragraphs differ
    expect(pdf.text).toBe(txt.text.replace(/\n\n+/g, '\n'));
    expect(pdf.units.map((u) => [u.kind, u.level, u.section, u.text])).toEqual(txt.units.map((u) => [u.kind, u.level, u.section, u.text]));
    expect(pdf.meta).toEqual(txt.meta);
  });

  it('reads a .docx with one line per paragraph, table cells included', async () => {
    const d = tempDir('docx');
    writeFileSync(join(d, 'r.docx'), makeDocx([...paragraphs(seedText('001')), [['指标', '2020年', '2021年'], ['行政复议案件', '12件', '9件']]]));
    const { docs } = await analyzeCorpus(d, noStages);
    const reference = parseReport(seedText('001'), { stages: [] });
    expect(docs[0]!.text.startsWith(reference.text.replace(/\n\n+/g, '\n'))).toBe(true);
    expect(docs[0]!.text).toContain('\n行政复议案件\n12件\n9件');
    expect(docs[0]!.meta.township).toBe('大场镇');
  });

  it('writes --excel CSVs that Excel opens correctly: BOM, RFC 4180 quoting, formulas neutralized', async () => {
    const out = join(tempDir('excel'), 'out');
    const summary = await runAnalysis(dir, out, { excel: true });
    expect([summary.ok, summary.skipped, summary.failed]).toEqual([4, 3, 2]);
    for (const f of ['documents.csv', 'sentences.csv', 'manifest.csv']) {
      const bytes = readFileSync(join(out, f));
      expect([...bytes.subarray(0, 3)], f).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
      expect(parsed.errors, f).toEqual([]);
      for (const row of parsed.data) {
        expect(row, f).toHaveLength(parsed.data[0]!.length);
        for (const cell of row) if (/^[=+\-@]/.test(cell)) expect(cell, f).toMatch(/^-?\d+(\.\d+)?$/);
      }
    }
    const manifest = readFileSync(join(out, 'manifest.csv'), 'utf8');
    expect(manifest).toContain('\r\n"i-tricky, ""quoted"".txt",ok,,');
    expect(manifest).toContain('\r\ne-same-as-pdf.txt,skipped,duplicate of c-attachment.pdf,');
    expect(manifest.split('\r\n')[0]).toBe('\ufefffile,status,reason,bytes,encoding,doc_id,duplicate_of');
    const sentences = readFileSync(join(out, 'sentences.csv'), 'utf8');
    expect(sentences).toContain(`"'=SUM(A1,A9)是表格里的公式,我局依法行政""不留死角"",执法、普法、守法同步推进。"`);
    expect(sentences).toContain(`"'-1.5万元用于普法宣传,法治政府建设经费有保障。"`);
    expect(sentences).toContain(`'@所有人:依法行政,人人有责,`);
    expect(sentences).toContain(`'+开展行政执法检查12次,办理行政复议案件3件。`);
    expect(readdirSync(out).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.corpus).toMatchObject({ files: 9, read: 8, listing_sha1: expect.stringMatching(/^[0-9a-f]{40}$/), content_sha1: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(run.options.excel).toBe(true);
  });
});

describe('a stage that fails on one document', () => {
  it('fails that document alone: the others of its batch are analyzed and every file keeps its row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-stagefail-'));
    for (const seed of ['000', '001', '002', '003', '004']) writeFileSync(join(dir, `${seed}.txt`), seedText(seed));
    // A stage that throws on the report of 大场镇 (seed 001), as a bug or a hostile input would.
    const fragile = { name: 'fragile', run: (doc: ReportDoc) => { if (doc.text.includes('大场镇')) throw new Error('cannot handle this one'); doc.meta.title = `checked: ${doc.meta.title}`; } };
    const { docs, manifest } = await analyzeCorpus(dir, { stages: [fragile] });
    // Every file keeps its row, in order, and only the one the stage failed on is not ok.
    expect(manifest.map((m) => m.file)).toEqual(['000.txt', '001.txt', '002.txt', '003.txt', '004.txt']);
    const notOk = manifest.filter((m) => m.status !== 'ok' || m.reason !== '');
    expect(notOk.map((m) => [m.file, m.status, m.reason])).toEqual([['001.txt', 'failed', 'analysis failed: cannot handle this one']]);
    expect(docs.map((d) => d.id)).toEqual(['000', '002', '003', '004']);
    expect(docs.every((d) => d.meta.title.startsWith('checked: '))).toBe(true);
  });
});

describe('HTML pages: the report body among the template', () => {
  it('keeps the whole page when the report prose is spread over several blocks, so nothing is lost', () => {
    const html = `<html><body><div class="nav"><a>首页</a></div>
<div class="part1"><p>2022年,我镇坚持依法行政,推进法治政府建设,取得明显成效,现将情况报告如下。</p></div>
<div class="part2"><p>下一步,我镇将继续深入推进依法行政,加快建设法治政府,提高依法行政水平。</p></div></body></html>`;
    const { text, container } = pageToText(html);
    expect(container).toBe('page');
    expect(text).toContain('2022年,我镇坚持依法行政');
    expect(text).toContain('下一步,我镇将继续深入推进依法行政');
  });

  it('takes the title from the heading above the body when the body has none, never a sidebar heading', async () => {
    const body = paragraphs(seedText('002')).slice(1); // without its title line
    const html = `<html><body><div class="side"><h3>政务公开栏目</h3><a>通知公告</a></div>
<div class="detail"><h2 class="tit">玉龙镇2021年法治政府建设情况报告</h2><p class="time">发布时间：2021-11-23</p>
<div class="con">${body.map((l) => `<p>${l}</p>`).join('')}</div></div></body></html>`;
    const { text, container } = pageToText(html);
    expect(container).toBe('div.con');
    expect(text).not.toContain('政务公开栏目');
    const doc = parseReport(text, { stages: [] });
    expect(doc.meta).toMatchObject({ title: '玉龙镇2021年法治政府建设情况报告', township: '玉龙镇', report_year: 2021 });
    expect(doc.units[0]).toMatchObject({ kind: 'heading', level: 0, text: '玉龙镇2021年法治政府建设情况报告' });
  });

  it('survives 5,000 nested divs and unclosed tags without losing their text', async () => {
    const d = tempDir('deep');
    const body = paragraphs(seedText('002'));
    writeFileSync(join(d, 'nested.html'), '<div>'.repeat(5000) + body.map((l) => `<p>${l}</p>`).join('') + '</div>'.repeat(5000));
    writeFileSync(join(d, 'unclosed.html'), '<span><font>'.repeat(4000) + body.map((l) => `<p>${l}`).join(''));
    const { docs, manifest } = await analyzeCorpus(d, { ...noStages, keepDuplicates: true });
    expect(manifest.map((m) => m.status)).toEqual(['ok', 'ok']);
    for (const doc of docs) for (const line of body.filter((l) => l.length > 30)) expect(doc.text).toContain(line);
  });
});

describe('PDFs whose fonts use a predefined Chinese encoding (iText with STSong-Light)', () => {
  it('decodes UniGB-UCS2-H and GBK-EUC-H text with the CMaps shipped in data/cmaps, offline', async () => {
    const d = tempDir('cmap');
    const paras = paragraphs(seedText('004')).map((l) => l.replace(/[^\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e0-9A-Za-z.,:;()]/g, ''));
    writeFileSync(join(d, 'a-ucs2.pdf'), makePdf(layoutParagraphs(paras), { predefined: { encoding: 'UniGB-UCS2-H', ordering: 'GB1', baseFont: 'STSong-Light' } }));
    writeFileSync(join(d, 'b-gbk.pdf'), makePdf(layoutParagraphs(paras), { predefined: { encoding: 'GBK-EUC-H', ordering: 'GB1', baseFont: 'STSong-Light' } }));
    writeFileSync(join(d, 'c-japanese.pdf'), makePdf(layoutParagraphs(paras), { predefined: { encoding: 'UniJIS-UCS2-H', ordering: 'Japan1', baseFont: 'KozMinPro-Regular' } }));
    const { docs, manifest } = await analyzeCorpus(d, { ...noStages, keepDuplicates: true });
    expect(manifest.map((m) => [m.file, m.status])).toEqual([['a-ucs2.pdf', 'ok'], ['b-gbk.pdf', 'ok'], ['c-japanese.pdf', 'failed']]);
    expect(manifest[2]!.reason).toMatch(/^PDF text uses a font encoding with no table here \(UniJIS-UCS2-H/);
    const reference = parseReport(paras.join('\n'), { stages: [] });
    for (const doc of docs) expect(doc.text).toBe(reference.text);
  });
});

describe('PDF and Word files that cannot be analyzed say why', () => {
  it('reports truncated, damaged and mislabeled files', async () => {
    const d = tempDir('badbin');
    const pdf = makePdf(layoutParagraphs(paragraphs(seedText('004'))));
    writeFileSync(join(d, 'a-truncated.pdf'), pdf.subarray(0, 300));
    writeFileSync(join(d, 'b-random.pdf'), randomBytes(5000, 11));
    writeFileSync(join(d, 'c-blank.pdf'), makePdf([{ lines: [] }]));
    writeFileSync(join(d, 'd-random.docx'), randomBytes(5000, 13));
    writeFileSync(join(d, 'e-ole.docx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(2000, 5)]));
    writeFileSync(join(d, 'f-not-word.docx'), zip([['hello.txt', '法治政府建设']]));
    writeFileSync(join(d, 'g-truncated.docx'), makeDocx(paragraphs(seedText('004'))).subarray(0, 600));
    const { docs, manifest } = await analyzeCorpus(d, noStages);
    expect(docs).toEqual([]);
    const reasons = Object.fromEntries(manifest.map((m) => [m.file, `${m.status}: ${m.reason}`]));
    expect(reasons['a-truncated.pdf']).toMatch(/^(failed: not a valid PDF|skipped: PDF has no text)/);
    expect(reasons['b-random.pdf']).toMatch(/^failed: not a valid PDF/);
    expect(reasons['c-blank.pdf']).toBe('skipped: PDF has no text (blank pages)');
    expect(reasons['d-random.docx']).toBe('failed: not a .docx file (not a zip archive)');
    expect(reasons['e-ole.docx']).toBe('failed: legacy Word (.doc) file named .docx: save it as .docx or .txt');
    expect(reasons['f-not-word.docx']).toMatch(/^failed: cannot read \.docx/);
    expect(reasons['g-truncated.docx']).toMatch(/^failed: cannot read \.docx/);
  });
});

/**
 * A CSV parser with the rules of R's read.csv (and RFC 4180): the first
 * record is the header; a field in double quotes may hold commas, quotes
 * (written "") and line breaks; records end at CRLF or LF; no other escapes.
 */
function parseLikeR(text: string): Array<Record<string, string>> {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  let wasQuoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = wasQuoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      wasQuoted = false;
      i++;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] !== '\n') throw new Error(`bare CR outside quotes at ${i}`);
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      wasQuoted = false;
      i += c === '\r' ? 2 : 1;
    } else {
      if (wasQuoted) throw new Error(`text after a closing quote at ${i}`);
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records;
  return rows.map((r, n) => {
    if (r.length !== header!.length) throw new Error(`record ${n + 2} has ${r.length} fields, the header ${header!.length}`);
    return Object.fromEntries(header!.map((h, k) => [h, r[k]!]));
  });
}

const PY_READER = `
import csv, json, sys
out = {}
try:
    import pandas as pd
except ImportError:
    pd = None
for path in sys.argv[1:]:
    with open(path, newline='', encoding='utf-8-sig') as f:
        rows = [dict(r) for r in csv.DictReader(f)]
    entry = {'csv': rows}
    if pd is not None:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding='utf-8-sig')
        entry['pandas'] = df.to_dict(orient='records')
    out[path] = entry
json.dump(out, sys.stdout, ensure_ascii=False)
`;

// Debian's python3-pandas is installed for /usr/bin/python3, which may not be the python3 first on PATH (pyenv).
const pythons = ['python3', '/usr/bin/python3'];
const works = (py: string, code: string) => spawnSync(py, ['-c', code], { encoding: 'utf8' }).status === 0;
const python = pythons.find((py) => works(py, 'import csv'));
const pandasPython = pythons.find((py) => works(py, 'import pandas'));
const hasPython = python !== undefined;
const hasPandas = pandasPython !== undefined;

describe('CSV read back by papaparse, R conventions, Python csv and pandas: the same rows and values', () => {
  let out: string;
  let docs: ReportDoc[];
  let csvFiles: string[];
  let tricky: { title: string };
  beforeAll(async () => {
    const extra = tempDir('tricky');
    tricky = { title: '标题,带逗号和"引号"\r\n第二行\n第三行' };
    writeFileSync(join(extra, 'planted.jsonl'), JSON.stringify({ title: tricky.title, content: TRICKY_REPORT, year: 2022 }) + '\n');
    writeFileSync(join(extra, 'a "quoted", name.txt'), TRICKY_REPORT.replace('某某县', '另一县'));
    out = join(tempDir('roundtrip'), 'out');
    await runAnalysis([SEED_DIR, extra], out);
    docs = (await analyzeCorpus([SEED_DIR, extra])).docs;
    csvFiles = readdirSync(out).filter((f) => f.endsWith('.csv')).map((f) => join(out, f));
  }, 120_000);

  it('papaparse and an R-style parser agree on every CSV the run wrote, and the values are the analyzed ones', () => {
    expect(csvFiles.map((f) => f.replace(/^.*\//, ''))).toEqual(expect.arrayContaining(['documents.csv', 'sentences.csv', 'manifest.csv']));
    for (const f of csvFiles) {
      const text = readFileSync(f, 'utf8');
      const papa = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
      expect(papa.errors, f).toEqual([]);
      expect(parseLikeR(text), f).toEqual(papa.data);
    }
    const documents = parseLikeR(readFileSync(join(out, 'documents.csv'), 'utf8'));
    expect(documents).toEqual(docs.map((d) => Object.fromEntries(Object.entries(documentRow(d)).map(([k, v]) => [k, v === null || v === undefined ? '' : typeof v === 'number' ? formatNumber(v) : String(v)]))));
    expect(documents.find((d) => d.file.endsWith('planted.jsonl#1'))!.title).toBe(tricky.title);
    const sentences = parseLikeR(readFileSync(join(out, 'sentences.csv'), 'utf8'));
    const units = docs.flatMap((d) => d.units.map((u) => ({ doc_id: d.id, start: String(u.start), end: String(u.end), text: u.text })));
    expect(sentences.map((s) => ({ doc_id: s.doc_id, start: s.start, end: s.end, text: s.text }))).toEqual(units);
    expect(sentences.map((s) => s.text)).toContain('=SUM(A1,A9)是表格里的公式,我局依法行政"不留死角",执法、普法、守法同步推进。');
    expect(sentences.map((s) => s.text)).toContain('-1.5万元用于普法宣传,法治政府建设经费有保障。');
  });

  it.skipIf(!hasPython)('Python\'s csv module reads the same rows', () => {
    const r = spawnSync(python!, ['-c', PY_READER, ...csvFiles], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(r.status, r.stderr).toBe(0);
    const read = JSON.parse(r.stdout) as Record<string, { csv: unknown[] }>;
    for (const f of csvFiles) expect(read[f]!.csv, f).toEqual(parseLikeR(readFileSync(f, 'utf8')));
  });

  it.skipIf(!hasPandas)('pandas reads the same rows (skipped when python3 -c "import pandas" fails: apt-get install python3-pandas)', () => {
    const r = spawnSync(pandasPython!, ['-c', PY_READER, ...csvFiles], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(r.status, r.stderr).toBe(0);
    const read = JSON.parse(r.stdout) as Record<string, { pandas: unknown[] }>;
    for (const f of csvFiles) expect(read[f]!.pandas, f).toEqual(parseLikeR(readFileSync(f, 'utf8')));
  });
});

if (!hasPandas) {
  // eslint-disable-next-line no-console
  console.warn('robust.test.ts: pandas is not installed (python3 -c "import pandas" failed); the pandas round trip is skipped. Install it with: apt-get install -y python3-pandas');
}

describe('outputs are atomic and never overwrite another corpus', () => {
  it('a run that fails half-way leaves no table that looks finished, and a previous run intact', async () => {
    const out = join(tempDir('atomic'), 'out');
    const failing = { ...noStages, onFile: (done: number) => { if (done === 3) throw new Error('disk full'); } };
    await expect(runAnalysis(SEED_DIR, out, failing)).rejects.toThrow('disk full');
    expect(readdirSync(out).sort()).toEqual(['texts']);
    await runAnalysis(SEED_DIR, out, noStages);
    const before = Object.fromEntries(['documents.csv', 'sentences.csv', 'manifest.csv', 'run.json'].map((f) => [f, readFileSync(join(out, f))]));
    await expect(runAnalysis(SEED_DIR, out, failing)).rejects.toThrow('disk full');
    for (const [f, bytes] of Object.entries(before)) expect(readFileSync(join(out, f)).equals(bytes), f).toBe(true);
    expect(readdirSync(out).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('stops before touching a folder that holds a different corpus; the same corpus may be re-analyzed; --force overwrites', async () => {
    const out = join(tempDir('guard'), 'out');
    const other = tempDir('other');
    writeFileSync(join(other, 'only.txt'), seedText('003'));
    await runAnalysis(SEED_DIR, out, noStages);
    const documents = readFileSync(join(out, 'documents.csv'));
    const error = await runAnalysis(other, out, noStages).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputConflictError);
    expect((error as Error).message).toContain(`output folder ${out} holds a previous run of a different corpus`);
    expect((error as Error).message).toContain('--force');
    expect(readFileSync(join(out, 'documents.csv')).equals(documents)).toBe(true);
    await runAnalysis(SEED_DIR, out, noStages); // the same corpus again
    await runAnalysis(other, out, { ...noStages, force: true });
    expect(readdirSync(join(out, 'texts'))).toEqual(['only.txt']);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.corpus).toMatchObject({ roots: [other], files: 1, read: 1 });
  });

  it('a folder of a different corpus is told apart by its file list, not only by its path', async () => {
    const out = join(tempDir('guard2'), 'out');
    const corpus = tempDir('growing');
    writeFileSync(join(corpus, 'a.txt'), seedText('000'));
    await runAnalysis(corpus, out, noStages);
    writeFileSync(join(corpus, 'a.txt'), seedText('000') + '\n'); // edited: still the same corpus
    await runAnalysis(corpus, out, noStages);
    mkdirSync(join(corpus, 'more'));
    writeFileSync(join(corpus, 'more', 'b.txt'), seedText('001'));
    await expect(runAnalysis(corpus, out, noStages)).rejects.toBeInstanceOf(OutputConflictError);
    expect(existsSync(join(out, 'texts', 'more__b.txt'))).toBe(false);
  });
});
