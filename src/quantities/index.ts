/** Quantities stage (annotation guide §5): counts, amounts and rates in a sentence. */
export { extractQuantities } from './quantities.js';
export { parseChineseNumeral } from './numerals.js';
export { NON_ADDITIVE_UNITS } from './non-additive.js';
export {
  NON_QUANTITY_PHRASES,
  NON_QUANTITY_PHRASES_FILE,
  UNITS,
  UNITS_FILE,
  parsePhraseList,
  parseUnitList,
} from './dictionaries.js';
export type { UnitEntry } from './dictionaries.js';
export { quantitiesStage, QUANTITY_COLUMNS } from './stage.js';
