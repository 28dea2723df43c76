/**
 * Insertion sort in place, stable, for the lists the tagger sorts once per
 * sentence: a few cue classes, a few hits, a few dozen feature ids. Array#sort
 * and a typed array's sort allocate a working copy on every call, which across
 * a corpus would be a tenth of what tagging allocates.
 */
export function sortSmall<T>(list: T[], after: (a: T, b: T) => boolean): void {
  for (let i = 1; i < list.length; i++) {
    const v = list[i]!;
    let j = i - 1;
    for (; j >= 0 && after(list[j]!, v); j--) list[j + 1] = list[j]!;
    list[j + 1] = v;
  }
}

/** Ascending: code units for strings (Array#sort's default order), value for numbers. */
export function greater<T extends string | number>(a: T, b: T): boolean {
  return a > b;
}
