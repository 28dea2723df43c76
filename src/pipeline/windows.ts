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
import type { ReportDoc, Unit } from '../model/document.js';
import type { Stage } from '../model/stage.js';
import type { DocRenderer, RenderedDoc } from '../output/writer.js';
import { Spool } from '../output/spool.js';
import { runStage } from './parse.js';
import { timed, type Profile } from './profile.js';

/**
 * A document of more units than this is annotated in windows
 * (CorpusOptions.windowUnits' default). A report has a few hundred units
 * and is annotated whole, batch-wide with others (process-files.ts); a
 * pasted collection of 50 MB has about 450,000.
 */
export const LONG_DOCUMENT_UNITS = 1024;

/**
 * Units annotated at a time. V8 allocates the objects of an allocation site
 * (a literal such as a unit's tokens array, its tag, its themes) straight
 * into the old generation once, at a scavenge, 85% of the 100 or more it
 * made since the one before are still alive. A window's annotations all
 * live until its rows are rendered, so in a window of more than 85 units
 * they can be judged so, and then every later unit's annotations, and what
 * they point to, are garbage of the old generation, which only a full
 * collection takes. Measured on a pasted
 * collection of 50 MB (peak RSS): windows of 1024 units gave 676 to 1,130
 * MiB from run to run (annotations tenured in most runs); of 256 units
 * about one run in four tenured them; of 64, none did.
 */
export const WINDOW_UNITS = 64;

/**
 * Annotate `doc` window by window with `stages` and render each window's
 * rows, letting its annotations go; with `spoolDir`, each window's rows go
 * to spool files there (RenderedDoc.spooled) instead of staying in memory.
 * The units are taken out of `doc` (it ends without any) and each window's
 * are let go once their rows are made: after its rows, a unit is needed no
 * more.
 */
export function annotateAndRender(doc: ReportDoc, stages: readonly Stage[], renderer: DocRenderer, options: { windowUnits?: number; spoolDir?: string; profile?: Profile } = {}): RenderedDoc {
  const { windowUnits = WINDOW_UNITS, profile } = options;
  // A window of no units would never end the loop below.
  if (!(Number.isInteger(windowUnits) && windowUnits >= 1)) throw new RangeError(`annotateAndRender: windowUnits must be a whole number from 1, got ${windowUnits}`);
  const rendered = renderer.start(doc);
  const spool = options.spoolDir ? new Spool(options.spoolDir, 1 + renderer.tables.length) : null;
  const carry = {};
  // Cleared window by window, not spliced off the front: an array this long lives in V8's
  // large-object space, whose front cannot be trimmed, so each splice would move every unit after it.
  const pending: Array<Unit | undefined> = doc.units;
  doc.units = [];
  try {
    for (let from = 0; from < pending.length; from += windowUnits) {
      const units = pending.slice(from, from + windowUnits) as Unit[];
      for (const stage of stages) timed(profile, stage.name, () => runStage(stage, doc, { units, carry }));
      timed(profile, 'write', () => {
        renderer.renderUnits(rendered, { ...doc, units }, { release: true });
        if (spool) spoolRows(spool, rendered);
      });
      pending.fill(undefined, from, from + windowUnits);
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
