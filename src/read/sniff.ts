/**
 * What a file's bytes are, whatever its name says. Sites serve HTML pages as
 * .doc, reports are saved as .txt that are really Word (.docx) or PDF files,
 * and plain text is saved as .html; each is read by what it is, and the
 * manifest says so ("read as html: the .doc file is an HTML page").
 *
 * Binary formats are recognized by their magic bytes (file-type, which also
 * tells a Word .docx from other zip archives); text is told from an HTML page
 * by its markup. A byte-order mark means text: file-type would take the
 * UTF-16 BOM FF FE for an MPEG audio frame.
 */
import { extname } from 'node:path';
import { countHan } from '../text/normalize.js';
import { decodeBytes } from './decode.js';

export type SourceFormat = 'txt' | 'html' | 'jsonl' | 'docx' | 'pdf';
/** What a file's extension promises; a .doc may be anything (a legacy Word file, an HTML page, a .docx). */
export type DeclaredFormat = SourceFormat | 'doc';

/** What the bytes are. */
export type Content =
  | { kind: 'pdf' | 'docx' | 'html' | 'text' }
  | { kind: 'ole' | 'zip' | 'rtf' | 'mhtml' | 'binary'; name: string };

/** The format a file is read as, and the manifest note when that is not what its name says. */
export interface Resolved {
  format: SourceFormat;
  /** '' when the extension told the truth. */
  note: string;
}

/** A file whose bytes are a format fazhi does not read. */
export class UnreadableContent extends Error {
  constructor(
    message: string,
    readonly status: 'failed' | 'skipped',
  ) {
    super(message);
  }
}

const HEAD = 8192;
const LEGACY_DOC = 'unsupported format .doc (legacy Word): save it as .docx or .txt';
const MHTML_DOC = 'the .doc file is a web archive (MHTML): save it as .html or .docx';

function hasBom(buf: Buffer): boolean {
  return (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) || (buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff);
}

/** The first bytes as ASCII-compatible text: NULs (UTF-16's high bytes of ASCII) dropped, so tags read in any encoding. */
function asciiView(buf: Buffer, n = HEAD): string {
  return buf.subarray(0, n).toString('latin1').replace(/\0/g, '');
}

/** An HTML page: a doctype or an <html>/<head>/<body>/<meta> tag near the start, or a start that is a tag. */
export function looksLikeHtmlPage(buf: Buffer): boolean {
  const head = asciiView(buf).replace(/^\ufeff|^\xef\xbb\xbf|^\xff\xfe|^\xfe\xff/, '');
  return /<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s/i.test(head) || /^\s*<(\?xml|!--|[a-z][a-z0-9]*[\s>])/i.test(head);
}

/** Any HTML tag at all: a page without one is plain text, whatever its name. */
function hasMarkup(buf: Buffer): boolean {
  return /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>|<!doctype|<!--/i.test(asciiView(buf, buf.length));
}

/** Text with a report's worth of Chinese in its first bytes. */
function looksLikeChineseText(buf: Buffer): boolean {
  if (buf.subarray(0, HEAD).includes(0) && !hasBom(buf)) return false;
  try {
    return countHan(decodeBytes(buf.subarray(0, HEAD)).text) >= 20;
  } catch {
    return false;
  }
}

/** The magic numbers read without file-type, for the synchronous check at collection. */
function magic(buf: Buffer): Content | null {
  if (hasBom(buf)) return { kind: 'text' };
  if (buf.subarray(0, 1024).includes(Buffer.from('%PDF-'))) return { kind: 'pdf' };
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) return { kind: 'zip', name: 'zip archive' };
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) return { kind: 'ole', name: 'legacy Office file' };
  if (asciiView(buf, 16).startsWith('{\\rtf')) return { kind: 'rtf', name: 'RTF document' };
  // Word's "web page, single file": the page inside is quoted-printable or base64, not markup to read
  if (/^\s*MIME-Version:/i.test(asciiView(buf, 512))) return { kind: 'mhtml', name: 'web archive (MHTML)' };
  return null;
}

/** What the bytes are. */
export async function sniffContent(buf: Buffer): Promise<Content> {
  const known = magic(buf);
  if (known && known.kind !== 'zip') return known;
  // loaded on first use, like the HTML and Word readers
  const { fileTypeFromBuffer } = await import('file-type');
  const type = await fileTypeFromBuffer(buf);
  if (type?.ext === 'pdf') return { kind: 'pdf' };
  if (type?.ext === 'docx') return { kind: 'docx' };
  if (type?.ext === 'cfb') return { kind: 'ole', name: 'legacy Office file' };
  if (type?.ext === 'zip' || known?.kind === 'zip') return { kind: 'zip', name: type && type.ext !== 'zip' ? `${type.ext} file` : 'zip archive' };
  if (type && type.ext !== 'xml') return { kind: 'binary', name: `${type.ext} file (${type.mime})` };
  return looksLikeHtmlPage(buf) ? { kind: 'html' } : { kind: 'text' };
}

/**
 * Why a .doc is not worth reading (it is listed at collection with this
 * reason), or null when it is: a .doc is read when its first bytes are a PDF,
 * a zip (a .docx), an HTML page or Chinese text.
 */
export function docProblem(head: Buffer): string | null {
  const known = magic(head);
  if (known) {
    if (known.kind === 'pdf' || known.kind === 'zip' || known.kind === 'text') return null;
    if (known.kind === 'rtf') return 'the .doc file is an RTF document: save it as .docx or .txt';
    if (known.kind === 'mhtml') return MHTML_DOC;
    return LEGACY_DOC;
  }
  return looksLikeHtmlPage(head) || looksLikeChineseText(head) ? null : LEGACY_DOC;
}

const DESCRIBE: Record<SourceFormat, string> = {
  html: 'an HTML page',
  docx: 'a Word (.docx) document',
  pdf: 'a PDF document',
  txt: 'plain text',
  jsonl: 'JSON Lines',
};

/**
 * The format to read a file as: what its bytes are when that is a format
 * fazhi reads and differs from its name; otherwise what its name says, so
 * that a damaged .pdf or .docx is reported by its reader as before.
 */
export function resolveFormat(file: string, declared: DeclaredFormat, content: Content, buf: Buffer): Resolved {
  const ext = extname(file).toLowerCase() || '(no extension)';
  const as = (format: SourceFormat): Resolved => ({
    format,
    note: format === declared ? '' : `read as ${format === 'txt' ? 'text' : format}: the ${ext} file is ${format === 'txt' && declared === 'html' ? 'plain text (no HTML markup)' : DESCRIBE[format]}`,
  });
  switch (content.kind) {
    case 'pdf':
    case 'docx':
      return as(content.kind);
    case 'html':
      return declared === 'jsonl' ? as('jsonl') : as('html');
    case 'text':
      if (declared === 'jsonl' || declared === 'txt') return as(declared);
      if (declared === 'html') return hasMarkup(buf) ? as('html') : as('txt');
      // A .doc, .pdf or .docx that is text: read when it holds Chinese, else the name's reader says what is wrong.
      if (looksLikeChineseText(buf)) return as('txt');
      if (declared === 'doc') throw new UnreadableContent(LEGACY_DOC, 'skipped');
      return as(declared);
    default:
      if (declared === 'doc') {
        if (content.kind === 'mhtml') throw new UnreadableContent(MHTML_DOC, 'skipped');
        throw new UnreadableContent(content.kind === 'ole' ? LEGACY_DOC : `the .doc file is a ${content.name}, not a Word document: save it as .docx or .txt`, 'skipped');
      }
      if (declared === 'docx' || declared === 'pdf') return as(declared);
      throw new UnreadableContent(
        content.kind === 'ole'
          ? `the ${ext} file is a legacy Word (.doc) or other Office 97-2003 file, not text: save it as .docx or .txt`
          : `the ${ext} file is a ${content.name}, not text`,
        'failed',
      );
  }
}
