export {
  loadThemeDictionary,
  dictionaryFromObject,
  mergeDictionaries,
  defaultThemeDictionary,
  defaultThemeDictionaryPath,
} from './dictionary.js';
export type { ThemeCategory, ThemeDictionary, MergeMode, SubthemeChart } from './dictionary.js';
export type { CompiledThemeDictionary } from './match.js';
export { matchThemes, compileThemeDictionary, themeIds, foldForThemes, MAX_JOIN_TOKENS } from './match.js';
export { themesStage, themeDictionaryFor, THEME_TABLE_COLUMNS, type ThemesOptions } from './stage.js';
export { ThemeTaxonomy, taxonomyRecords, shippedTaxonomy, taxonomyInRun, RUN_TAXONOMY_KEY, SHIPPED_DICTIONARY, type ThemeCategoryRecord } from './taxonomy.js';
