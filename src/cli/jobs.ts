/** The --jobs option of the commands that run on worker threads: one per CPU core unless told. */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, Option } from 'commander';

export function jobsOption(description: string): Option {
  return new Option('-j, --jobs <n>', description).argParser(parseJobs).default(availableParallelism(), 'one per CPU core');
}

function parseJobs(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('must be a whole number from 1 to 256');
  return n;
}
