/**
 * A small Aho-Corasick automaton over UTF-16 code units: finds every
 * occurrence of every keyword in one pass over the text, so the cost of a scan
 * is proportional to the text length plus the number of hits, whatever the
 * number of keywords.
 */
export interface KeywordHit<T> {
  start: number;
  end: number;
  value: T;
}

interface Node {
  next: Map<number, number>;
  fail: number;
  /** Values of keywords ending here (own only). */
  out: number[];
  /** Nearest node on the fail chain that has outputs, or -1. */
  dict: number;
  depth: number;
}

export class KeywordAutomaton<T> {
  private readonly nodes: Node[] = [this.node(0)];
  private readonly values: T[] = [];
  private built = false;

  private node(depth: number): Node {
    return { next: new Map(), fail: 0, out: [], dict: -1, depth };
  }

  add(keyword: string, value: T): void {
    if (this.built) throw new Error('KeywordAutomaton: add() after build()');
    if (keyword.length === 0) throw new Error('KeywordAutomaton: empty keyword');
    let cur = 0;
    for (let i = 0; i < keyword.length; i++) {
      const c = keyword.charCodeAt(i);
      let nxt = this.nodes[cur]!.next.get(c);
      if (nxt === undefined) {
        nxt = this.nodes.length;
        this.nodes.push(this.node(i + 1));
        this.nodes[cur]!.next.set(c, nxt);
      }
      cur = nxt;
    }
    this.nodes[cur]!.out.push(this.values.length);
    this.values.push(value);
  }

  build(): this {
    const queue: number[] = [];
    for (const child of this.nodes[0]!.next.values()) queue.push(child);
    for (let qi = 0; qi < queue.length; qi++) {
      const u = queue[qi]!;
      const node = this.nodes[u]!;
      for (const [c, v] of node.next) {
        let f = node.fail;
        while (f !== 0 && !this.nodes[f]!.next.has(c)) f = this.nodes[f]!.fail;
        const cand = this.nodes[f]!.next.get(c);
        const vn = this.nodes[v]!;
        vn.fail = cand !== undefined && cand !== v ? cand : 0;
        const fn = this.nodes[vn.fail]!;
        vn.dict = fn.out.length > 0 ? vn.fail : fn.dict;
        queue.push(v);
      }
    }
    this.built = true;
    return this;
  }

  /** Every occurrence of every keyword in `text`, overlapping ones included. */
  scan(text: string): KeywordHit<T>[] {
    if (!this.built) this.build();
    const hits: KeywordHit<T>[] = [];
    let cur = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      while (cur !== 0 && !this.nodes[cur]!.next.has(c)) cur = this.nodes[cur]!.fail;
      cur = this.nodes[cur]!.next.get(c) ?? 0;
      for (let n = this.nodes[cur]!.out.length > 0 ? cur : this.nodes[cur]!.dict; n > 0; n = this.nodes[n]!.dict) {
        const node = this.nodes[n]!;
        for (const vi of node.out) hits.push({ start: i + 1 - node.depth, end: i + 1, value: this.values[vi]! });
      }
    }
    return hits;
  }
}
