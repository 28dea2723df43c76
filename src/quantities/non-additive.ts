/** Units that are rates or bare numbers: their values are not summed (profiles.csv's quantity totals leave them out). */
export const NON_ADDITIVE_UNITS: ReadonlySet<string> = new Set(['', '%', '‰', '个百分点']);
