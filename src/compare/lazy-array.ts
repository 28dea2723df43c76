/**
 * An array whose element i is made by `at(i)` each time it is read, so that
 * it holds nothing per element: compare's largest tables (a row per sentence
 * of the corpus, a row per kept pair of units) are read once, by the writer,
 * and held as objects they were most of compare's memory at 100,000 reports.
 * It is a real array to its readers (Array.isArray, length, indexing,
 * iteration, map and filter); it cannot be written to.
 */
export function lazyArray<T>(size: number, at: (i: number) => T): T[] {
  const index = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const i = Number(key);
    return Number.isInteger(i) && i >= 0 && i < size && String(i) === key ? i : -1;
  };
  // The target is an empty array that is told its length: an array of
  // `size` holes would take 8 bytes an element (67 MB for the shared
  // sentences of 120,000 reports). An array's length is writable, so a proxy may report another.
  return new Proxy<T[]>([], {
    get: (target, key, receiver) => {
      if (key === 'length') return size;
      const i = index(key);
      return i < 0 ? Reflect.get(target, key, receiver) : at(i);
    },
    has: (target, key) => index(key) >= 0 || Reflect.has(target, key),
    getOwnPropertyDescriptor: (target, key) => {
      if (key === 'length') return { value: size, writable: true, enumerable: false, configurable: false };
      const i = index(key);
      return i < 0 ? Reflect.getOwnPropertyDescriptor(target, key) : { value: at(i), writable: false, enumerable: true, configurable: true };
    },
    ownKeys: (target) => [...Array.from({ length: size }, (_, i) => String(i)), ...Reflect.ownKeys(target)],
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
