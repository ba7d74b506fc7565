// Preloaded into benchmarked child processes (NODE_OPTIONS=--import=...): on exit,
// appends the process's peak resident set size (KiB) and its CPU time (user +
// system, ms) to BENCH_RSS_FILE, so the parent can print them beside its time.
//
// Linux keeps ru_maxrss across fork + exec, so process.resourceUsage().maxRSS of
// a child reports the bench parent's high-water mark whenever that is higher
// (`node -e ''` showed the parent's 209.6 MiB). VmHWM in /proc/self/status is the
// peak of this process image alone; maxRSS is the fallback where /proc is absent.
import { appendFileSync, readFileSync } from 'node:fs';

function peakKiB() {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // no /proc (macOS, Windows): fall through
  }
  return process.resourceUsage().maxRSS;
}

const out = process.env.BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    appendFileSync(out, `${peakKiB()} ${(cpu.user + cpu.system) / 1000}\n`);
  });
}
