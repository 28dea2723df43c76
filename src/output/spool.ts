/**
 * Rows that wait on disk. A document rendered window by window (a pasted
 * collection of 50 MB has 140 MB of sentences.csv) puts each window's rows
 * into spool files, one per table, as they are rendered, and the writer
 * copies them into the tables when the document's turn comes: memory holds
 * a window's rows, never a whole document's. The files are named by paths,
 * so they travel back from a worker thread as they are.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class Spool {
  /** One file per table, in the order given to write. */
  readonly paths: string[];
  private fds: number[];

  constructor(dir: string, tables: number) {
    mkdirSync(dir, { recursive: true });
    // Unique across the threads of a run, which share the folder.
    const name = randomUUID();
    this.paths = Array.from({ length: tables }, (_, i) => join(dir, `${name}-${i}.csv`));
    this.fds = this.paths.map((p) => openSync(p, 'w'));
  }

  /** Append rendered rows to table `table`'s file. */
  write(table: number, pieces: readonly string[]): void {
    for (const piece of pieces) writeSync(this.fds[table]!, piece);
  }

  close(): void {
    for (const fd of this.fds) closeSync(fd);
    this.fds = [];
  }

  /** Close and remove the files: the document failed. */
  discard(): void {
    this.close();
    for (const p of this.paths) rmSync(p, { force: true });
  }
}
