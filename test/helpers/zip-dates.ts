import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';

/**
 * Whether a zip (an .xlsx) carries no trace of the time it was written: every
 * entry's date before 2001 and no "created"/"modified" of this year in its
 * properties. Two files written within a second of each other are identical
 * even without fixed dates, so byte-identity alone does not show them.
 */
export async function hasFixedDates(path: string): Promise<boolean> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  assert.ok(Object.keys(zip.files).length > 0, `${path}: a zip without entries`);
  if (Object.values(zip.files).some((f) => f.date.getUTCFullYear() > 2000)) return false;
  const core = await zip.file('docProps/core.xml')?.async('string');
  return !core || !core.includes(`${new Date().getUTCFullYear()}-`);
}
