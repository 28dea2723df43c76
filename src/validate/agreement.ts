/**
 * `fazhi agree`: how far coders agree with each other and with the machine,
 * on the function of each sentence and on each theme (present or absent).
 *
 * With one sheet: the coder against the machine. With more: each pair of
 * coders, each coder against the machine, and (from three coders) all coders
 * together. Per field and comparison: n, percent agreement, Cohen's κ (pairs)
 * or Fleiss' κ (all coders, on the sentences every coder coded),
 * Krippendorff's α (nominal; a blank code is missing, not a class), seeded
 * 95% bootstrap intervals of κ and α over sentences, and, against each
 * coder, the machine's precision, recall and F1 per class (the coder is the
 * truth). Confusion matrices of each pair are written in long form.
 */
import { errorMessage, UserError } from '../model/errors.js';
import { basename, extname, join } from 'node:path';
import { ConfusionMatrix } from 'ml-confusion-matrix';
import { forEachCsvRow, writeCsv, type Cell } from '../output/csv.js';
import { FUNCTIONS } from '../model/document.js';
import { CodingSheetError, codebookThemes, parseThemeCell, readCodingSheet, type CodingRow } from './sheet.js';
import { bootstrapInterval, cohenKappa, fleissKappa, krippendorffAlpha, type Code, type Interval } from './statistics.js';

/** Options of computeAgreement: the bootstrap's resamples and seed. */
export interface AgreementOptions {
  /** Bootstrap resamples of sentences (default 1000). */
  resamples?: number;
  /** Seed of the bootstrap (default 0). */
  seed?: number;
}

/** A user's mistake: a sheet that cannot be read or does not fit the analysis. */
export class AgreementInputError extends UserError {}

export const AGREEMENT_COLUMNS = [
  'field',
  'comparison',
  'n',
  'percent_agreement',
  'cohen_kappa',
  'kappa_ci_low',
  'kappa_ci_high',
  'fleiss_kappa',
  'krippendorff_alpha',
  'alpha_ci_low',
  'alpha_ci_high',
  'n_alpha',
  'class',
  'precision',
  'recall',
  'f1',
  'support',
] as const;

export const CONFUSION_COLUMNS = ['field', 'comparison', 'row_coder', 'column_coder', 'row_code', 'column_code', 'count'] as const;

export type AgreementRow = Record<(typeof AGREEMENT_COLUMNS)[number], Cell>;
export type ConfusionRow = Record<(typeof CONFUSION_COLUMNS)[number], Cell>;

/** Agreement of coders with each other and with the machine: the rows of agreement.csv and agreement-confusion.csv. */
export interface AgreementResult {
  coders: string[];
  /** Sentences coded by at least one coder. */
  sentences: number;
  rows: AgreementRow[];
  confusion: ConfusionRow[];
  warnings: string[];
}

const MACHINE = 'machine';
/** Rows of a sheet named in an error, at most. */
const ROWS_NAMED = 5;

interface MachineUnit {
  text: string;
  function: string;
  themes: Set<string>;
}

/**
 * Compare the coding sheets with each other and with the analysis in `dir`.
 * @example
 * const result = await computeAgreement('out', ['anna.xlsx', 'ben.xlsx']);
 * for (const r of result.rows) if (r.class === '') console.log(r.field, r.comparison, r.cohen_kappa, r.krippendorff_alpha);
 */
export async function computeAgreement(dir: string, sheetPaths: readonly string[], options: AgreementOptions = {}): Promise<AgreementResult> {
  if (sheetPaths.length === 0) throw new AgreementInputError('no coding sheet given');
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 0;
  const warnings: string[] = [];
  const sheets: Array<{ path: string; rows: CodingRow[] }> = [];
  for (const path of sheetPaths) {
    try {
      const sheet = await readCodingSheet(path);
      warnings.push(...sheet.warnings);
      sheets.push({ path, rows: sheet.rows });
    } catch (e) {
      if (e instanceof CodingSheetError) throw new AgreementInputError(e.message);
      throw e;
    }
  }
  const coders = coderNames(sheetPaths);
  const machine = readMachineCodes(dir, new Set(sheets.flatMap((s) => s.rows.map((r) => unitKey(r.docId, r.unitIndex)))));

  // Every row must name a sentence of this analysis, with the text the analysis has there.
  for (const { path, rows } of sheets) {
    const unknown = rows.filter((r) => !machine.has(unitKey(r.docId, r.unitIndex)));
    if (unknown.length > 0) {
      throw new AgreementInputError(
        `${path}: ${unknown.length} row(s) name no sentence of the analysis in ${dir}: ` +
          unknown.slice(0, ROWS_NAMED).map((r) => `row ${r.row} (${r.docId}, unit ${r.unitIndex})`).join(', ') +
          (unknown.length > ROWS_NAMED ? ', …' : '') +
          ' (was the sheet drawn from another analysis?)',
      );
    }
    const differ = rows.filter((r) => r.text !== null && r.text.trim() !== '' && comparable(r.text) !== comparable(machine.get(unitKey(r.docId, r.unitIndex))!.text));
    if (differ.length > 0) {
      throw new AgreementInputError(
        `${path}: ${differ.length} row(s) have another text than the analysis in ${dir} has for that sentence: ` +
          differ.slice(0, ROWS_NAMED).map((r) => `row ${r.row} (${r.docId}, unit ${r.unitIndex})`).join(', ') +
          (differ.length > ROWS_NAMED ? ', …' : '') +
          ' (was the folder analyzed again since the sheet was drawn?)',
      );
    }
    const blank = rows.filter((r) => r.function === null).length;
    if (blank === rows.length) throw new AgreementInputError(`${path}: no row is coded (the function column is blank on every row)`);
    if (blank > 0) warnings.push(`${path}: ${blank} of ${rows.length} row(s) not coded (blank function): left out`);
  }

  // Sentences coded by anyone, in report order.
  const coded = sheets.map((s) => new Map(s.rows.filter((r) => r.function !== null).map((r) => [unitKey(r.docId, r.unitIndex), r])));
  const keys = [...new Set(coded.flatMap((m) => [...m.keys()]))].sort(compareKeys);

  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < coders.length; i++) {
    for (let j = i + 1; j < coders.length; j++) {
      const shared = keys.filter((k) => coded[i]!.has(k) && coded[j]!.has(k)).length;
      if (shared > 0) pairs.push([i, j]);
      else if (coders.length === 2) {
        throw new AgreementInputError(`${sheetPaths[i]} and ${sheetPaths[j]} share no coded sentence: coders can only be compared on sentences both coded`);
      } else warnings.push(`${sheetPaths[i]} and ${sheetPaths[j]} share no coded sentence: the pair is not compared`);
    }
  }

  const fields: Array<{ name: string; classes: string[]; coder: (r: CodingRow) => Code; machine: (m: MachineUnit) => string }> = [
    { name: 'function', classes: [...FUNCTIONS], coder: (r) => r.function, machine: (m) => m.function },
    ...codebookThemes().map((t) => ({
      name: `theme:${t.id}`,
      classes: ['present', 'absent'],
      coder: (r: CodingRow) => (r.themes === null ? null : r.themes.includes(t.id) ? 'present' : 'absent'),
      machine: (m: MachineUnit) => (m.themes.has(t.id) ? 'present' : 'absent'),
    })),
  ];

  const rows: AgreementRow[] = [];
  const confusion: ConfusionRow[] = [];
  for (const field of fields) {
    const values = coded.map((m) => keys.map((k) => (m.has(k) ? field.coder(m.get(k)!) : null)));
    const machineValues = keys.map((k) => field.machine(machine.get(k)!));
    const compare = (a: number, b: number | null) => {
      const x = values[a]!;
      const y = b === null ? machineValues : values[b]!;
      const aName = coders[a]!;
      const bName = b === null ? MACHINE : coders[b]!;
      const comparison = `${aName} vs ${bName}`;
      const shared: Array<[string, string]> = [];
      for (let u = 0; u < keys.length; u++) if (x[u] !== null && y[u] !== null) shared.push([x[u]!, y[u]!]);
      const kappaOf = (s: Array<[string, string]>) => cohenKappa(s.map((p) => p[0]), s.map((p) => p[1]));
      const alphaOf = (s: Array<[string, string]>) => krippendorffAlpha(s);
      rows.push(
        summaryRow(field.name, comparison, {
          n: shared.length,
          agreement: shared.filter(([p, q]) => p === q).length / shared.length,
          kappa: kappaOf(shared),
          kappaCi: bootstrapInterval(shared, kappaOf, resamples, seed),
          alpha: alphaOf(shared),
          alphaCi: bootstrapInterval(shared, alphaOf, resamples, seed),
          nAlpha: shared.length,
        }),
      );
      const labels = [...field.classes, ...new Set(shared.flat().filter((c) => !field.classes.includes(c)))];
      const cm = ConfusionMatrix.fromLabels(shared.map((p) => p[0]), shared.map((p) => p[1]), { labels });
      for (const r of labels) {
        for (const c of labels) confusion.push({ field: field.name, comparison, row_coder: aName, column_coder: bName, row_code: r, column_code: c, count: cm.getCount(r, c) });
      }
      if (b !== null) return;
      // The machine against the coder taken as the truth: per class, or for a theme its presence.
      for (const cls of field.name === 'function' ? field.classes : ['present']) {
        rows.push({
          ...emptyRow(field.name, comparison),
          n: shared.length,
          class: cls,
          precision: definedOrBlank(cm.getPositivePredictiveValue(cls)),
          recall: definedOrBlank(cm.getTruePositiveRate(cls)),
          f1: definedOrBlank(cm.getF1Score(cls)),
          support: cm.getPositiveCount(cls),
        });
      }
    };
    for (const [i, j] of pairs) compare(i, j);
    for (let i = 0; i < coders.length; i++) compare(i, null);
    if (coders.length >= 3) {
      const units = keys.map((_, u) => values.map((v) => v[u]!));
      const complete = units.filter((u) => u.every((c) => c !== null));
      const pairable = units.filter((u) => u.filter((c) => c !== null).length >= 2);
      rows.push(
        summaryRow(field.name, `all coders (${coders.join(', ')})`, {
          n: complete.length,
          agreement: complete.filter((u) => u.every((c) => c === u[0])).length / complete.length,
          fleiss: fleissKappa(complete),
          kappaCi: bootstrapInterval(complete, fleissKappa, resamples, seed),
          alpha: krippendorffAlpha(pairable),
          alphaCi: bootstrapInterval(pairable, krippendorffAlpha, resamples, seed),
          nAlpha: pairable.length,
        }),
      );
    }
  }
  return { coders, sentences: keys.length, rows, confusion, warnings };
}

/** Write agreement.csv and, beside it, the confusion matrices (`…-confusion.csv`); the second path is returned. */
export function writeAgreement(result: AgreementResult, out: string): string {
  writeCsv(out, AGREEMENT_COLUMNS, result.rows);
  const confusionPath = out.replace(/(\.csv)?$/i, '-confusion.csv');
  writeCsv(confusionPath, CONFUSION_COLUMNS, result.confusion);
  return confusionPath;
}

/** The figures as a text table for the terminal: function in full, then each theme. */
export function formatAgreement(result: AgreementResult): string {
  const lines: string[] = [];
  const f3 = (v: Cell) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '—');
  const pct = (v: Cell) => (typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');
  const ci = (lo: Cell, hi: Cell) => (typeof lo === 'number' && typeof hi === 'number' ? `[${f3(lo)}, ${f3(hi)}]` : '');
  const summaries = result.rows.filter((r) => r.class === '');
  const width = Math.max(10, ...summaries.map((r) => String(r.comparison).length));
  const header = `${'comparison'.padEnd(width)}  ${'n'.padStart(5)}  ${'agree'.padStart(6)}  ${'kappa'.padStart(6)} ${'95% CI'.padEnd(16)}  ${'alpha'.padStart(6)} 95% CI`;
  lines.push('function', header);
  for (const r of summaries.filter((x) => x.field === 'function')) {
    const kappa = r.cohen_kappa !== '' ? r.cohen_kappa : r.fleiss_kappa;
    lines.push(
      `${String(r.comparison).padEnd(width)}  ${String(r.n).padStart(5)}  ${pct(r.percent_agreement).padStart(6)}  ${f3(kappa).padStart(6)} ${ci(r.kappa_ci_low, r.kappa_ci_high).padEnd(16)}  ${f3(r.krippendorff_alpha).padStart(6)} ${ci(r.alpha_ci_low, r.alpha_ci_high)}`,
    );
  }
  // Themes: one line each, kappa by comparison (agreement.csv has n, alpha and the intervals).
  const themeRows = summaries.filter((x) => x.field !== 'function');
  const comparisons = [...new Set(themeRows.map((r) => String(r.comparison)))];
  if (themeRows.length > 0) {
    const colWidth = 6;
    lines.push('', `themes: kappa (present/absent; "all coders" is Fleiss' kappa; — where it is undefined, e.g. no one marked the theme)`);
    comparisons.forEach((c, i) => lines.push(`  [${i + 1}] ${c}`));
    lines.push(`${'theme'.padEnd(20)}  ${comparisons.map((_, i) => `[${i + 1}]`.padStart(colWidth)).join('  ')}`);
    for (const theme of [...new Set(themeRows.map((r) => String(r.field)))]) {
      const cells = comparisons.map((c) => {
        const r = themeRows.find((x) => x.field === theme && x.comparison === c);
        return f3(r ? (r.cohen_kappa !== '' ? r.cohen_kappa : r.fleiss_kappa) : '').padStart(colWidth);
      });
      lines.push(`${theme.replace(/^theme:/, '').padEnd(20)}  ${cells.join('  ')}`);
    }
  }
  const perClass = result.rows.filter((r) => r.field === 'function' && r.class !== '');
  for (const coder of result.coders) {
    const mine = perClass.filter((r) => r.comparison === `${coder} vs ${MACHINE}`);
    if (mine.length === 0) continue;
    lines.push('', `machine against ${coder} (function)`, `${'class'.padEnd(12)}  precision  recall      f1  support`);
    for (const r of mine) lines.push(`${String(r.class).padEnd(12)}  ${f3(r.precision).padStart(9)}  ${f3(r.recall).padStart(6)}  ${f3(r.f1).padStart(6)}  ${String(r.support).padStart(7)}`);
  }
  return `${lines.join('\n').trimStart()}\n`;
}

function emptyRow(field: string, comparison: string): AgreementRow {
  const r = Object.fromEntries(AGREEMENT_COLUMNS.map((c) => [c, ''])) as AgreementRow;
  r.field = field;
  r.comparison = comparison;
  return r;
}

function summaryRow(
  field: string,
  comparison: string,
  s: { n: number; agreement: number; kappa?: number; fleiss?: number; kappaCi: Interval; alpha: number; alphaCi: Interval; nAlpha: number },
): AgreementRow {
  return {
    ...emptyRow(field, comparison),
    n: s.n,
    percent_agreement: definedOrBlank(s.agreement),
    cohen_kappa: s.kappa === undefined ? '' : definedOrBlank(s.kappa),
    fleiss_kappa: s.fleiss === undefined ? '' : definedOrBlank(s.fleiss),
    kappa_ci_low: definedOrBlank(s.kappaCi.low),
    kappa_ci_high: definedOrBlank(s.kappaCi.high),
    krippendorff_alpha: definedOrBlank(s.alpha),
    alpha_ci_low: definedOrBlank(s.alphaCi.low),
    alpha_ci_high: definedOrBlank(s.alphaCi.high),
    n_alpha: s.nAlpha,
  };
}

/** A statistic that is undefined (no variation, no units) is a blank cell, never 0. */
function definedOrBlank(v: number): Cell {
  return Number.isFinite(v) ? v : '';
}

/** Each sheet's coder: its file name without the extension, made unique. */
function coderNames(paths: readonly string[]): string[] {
  const names: string[] = [];
  for (const p of paths) {
    const base = basename(p, extname(p)) || p;
    let name = base === MACHINE ? `${base} (sheet)` : base;
    for (let k = 2; names.includes(name); k++) name = `${base} (${k})`;
    names.push(name);
  }
  return names;
}

function unitKey(docId: string, unitIndex: number | string): string {
  return `${docId}\u0000${unitIndex}`;
}

function compareKeys(a: string, b: string): number {
  const [da, ua] = a.split('\u0000');
  const [db, ub] = b.split('\u0000');
  return da! < db! ? -1 : da! > db! ? 1 : Number(ua) - Number(ub);
}

/** Text as compared with the analysis: width variants and spacing are not differences. */
function comparable(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

/** The machine's codes of the sentences `wanted` names, from one pass over sentences.csv. */
function readMachineCodes(dir: string, wanted: ReadonlySet<string>): Map<string, MachineUnit> {
  const path = join(dir, 'sentences.csv');
  const found = new Map<string, MachineUnit>();
  const col: Record<string, number> = {};
  try {
    forEachCsvRow(path, (cells, index) => {
      if (index === 0) {
        cells.forEach((c, i) => (col[c.trim()] = i));
        const missing = ['doc_id', 'unit_index', 'text', 'function', 'themes'].filter((c) => col[c] === undefined);
        if (missing.length > 0) throw new AgreementInputError(`${path}: no ${missing.join(', ')} column: not a sentences table written by \`fazhi analyze\``);
        return;
      }
      const key = unitKey(cells[col.doc_id!]!, cells[col.unit_index!]!);
      if (!wanted.has(key)) return;
      found.set(key, {
        text: cells[col.text!]!,
        function: cells[col.function!]!,
        themes: new Set(parseThemeCell(cells[col.themes!] ?? '').themes),
      });
      if (found.size === wanted.size) return false;
    });
  } catch (e) {
    if (e instanceof AgreementInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AgreementInputError(`${dir}: no sentences.csv: not an analysis folder written by \`fazhi analyze\``);
    throw new AgreementInputError(`${path}: ${errorMessage(e)}`);
  }
  return found;
}
