/**
 * `fazhi export qdpx` and `fazhi export qdc` on a real analysis of the five
 * bundled reports: the project and the codebook validate against the
 * REFI-QDA standard's own schemas (test/fixtures/refi-qda/, see its
 * README.md), every coded selection is its sentence counted in code points,
 * the zip holds project.qde and the sources it names, and the same folder
 * gives the same bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { validateXML } from 'xmllint-wasm';
import { readCsv } from '../../src/output/csv.js';
import { codePointIndex, PROJECT_NS } from '../../src/export/qdpx.js';
import { codeTree, readCodebookEntries } from '../../src/export/codebook.js';
import { defaultThemeDictionary } from '../../src/themes/index.js';
import { SEED_DIR } from '../helpers/seeds.js';
import { fazhi as fazhiIn, ROOT } from '../helpers/cli.js';
import { seedAnalysis } from '../helpers/seed-folders.js';

const FIXTURES = join(ROOT, 'test/fixtures/refi-qda');
const TMP = mkdtempSync(join(tmpdir(), 'fazhi-qdpx-'));
/** The seeds analyzed once for the run (read only). */
const ANALYSIS = seedAnalysis();

const fazhi = (...args: string[]) => fazhiIn(args, { cwd: process.cwd() });

async function validate(xml: string, xsd: string) {
  return validateXML({
    xml: [{ fileName: 'instance.xml', contents: xml }],
    schema: [{ fileName: xsd, contents: readFileSync(join(FIXTURES, xsd), 'utf8') }],
    maxMemoryPages: 4096,
  });
}

const elements = (parent: { getElementsByTagNameNS(ns: string, n: string): ArrayLike<Element> }, name: string, ns = PROJECT_NS): Element[] =>
  Array.from(parent.getElementsByTagNameNS(ns, name));

let qdpx: Buffer;
let zip: JSZip;
let qde: string;
let project: ReturnType<DOMParser['parseFromString']>;
let sentences: Array<Record<string, string>>;
let documents: Array<Record<string, string>>;

beforeAll(async () => {
  const out = join(TMP, 'seeds.qdpx');
  const r = fazhi('export', 'qdpx', ANALYSIS, '--out', out);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/5 sources, \d+ coded sentences/);
  qdpx = readFileSync(out);
  zip = await JSZip.loadAsync(qdpx);
  qde = await zip.file('project.qde')!.async('string');
  project = new DOMParser().parseFromString(qde, 'text/xml');
  sentences = readCsv(readFileSync(join(ANALYSIS, 'sentences.csv'), 'utf8')).filter((s) => s.kind === 'sentence');
  documents = readCsv(readFileSync(join(ANALYSIS, 'documents.csv'), 'utf8'));
}, 120_000);

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe('fazhi export qdpx', { timeout: 60_000 }, () => {
  it('project.qde is valid against the REFI-QDA Project.xsd, and the validator rejects a project that breaks it', async () => {
    const ok = await validate(qde, 'Project.xsd');
    expect(ok.errors.map((e) => e.rawMessage)).toEqual([]);
    expect(ok.valid).toBe(true);
    // A selection without its required endPosition: the same validator must say no.
    const broken = qde.replace(/ endPosition="\d+"/, '');
    const bad = await validate(broken, 'Project.xsd');
    expect(bad.valid).toBe(false);
    expect(bad.errors[0]!.message).toMatch(/endPosition/);
  });

  it('the zip holds project.qde and, under sources/, each report\'s cleaned text as UTF-8, named by the GUID its TextSource gives', async () => {
    const names = Object.keys(zip.files).sort();
    expect(names[0]).toBe('project.qde');
    const sources = elements(project, 'TextSource');
    expect(sources.map((s) => s.getAttribute('name')).sort()).toEqual(documents.map((d) => d.doc_id).sort());
    expect(names.slice(1)).toEqual(sources.map((s) => s.getAttribute('plainTextPath')!.replace('internal://', 'sources/')).sort());
    for (const s of sources) {
      const text = await zip.file(s.getAttribute('plainTextPath')!.replace('internal://', 'sources/'))!.async('string');
      expect(text).toBe(readFileSync(join(ANALYSIS, 'texts', `${s.getAttribute('name')}.txt`), 'utf8'));
    }
  });

  it('every sentence is a selection whose code points are the sentence, coded with its function and themes, its cues in the description', async () => {
    const codeName = new Map(elements(project, 'Code').map((c) => [c.getAttribute('guid')!, c.getAttribute('name')!]));
    const selections = new Map<string, { text: string; codes: string[]; description: string }>();
    for (const s of elements(project, 'TextSource')) {
      const points = Array.from(await zip.file(s.getAttribute('plainTextPath')!.replace('internal://', 'sources/'))!.async('string'));
      for (const sel of elements(s, 'PlainTextSelection')) {
        const [start, end] = [Number(sel.getAttribute('startPosition')), Number(sel.getAttribute('endPosition'))];
        selections.set(sel.getAttribute('name')!, {
          text: points.slice(start, end).join(''),
          codes: elements(sel, 'CodeRef').map((c) => codeName.get(c.getAttribute('targetGUID')!)!.split(' ').pop()!),
          description: elements(sel, 'Description')[0]?.textContent ?? '',
        });
      }
    }
    expect(selections.size).toBe(sentences.length);
    for (const row of sentences) {
      const sel = selections.get(`${row.doc_id} #${row.unit_index}`)!;
      expect(sel.text).toBe(row.text);
      expect(sel.codes).toEqual([row.function, ...row.themes!.split(';').filter(Boolean)]);
      if (row.cues) expect(sel.description).toContain(row.cues);
    }
    // A real sentence of the Gaoliang report (codebook §4.2), coded as the tagger coded it.
    const rate = sentences.find((s) => s.text!.startsWith('本年度我镇干部参加网上普法考试通过率100%'))!;
    expect(selections.get(`${rate.doc_id} #${rate.unit_index}`)!.codes[0]).toBe('outcome');
  });

  it('converts UTF-16 offsets to code points: a character beyond the BMP counts once', () => {
    // 𠮷 (U+20BB7) is two UTF-16 code units; the bundled reports happen to have none.
    const text = '𠮷镇开展普法活动';
    const cp = codePointIndex(text);
    expect(cp[2]).toBe(1);
    expect(cp[text.length]).toBe(Array.from(text).length);
    for (const d of documents) {
      const t = readFileSync(join(ANALYSIS, 'texts', `${d.doc_id}.txt`), 'utf8');
      expect(codePointIndex(t)[t.length]).toBe(Array.from(t).length);
    }
  });

  it('documents.csv becomes typed variables on every source, and each township a case with its place and its reports', () => {
    const vars = new Map(elements(project, 'Variable').map((v) => [v.getAttribute('guid')!, v]));
    const typeOf = (name: string) => [...vars.values()].find((v) => v.getAttribute('name') === name)?.getAttribute('typeOfVariable');
    expect(typeOf('report_year')).toBe('Integer');
    expect(typeOf('published')).toBe('Date');
    expect(typeOf('division_code')).toBe('Text');
    expect(typeOf('title')).toBe('Text');
    for (const s of elements(project, 'TextSource')) {
      const doc = documents.find((d) => d.doc_id === s.getAttribute('name'))!;
      const values = new Map(
        elements(s, 'VariableValue').map((vv) => {
          const [ref, value] = Array.from(vv.childNodes).filter((n): n is Element => n.nodeType === 1);
          return [vars.get(ref!.getAttribute('targetGUID')!)!.getAttribute('name')!, value!.textContent];
        }),
      );
      expect(values.get('report_year')).toBe(doc.report_year);
      expect(values.get('township')).toBe(doc.township);
      expect(values.has('published')).toBe(doc.published !== '');
    }
    const cases = elements(project, 'Case');
    expect(cases.map((c) => c.getAttribute('name'))).toContain('重庆市万州区高梁镇');
    expect(cases.flatMap((c) => elements(c, 'SourceRef')).length).toBe(documents.length);
  });

  it('the codebook nests sub-themes under their theme and names codes as docs/codebook.md does', () => {
    const top = elements(project, 'Codes')[0]!;
    const groups = Array.from(top.childNodes).filter((n): n is Element => n.nodeType === 1);
    expect(groups.map((g) => [g.getAttribute('name'), g.getAttribute('isCodable')])).toEqual([['句子功能 function', 'false'], ['主题 themes', 'false']]);
    const names = elements(project, 'Code').map((c) => c.getAttribute('name'));
    for (const n of ['措施 measure', '成效 outcome', '问题 shortcoming', '计划 plan', '建议 suggestion', '其他 other', '普法宣传教育 publicity', '印刷与张贴宣传品 pub_print']) expect(names).toContain(n);
    const publicity = elements(project, 'Code').find((c) => c.getAttribute('name')!.endsWith(' publicity'))!;
    const subs = Array.from(publicity.childNodes).filter((n): n is Element => n.nodeType === 1 && n.localName === 'Code').map((c) => c.getAttribute('name')!.split(' ').pop());
    expect(subs).toEqual(['pub_print', 'pub_event', 'pub_digital', 'pub_targeted', 'pub_grassroots']);
    // Every category of the shipped dictionary is in the tree, with the codebook's label.
    const entries = readCodebookEntries(readFileSync(join(ROOT, 'docs/codebook.md'), 'utf8'));
    for (const c of defaultThemeDictionary().categories) expect(entries.get(c.id)?.label, c.id).toBeTruthy();
    expect(codeTree(defaultThemeDictionary())[1]!.children.length).toBe(13);
  });

  it('the same folder gives the same file byte for byte, with fixed dates in the zip', () => {
    const again = join(TMP, 'again.qdpx');
    expect(fazhi('export', 'qdpx', ANALYSIS, '--out', again, '-q').status).toBe(0);
    expect(readFileSync(again).equals(qdpx)).toBe(true);
    for (const f of Object.values(zip.files)) expect(f.date.getUTCFullYear()).toBe(1980);
  });

  it('a folder whose texts do not match its sentences, or that is no analysis, exits 2 naming the file', () => {
    const damaged = join(TMP, 'damaged');
    cpSync(ANALYSIS, damaged, { recursive: true });
    const first = readdirSync(join(damaged, 'texts'))[0]!;
    writeFileSync(join(damaged, 'texts', first), readFileSync(join(damaged, 'texts', first), 'utf8').slice(40));
    const r = fazhi('export', 'qdpx', damaged, '--out', join(TMP, 'x.qdpx'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/sentences\.csv: row \d+: .*texts\/ and sentences\.csv come from different analyses/);
    const empty = mkdtempSync(join(TMP, 'empty-'));
    copyFileSync(join(ANALYSIS, 'documents.csv'), join(empty, 'documents.csv'));
    const e = fazhi('export', 'qdpx', empty, '--out', join(TMP, 'y.qdpx'));
    expect(e.status).toBe(2);
    expect(e.stderr).toContain('sentences.csv: not found');
  });
});

describe('fazhi export qdc', { timeout: 60_000 }, () => {
  it('writes the codebook alone, valid against the REFI-QDA Codebook.xsd, with the GUIDs of the exported project', async () => {
    const out = join(TMP, 'codebook.qdc');
    const r = fazhi('export', 'qdc', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const xml = readFileSync(out, 'utf8');
    const result = await validate(xml, 'Codebook.xsd');
    expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
    expect(result.valid).toBe(true);
    expect((await validate(xml.replace(/ isCodable="true"/, ''), 'Codebook.xsd')).valid).toBe(false);
    const book = new DOMParser().parseFromString(xml, 'text/xml');
    const codes = (d: typeof book, ns: string) => elements(d, 'Code', ns).map((c) => `${c.getAttribute('guid')} ${c.getAttribute('name')}`);
    expect(codes(book, 'urn:QDA-XML:codebook:1.0')).toEqual(codes(project, PROJECT_NS));
    // From the analysis folder: the dictionary its run.json records (here the shipped one).
    const fromFolder = join(TMP, 'folder.qdc');
    expect(fazhi('export', 'qdc', ANALYSIS, '--out', fromFolder, '-q').status).toBe(0);
    expect(readFileSync(fromFolder, 'utf8')).toBe(xml);
  });
  it('a missing analysis folder, a folder that is no analysis and a --dict that is no YAML exit 2 with the message', () => {
    const missing = fazhi('export', 'qdc', join(TMP, 'no-such-analysis'), '--out', join(TMP, 'missing.qdc'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`fazhi: ${join(TMP, 'no-such-analysis')}: not a folder\n`);
    const empty = mkdtempSync(join(TMP, 'not-analysis-'));
    const notAnalysis = fazhi('export', 'qdc', empty, '--out', join(TMP, 'empty.qdc'));
    expect(notAnalysis.status).toBe(2);
    expect(notAnalysis.stderr).toContain(`${join(empty, 'documents.csv')}: not found (is this a folder written by \`fazhi analyze\`?)`);
    const broken = join(TMP, 'broken.yml');
    writeFileSync(broken, 'publicity: [普法\n');
    const badDict = fazhi('export', 'qdc', '--dict', broken, '--out', join(TMP, 'broken.qdc'));
    expect(badDict.status).toBe(2);
    expect(badDict.stderr.startsWith(`fazhi: ${broken}: invalid YAML`), badDict.stderr).toBe(true);
    expect(badDict.stderr).not.toMatch(/\n\s+at /);
  });

  it('takes the theme dictionary the analysis recorded: a --dict category is a code of its own, and a dictionary that is gone is an error', async () => {
    const dict = join(TMP, 'grassroots.yml');
    copyFileSync(join(ROOT, 'notebooks/dictionaries/grassroots-governance.yml'), dict);
    const folder = join(TMP, 'with-dict');
    expect(fazhi('analyze', SEED_DIR, '-o', folder, '--dict', dict, '-q').status).toBe(0);
    const out = join(TMP, 'with-dict.qdc');
    expect(fazhi('export', 'qdc', folder, '--out', out, '-q').status).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect((await validate(xml, 'Codebook.xsd')).valid).toBe(true);
    expect(xml).toContain('name="grid_governance"');
    expect(xml).toContain('name="普法宣传教育 publicity"');
    const project = join(TMP, 'with-dict.qdpx');
    expect(fazhi('export', 'qdpx', folder, '--out', project, '-q').status).toBe(0);
    const qde = await (await JSZip.loadAsync(readFileSync(project))).file('project.qde')!.async('string');
    expect((await validate(qde, 'Project.xsd')).valid).toBe(true);
    rmSync(dict);
    const gone = fazhi('export', 'qdc', folder, '--out', out);
    expect(gone.status).toBe(2);
    expect(gone.stderr).toContain(`the analysis used the theme dictionary ${dict}, which is not there any more`);
  });
});
