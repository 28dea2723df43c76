// Preloaded into a benchmarked command (node --import): at exit, write the
// process's peak resident memory (worker threads included) where the bench reads it.
import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  if (process.env.FAZHI_RSS_FILE) writeFileSync(process.env.FAZHI_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
