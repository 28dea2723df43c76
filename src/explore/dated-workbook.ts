/**
 * exceljs' streaming workbook writer with every date fixed, so that the same
 * tables give the same .xlsx, byte for byte (kwic --out, export xlsx).
 */
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';

/** The date every entry of the workbook's zip carries (the earliest a zip can hold). */
const ENTRY_DATE = new Date(Date.UTC(1980, 0, 1));

interface ZipAppend {
  append(source: unknown, data: Record<string, unknown>): unknown;
}

/** archiver's Archiver class, as exceljs resolves it. */
const ARCHIVER_CORE = createRequire(createRequire(import.meta.url).resolve('exceljs'))('archiver/lib/core') as { prototype: unknown; new (): unknown };

/**
 * A streaming workbook writer whose properties and zip entries carry fixed
 * dates: exceljs adds each part to its zip (archiver) without a date, so
 * archiver would stamp the time of the run. Parts are given ENTRY_DATE
 * instead: archiver's append is wrapped on its prototype while the writer is
 * made (its constructor adds the first parts), then on the writer's own
 * archive for the parts added later.
 */
export function datedWorkbookWriter(options: ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]): ExcelJS.stream.xlsx.WorkbookWriter {
  const proto = ARCHIVER_CORE.prototype as ZipAppend;
  const append = proto.append;
  proto.append = function (this: ZipAppend, source, data) {
    return append.call(this, source, { ...data, date: ENTRY_DATE });
  };
  let wb: ExcelJS.stream.xlsx.WorkbookWriter;
  try {
    wb = new ExcelJS.stream.xlsx.WorkbookWriter(options);
  } finally {
    proto.append = append;
  }
  const zip = (wb as unknown as { zip?: ZipAppend }).zip;
  if (!zip || !(zip instanceof ARCHIVER_CORE)) throw new Error('exceljs: the workbook writer has no archiver zip to date (an exceljs version this code does not know)');
  zip.append = (source, data) => append.call(zip, source, { ...data, date: ENTRY_DATE });
  wb.creator = 'fazhi';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  return wb;
}
