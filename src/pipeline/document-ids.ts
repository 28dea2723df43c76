/**
 * Document ids: the path relative to the corpus folder without its extension
 * (000_729e9bcc00219c1c), so adding files never renames others.
 */
import { extname } from 'node:path';
import type { InputFile } from '../read/inputs.js';

/**
 * Stable ids. When two inputs differ only by extension, both keep the
 * extension after '~'; if that still leaves two alike (a.TXT beside a.txt),
 * later ones in input order get ~2, ~3, …: two documents never share an id.
 */
export function documentIds(files: InputFile[]): Map<string, string> {
  const stem = (f: string) => f.slice(0, f.length - extname(f).length);
  const count = new Map<string, number>();
  for (const f of files) count.set(stem(f.file), (count.get(stem(f.file)) ?? 0) + 1);
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const f of files) {
    const s = stem(f.file);
    let id = count.get(s)! > 1 ? `${s}~${extname(f.file).slice(1).toLowerCase()}` : s;
    for (let n = 2; taken.has(id); n++) id = `${s}~${extname(f.file).slice(1).toLowerCase()}~${n}`;
    taken.add(id);
    ids.set(f.file, id);
  }
  return ids;
}

/** The id of one report of an input: a JSONL line's is the file's id and its line, `id#n`. */
export function reportId(fileId: string, source: { format: string; file: string }): string {
  return source.format === 'jsonl' ? `${fileId}#${source.file.split('#').pop()}` : fileId;
}
