/**
 * PDF attachments → text lines, via unpdf (a build of Mozilla's pdf.js that
 * runs in Node without a worker, a canvas or any download).
 *
 * A PDF has no lines, only positioned text items. Items are grouped into lines
 * by their baseline (y), ordered by x within a line, and a paragraph that the
 * word processor wrapped at the right margin is joined again: a line that
 * reaches the margin continues on the next line when that one is not indented
 * and does not start with a heading number (GB/T 9704 documents indent every
 * paragraph by two characters). Page numbers (- 3 -, 第3页) at the top or
 * bottom of a page are dropped. A PDF without a text layer (a scan) is
 * reported as such, not analyzed as an empty report.
 *
 * PDFs whose fonts are not embedded but use a predefined Chinese encoding
 * (UniGB-UCS2-H, GBK-EUC-H…, as iText with STSong-Light writes them) are
 * decoded with Adobe's CMaps shipped in data/cmaps, read from disk: nothing is
 * fetched at run time.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PDFDocumentProxy } from 'unpdf/pdfjs';
import { errorMessage } from '../model/errors.js';

/** unpdf (pdf.js) is loaded on first use: most corpora have no PDF files. */
const unpdf = () => import('unpdf');

export class PdfError extends Error {
  constructor(
    message: string,
    readonly status: 'failed' | 'skipped' = 'failed',
  ) {
    super(message);
  }
}

export const SCANNED_PDF = 'scanned PDF: no text layer (needs OCR)';

const CMAP_DIR = fileURLToPath(new URL('../../data/cmaps/', import.meta.url));

/** pdf.js asks for CMaps (and nothing else, with system fonts off and no rendering) through this factory. */
function binaryDataFactory(missing: string[]) {
  return class LocalBinaryDataFactory {
    async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
      const name = basename(filename);
      if (kind === 'cMapUrl') {
        try {
          return new Uint8Array(readFileSync(join(CMAP_DIR, name)));
        } catch {
          /* reported below */
        }
      }
      missing.push(name.replace(/\.bcmap$/, ''));
      throw new Error(`${kind} ${name} is not available offline`);
    }
  };
}

interface Item {
  x: number;
  y: number;
  right: number;
  size: number;
  str: string;
}

interface Line {
  x: number;
  right: number;
  size: number;
  text: string;
}

/** A line starting like a heading (一、 (一) 1. 一是 第一部分) begins a new paragraph. */
const HEADING_START = /^\s*([一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．](?!\d)|[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十]{1,3}(部分|章))/;
const PAGE_NUMBER = /^\s*([-—–－~]\s*)?\d{1,4}(\s*[-—–－~])?\s*$|^\s*第\s*\d{1,4}\s*页(\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?\s*$|^\s*\d{1,4}\s*[/／]\s*\d{1,4}\s*$/;

export async function pdfToText(bytes: Buffer): Promise<{ text: string; pages: number }> {
  let pdf;
  const missing: string[] = [];
  try {
    // pdf.js may detach the buffer it is given: hand it a copy.
    const { getDocumentProxy } = await unpdf();
    pdf = await getDocumentProxy(new Uint8Array(bytes), {
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      useWorkerFetch: false,
      cMapPacked: true,
      BinaryDataFactory: binaryDataFactory(missing),
    });
  } catch (e) {
    const err = e as Error;
    if (err?.name === 'PasswordException') throw new PdfError('encrypted PDF: needs a password');
    if (err?.name === 'InvalidPDFException') throw new PdfError('not a valid PDF (damaged or truncated file)');
    throw new PdfError(`cannot read PDF: ${errorMessage(e)}`);
  }
  try {
    const pages: Line[][] = [];
    let chars = 0;
    for (let p = 1; p <= pdf.numPages; p++) {
      let items: Item[] = [];
      try {
        const page = await pdf.getPage(p);
        const content = await page.getTextContent();
        items = toItems(content.items);
      } catch {
        // A damaged page loses its own text only.
      }
      const lines = toLines(items);
      for (const l of lines) chars += l.text.replace(/\s/g, '').length;
      pages.push(lines);
    }
    if (chars < 20) {
      if (missing.length) throw new PdfError(`PDF text uses a font encoding with no table here (${[...new Set(missing)].join(', ')}): cannot be decoded`);
      throw new PdfError((await hasImages(pdf)) ? SCANNED_PDF : 'PDF has no text (blank pages)', 'skipped');
    }
    const text = joinPages(pages);
    const nonSpace = text.replace(/\s/g, '');
    let garbage = 0;
    for (let i = 0; i < nonSpace.length; i++) {
      const c = nonSpace.charCodeAt(i);
      if (c < 0x20 || (c >= 0xe000 && c <= 0xf8ff) || c === 0xfffd) garbage++;
    }
    if (garbage / nonSpace.length > 0.3) {
      throw new PdfError('PDF text layer cannot be decoded (fonts without a Unicode map): needs OCR', 'skipped');
    }
    return { text, pages: pdf.numPages };
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

function toItems(raw: ReadonlyArray<unknown>): Item[] {
  const out: Item[] = [];
  for (const it of raw) {
    const item = it as { str?: string; transform?: number[]; width?: number; height?: number };
    if (typeof item.str !== 'string' || item.str === '' || !item.transform) continue;
    const [a = 0, b = 0, , , x = 0, y = 0] = item.transform;
    const size = Math.abs(item.height ?? 0) || Math.hypot(a, b) || 1;
    out.push({ x, y, right: x + (item.width ?? 0), size, str: item.str });
  }
  return out;
}

/** Items → lines: cluster by baseline, order by x, join (a space only where Latin words meet across a gap). */
function toLines(items: Item[]): Line[] {
  const sorted = [...items].sort((p, q) => q.y - p.y || p.x - q.x);
  const clusters: Item[][] = [];
  let current: Item[] = [];
  let lineY = Number.NaN;
  let lineSize = 0;
  for (const it of sorted) {
    if (current.length > 0 && Math.abs(it.y - lineY) <= 0.5 * Math.max(lineSize, it.size)) {
      current.push(it);
      lineSize = Math.max(lineSize, it.size);
      continue;
    }
    if (current.length) clusters.push(current);
    current = [it];
    lineY = it.y;
    lineSize = it.size;
  }
  if (current.length) clusters.push(current);

  const lines: Line[] = [];
  for (const cluster of clusters) {
    cluster.sort((p, q) => p.x - q.x);
    let text = '';
    let prev: Item | null = null;
    for (const it of cluster) {
      if (prev && text !== '' && !/\s$/.test(text) && !/^\s/.test(it.str)) {
        const gap = it.x - prev.right;
        const latin = /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(it.str);
        if ((latin && gap > 0.15 * it.size) || gap > 1.5 * it.size) text += ' ';
      }
      text += it.str;
      prev = it;
    }
    text = text.replace(/[ \t]+/g, ' ').trim();
    if (text === '') continue;
    const size = Math.max(...cluster.map((c) => c.size));
    lines.push({ x: cluster[0]!.x, right: Math.max(...cluster.map((c) => c.right)), size, text });
  }
  // page numbers at the top or bottom of the page
  while (lines.length && PAGE_NUMBER.test(lines[lines.length - 1]!.text)) lines.pop();
  while (lines.length && PAGE_NUMBER.test(lines[0]!.text)) lines.shift();
  return lines;
}

/** Lines of all pages → text, joining lines that a word processor wrapped. */
function joinPages(pages: Line[][]): string {
  const out: string[] = [];
  let prev: { line: Line; left: number; right: number } | null = null;
  for (const lines of pages) {
    if (lines.length === 0) continue;
    const left = Math.min(...lines.map((l) => l.x));
    const right = Math.max(...lines.map((l) => l.right));
    for (const line of lines) {
      if (prev && continues(prev, line, left)) out[out.length - 1] += line.text;
      else out.push(line.text);
      prev = { line, left, right };
    }
  }
  return out.join('\n');
}

function continues(prev: { line: Line; left: number; right: number }, line: Line, left: number): boolean {
  const p = prev.line;
  const size = Math.max(p.size, line.size);
  if (Math.abs(p.size - line.size) > 0.2 * size) return false;
  const full = p.right >= prev.right - 2 * size && p.x <= prev.left + 2.5 * size;
  const unindented = line.x <= left + 0.5 * size;
  return full && unindented && !HEADING_START.test(line.text);
}

async function hasImages(pdf: PDFDocumentProxy): Promise<boolean> {
  try {
    const { OPS } = await (await unpdf()).getResolvedPDFJS();
    const imageOps = new Set([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat]);
    for (let p = 1; p <= Math.min(pdf.numPages, 3); p++) {
      const ops = await (await pdf.getPage(p)).getOperatorList();
      if (ops.fnArray.some((f) => imageOps.has(f))) return true;
    }
  } catch {
    /* undecidable: say no text, not scanned */
  }
  return false;
}
