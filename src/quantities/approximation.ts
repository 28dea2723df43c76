/** Approximation markers around a number (约, 近, 超过 … before it; 左右, 以上 … after it): they make a quantity approx. */

/** Approximation markers written before the number, longest first. */
const APPROX_PREFIXES = [
  '不少于',
  '不低于',
  '将近',
  '接近',
  '大约',
  '超过',
  '至少',
  '不足',
  '不到',
  '约',
  '近',
  '逾',
  '超',
] as const;
/** Characters that make a preceding marker part of another word (附近, 制约, 赶超). */
const PREFIX_NOT_AFTER: Readonly<Record<string, RegExp>> = {
  近: /[附最就临靠将接亲]$/,
  约: /[制签契节预邀相公条违履简特婉]$/,
  超: /[赶高]$/,
};

/** Approximation markers written after the unit. */
export const APPROX_SUFFIXES = ['左右', '以上', '以下', '之多'] as const;

/** The approximation marker that ends at `at` (not before `floor`), or ''. */
export function approxPrefixBefore(s: string, at: number, floor: number): string {
  for (const p of APPROX_PREFIXES) {
    const from = at - p.length;
    if (from >= floor && s.startsWith(p, from)) {
      const guard = PREFIX_NOT_AFTER[p];
      if (guard && guard.test(s.slice(Math.max(0, from - 1), from))) continue;
      return p;
    }
  }
  return '';
}

/** The approximation marker written at `at`, after a unit or a percentage, or ''. */
export function approxSuffixAt(s: string, at: number): string {
  for (const suf of APPROX_SUFFIXES) if (s.startsWith(suf, at)) return suf;
  return '';
}
