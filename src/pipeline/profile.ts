/**
 * Where the time goes: seconds per pipeline step (read, clean, structure,
 * metadata, then each stage by name, then write), summed over documents and
 * over worker threads. Printed by the benchmark so the next bottleneck shows.
 */
import { performance } from 'node:perf_hooks';

export type Profile = Record<string, number>;

export function timed<T>(profile: Profile | undefined, step: string, work: () => T): T {
  if (!profile) return work();
  const t0 = performance.now();
  try {
    return work();
  } finally {
    profile[step] = (profile[step] ?? 0) + (performance.now() - t0) / 1000;
  }
}

export async function timedAsync<T>(profile: Profile | undefined, step: string, work: () => Promise<T>): Promise<T> {
  if (!profile) return work();
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    profile[step] = (profile[step] ?? 0) + (performance.now() - t0) / 1000;
  }
}

export function addProfile(into: Profile, from: Profile): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}
