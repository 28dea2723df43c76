/**
 * The themes stage: theme and sub-theme ids of every sentence, with the cue
 * terms that matched (annotation guide §4), and the long table themes.csv
 * (one row per sentence × theme × cue) for pivoting in pandas or Excel.
 */
import { existingFileDigests, type Stage } from '../model/stage.js';
import type { ThemeDictionary, MergeMode } from './dictionary.js';
import { defaultThemeDictionary, defaultThemeDictionaryPath, loadThemeDictionary, mergeDictionaries } from './dictionary.js';
import { matchThemes } from './match.js';

export const THEME_TABLE_COLUMNS = ['doc_id', 'unit_index', 'theme', 'parent', 'cue'] as const;

export interface ThemesOptions {
  /** A researcher's YAML dictionary (quanteda format), added to or replacing the default. */
  dict?: string;
  /** `add` (default) extends the shipped themes; `replace` counts only the researcher's scheme. */
  mode?: MergeMode;
}

export function themeDictionaryFor(options: ThemesOptions = {}): ThemeDictionary {
  const base = defaultThemeDictionary();
  if (!options.dict) return base;
  return mergeDictionaries(base, loadThemeDictionary(options.dict), options.mode ?? 'add');
}

export function themesStage(options: ThemesOptions = {}): Stage {
  const dict = themeDictionaryFor(options);
  const parentOf = new Map(dict.categories.map((c) => [c.id, c.parent ?? '']));
  return {
    name: 'themes',
    // The shipped themes are read whatever the mode, so they are listed beside a --dict file (its mode is in run.json's options).
    digests: () => existingFileDigests({ themes: defaultThemeDictionaryPath(), dict: options.dict }),
    run(doc) {
      // Headings name topics too, but labels and counts are per sentence.
      for (const u of doc.units) u.themes = u.kind === 'sentence' ? matchThemes(u.text, u.tokens ?? [], dict) : { themes: [], cues: [] };
    },
    columns: [
      { name: 'themes', value: (u) => u.themes?.themes.join(';') ?? '' },
      { name: 'theme_cues', value: (u) => u.themes?.cues.join(';') ?? '' },
    ],
    tables: [
      {
        name: 'themes',
        columns: THEME_TABLE_COLUMNS,
        rows: (doc) => {
          // A loop, not flatMap: most units have no cue, and each would make an empty list.
          const rows = [];
          for (const u of doc.units) {
            for (const cue of u.themes?.cues ?? []) {
              const at = cue.indexOf(':');
              const theme = cue.slice(0, at);
              rows.push({ doc_id: doc.id, unit_index: u.index, theme, parent: parentOf.get(theme) ?? '', cue: cue.slice(at + 1) });
            }
          }
          return rows;
        },
      },
    ],
  };
}
