/**
 * The researcher-editable word lists of the quantities stage, read once at
 * module load from /dictionaries. The path is resolved relative to this
 * module's URL, so it is the same from src/quantities/ (vitest) and from the
 * compiled dist/quantities/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface UnitEntry {
  /** The text as it appears after the number (％, 人次, 余人). */
  surface: string;
  /** The unit reported (%, 人次, 人). */
  unit: string;
}

function dictionaryPath(file: string): string {
  return fileURLToPath(new URL(`../../dictionaries/${file}`, import.meta.url));
}

function contentLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\uFEFF/, '').trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}

/**
 * Parse a units list: one unit per line, `surface = unit` to map a surface
 * form to another unit, `#` comments. Returned longest surface first, so the
 * matcher can take the first hit as the longest match whatever the file order.
 */
export function parseUnitList(text: string): UnitEntry[] {
  const seen = new Set<string>();
  const entries: UnitEntry[] = [];
  for (const line of contentLines(text)) {
    const eq = line.indexOf('=');
    const surface = (eq >= 0 ? line.slice(0, eq) : line).trim();
    const unit = (eq >= 0 ? line.slice(eq + 1) : line).trim();
    if (surface.length === 0 || unit.length === 0 || seen.has(surface)) continue;
    seen.add(surface);
    entries.push({ surface, unit });
  }
  return entries.sort((a, b) => b.surface.length - a.surface.length);
}

/** Parse a phrase list: one phrase per line, `#` comments. */
export function parsePhraseList(text: string): string[] {
  return [...new Set(contentLines(text))].sort((a, b) => b.length - a.length);
}

export const UNITS_FILE = dictionaryPath('units.txt');
export const NON_QUANTITY_PHRASES_FILE = dictionaryPath('non_quantity_phrases.txt');

export const UNITS: readonly UnitEntry[] = parseUnitList(readFileSync(UNITS_FILE, 'utf8'));
export const NON_QUANTITY_PHRASES: readonly string[] = parsePhraseList(
  readFileSync(NON_QUANTITY_PHRASES_FILE, 'utf8'),
);
