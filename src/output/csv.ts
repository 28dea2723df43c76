/**
 * fazhi's CSV: every table is written and read through here (the pieces live
 * in csv-writer, csv-reader, csv-record-scanner, utf8-forensics and excel).
 */
export { CsvWriter, renderRows, renderCellRows, renderEach, renderEachInPieces, formatNumber, writeCsv, writeCsvWith, type Cell, type CsvOptions } from './csv-writer.js';
export { readCsv, readCsvHeader, forEachCsvRow } from './csv-reader.js';
export { CsvFormatError } from './csv-format-error.js';
export { EXCEL_MAX_ROWS, rowsBeyondExcel, startsWithBom } from './excel.js';
