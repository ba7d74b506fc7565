// Preloaded into benchmarked child processes (NODE_OPTIONS=--import=...): on exit,
// appends the process's peak resident set size (KiB) to BENCH_RSS_FILE, so the
// parent can print each child's memory beside its time.
import { appendFileSync } from 'node:fs';

const out = process.env.BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    appendFileSync(out, `${process.resourceUsage().maxRSS}\n`);
  });
}
