/**
 * A CSV table held in a string, as rows keyed by the header (papaparse): small
 * tables a researcher gives (a --meta sampling frame) and that any stage may
 * read, so it sits below the stages, beside the other text helpers.
 */
import Papa from 'papaparse';

export function readCsv(text: string): Array<Record<string, string>> {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0]!;
    throw new Error(`row ${(e.row ?? 0) + 2}: ${e.message}`);
  }
  return parsed.data;
}
