/** Exploring an analysis folder: keyword in context, group association tests and their statistics. */
export { kwic, compilePattern, parseWhere, kwicColumns, kwicRecord, KwicError, DEFAULT_KWIC_WINDOW, type KwicOptions, type KwicHit, type KwicResult } from './kwic.js';
export { kwicTerminalLines, writeKwicCsv, writeKwicXlsx } from './kwic-write.js';
export { associationTable, MONTE_CARLO_DRAWS, MONTE_CARLO_MAX_RARE, ASSOCIATION_COLUMNS, type AssociationRow } from './association.js';
export { chiSquareTest, chiSquareSurvival, fisherExact2x2, monteCarloChiSquare, benjaminiHochberg, type ChiSquareResult } from './statistics.js';
