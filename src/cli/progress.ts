/** A progress bar on a terminal; nothing at all when output is piped or --quiet. */
import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';

const require = createRequire(import.meta.url);

export interface Progress {
  update(done: number, total: number, file: string): void;
  stop(): void;
}

export function progressBar(enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  // Loaded only for a bar shown: a --quiet or piped run never needs it.
  const cliProgress = require('cli-progress') as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'analyzing {bar} {value}/{total} files | {file}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, file) {
      if (!started) {
        bar.start(total, 0, { file: '' });
        started = true;
      }
      bar.update(done, { file: file.length > 40 ? `…${file.slice(-39)}` : file });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
