/** A kwic table on a terminal (aligned; CJK characters are two columns wide), as CSV, or as an xlsx workbook. */
import { renameSync, rmSync } from 'node:fs';
import stringWidth from 'string-width';
import { writeCsv, type CsvOptions } from '../output/csv.js';
import { kwicColumns, kwicRecord, type KwicResult } from './kwic.js';

/** Display columns of each character seen (string-width is slow, and a table of hits repeats few characters). */
const CHAR_WIDTHS = new Map<string, number>();

function charWidth(ch: string): number {
  let w = CHAR_WIDTHS.get(ch);
  if (w === undefined) CHAR_WIDTHS.set(ch, (w = stringWidth(ch)));
  return w;
}

function widthOf(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** The widest of these strings, in display columns (a loop: spreading 100,000 hits into Math.max overflows the stack). */
function widest(strings: readonly string[]): number {
  let w = 0;
  for (const s of strings) w = Math.max(w, widthOf(s));
  return w;
}

/** Cut `s` to at most `width` display columns, from its start or (keepEnd) its end. */
function fit(s: string, width: number, keepEnd: boolean): string {
  const chars = [...s.replace(/\s+/g, ' ')];
  let used = 0;
  const out: string[] = [];
  for (let k = 0; k < chars.length; k++) {
    const ch = chars[keepEnd ? chars.length - 1 - k : k]!;
    const w = charWidth(ch);
    if (used + w > width) break;
    used += w;
    out.push(ch);
  }
  return keepEnd ? out.reverse().join('') : out.join('');
}

function pad(s: string, width: number, right: boolean): string {
  const gap = ' '.repeat(Math.max(0, width - widthOf(s)));
  return right ? gap + s : s + gap;
}

/** The hits as aligned lines: doc_id, unit, function, then left context right-aligned, the keyword, right context. */
export function kwicTerminalLines(result: KwicResult, contextWidth = 40): string[] {
  const rows = result.hits.map((h) => ({
    ref: `${h.doc_id}:${h.unit_index}`,
    fn: h.function,
    left: fit(h.left, contextWidth, true),
    keyword: h.keyword,
    right: fit(h.right, contextWidth, false),
  }));
  const wRef = widest(rows.map((r) => r.ref));
  const wFn = widest(rows.map((r) => r.fn));
  const wLeft = widest(rows.map((r) => r.left));
  const wKey = widest(rows.map((r) => r.keyword));
  return rows.map((r) => `${pad(r.ref, wRef, false)}  ${pad(r.fn, wFn, false)}  ${pad(r.left, wLeft, true)} [${pad(r.keyword, wKey, false)}] ${r.right}`.trimEnd());
}

export function writeKwicCsv(result: KwicResult, path: string, csv: CsvOptions = {}): void {
  writeCsv(path, kwicColumns(result), result.hits.map(kwicRecord), csv);
}

/**
 * An xlsx workbook of one sheet, numbers typed, header frozen and bold;
 * streamed (exceljs' WorkbookWriter) beside the target and moved into place.
 * Its dates are fixed: the same hits give the same file, byte for byte.
 */
export async function writeKwicXlsx(result: KwicResult, path: string): Promise<void> {
  // exceljs is loaded only when a workbook is asked for: the terminal table does without it.
  const { datedWorkbookWriter } = await import('./dated-workbook.js');
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const workbook = datedWorkbookWriter({ filename: temporary, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('kwic', { views: [{ state: 'frozen', ySplit: 1 }] });
    const columns = kwicColumns(result);
    sheet.columns = columns.map((c) => ({ header: c, key: c, width: c === 'left' || c === 'right' ? 40 : c === 'keyword' ? 12 : 16 }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.commit();
    for (const h of result.hits) {
      const r = kwicRecord(h);
      const row: Record<string, string | number> = {};
      for (const c of columns) {
        const v = r[c] ?? '';
        row[c] = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && v.length < 16 && c !== 'doc_id' && c !== 'division_code' ? Number(v) : v;
      }
      sheet.addRow(row).commit();
    }
    sheet.commit();
    await workbook.commit();
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}
