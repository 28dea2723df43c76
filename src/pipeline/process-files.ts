/**
 * Files to analyzed documents, a batch at a time: each input is read, each of
 * its reports cleaned, structured and given its metadata, then the stages run
 * batch-wide. A bad file becomes a manifest row with its reason; it never
 * stops the batch. The same code runs in this thread and on worker threads.
 */
import type { ManifestEntry, ReportDoc } from '../model/document.js';
import { InputError, readInput, row, type InputFile } from '../read/inputs.js';
import { reportTextProblem } from '../read/report-text.js';
import { lookupMeta, metaFromFields } from '../metadata/frame.js';
import { errorMessage } from '../model/errors.js';
import type { DocRenderer, RenderedDoc } from '../output/writer.js';
import { cleanReport, parseReport, runStage } from './parse.js';
import type { Stage } from '../model/stage.js';
import type { CorpusOptions } from './corpus-options.js';
import { contentKey } from './duplicates.js';
import { reportId } from './document-ids.js';
import { notAReport } from './report-check.js';
import { timed, timedAsync, type Profile } from './profile.js';
import { annotateAndRender, LONG_DOCUMENT_UNITS, WINDOW_UNITS } from './windows.js';

export interface CorpusItem {
  entry: ManifestEntry;
  doc?: ReportDoc;
  /** The document's rows, when a worker thread rendered them instead of sending `doc`. */
  rendered?: RenderedDoc;
  /** sha1 of the input file's bytes, on the first item of each file that could be read. */
  inputSha1?: string;
}

/** What one input file became, before duplicates across files are known. */
export interface FileItem extends CorpusItem {
  /** contentKey of an analyzed document. */
  key?: string;
}

export interface FileResult {
  items: FileItem[];
  profile: Profile;
}

/**
 * Files analyzed together, one stage at a time over the whole batch rather
 * than one document at a time through every stage, so a stage's tables
 * (jieba's dictionary, the cue lexicons, the theme automaton) stay in the
 * CPU's cache from one document to the next: nodejieba cut the 1,244 reports
 * of the bench corpus in 1.87 s with a pass over 32 MB of other memory before
 * each report, 1.56 s with one before every 8th, 1.48 s every 32nd and 1.36 s
 * with none (jieba-rs: 0.97, 0.78, 0.75 and 0.74 s). A batch is also closed
 * at BATCH_BYTES, which bounds its memory.
 * `fazhi analyze --jobs 1` on the 10 MB bench corpus (8 KB a report), medians
 * of 5-6 alternating runs against batches of 8 files: jieba-rs 4.94 against
 * 5.24 s, nodejieba 6.16 against 6.37 s and 5.94 against 6.29 s; 0-15 MiB
 * more at the peak. Batches of 48 to 96 files were no faster again. Worker
 * threads take smaller tasks (POOL_BATCH_FILES in corpus.ts).
 */
export const BATCH_FILES = 32;

/**
 * Bytes of input at which a batch is closed before it has BATCH_FILES files:
 * a batch's documents are all in memory until it is written, so large files
 * go in small batches (a file of BATCH_BYTES or more ends the batch it joins).
 */
export const BATCH_BYTES = 256 * 1024;

/** Consecutive runs of `files`, in order: each closed at `maxFiles` files or once it holds `maxBytes` (InputFile.bytes). */
export function fileBatches(files: readonly InputFile[], maxFiles: number = BATCH_FILES, maxBytes: number = BATCH_BYTES): InputFile[][] {
  const batches: InputFile[][] = [];
  let batch: InputFile[] = [];
  let bytes = 0;
  for (const file of files) {
    batch.push(file);
    bytes += file.bytes ?? 0;
    if (batch.length >= maxFiles || bytes >= maxBytes) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * Read and analyze a batch of input files: everything that does not depend on
 * files outside the batch. One result per file, in the order given; the
 * batch's profile is carried by the first. With a `renderer`, each document
 * comes back as its rows (`rendered`) instead of the object, and a document
 * of more units than `windowUnits` is annotated and rendered window by window
 * (windows.ts), on its own after the batch's others.
 */
export async function processFiles(
  inputs: InputFile[],
  ids: string[],
  stages: readonly Stage[],
  options: Pick<CorpusOptions, 'meta' | 'maxBytes' | 'windowUnits' | 'render'>,
  renderer?: DocRenderer,
): Promise<FileResult[]> {
  const profile: Profile = {};
  const results: FileResult[] = [];
  const analyzed: FileItem[] = [];
  for (let f = 0; f < inputs.length; f++) {
    const items = await readAndParse(inputs[f]!, ids[f]!, options, profile);
    results.push({ items, profile: f === 0 ? profile : {} });
    for (const item of items) if (item.doc) analyzed.push(item);
  }
  const longerThan = options.windowUnits ?? LONG_DOCUMENT_UNITS;
  const windowUnits = Math.min(longerThan, WINDOW_UNITS);
  const inWindows = (doc: ReportDoc) => renderer !== undefined && doc.units.length > longerThan;
  for (const stage of stages) {
    for (const item of analyzed) {
      if (!item.doc || inWindows(item.doc)) continue;
      const doc = item.doc;
      attempt(item, () => timed(profile, stage.name, () => runStage(stage, doc)));
    }
  }
  if (!renderer) return results;
  for (const item of analyzed) {
    if (!item.doc) continue;
    const doc = item.doc;
    delete item.doc;
    attempt(item, () => {
      item.rendered = inWindows(doc) ? annotateAndRender(doc, stages, renderer, { windowUnits, spoolDir: options.render?.spoolDir, profile }) : timed(profile, 'write', () => renderer.render(doc, { release: true }));
    });
  }
  return results;
}

/** Run `work` on an analyzed item; when it throws, the item becomes a failed manifest row. */
function attempt(item: FileItem, work: () => void): void {
  try {
    work();
  } catch (e) {
    const { file, bytes, encoding } = item.entry;
    item.entry = row(file, 'failed', `analysis failed: ${errorMessage(e)}`, bytes, encoding);
    delete item.doc;
    delete item.rendered;
    delete item.key;
  }
}

/** Read one input and take each of its reports through clean, structure and metadata; the stages come later, batch-wide. */
async function readAndParse(input: InputFile, id: string, options: Pick<CorpusOptions, 'meta' | 'maxBytes'>, profile: Profile): Promise<FileItem[]> {
  let sources;
  try {
    sources = await timedAsync(profile, 'read', () => readInput(input, options));
  } catch (e) {
    if (e instanceof InputError) return [{ entry: row(e.file, e.status, e.reason, e.bytes, e.encoding), inputSha1: e.sha1 }];
    return [{ entry: row(input.file, 'failed', `cannot read: ${errorMessage(e)}`) }];
  }
  const items: FileItem[] = [];
  let first = true;
  for (const src of sources) {
    const inputSha1 = first ? src.sha1 : undefined;
    first = false;
    const docId = reportId(id, src);
    try {
      const cleaned = timed(profile, 'clean', () => cleanReport(src.rawText));
      // A page of chrome only, or a text in another script, is named as such and never tagged.
      const noReport = reportTextProblem(cleaned.text);
      if (noReport) {
        items.push({ entry: row(src.file, 'skipped', [noReport, ...src.warnings].join('; '), src.bytes, src.encoding), inputSha1 });
        continue;
      }
      const meta = lookupMeta(options.meta, src.file, docId) ?? metaFromFields(src.fields);
      const doc = parseReport(src.rawText, { file: src.file, id: docId, fields: src.fields, meta, stages: [], cleaned, profile });
      const problem = notAReport(doc);
      if (problem) {
        items.push({ entry: row(src.file, 'skipped', problem, src.bytes, src.encoding), inputSha1 });
        continue;
      }
      items.push({ entry: row(src.file, 'ok', src.warnings.join('; '), src.bytes, src.encoding, doc.id), doc, inputSha1, key: contentKey(cleaned.text) });
    } catch (e) {
      items.push({ entry: row(src.file, 'failed', `analysis failed: ${errorMessage(e)}`, src.bytes, src.encoding), inputSha1 });
    }
  }
  return items;
}
