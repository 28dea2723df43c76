/**
 * Minimal PDF writer for tests, with no font files: text is drawn with a
 * Type0 font (Identity-H, 2-byte codes = UTF-16 code units) that is not
 * embedded, and a ToUnicode CMap maps the codes back to text, which is exactly
 * what a PDF text layer is. A page may instead hold only an image, the way a
 * scanner writes one. With `predefined`, the font is instead the way iText
 * writes STSong-Light: a predefined CJK encoding (UniGB-UCS2-H, GBK-EUC-H…)
 * and no ToUnicode map, so a reader needs Adobe's CMaps.
 */
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import iconv from 'iconv-lite';

export interface PdfOptions {
  predefined?: { encoding: string; ordering: string; baseFont: string };
}

export interface PdfLine {
  x: number;
  y: number;
  size: number;
  text: string;
}

export type PdfPage = { lines: PdfLine[] } | { image: { width: number; height: number } };

const PAGE_W = 595;
const PAGE_H = 842;

/** Lay out paragraphs the way a word processor prints them: 2-character indent, wrapped at the margin, pages numbered. */
export function layoutParagraphs(paragraphs: string[], opts: { size?: number; perLine?: number; linesPerPage?: number; pageNumbers?: boolean } = {}): PdfPage[] {
  const size = opts.size ?? 12;
  const perLine = opts.perLine ?? 36;
  const linesPerPage = opts.linesPerPage ?? 36;
  const left = 72;
  const top = PAGE_H - 72;
  const pages: PdfPage[] = [];
  let lines: PdfLine[] = [];
  const flush = () => {
    if (opts.pageNumbers !== false) lines.push({ x: PAGE_W / 2 - 20, y: 40, size: 9, text: `- ${pages.length + 1} -` });
    pages.push({ lines });
    lines = [];
  };
  for (const para of paragraphs) {
    const chars = Array.from(para);
    let first = true;
    let i = 0;
    while (i < chars.length) {
      const room = first ? perLine - 2 : perLine;
      const piece = chars.slice(i, i + room).join('');
      if (lines.length >= linesPerPage) flush();
      lines.push({ x: left + (first ? 2 * size : 0), y: top - lines.filter((l) => l.size === size).length * size * 1.5, size, text: piece });
      i += room;
      first = false;
    }
  }
  flush();
  return pages;
}

export function makePdf(pages: PdfPage[], options: PdfOptions = {}): Buffer {
  const objects: Buffer[] = [];
  const add = (body: string | Buffer): number => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    return objects.length;
  };
  const stream = (dict: string, data: Buffer): Buffer =>
    Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);

  const codes = new Set<number>();
  for (const p of pages) if ('lines' in p) for (const l of p.lines) for (let i = 0; i < l.text.length; i++) codes.add(l.text.charCodeAt(i));
  const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  const sorted = [...codes].sort((a, b) => a - b);
  let cmap =
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n' +
    '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n';
  for (let i = 0; i < sorted.length; i += 100) {
    const chunk = sorted.slice(i, i + 100);
    cmap += `${chunk.length} beginbfchar\n${chunk.map((c) => `<${hex4(c)}> <${hex4(c)}>`).join('\n')}\nendbfchar\n`;
  }
  cmap += 'endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend';

  const catalog = add('<< /Type /Catalog /Pages 2 0 R >>');
  add('PAGES'); // placeholder, replaced below
  const toUnicode = add(stream('', Buffer.from(cmap, 'latin1')));
  const descriptor = add('<< /Type /FontDescriptor /FontName /FazhiSong /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>');
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /FazhiSong /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /CIDToGIDMap /Identity >>`,
  );
  const pre = options.predefined;
  const font = pre
    ? add(
        `<< /Type /Font /Subtype /Type0 /BaseFont /${pre.baseFont} /Encoding /${pre.encoding} /DescendantFonts [${add(
          `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /${pre.baseFont} /CIDSystemInfo << /Registry (Adobe) /Ordering (${pre.ordering}) /Supplement 2 >> /FontDescriptor ${descriptor} 0 R /DW 1000 >>`,
        )} 0 R] >>`,
      )
    : add(`<< /Type /Font /Subtype /Type0 /BaseFont /FazhiSong /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`);
  const encode = (text: string): string => {
    if (pre && /^GB/.test(pre.encoding)) return iconv.encode(text, 'gbk').toString('hex').toUpperCase();
    let hex = '';
    for (let i = 0; i < text.length; i++) hex += hex4(text.charCodeAt(i));
    return hex;
  };

  const kids: number[] = [];
  for (const p of pages) {
    let content: string;
    let resources: string;
    if ('lines' in p) {
      content = p.lines
        .map((l) => `BT /F1 ${l.size} Tf ${l.x.toFixed(2)} ${l.y.toFixed(2)} Td <${encode(l.text)}> Tj ET`)
        .join('\n');
      resources = `<< /Font << /F1 ${font} 0 R >> >>`;
    } else {
      const { width, height } = p.image;
      const pixels = Buffer.alloc(width * height);
      for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + (i >> 7) * 11) % 256; // noise, like a scan
      const img = add(stream(`/Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`, deflateSync(pixels)));
      content = `q ${PAGE_W - 40} 0 0 ${PAGE_H - 40} 20 20 cm /Im1 Do Q`;
      resources = `<< /XObject << /Im1 ${img} 0 R >> >>`;
    }
    const contents = add(stream('', Buffer.from(content, 'latin1')));
    kids.push(add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] /Resources ${resources} /Contents ${contents} 0 R >>`));
  }
  objects[1] = Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`, 'latin1');

  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(obj);
    offset += obj.length;
  });
  let xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) xref += `${String(o).padStart(10, '0')} 00000 n \n`;
  xref += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  const out = Buffer.concat(parts);
  // startxref must point at the xref table, or a reader rebuilds it (or gives up) and the fixture tests the wrong thing.
  assert.equal(out.subarray(offset, offset + 4).toString('latin1'), 'xref', 'pdf: startxref does not point at the xref table');
  return out;
}
