/**
 * Where the time goes: seconds per pipeline step (read, clean, structure,
 * metadata, then each stage by name, then write), summed over documents and
 * over worker threads. Printed by the benchmark so the next bottleneck shows.
 * And the peak memory of the whole process, which run.json records.
 */
import { readFileSync } from 'node:fs';
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

/**
 * The process's peak resident memory in bytes, worker threads included.
 * On Linux this is VmHWM, the peak of this program alone: getrusage's
 * maxRSS also carries the RSS of the process that spawned it (the
 * high-water mark survives vfork + exec), so a run started from a large
 * parent, like the benchmark holding its corpus and nodejieba's tables,
 * would report the parent's memory as its own. Elsewhere, maxRSS.
 */
export function peakResidentBytes(): number {
  try {
    const m = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // No /proc (macOS, Windows): fall through.
  }
  return process.resourceUsage().maxRSS * 1024;
}
