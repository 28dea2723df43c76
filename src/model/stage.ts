/**
 * The Stage contract. A pipeline is a list of stages run in order over one
 * ReportDoc, as in spaCy: each stage reads what earlier ones set and adds its
 * own fields. Stages that annotate sentences also say which columns they add
 * to sentences.csv, which long-format tables they write (themes.csv,
 * quantities.csv) and which files decide their output, so neither the writer
 * nor the run record needs to know about them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ReportDoc, Unit } from './document.js';

/** A value of one table cell. */
export type Cell = string | number | boolean | null | undefined;

export interface SentenceColumn {
  name: string;
  value(unit: Unit, doc: ReportDoc): Cell;
}

/** A long-format table a stage writes beside sentences.csv, rows added document by document. */
export interface StageTable {
  /** File name without `.csv`. */
  name: string;
  columns: readonly string[];
  rows(doc: ReportDoc): Array<Record<string, Cell>>;
}

/** A pipeline stage: `run(doc)` adds the stage's own fields to a ReportDoc's units (see docs/architecture.md). */
export interface Stage {
  name: string;
  /**
   * Add the stage's fields to each of `doc.units`. A long document is given
   * a window at a time: `doc` as it is (text, meta …) but with `units` a run
   * of consecutive units, window after window in order, each time with the
   * same `carry`, an object that stands for the document in this run (none
   * when the document comes whole). A stage whose decision on a unit reads
   * the units before it keeps what it read under `carry` (in a WeakMap), so
   * that a document in windows comes out as it does whole.
   */
  run(doc: ReportDoc, carry?: object): void;
  columns?: SentenceColumn[];
  tables?: StageTable[];
  /**
   * What the user should know about how the stage was built (no trained
   * model, cue lexicons changed since training). Library code prints
   * nothing: the caller decides where these go.
   */
  warnings?: readonly string[];
  /**
   * The files that decide the stage's output, as `name → sha256:<hex>` in a
   * stable order (run.json's `dictionaries`). A file that is not there has
   * no entry.
   */
  digests?(): Record<string, string>;
}

/** `sha256:<hex>` of a file's bytes, the form run.json records. */
export function fileDigest(path: string): string {
  return `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
}

/** fileDigest of each named file that is there, in the order given (for Stage.digests). */
export function existingFileDigests(files: Record<string, string | null | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, path] of Object.entries(files)) if (path && existsSync(path)) out[name] = fileDigest(path);
  return out;
}
