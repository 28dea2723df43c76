/** Validating the coding: coding sheets drawn for hand coding, and agreement of coders with each other and the machine. */
export { readCodingSheet, parseFunctionCode, parseThemeCell, codebookThemes, CodingSheetError, CHINESE_FUNCTION_LABELS, type CodingRow, type CodingSheet } from './sheet.js';
export { writeCodingSample, allocateEqually, SampleError, type SampleOptions, type SampleResult, type StratumSummary } from './sample.js';
export { computeAgreement, writeAgreement, formatAgreement, AgreementInputError, AGREEMENT_COLUMNS, CONFUSION_COLUMNS, type AgreementOptions, type AgreementResult } from './agreement.js';
export { cohenKappa, fleissKappa, krippendorffAlpha, percentAgreement, bootstrapInterval, type Code, type Interval } from './statistics.js';
