/**
 * Shared passages, the rows of boilerplate.csv: groups of near-identical
 * sentences found in two or more documents.
 *
 * A passage is single linkage at the near-duplicate threshold: the distinct
 * normalized texts (records) joined by chains of near-identical pairs, with
 * every sentence of those records. So each sentence whose shared_with is above
 * zero is in exactly one passage, and the passage's documents include the
 * sentence's own and every one shared_with counts; a sentence linked only
 * through a chain (its own near-identical ones all in its own document) is
 * in the passage too, with shared_with zero. A passage is shown by its most
 * repeated text that another document shares (then most sentences, then
 * most documents, then the first in UTF-16 order) and the first sentence of
 * that text as written (by document id, then unit index).
 */
import { grow, growTo, sortUnique } from './grow.js';

/** What the near-duplicate search knows when passages are formed (SharedSentenceFinder.find). */
export interface PassageInput {
  /** Normalized text of each record. */
  recText: readonly string[];
  /** Near-identical records of each record (undefined for none). */
  neighbors: ReadonlyArray<readonly number[] | undefined>;
  /** Per sentence (in the order added): document number (id order), unit index, record (-1: not compared), tag (-1: none), label set. */
  size: number;
  doc: Int32Array;
  unitIndex: Int32Array;
  rec: Int32Array;
  tag: Int8Array;
  labelSet: Int32Array;
  /** The labels of each label set, ascending. */
  labelSets: ReadonlyArray<readonly number[]>;
  /** Per record, the number of distinct documents holding it, and one of them. */
  recDocCount: Int32Array;
  recOneDoc: Int32Array;
}

/** SharedPassages' contents (SharedPassages.toParts). */
export interface SharedPassagesParts {
  recPassage: Int32Array;
  texts: string[];
  exampleSentence: Int32Array;
  nSentences: Int32Array;
  nVariants: Int32Array;
  docPtr: Int32Array;
  docs: Int32Array;
  tags: Int32Array;
  nTags: number;
  labelPtr: Int32Array;
  labels: Int32Array;
  labelCounts: Int32Array;
}

/**
 * The passages, in table order (most documents first, then most sentences,
 * then normalized text in UTF-16 order), numbered from 1 in that order.
 */
export class SharedPassages {
  private constructor(
    /** Passage number (1-based) of each record, 0 for a record in no passage. */
    private readonly recPassage: Int32Array,
    /** Per passage (0-based here): its shown text, normalized. */
    private readonly texts: string[],
    /** Per passage: the sentence shown as its example (order added). */
    readonly exampleSentence: Int32Array,
    readonly nSentences: Int32Array,
    readonly nVariants: Int32Array,
    /** Per passage: its documents, ascending: docs[docPtr[p]..docPtr[p + 1]). */
    private readonly docPtr: Int32Array,
    private readonly docs: Int32Array,
    /** Per passage: sentences per tag, tags[p * nTags + t]. */
    private readonly tags: Int32Array,
    readonly nTags: number,
    /** Per passage: labels and their sentences, in label order: labels[labelPtr[p]..labelPtr[p + 1]). */
    private readonly labelPtr: Int32Array,
    private readonly labels: Int32Array,
    private readonly labelCounts: Int32Array,
  ) {}

  get size(): number {
    return this.texts.length;
  }

  /** The passages as plain data (typed arrays, strings and numbers), to move to another thread. */
  toParts(): SharedPassagesParts {
    const { recPassage, texts, exampleSentence, nSentences, nVariants, docPtr, docs, tags, nTags, labelPtr, labels, labelCounts } = this;
    return { recPassage, texts, exampleSentence, nSentences, nVariants, docPtr, docs, tags, nTags, labelPtr, labels, labelCounts };
  }

  static fromParts(p: SharedPassagesParts): SharedPassages {
    return new SharedPassages(p.recPassage, p.texts, p.exampleSentence, p.nSentences, p.nVariants, p.docPtr, p.docs, p.tags, p.nTags, p.labelPtr, p.labels, p.labelCounts);
  }

  /** Passage number (1-based) of a record, 0 for none. */
  ofRecord(r: number): number {
    return r < 0 ? 0 : this.recPassage[r]!;
  }

  /** Normalized text of passage p (0-based). */
  text(p: number): string {
    return this.texts[p]!;
  }

  nDocs(p: number): number {
    return this.docPtr[p + 1]! - this.docPtr[p]!;
  }

  /** Document numbers of passage p, ascending; at most `limit`. */
  documents(p: number, limit = Infinity): number[] {
    const from = this.docPtr[p]!;
    const to = Math.min(this.docPtr[p + 1]!, from + limit);
    return Array.from(this.docs.subarray(from, to));
  }

  /** Sentences of passage p per tag, as [tag, count] with count > 0, most first (ties: tag order). */
  tagCounts(p: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let t = 0; t < this.nTags; t++) {
      const n = this.tags[p * this.nTags + t]!;
      if (n > 0) out.push([t, n]);
    }
    return out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  /** Sentences of passage p per label, as [label, count], by label number (the caller orders them by count and name). */
  labelCountsOf(p: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let k = this.labelPtr[p]!; k < this.labelPtr[p + 1]!; k++) out.push([this.labels[k]!, this.labelCounts[k]!]);
    return out;
  }

  static form(input: PassageInput): SharedPassages {
    const R = input.recText.length;
    const n = input.size;
    const root = linkRecords(R, input.neighbors);

    // Sentences of each group (root), and per record its sentence count and first sentence.
    const recSentences = new Int32Array(R);
    const recFirst = new Int32Array(R).fill(-1);
    for (let i = 0; i < n; i++) {
      const r = input.rec[i]!;
      if (r < 0) continue;
      recSentences[r]!++;
      const f = recFirst[r]!;
      if (f < 0 || input.doc[i]! < input.doc[f]! || (input.doc[i] === input.doc[f] && input.unitIndex[i]! < input.unitIndex[f]!)) recFirst[r] = i;
    }
    const groupPtr = new Int32Array(R + 1);
    for (let i = 0; i < n; i++) if (input.rec[i]! >= 0) groupPtr[root[input.rec[i]!]! + 1]!++;
    for (let g = 0; g < R; g++) groupPtr[g + 1]! += groupPtr[g]!;
    const fill = groupPtr.slice(0, R);
    const groupSentences = new Int32Array(groupPtr[R]!);
    for (let i = 0; i < n; i++) {
      const r = input.rec[i]!;
      if (r >= 0) groupSentences[fill[root[r]!]!++] = i;
    }

    // Each group's documents; a group of one document is not shared.
    let docScratch = new Int32Array(64);
    const kept: number[] = [];
    // Kept group k's documents: keptDocs[keptDocPtr[k]..keptDocPtr[k + 1]), in one array (a million passages are not a million arrays).
    let keptDocs = new Int32Array(1024);
    const keptDocPtr: number[] = [0];
    for (let g = 0; g < R; g++) {
      const from = groupPtr[g]!;
      const m = groupPtr[g + 1]! - from;
      if (m < 2) continue;
      if (m > docScratch.length) docScratch = new Int32Array(Math.max(m, docScratch.length * 2));
      const d = docScratch.subarray(0, m);
      for (let k = 0; k < m; k++) d[k] = input.doc[groupSentences[from + k]!]!;
      const u = sortUnique(d);
      if (u < 2) continue;
      kept.push(g);
      const at = keptDocPtr[keptDocPtr.length - 1]!;
      if (at + u > keptDocs.length) keptDocs = growTo(keptDocs, at + u, at);
      keptDocs.set(d.subarray(0, u), at);
      keptDocPtr.push(at + u);
    }

    // The shown record of each kept group: one another document shares (it or a near-identical one), then most sentences, then most documents of its own, then text.
    const recDocs = input.recDocCount;
    const shared = sharedRecords(input);
    const shown = new Int32Array(kept.length).fill(-1);
    const variants = new Int32Array(kept.length);
    const keptIndex = new Int32Array(R).fill(-1);
    kept.forEach((g, k) => (keptIndex[g] = k));
    for (let r = 0; r < R; r++) {
      const k = keptIndex[root[r]!]!;
      if (k < 0 || recSentences[r] === 0) continue;
      variants[k]!++;
      const s = shown[k]!;
      if (
        s < 0 ||
        shared[r]! > shared[s]! ||
        (shared[r] === shared[s] && recSentences[r]! > recSentences[s]!) ||
        (shared[r] === shared[s] && recSentences[r] === recSentences[s] && (recDocs[r]! > recDocs[s]! || (recDocs[r] === recDocs[s] && input.recText[r]! < input.recText[s]!)))
      ) {
        shown[k] = r;
      }
    }

    const nDocsOf = (k: number) => keptDocPtr[k + 1]! - keptDocPtr[k]!;
    // Table order.
    const order = Array.from(kept.keys()).sort(
      (a, b) =>
        nDocsOf(b) - nDocsOf(a) ||
        groupPtr[kept[b]! + 1]! - groupPtr[kept[b]!]! - (groupPtr[kept[a]! + 1]! - groupPtr[kept[a]!]!) ||
        (input.recText[shown[a]!]! < input.recText[shown[b]!]! ? -1 : input.recText[shown[a]!]! > input.recText[shown[b]!]! ? 1 : 0),
    );
    const P = order.length;
    const recPassage = new Int32Array(R);
    const passageOfGroup = new Int32Array(R).fill(-1);
    order.forEach((k, p) => (passageOfGroup[kept[k]!] = p));
    for (let r = 0; r < R; r++) recPassage[r] = passageOfGroup[root[r]!]! + 1;

    let nTags = 0;
    for (let i = 0; i < n; i++) if (input.rec[i]! >= 0 && input.tag[i]! + 1 > nTags) nTags = input.tag[i]! + 1;
    const texts: string[] = new Array<string>(P);
    const exampleSentence = new Int32Array(P);
    const nSentences = new Int32Array(P);
    const nVariants = new Int32Array(P);
    const docPtr = new Int32Array(P + 1);
    const tags = new Int32Array(P * nTags);
    const labelPtr = new Int32Array(P + 1);
    let labels = new Int32Array(1024);
    let labelCounts = new Int32Array(1024);
    const perLabel = new Map<number, number>();
    for (let p = 0; p < P; p++) {
      const k = order[p]!;
      const g = kept[k]!;
      texts[p] = input.recText[shown[k]!]!;
      exampleSentence[p] = recFirst[shown[k]!]!;
      nSentences[p] = groupPtr[g + 1]! - groupPtr[g]!;
      nVariants[p] = variants[k]!;
      docPtr[p + 1] = docPtr[p]! + nDocsOf(k);
      perLabel.clear();
      for (let s = groupPtr[g]!; s < groupPtr[g + 1]!; s++) {
        const i = groupSentences[s]!;
        const t = input.tag[i]!;
        if (t >= 0) tags[p * nTags + t]!++;
        for (const label of input.labelSets[input.labelSet[i]!] ?? []) perLabel.set(label, (perLabel.get(label) ?? 0) + 1);
      }
      const at = labelPtr[p]!;
      while (at + perLabel.size > labels.length) {
        labels = grow(labels);
        labelCounts = grow(labelCounts);
      }
      [...perLabel.keys()].sort((a, b) => a - b).forEach((label, j) => {
        labels[at + j] = label;
        labelCounts[at + j] = perLabel.get(label)!;
      });
      labelPtr[p + 1] = at + perLabel.size;
    }
    const docs = new Int32Array(docPtr[P]!);
    order.forEach((k, p) => docs.set(keptDocs.subarray(keptDocPtr[k]!, keptDocPtr[k + 1]!), docPtr[p]!));
    const used = labelPtr[P]!;
    return new SharedPassages(recPassage, texts, exampleSentence, nSentences, nVariants, docPtr, docs, tags, nTags, labelPtr, labels.slice(0, used), labelCounts.slice(0, used));
  }
}

/** Per record, the group it is linked into (union–find over the near-identical pairs): the smallest record of the group. */
function linkRecords(R: number, neighbors: ReadonlyArray<readonly number[] | undefined>): Int32Array {
  const parent = Int32Array.from({ length: R }, (_, r) => r);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let r = 0; r < R; r++) {
    for (const y of neighbors[r] ?? []) {
      const a = find(r);
      const b = find(y);
      if (a < b) parent[b] = a;
      else if (b < a) parent[a] = b;
    }
  }
  for (let r = 0; r < R; r++) parent[r] = find(r);
  return parent;
}

/** Per record, 1 when it or a near-identical record is in a document other than one of its own (its shared_with is above zero). */
function sharedRecords(input: PassageInput): Uint8Array {
  const R = input.recText.length;
  const shared = new Uint8Array(R);
  for (let r = 0; r < R; r++) {
    if (input.recDocCount[r]! >= 2) shared[r] = 1;
    else for (const y of input.neighbors[r] ?? []) if (input.recDocCount[y]! >= 2 || input.recOneDoc[y] !== input.recOneDoc[r]) shared[r] = 1;
  }
  return shared;
}
