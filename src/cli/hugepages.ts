/**
 * Huge pages for nodejieba's dictionary.
 *
 * nodejieba.load builds cppjieba's dictionary trie twice per thread (for the
 * segmenter and for its TextRank extractor), some 300 MB of small C++
 * allocations. Faulted in 4 KB pages that takes about 2.1 s per thread on
 * the development machine; with glibc's `glibc.malloc.hugetlb=1` tunable
 * (glibc ≥ 2.35, transparent huge pages in "madvise" mode, the usual Linux
 * default) malloc asks for huge pages and the same load takes about 1.0 s.
 * The five bundled reports are analysed in 1.45 s instead of 2.5 s. The cut
 * itself is no faster, so long runs gain only the load.
 *
 * glibc reads its tunables once, when a process starts: the `fazhi` command
 * therefore runs itself again in a child process with the tunable set
 * (about 60 ms). FAZHI_HUGEPAGES=0 turns this off.
 */
import { spawn } from 'node:child_process';

export const HUGETLB_TUNABLE = 'glibc.malloc.hugetlb=1';

/** The first glibc with the malloc.hugetlb tunable. */
const FIRST_GLIBC = [2, 35];

/**
 * The GLIBC_TUNABLES value to run again with, or null when running again
 * would change nothing: not Linux with glibc ≥ 2.35, the tunable already
 * set (which is also how the child knows it is the child), or turned off.
 * `glibc` is the version to judge by (null: not glibc); by default the runtime's.
 */
export function hugePagesTunables(env: NodeJS.ProcessEnv = process.env, glibc?: string | null): string | null {
  if (env.FAZHI_HUGEPAGES === '0') return null;
  const current = env.GLIBC_TUNABLES ?? '';
  if (/(^|:)glibc\.malloc\.hugetlb=/.test(current)) return null;
  // Asked of the runtime only now: a diagnostic report (a few ms) that the checks above often make needless.
  const version = glibc === undefined ? glibcVersion() : glibc;
  if (!version) return null;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < FIRST_GLIBC[0]! || (major === FIRST_GLIBC[0] && minor < FIRST_GLIBC[1]!)) return null;
  return current ? `${current}:${HUGETLB_TUNABLE}` : HUGETLB_TUNABLE;
}

/** The runtime glibc's version ("2.36"), or null off glibc (macOS, Windows, musl). */
export function glibcVersion(): string | null {
  if (process.platform !== 'linux') return null;
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime ?? null;
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Run `script` in a child node with the same node options and arguments,
 * the terminal shared, and GLIBC_TUNABLES set; this process then ends as
 * the child did (its exit status, or the signal that stopped it). A signal
 * sent to this process alone (a `timeout`, a job scheduler) is passed on.
 */
export function runAgainWith(script: string, tunables: string): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, GLIBC_TUNABLES: tunables },
    });
    const pass = (signal: NodeJS.Signals) => child.kill(signal);
    const stopPassing = () => {
      for (const s of FORWARDED) process.off(s, pass);
    };
    for (const s of FORWARDED) process.on(s, pass);
    child.on('error', (e) => {
      // Only a child that never started sends the caller to run the command here, and then
      // the signals must be this process's own again (a listener left behind would swallow
      // Ctrl-C); a failed kill of a running child is not a reason to run it twice.
      if (child.pid !== undefined) return;
      stopPassing();
      reject(e);
    });
    child.once('exit', (code, signal) => {
      stopPassing();
      if (signal) process.kill(process.pid, signal);
      else process.exit(code ?? 1);
    });
  });
}
