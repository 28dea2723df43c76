#!/usr/bin/env node
/**
 * The `fazhi` command (package.json "bin"): the command line of main.ts,
 * run again first with huge pages for nodejieba's dictionary where the
 * system has them (hugepages.ts says why).
 */
import { fileURLToPath } from 'node:url';
import { hugePagesTunables, runAgainWith } from './hugepages.js';

const tunables = hugePagesTunables();
if (tunables) {
  // runAgainWith ends this process as the child ends; it fails only when no child could be started.
  await runAgainWith(fileURLToPath(new URL('./main.js', import.meta.url)), tunables).catch(() => import('./main.js'));
} else {
  await import('./main.js');
}
