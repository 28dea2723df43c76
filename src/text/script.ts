/**
 * Traditional characters (繁體) read as simplified (annotation guide §2: a
 * report in traditional characters is labeled exactly as if it were written
 * in simplified ones).
 *
 * Every rule, cue list and dictionary of the toolkit is written in simplified
 * characters, so the pipeline makes its decisions on a simplified view of the
 * text and keeps the source's characters for what it writes out. The view is
 * made by OpenCC's own dictionaries (opencc-js): Hong Kong and Taiwan variant
 * forms first (衞 → 衛, 着/著 by phrase), then traditional to simplified,
 * phrases before characters, as OpenCC's hk2s and tw2s do.
 *
 * The view has exactly the source's length in UTF-16 code units, position by
 * position, so an offset found in the view is valid in the source. OpenCC
 * has entries that change length (二噁英 → 二𫫇英, and a few hundred
 * characters whose simplified form lies outside the BMP); those entries are
 * left out, so such a phrase falls back to shorter ones or to single
 * characters, and a character with no same-length form keeps its source form.
 */
import { ConverterFactory, Locale, type DictGroup, type DictLike } from 'opencc-js/t2cn';
import type { Script } from '../model/document.js';

/**
 * Share of Han characters that are traditional-only forms above which a text
 * is read as traditional. Simplified reports have almost none (0–0.3 % on the
 * seeds and the shared corpora: names such as 乾 and stray characters from
 * pasted sources); text in traditional characters has a quarter or more
 * (about 20–30 % in running text, since the most frequent characters 的, 在,
 * 和, 工作 are the same in both scripts). 5 % lies far from both; a
 * simplified page quoting a traditional passage stays simplified, and a
 * traditional report with much shared vocabulary is still well above it.
 */
export const TRADITIONAL_SHARE = 0.05;

let groups: DictGroup[] | null = null;

/** The dictionary groups, in conversion order, with every entry that would change length left out. */
function sameLengthGroups(): DictGroup[] {
  if (groups !== null) return groups;
  const chain: DictGroup[] = [...(Locale.from['hk'] ?? []), ...(Locale.from['tw'] ?? []), ...(Locale.to['cn'] ?? [])];
  const filtered = chain.map((group: DictGroup): DictGroup =>
    group.map((dict: DictLike): DictLike => {
      const pairs: ReadonlyArray<readonly [string, string]> = typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ') as [string, string]) : dict;
      return pairs.filter(([from, to]) => typeof to === 'string' && from.length === to.length);
    }),
  );
  groups = filtered;
  return filtered;
}

let convert: ((text: string) => string) | null = null;
/** 1 at the UTF-16 code of each traditional-only form: a table read once per character of every text, faster than a Set. */
let traditionalOnly: Uint8Array | null = null;

function converter(): (text: string) => string {
  const made = convert ?? ConverterFactory(...sameLengthGroups());
  convert = made;
  return made;
}

/**
 * The traditional-only forms: characters that the whole conversion changes
 * when they stand alone. Characters that only a variant table touches and
 * the conversion brings back (才 → 纔 → 才, 台 → 臺 → 台) are shared by both
 * scripts and do not count.
 */
function traditionalForms(): Uint8Array {
  if (traditionalOnly !== null) return traditionalOnly;
  const table = new Uint8Array(0x10000);
  const whole = converter();
  for (const group of sameLengthGroups()) {
    for (const dict of group) {
      for (const [from] of dict as ReadonlyArray<readonly [string, string]>) {
        if (from.length === 1 && whole(from) !== from) table[from.charCodeAt(0)] = 1;
      }
    }
  }
  traditionalOnly = table;
  return table;
}

/** Share of the Han characters of `text` that exist only in traditional script. */
export function traditionalShare(text: string): number {
  const forms = traditionalForms();
  let han = 0;
  let traditional = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) {
      han++;
      traditional += forms[c]!;
    }
  }
  return han === 0 ? 0 : traditional / han;
}

export function detectScript(text: string): Script {
  return traditionalShare(text) >= TRADITIONAL_SHARE ? 'traditional' : 'simplified';
}

/**
 * `text` in simplified characters, of the same length: `toSimplified(s)[i]`
 * is the simplified form of `s[i]` (or `s[i]` itself).
 */
export function toSimplified(text: string): string {
  const out = converter()(text);
  // The dictionaries were filtered so that this cannot happen; a future
  // version of them must not silently shift every offset.
  if (out.length !== text.length) throw new Error(`traditional-to-simplified conversion changed the length of the text (${text.length} → ${out.length})`);
  return out;
}

/** The text's script, and the simplified view every decision is made on (the text itself when it is simplified). */
export function simplifiedView(text: string): { script: Script; view: string } {
  const script = detectScript(text);
  return { script, view: script === 'traditional' ? toSimplified(text) : text };
}
