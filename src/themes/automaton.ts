/**
 * A small Aho-Corasick automaton over UTF-16 code units: finds every
 * occurrence of every keyword in one pass over the text, so the cost of a scan
 * is proportional to the text length plus the number of hits, whatever the
 * number of keywords.
 *
 * Laid out for the scan, which reads every character of every sentence: the
 * root's transitions are an array over all code units (most steps of a scan
 * start from the root), a node's fields are typed arrays indexed by node, and
 * one map lookup finds a transition (not a test, then a lookup).
 */
export interface KeywordHit<T> {
  start: number;
  end: number;
  value: T;
}

export class KeywordAutomaton<T> {
  /** Transitions of each node but the root, by char code. */
  private readonly next: Array<Map<number, number>> = [new Map()];
  /** Values of keywords ending at each node (own only), as indexes into `values`. */
  private readonly out: number[][] = [[]];
  private readonly depths: number[] = [0];
  private readonly values: T[] = [];
  private built = false;
  /** The root's transitions by char code; 0 where there is none (no other node is 0). */
  private root = new Int32Array(0);
  private fail = new Int32Array(0);
  /** Nearest node on the fail chain that has outputs, or -1. */
  private dict = new Int32Array(0);
  private depth = new Int32Array(0);

  add(keyword: string, value: T): void {
    if (this.built) throw new Error('KeywordAutomaton: add() after build()');
    if (keyword.length === 0) throw new Error('KeywordAutomaton: empty keyword');
    let cur = 0;
    for (let i = 0; i < keyword.length; i++) {
      const c = keyword.charCodeAt(i);
      let nxt = this.next[cur]!.get(c);
      if (nxt === undefined) {
        nxt = this.next.length;
        this.next.push(new Map());
        this.out.push([]);
        this.depths.push(i + 1);
        this.next[cur]!.set(c, nxt);
      }
      cur = nxt;
    }
    this.out[cur]!.push(this.values.length);
    this.values.push(value);
  }

  build(): this {
    const n = this.next.length;
    const fail = new Int32Array(n);
    const dict = new Int32Array(n).fill(-1);
    const queue: number[] = [...this.next[0]!.values()];
    for (let qi = 0; qi < queue.length; qi++) {
      const u = queue[qi]!;
      for (const [c, v] of this.next[u]!) {
        let f = fail[u]!;
        while (f !== 0 && !this.next[f]!.has(c)) f = fail[f]!;
        const cand = this.next[f]!.get(c);
        fail[v] = cand !== undefined && cand !== v ? cand : 0;
        dict[v] = this.out[fail[v]!]!.length > 0 ? fail[v]! : dict[fail[v]!]!;
        queue.push(v);
      }
    }
    this.root = new Int32Array(0x10000);
    for (const [c, v] of this.next[0]!) this.root[c] = v;
    this.fail = fail;
    this.dict = dict;
    this.depth = Int32Array.from(this.depths);
    this.built = true;
    return this;
  }

  /** Every occurrence of every keyword in `text`, overlapping ones included, by where they end, the longest first. */
  scan(text: string): KeywordHit<T>[] {
    if (!this.built) this.build();
    const { next, out, root, fail, dict, depth, values } = this;
    const hits: KeywordHit<T>[] = [];
    let cur = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let to = cur === 0 ? root[c]! : (next[cur]!.get(c) ?? 0);
      while (to === 0 && cur !== 0) {
        cur = fail[cur]!;
        to = cur === 0 ? root[c]! : (next[cur]!.get(c) ?? 0);
      }
      cur = to;
      for (let n = out[cur]!.length > 0 ? cur : dict[cur]!; n > 0; n = dict[n]!) {
        for (const vi of out[n]!) hits.push({ start: i + 1 - depth[n]!, end: i + 1, value: values[vi]! });
      }
    }
    return hits;
  }
}
