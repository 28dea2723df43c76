// Preloaded into a benchmarked command (node --import): at exit, write the
// process's peak resident memory (worker threads included) where the bench
// reads it. Not getrusage's maxRSS: that also carries the benchmark's own
// memory at the moment it spawned the command (see peakResidentBytes).
import { writeFileSync } from 'node:fs';
import { peakResidentBytes } from '../dist/pipeline/profile.js';

process.on('exit', () => {
  if (process.env.FAZHI_RSS_FILE) writeFileSync(process.env.FAZHI_RSS_FILE, String(peakResidentBytes()));
});
