/**
 * Protecting an analysis folder: a run never silently overwrites the results
 * of a different corpus. run.json records what was analyzed (the input roots
 * and the list of input files, hashed); a new run into the same folder must
 * have the same inputs, or be told `--force`. Re-analyzing the same corpus
 * (after editing a dictionary, or re-downloading a broken file) is allowed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CollectedInputs } from '../read/inputs.js';
import { UserError } from '../model/errors.js';
import { ANALYSIS_FILES } from './analysis-folder.js';

export interface CorpusIdentity {
  /** The input files and folders, as absolute paths. */
  roots: string[];
  /** Input files found (supported or not). */
  files: number;
  /** sha1 of the sorted list of input file names (relative to their folder). */
  listing_sha1: string;
}

/** runAnalysis into a folder that holds the analysis of a different corpus (pass `force` to overwrite). */
export class OutputConflictError extends UserError {
  constructor(
    readonly outDir: string,
    detail: string,
  ) {
    super(`output folder ${outDir} holds a previous run of a different corpus (${detail}); choose another --out folder, or add --force to overwrite it`);
  }
}

/** The identity of the inputs `collectInputs` found for `paths` (the run reads the same lists). */
export function corpusIdentity(paths: string[], { files, manifest }: CollectedInputs): CorpusIdentity {
  const names = [...files.map((f) => f.file), ...manifest.map((m) => m.file)].sort();
  return {
    roots: paths.map((p) => resolve(p)),
    files: names.length,
    listing_sha1: createHash('sha1').update(names.join('\n')).digest('hex'),
  };
}

/** Throws OutputConflictError when outDir/run.json records a different corpus and force is not set. */
export function checkOutputFolder(outDir: string, current: CorpusIdentity, force = false): void {
  const path = join(outDir, ANALYSIS_FILES.run);
  if (force || !existsSync(path)) return;
  let previous: { inputs?: unknown; corpus?: Partial<CorpusIdentity> };
  try {
    previous = JSON.parse(readFileSync(path, 'utf8')) as typeof previous;
  } catch {
    throw new OutputConflictError(outDir, 'its run.json cannot be read');
  }
  const recorded = previous.corpus?.roots;
  const prevRoots = Array.isArray(recorded)
    ? recorded.map(String)
    : Array.isArray(previous.inputs)
      ? previous.inputs.map((p) => resolve(String(p)))
      : [];
  const sameRoots = [...prevRoots].sort().join('\n') === [...current.roots].sort().join('\n');
  const sameFiles = previous.corpus?.listing_sha1 === undefined || previous.corpus.listing_sha1 === current.listing_sha1;
  if (sameRoots && sameFiles) return;
  const was = `${previous.corpus?.files ?? '?'} input file(s) from ${prevRoots.join(', ') || 'unknown inputs'}`;
  const now = `${current.files} from ${current.roots.join(', ')}`;
  throw new OutputConflictError(outDir, `run.json records ${was}; this run has ${now}`);
}

/** sha1 over every input file's name and content hash: equal fingerprints, equal corpus. */
export function contentFingerprint(inputs: Array<[file: string, sha1: string]>): string {
  const lines = [...inputs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([f, h]) => `${h}  ${f}`);
  return createHash('sha1').update(lines.join('\n')).digest('hex');
}

/** Write a file under a temporary name and rename it, so it is either the old or the new file, never half of one. */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.partial`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/** Why `dir` cannot take a command's tables (it is a file), or null: `analyze` and `compare` check it before any work. */
export function outputFolderProblem(dir: string): string | null {
  return existsSync(dir) && !statSync(dir).isDirectory() ? `output folder ${dir} is a file, not a folder: choose another --out` : null;
}
