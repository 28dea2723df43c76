/**
 * Where an export or explore command may write. Checked before any work, so
 * a mistyped path costs nothing and leaves nothing behind: the tables
 * themselves are written under a temporary name and renamed.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** An output path the user must change: a missing folder, a file where a folder should be. */
export class OutputTargetError extends Error {}

/** Why `file` cannot be written (its folder is missing, or it is a folder), or null. */
export function outputFileProblem(file: string): string | null {
  const folder = dirname(resolve(file));
  if (!existsSync(folder)) return `${file}: the folder ${folder} does not exist (create it first)`;
  if (!statSync(folder).isDirectory()) return `${file}: ${folder} is a file, not a folder`;
  if (existsSync(file) && statSync(file).isDirectory()) return `${file} is a folder: give the name of the file to write`;
  return null;
}

/** Why `dir` cannot take the tables (it is a file, or the folder it would be made in is missing), or null. */
export function outputFolderTargetProblem(dir: string): string | null {
  if (existsSync(dir)) return statSync(dir).isDirectory() ? null : `${dir} is a file, not a folder: choose another --out`;
  const parent = dirname(resolve(dir));
  if (!existsSync(parent) || !statSync(parent).isDirectory()) return `${dir}: the folder ${parent} does not exist (create it first)`;
  return null;
}
