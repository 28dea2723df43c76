/**
 * `fazhi export qdpx`: an analysis folder as a REFI-QDA project (the
 * exchange standard that NVivo, MAXQDA, ATLAS.ti, QDA Miner and QualCoder
 * import), so a researcher can check, correct and extend fazhi's codes in the
 * tool they code with.
 *
 * The .qdpx file is a zip holding project.qde (XML, namespace
 * urn:QDA-XML:project:1.0, valid against the standard's Project.xsd) and
 * sources/ with each report's cleaned text as a UTF-8 .txt named by its GUID
 * (REFI-QDA 1.5 §8). In project.qde:
 *   - CodeBook: the functions and the themes (sub-themes nested), named and
 *     described as in docs/codebook.md;
 *   - Sources: one TextSource per report, with every sentence as a
 *     PlainTextSelection at its place, coded with its function and themes by
 *     the user "fazhi", and the cue evidence as the selection's description;
 *   - Variables: the columns of documents.csv, valued on each source, and the
 *     place columns valued on one Case per township, which groups its reports.
 *
 * Positions: REFI-QDA counts Unicode code points (§10.2), fazhi UTF-16 code
 * units; a character outside the Basic Multilingual Plane (rare CJK
 * extensions such as 𠮷) is one of the first and two of the second. As in
 * fazhi's tables, endPosition is the position after the last character (the
 * way QualCoder, for one, slices a selection out of its source).
 * Same folder, same file byte for byte: GUIDs are name-based, no date is
 * written, the zip entries carry a fixed date.
 */
import JSZip from 'jszip';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { ThemeCategory, ThemeDictionary } from '../themes/index.js';
import { readAnalysisFolder, type AnalyzedDocument, type AnalysisFolder } from './analysis.js';
import { codeTree, codesById, type CodeNode } from './codebook.js';
import { caseGuid, codingGuid, selectionGuid, sourceFileGuid, sourceGuid, userGuid, variableGuid } from './guid.js';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';
export const FAZHI_USER = 'fazhi';

/** Zip entries' date: DOS times start in 1980, and a fixed one keeps the file the same from run to run. */
export const ZIP_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

/** index → code-point index for every UTF-16 index of a text (and its end). */
export function codePointIndex(text: string): Uint32Array {
  const out = new Uint32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    out[i] = cp;
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point: the low one shares its index.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out[++i] = cp;
      }
    }
    cp++;
  }
  out[text.length] = cp;
  return out;
}

/** The codebook's tree, with any theme the sentences carry that the dictionary lacks (placed under the parent themes.csv gives it). */
function treeFor(folder: AnalysisFolder): CodeNode[] {
  let dict: ThemeDictionary = folder.dictionary;
  if (folder.extraThemes.size > 0) {
    const extra: ThemeCategory[] = [];
    const known = new Set(dict.categories.map((c) => c.id));
    const ordered = [...folder.extraThemes].sort(([, a], [, b]) => Number(a !== '') - Number(b !== ''));
    for (const [id, parent] of ordered) {
      extra.push({ id, parent: parent && (known.has(parent) || folder.extraThemes.has(parent)) ? parent : null, terms: [], weak: [], exclude: [], label: null, short: null, subChart: null, source: 'themes.csv' });
    }
    dict = { ...dict, categories: [...dict.categories, ...extra] };
  }
  return codeTree(dict);
}

type VariableType = 'Text' | 'Integer' | 'Date';

interface VariableDef {
  column: string;
  guid: string;
  type: VariableType;
}

/** Report columns that describe the place, valued on the township's case too. */
const PLACE_COLUMNS = ['township', 'county', 'city', 'province', 'admin_level', 'division_code'];

const INTEGER = /^-?\d{1,15}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * One variable per documents.csv column (doc_id names the source instead),
 * typed by its values: whole numbers are Integer, ISO dates Date, anything
 * else Text. Codes such as division_code stay Text: their leading digits are
 * a code, not a magnitude, and a zero in front must survive.
 */
function variablesOf(folder: AnalysisFolder): VariableDef[] {
  return folder.metaColumns
    .filter((c) => c !== 'doc_id')
    .map((column) => {
      const values = folder.documents.map((d) => (d.meta[column] ?? '').trim()).filter((v) => v !== '');
      let type: VariableType = 'Text';
      if (column !== 'division_code' && values.length > 0) {
        if (values.every((v) => INTEGER.test(v))) type = 'Integer';
        else if (values.every(isDate)) type = 'Date';
      }
      return { column, guid: variableGuid(column), type };
    });
}

function addVariableValue(parent: XMLBuilder, v: VariableDef, value: string): void {
  const vv = parent.ele('VariableValue');
  vv.ele('VariableRef', { targetGUID: v.guid });
  const element = v.type === 'Integer' ? 'IntegerValue' : v.type === 'Date' ? 'DateValue' : 'TextValue';
  vv.ele(element).txt(value);
}

function addCode(parent: XMLBuilder, node: CodeNode): void {
  const attrs: Record<string, string> = { guid: node.guid, name: node.name, isCodable: String(node.codable) };
  if (node.color) attrs.color = node.color;
  const el = parent.ele('Code', attrs);
  el.ele('Description').txt(node.description);
  for (const c of node.children) addCode(el, c);
}

/** The codebook's Codes element, for project.qde and for a .qdc file. */
export function addCodes(parent: XMLBuilder, tree: readonly CodeNode[]): void {
  const codes = parent.ele('Codes');
  for (const n of tree) addCode(codes, n);
}

/** The evidence behind a sentence's codes, as the selection's description (a QDA tool shows it as the coding's memo). */
function evidence(s: AnalyzedDocument['sentences'][number]): string {
  const lines: string[] = [];
  if (s.function) {
    const how = [s.model && `model ${s.model}`, s.confidence && `confidence ${s.confidence}`].filter(Boolean).join(', ');
    lines.push(`function ${s.function}${how ? ` (${how})` : ''}: ${s.cues || 'no cue'}`);
  }
  if (s.themes.length > 0) lines.push(`themes ${s.themes.join(', ')}: ${s.themeCues || 'no cue'}`);
  if (s.section) lines.push(`section ${s.section}`);
  return lines.join('\n');
}

/** A township's key and name, from the place columns; null when the report names no township. */
function placeOf(doc: AnalyzedDocument): { key: string; name: string } | null {
  const m = doc.meta;
  const township = (m.township ?? '').trim();
  if (!township) return null;
  const parts = [m.province, m.city, m.county, township].map((p) => (p ?? '').trim()).filter((p) => p !== '');
  const name = parts.filter((p, i) => p !== parts[i - 1]).join('');
  return { key: `${m.province ?? ''}/${m.county ?? ''}/${township}`, name };
}

/** What a REFI-QDA project holds: sources, coded selections, codes, variables, cases. */
export interface QdpxSummary {
  sources: number;
  selections: number;
  codings: number;
  codes: number;
  variables: number;
  cases: number;
}

/** The project.qde XML of an analysis folder (and the counts a caller reports). */
export function projectXml(folder: AnalysisFolder, options: { name?: string; origin?: string } = {}): { xml: string; summary: QdpxSummary } {
  const tree = treeFor(folder);
  const codes = codesById(tree);
  const user = userGuid(FAZHI_USER);
  const variables = variablesOf(folder);
  const summary: QdpxSummary = { sources: folder.documents.length, selections: 0, codings: 0, codes: [...codes.values()].filter((c) => c.codable).length, variables: variables.length, cases: 0 };

  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\ufffd' });
  const project = doc.ele(PROJECT_NS, 'Project', {
    name: options.name ?? 'fazhi analysis',
    origin: options.origin ?? 'fazhi',
    creatingUserGUID: user,
  });
  project.ele('Users').ele('User', { guid: user, name: FAZHI_USER, id: FAZHI_USER });
  addCodes(project.ele('CodeBook'), tree);

  if (variables.length > 0) {
    const vars = project.ele('Variables');
    for (const v of variables) {
      vars.ele('Variable', { guid: v.guid, name: v.column, typeOfVariable: v.type }).ele('Description').txt(`documents.csv column ${v.column}`);
    }
  }

  // One case per township, valued with its place columns, grouping its reports of every year.
  const cases = new Map<string, { name: string; docs: AnalyzedDocument[] }>();
  for (const d of folder.documents) {
    const place = placeOf(d);
    if (!place) continue;
    const c = cases.get(place.key) ?? { name: place.name, docs: [] };
    c.docs.push(d);
    cases.set(place.key, c);
  }
  if (cases.size > 0) {
    const el = project.ele('Cases');
    for (const key of [...cases.keys()].sort()) {
      const c = cases.get(key)!;
      const caseEl = el.ele('Case', { guid: caseGuid(key), name: c.name });
      const first = c.docs[0]!;
      for (const v of variables) {
        const value = (first.meta[v.column] ?? '').trim();
        if (PLACE_COLUMNS.includes(v.column) && value !== '') addVariableValue(caseEl, v, value);
      }
      for (const d of c.docs) caseEl.ele('SourceRef', { targetGUID: sourceGuid(d.id) });
    }
    summary.cases = cases.size;
  }

  const sources = project.ele('Sources');
  for (const d of folder.documents) {
    const source = sources.ele('TextSource', { guid: sourceGuid(d.id), name: d.id, plainTextPath: `internal://${sourceFileGuid(d.id)}.txt` });
    const title = (d.meta.title ?? '').trim();
    source.ele('Description').txt([title, d.meta.file ? `file ${d.meta.file}` : ''].filter(Boolean).join('\n'));
    const cp = codePointIndex(d.text);
    for (const s of d.sentences) {
      const applied = [s.function, ...s.themes].filter((c) => c !== '' && codes.get(c)?.codable);
      const sel = source.ele('PlainTextSelection', {
        guid: selectionGuid(d.id, s.unitIndex),
        name: `${d.id} #${s.unitIndex}`,
        startPosition: String(cp[s.start]),
        endPosition: String(cp[s.end]),
        creatingUser: user,
      });
      const memo = evidence(s);
      if (memo) sel.ele('Description').txt(memo);
      for (const code of applied) {
        sel.ele('Coding', { guid: codingGuid(d.id, s.unitIndex, code), creatingUser: user }).ele('CodeRef', { targetGUID: codes.get(code)!.guid });
      }
      summary.selections++;
      summary.codings += applied.length;
    }
    for (const v of variables) {
      const value = (d.meta[v.column] ?? '').trim();
      if (value !== '') addVariableValue(source, v, value);
    }
  }
  return { xml: doc.end({ prettyPrint: true, indent: '  ' }), summary };
}

/** The zip's path of a report's text: sources/ holds the files flat, named by GUID (§8.3, §8.4). */
export function sourcePath(docId: string): string {
  return `sources/${sourceFileGuid(docId)}.txt`;
}

/**
 * A .qdpx file's bytes for an analysis folder.
 * @example
 * const { bytes, summary } = await exportQdpx('out');
 * writeFileSync('fazhi.qdpx', bytes);   // for NVivo, MAXQDA, ATLAS.ti, QDA Miner or QualCoder
 */
export async function exportQdpx(dir: string, options: { name?: string; origin?: string } = {}): Promise<{ bytes: Uint8Array; summary: QdpxSummary }> {
  const folder = readAnalysisFolder(dir);
  const { xml, summary } = projectXml(folder, options);
  const zip = new JSZip();
  zip.file('project.qde', xml, { date: ZIP_DATE, createFolders: false });
  for (const d of folder.documents) zip.file(sourcePath(d.id), d.text, { date: ZIP_DATE, createFolders: false });
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
  return { bytes, summary };
}
