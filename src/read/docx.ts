/**
 * Word attachments (.docx) → text lines, via mammoth: one line per paragraph
 * (table cells are paragraphs too), no formatting.
 */
import { errorMessage } from '../model/errors.js';

export class DocxError extends Error {}

export async function docxToText(bytes: Buffer): Promise<string> {
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) {
    // .doc saved under a .docx name is a common mistake: an OLE file, not a zip.
    if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0) {
      throw new DocxError('legacy Word (.doc) file named .docx: save it as .docx or .txt');
    }
    throw new DocxError('not a .docx file (not a zip archive)');
  }
  let result;
  try {
    // loaded on first use: most corpora have no Word files, and loading it takes a noticeable moment
    const { default: mammoth } = await import('mammoth');
    result = await mammoth.extractRawText({ buffer: bytes });
  } catch (e) {
    const msg = errorMessage(e);
    throw new DocxError(`cannot read .docx (damaged or not a Word document): ${msg.split('\n')[0]!.slice(0, 200)}`);
  }
  // mammoth ends every paragraph with a blank line; one line per paragraph is what the other stages expect.
  return result.value.replace(/\r\n?/g, '\n').replace(/\n{2,}/g, '\n');
}
