/**
 * Names numbered in the order first met: a document's id, a theme, a
 * place-name stem. Each name is kept as a copy of its own (detachedCopy), not
 * a slice of the table text it was read from, which it would keep alive to
 * the end of a run.
 */
import { detachedCopy } from '../text/code-units.js';

export class Numbering {
  /** The names by number. */
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();

  /** The number of `name`: the next one when it is new. */
  of(name: string): number {
    let n = this.numbers.get(name);
    if (n === undefined) {
      n = this.names.length;
      const own = detachedCopy(name);
      this.numbers.set(own, n);
      this.names.push(own);
    }
    return n;
  }
}
