/**
 * Place names kept whole as terms. The tokenizer cuts 高梁镇 into 高梁 + 镇
 * (and 镇 is a stopword), so a township's distinctive word would be a
 * fragment of its name. A token that is the stem of a gazetteer name
 * (county and township level: 高梁 of 高梁镇, 万州 of 万州区) is counted as
 * the whole name when the sentence holds that name.
 */
import { gazetteer } from '../metadata/gazetteer.js';

const SUFFIX = /^(.{2,}?)(街道|镇|乡|县|区|市|旗)$/u;

let stems: Map<string, string[]> | undefined;

/** Stem → the county- and township-level names it begins, longest first. */
export function placeStems(): ReadonlyMap<string, readonly string[]> {
  if (stems) return stems;
  stems = new Map();
  for (const [name, divisions] of gazetteer().byName) {
    if (!divisions.some((d) => d.level === 'county' || d.level === 'township')) continue;
    const m = SUFFIX.exec(name);
    if (!m) continue;
    const list = stems.get(m[1]!);
    if (list) list.push(name);
    else stems.set(m[1]!, [name]);
  }
  for (const list of stems.values()) list.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return stems;
}

/** The whole place name `token` is a piece of in `text`, or the token itself. */
export function wholePlaceName(token: string, text: string, places: ReadonlyMap<string, readonly string[]>): string {
  const names = places.get(token);
  if (!names) return token;
  for (const n of names) if (text.includes(n)) return n;
  return token;
}
