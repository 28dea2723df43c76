import { UserError } from '../model/errors.js';

/**
 * A table that cannot be read as written: not UTF-8, a quote out of place
 * (which would run rows together), or a row with more or fewer cells than
 * the header. Most often the file was edited by hand, or saved again by a
 * spreadsheet in another encoding. The message names the file and where.
 */
export class CsvFormatError extends UserError {
  constructor(
    readonly path: string,
    /** Where in the file: "row 31", "row 31 (line 40)", "line 2 (byte 154)". */
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${path}, ${where}: ${problem}`);
    this.name = 'CsvFormatError';
  }
}

/** Said with every damage a hand edit causes. */
export const BY_HAND = 'was the file edited by hand?';
