/**
 * A long document (a whole collection pasted into one file) annotated and
 * rendered a window of units at a time. Structure and metadata need the
 * whole text, but the stages after them work unit by unit: each window is
 * tokenized, tagged, given its themes and quantities, and rendered into
 * rows that wait on disk (Spool), and its units and their annotations are
 * let go before the next one, so memory never holds every unit's tokens,
 * tags and rows at once. The tagger reads the units before a unit (its
 * paragraph, the preamble, a plan part): it carries that from window to
 * window (Stage.run), so a document comes out as it does whole.
 */
import type { ReportDoc } from '../model/document.js';
import type { Stage } from '../model/stage.js';
import type { DocRenderer, RenderedDoc } from '../output/writer.js';
import { Spool } from '../output/spool.js';
import { runStage } from './parse.js';
import { timed, type Profile } from './profile.js';

/**
 * Units annotated at a time. A report has a few hundred units and is
 * annotated whole, batch-wide with others (process-files.ts); a pasted
 * collection of 50 MB has about 450,000. Measured on that collection (peak
 * RSS, one run each): 4096 units 951 and 1071 MiB, 1024 units 929, 512
 * units 923. Larger windows keep their annotations long enough to reach
 * V8's old generation, where they wait for a full collection.
 */
export const WINDOW_UNITS = 1024;

/**
 * Annotate `doc` window by window with `stages` and render each window's
 * rows, letting its annotations go; with `spoolDir`, each window's rows go
 * to spool files there (RenderedDoc.spooled) instead of staying in memory.
 * The units are taken out of `doc` as their rows are made (it ends without
 * any): after its rows, a unit is needed no more.
 */
export function annotateAndRender(doc: ReportDoc, stages: readonly Stage[], renderer: DocRenderer, options: { windowUnits?: number; spoolDir?: string; profile?: Profile } = {}): RenderedDoc {
  const { windowUnits = WINDOW_UNITS, profile } = options;
  // A window of no units would never end the loop below.
  if (!(Number.isInteger(windowUnits) && windowUnits >= 1)) throw new RangeError(`annotateAndRender: windowUnits must be a whole number from 1, got ${windowUnits}`);
  const rendered = renderer.start(doc);
  const spool = options.spoolDir ? new Spool(options.spoolDir, 1 + renderer.tables.length) : null;
  const carry = {};
  try {
    while (doc.units.length > 0) {
      const units = doc.units.splice(0, windowUnits);
      for (const stage of stages) timed(profile, stage.name, () => runStage(stage, doc, { units, carry }));
      timed(profile, 'write', () => {
        renderer.renderUnits(rendered, { ...doc, units }, { release: true });
        if (spool) spoolRows(spool, rendered);
      });
    }
  } catch (e) {
    spool?.discard();
    throw e;
  }
  spool?.close();
  if (spool) rendered.spooled = spool.paths;
  return rendered;
}

/** Move the rows rendered so far from memory into the spool. */
function spoolRows(spool: Spool, rendered: RenderedDoc): void {
  spool.write(0, rendered.sentenceRows);
  rendered.sentenceRows = [];
  rendered.tables = rendered.tables.map((pieces, i) => {
    spool.write(i + 1, pieces);
    return [];
  });
}
