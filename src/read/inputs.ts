/**
 * The read stage: paths → documents' raw text, one `SourceText` per document,
 * and a manifest row for every file whatever happens to it.
 *
 * A folder is walked recursively in sorted order so that runs are repeatable.
 * A JSON Lines file holds one document per line (`title`, `content` or `text`,
 * optional `year` and other metadata fields). Word (.docx) and PDF files are
 * read by libraries that work asynchronously, so reading returns a Promise.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import type { ManifestEntry } from '../model/document.js';
import { countHan } from '../text/normalize.js';
import { isTrimmed } from '../text/code-units.js';
import { otherScript } from './report-text.js';
import { decodeAs, decodeBytes, DecodeError, type Decoded } from './decode.js';
import { docxToText, DocxError } from './docx.js';
import { pdfToText, PdfError } from './pdf.js';
import { docProblem, resolveFormat, sniffContent, UnreadableContent, type DeclaredFormat, type SourceFormat } from './sniff.js';
import { errorMessage, UserError } from '../model/errors.js';

export type { SourceFormat } from './sniff.js';

/**
 * What each extension promises. The bytes decide (see sniff.ts): a .txt that
 * is a PDF is read as a PDF. A .doc is read only when it is not a legacy Word
 * file (sites serve HTML pages and .docx files under that name).
 */
export const SUPPORTED_EXTENSIONS: Record<string, DeclaredFormat> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.htm': 'html',
  '.html': 'html',
  '.shtml': 'html',
  '.jsonl': 'jsonl',
  '.docx': 'docx',
  '.pdf': 'pdf',
  '.doc': 'doc',
};

export interface InputFile {
  /** Absolute path. */
  path: string;
  /** Path shown to the user and used for ids: relative to the folder it was found in. */
  file: string;
  /** Size when the inputs were collected (it decides whether worker threads pay off). */
  bytes?: number;
}

export interface SourceText {
  file: string;
  format: SourceFormat;
  encoding: string;
  bytes: number;
  /**
   * Decoded text; for HTML, the report body (and the page's chrome lines) as
   * lines of text; for .docx one line per paragraph; for PDF the text layer as
   * lines. Chrome is still in it.
   */
  rawText: string;
  /** Metadata fields carried by the input itself (JSONL lines). */
  fields: Record<string, string>;
  /** Problems that did not stop the document, e.g. invalid bytes replaced. */
  warnings: string[];
  /** sha1 of the input file's bytes (the whole file for JSONL lines). */
  sha1?: string;
}

/** A problem with one input, reported in the manifest instead of thrown out of the batch. */
export class InputError extends UserError {
  /** sha1 of the file's bytes when they could be read. */
  sha1?: string;

  constructor(
    readonly file: string,
    readonly reason: string,
    readonly status: 'failed' | 'skipped' = 'failed',
    readonly bytes = 0,
    readonly encoding = '',
  ) {
    super(`${file}: ${reason}`);
  }
}

export interface ReadOptions {
  /** Files larger than this are skipped (default 50 MB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** The input files found, and a manifest row for each path or file that is not one. */
export interface CollectedInputs {
  files: InputFile[];
  manifest: ManifestEntry[];
}

export interface CollectOptions {
  /** Folders left out of the walk (absolute paths): the run's own output folder when it lies inside an input folder. */
  exclude?: string[];
}

/**
 * Expand the user's paths into input files. Problems with the paths
 * themselves (unreadable, a folder with nothing to analyze, an unsupported
 * file) become manifest rows, never exceptions.
 *
 * Every file gets a distinct name (`file`), from which its document id is
 * made: with one path, names are relative to it; with several, each is
 * prefixed by the shortest tail of its path that no other path shares
 * (`reports/a.txt`, or `2021/reports/a.txt` beside `2022/reports/a.txt`).
 * A file reached twice (a path given twice, a folder inside another given
 * folder, two links to one file) is read once; the other reaches are listed
 * as skipped. Symbolic links to folders are followed, each folder once.
 */
export function collectInputs(paths: string[], options: CollectOptions = {}): CollectedInputs {
  const files: InputFile[] = [];
  const manifest: ManifestEntry[] = [];
  const labels = pathLabels(paths.map((p) => resolve(p)));
  const walk: Walk = {
    files,
    manifest,
    exclude: new Set((options.exclude ?? []).map((d) => realOrResolved(d))),
    seenFiles: new Map(),
    seenFolders: new Set(),
    supported: 0,
  };
  paths.forEach((given, i) => {
    const abs = resolve(given);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      manifest.push(row(given, 'failed', `cannot read path: ${errorCode(e)}`));
      return;
    }
    if (st.isDirectory()) {
      const before = walk.supported;
      const real = realOrResolved(abs);
      if (walk.seenFolders.has(real)) {
        manifest.push(row(given, 'skipped', 'folder given more than once (or inside another folder given): its files are read once'));
        return;
      }
      try {
        // A single folder's files are named relative to it, without a prefix.
        walkFolder(walk, abs, real, abs, paths.length === 1 ? '' : labels[i]!);
      } catch (e) {
        manifest.push(row(given, 'failed', `cannot read folder: ${errorCode(e)}`));
        return;
      }
      if (walk.supported === before) {
        manifest.push(
          row(given, 'skipped', `folder contains no supported files (${Object.keys(SUPPORTED_EXTENSIONS).filter((e) => e !== '.doc').join(', ')})`),
        );
      }
    } else {
      addFile(walk, abs, labels[i]!, st);
    }
  });
  return { files, manifest };
}

interface Walk {
  files: InputFile[];
  manifest: ManifestEntry[];
  exclude: Set<string>;
  /** Real path of each file taken → its name. */
  seenFiles: Map<string, string>;
  /** Real paths of the folders walked. */
  seenFolders: Set<string>;
  /** Supported files met, taken or not. */
  supported: number;
}

function realOrResolved(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return resolve(p);
  }
}

/**
 * The name of each given path (a file's name, a folder's prefix): the
 * shortest tail of its path's components that no other (different) path ends
 * with, so a single path is named by its last component.
 */
function pathLabels(roots: string[]): string[] {
  const parts = roots.map((r) => r.split(sep).filter(Boolean));
  return roots.map((root, i) => {
    const mine = parts[i]!;
    for (let k = 1; k <= mine.length; k++) {
      const tail = mine.slice(-k).join('/');
      const shared = roots.some((other, j) => other !== root && parts[j]!.slice(-k).join('/') === tail);
      if (!shared) return tail;
    }
    return mine.join('/');
  });
}

/** A file found: taken when supported, regular and not reached before; a manifest row otherwise. */
function addFile(walk: Walk, abs: string, name: string, st: Stats): void {
  if (!(extname(abs).toLowerCase() in SUPPORTED_EXTENSIONS)) {
    walk.manifest.push(row(name, 'skipped', unsupportedReason(abs), st.size));
    return;
  }
  if (!st.isFile()) {
    walk.supported++;
    // A FIFO or a device would block the read (and so the whole run) or never end.
    walk.manifest.push(row(name, 'skipped', 'not a regular file (a pipe, socket or device)'));
    return;
  }
  const docReason = SUPPORTED_EXTENSIONS[extname(abs).toLowerCase()] === 'doc' ? docProblem(head(abs)) : null;
  if (docReason) {
    walk.manifest.push(row(name, 'skipped', docReason, st.size));
    return;
  }
  walk.supported++;
  const real = realOrResolved(abs);
  const earlier = walk.seenFiles.get(real);
  if (earlier !== undefined) {
    walk.manifest.push(row(name, 'skipped', `already read as ${earlier} (the same file reached twice)`, st.size));
    return;
  }
  walk.seenFiles.set(real, name);
  walk.files.push({ path: abs, file: name, bytes: st.size });
}

/** The first bytes of a file ('' when it cannot be read: the read reports that). */
function head(path: string, n = 8192): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } catch {
    return Buffer.alloc(0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Walk `dir`, whose real path is `real`, naming its files by their path from `root` after `prefix`. */
function walkFolder(walk: Walk, dir: string, real: string, root: string, prefix: string): void {
  if (walk.exclude.has(real)) return;
  walk.seenFolders.add(real);
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const abs = join(dir, entry.name);
    const rel = [prefix, relative(root, abs).split(sep).join('/')].filter(Boolean).join('/');
    let st: Stats;
    try {
      // stat, not the entry's own type: a symbolic link is followed to what it points at.
      st = statSync(abs);
    } catch (e) {
      walk.manifest.push(row(rel, 'failed', entry.isSymbolicLink() ? `broken symbolic link: ${errorCode(e)}` : `cannot read: ${errorCode(e)}`));
      continue;
    }
    if (st.isDirectory()) {
      const realSub = realOrResolved(abs);
      if (walk.seenFolders.has(realSub)) {
        walk.manifest.push(row(rel, 'skipped', 'folder already read (given separately, or reached again through a symbolic link): its files are read once'));
        continue;
      }
      try {
        walkFolder(walk, abs, realSub, root, prefix);
      } catch (e) {
        walk.manifest.push(row(rel, 'failed', `cannot read folder: ${errorCode(e)}`));
      }
    } else {
      addFile(walk, abs, rel, st);
    }
  }
}

function unsupportedReason(name: string): string {
  const ext = extname(name).toLowerCase();
  if (ext === '.doc') return 'unsupported format .doc (legacy Word): save it as .docx or .txt';
  return ext ? `unsupported format ${ext}` : 'unsupported file without extension';
}

/** Read one input file into one or more documents' text. Rejects with InputError. */
export async function readInput(input: InputFile, options: ReadOptions = {}): Promise<SourceText[]> {
  const declared = SUPPORTED_EXTENSIONS[extname(input.path).toLowerCase()];
  if (!declared) throw new InputError(input.file, unsupportedReason(input.path), 'skipped');
  let buf: Buffer;
  try {
    const size = statSync(input.path).size;
    const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (size > max) {
      throw new InputError(input.file, `file is ${mb(size)}, larger than the ${mb(max)} limit (--max-mb)`, 'skipped', size);
    }
    buf = readFileSync(input.path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(input.file, `cannot read file: ${errorCode(e)}`);
  }
  const sha1 = createHash('sha1').update(buf).digest('hex');
  let note = '';
  try {
    if (isBlank(buf)) throw new InputError(input.file, 'empty file', 'failed', buf.length);
    const resolved = resolveFormat(input.file, declared, await sniffContent(buf), buf);
    note = resolved.note;
    const sources = await readBytes(input, resolved.format, buf);
    for (const s of sources) {
      s.sha1 = sha1;
      if (note) s.warnings.unshift(note);
    }
    return sources;
  } catch (e) {
    let err: InputError;
    if (e instanceof InputError) err = note ? new InputError(e.file, `${note}; ${e.reason}`, e.status, e.bytes, e.encoding) : e;
    else if (e instanceof UnreadableContent) err = new InputError(input.file, e.message, e.status, buf.length);
    else err = new InputError(input.file, `cannot read: ${errorMessage(e)}`, 'failed', buf.length);
    err.sha1 = sha1;
    throw err;
  }
}

/** Bytes that trim() would leave empty read as latin1 (each byte a character), looked at up to the first other byte. */
function isBlank(buf: Buffer): boolean {
  for (const b of buf) if (!isTrimmed(b)) return false;
  return true;
}

async function readBytes(input: InputFile, format: SourceFormat, buf: Buffer): Promise<SourceText[]> {
  if (format === 'docx' || format === 'pdf') return [await readBinaryDocument(input, format, buf)];
  // The HTML reader (parser and converter) is loaded by the first page: a corpus of .txt never pays for it.
  const html = format === 'html' ? await import('./html.js') : null;
  let decoded: Decoded;
  try {
    decoded = html ? decodeHtml(buf, html.declaredCharset(buf)) : decodeBytes(buf);
  } catch (e) {
    const reason = e instanceof DecodeError ? e.message : `cannot decode: ${String(e)}`;
    throw new InputError(input.file, reason, 'failed', buf.length);
  }
  const warnings = decoded.invalidBytes > 0 ? [`${decoded.invalidBytes} undecodable byte(s) replaced with U+FFFD`] : [];
  if (format === 'jsonl') return readJsonLines(input, decoded, buf.length, warnings);
  const rawText = html ? html.pageToText(decoded.text).text : decoded.text;
  checkLooksLikeText(input.file, rawText, buf.length, decoded.encoding);
  return [{ file: input.file, format, encoding: decoded.encoding, bytes: buf.length, rawText, fields: {}, warnings }];
}

async function readBinaryDocument(input: InputFile, format: 'docx' | 'pdf', buf: Buffer): Promise<SourceText> {
  let rawText: string;
  try {
    rawText = format === 'docx' ? await docxToText(buf) : (await pdfToText(buf)).text;
  } catch (e) {
    if (e instanceof PdfError) throw new InputError(input.file, e.message, e.status, buf.length, format);
    if (e instanceof DocxError) throw new InputError(input.file, e.message, 'failed', buf.length, format);
    throw new InputError(input.file, `cannot read ${format}: ${errorMessage(e)}`, 'failed', buf.length, format);
  }
  checkLooksLikeText(input.file, rawText, buf.length, format);
  return { file: input.file, format, encoding: format, bytes: buf.length, rawText, fields: {}, warnings: [] };
}

/**
 * A page's declared charset wins over detection (short pages fool detectors),
 * unless the page is valid UTF-8, or the declaration decodes worse than what
 * was detected: pages are re-saved in another encoding with the old
 * `<meta charset>` left in, and trusting it would turn the report into noise.
 */
function decodeHtml(buf: Buffer, declared: string | null): Decoded {
  const detected = decodeBytes(buf);
  if (detected.encoding.startsWith('utf-') || !declared || !iconv.encodingExists(declared)) return detected;
  const name = /^(gb2312|gbk|gb18030|x-gbk)$/.test(declared) ? 'gb18030' : declared;
  const viaDeclared = decodeAs(buf, name);
  return viaDeclared.invalidBytes > detected.invalidBytes ? detected : viaDeclared;
}

function checkLooksLikeText(file: string, text: string, bytes: number, encoding: string): void {
  // Counted in place: a copy of the text without its white space would be a whole file's text more per file.
  let nonSpace = 0;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isTrimmed(c)) continue;
    nonSpace++;
    if (c < 0x20 || c === 0xfffd) controls++;
  }
  if (nonSpace === 0) throw new InputError(file, 'no text in file', 'failed', bytes, encoding);
  if (controls / nonSpace > 0.1) {
    throw new InputError(file, `binary or undecodable file (${Math.round((100 * controls) / nonSpace)}% control or invalid characters)`, 'failed', bytes, encoding);
  }
  if (countHan(text) < 20) {
    const script = otherScript(text);
    const written = script ? `; written in ${script.script}, ${script.letters} letters` : '';
    throw new InputError(file, `no Chinese report text found (fewer than 20 Chinese characters${written})`, 'skipped', bytes, encoding);
  }
}

function readJsonLines(input: InputFile, decoded: Decoded, bytes: number, warnings: string[]): SourceText[] {
  const out: SourceText[] = [];
  const lines = decoded.text.split(/\r?\n/);
  const bad: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      bad.push(`line ${i + 1}: invalid JSON (${errorMessage(e)})`);
      return;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      bad.push(`line ${i + 1}: not a JSON object`);
      return;
    }
    const rec = obj as Record<string, unknown>;
    const body = rec.content ?? rec.text ?? rec.body;
    if (typeof body !== 'string' || body.trim() === '') {
      bad.push(`line ${i + 1}: no "content" or "text" field`);
      return;
    }
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(rec)) {
      if (k === 'content' || k === 'text' || k === 'body') continue;
      if (typeof v === 'string' || typeof v === 'number') fields[k] = String(v);
    }
    out.push({
      file: `${input.file}#${i + 1}`,
      format: 'jsonl',
      encoding: decoded.encoding,
      bytes: Buffer.byteLength(line),
      rawText: body,
      fields,
      warnings: [...warnings],
    });
  });
  if (out.length === 0) {
    throw new InputError(input.file, bad.length ? `no usable lines: ${bad.slice(0, 3).join('; ')}` : 'no documents in JSON Lines file', 'failed', bytes, decoded.encoding);
  }
  if (bad.length) out[0]!.warnings.push(`${bad.length} line(s) skipped: ${bad.slice(0, 3).join('; ')}`);
  return out;
}

export function row(file: string, status: ManifestEntry['status'], reason: string, bytes = 0, encoding = '', doc_id = ''): ManifestEntry {
  return { file, status, reason, bytes, encoding, doc_id };
}

function errorCode(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file or folder';
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied';
  if (err?.code === 'EISDIR') return 'is a folder';
  return err?.code ?? String(e);
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
