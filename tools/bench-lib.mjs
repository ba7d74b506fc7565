// Shared helpers for benchmark scripts: alternating rounds, min and median,
// peak memory of child processes, ratio lines.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function summarize(v, cpu = []) {
  const row = { median: median(v), min: Math.min(...v), max: Math.max(...v), rounds: v.length };
  return cpu.length ? { ...row, cpuMedian: median(cpu) } : row;
}

/**
 * Runs each named async function `rounds` times after `warmup` untimed rounds,
 * alternating between them and reversing the order every other round (ABBA), so
 * drift and warm caches affect every subject alike. Returns min/median/max in ms,
 * and the median CPU time (user + system of the whole process, thread pool
 * included), which a busy machine disturbs far less than wall time.
 */
export async function compare(subjects, { rounds = 7, warmup = 2 } = {}) {
  const names = Object.keys(subjects);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  const cpu = Object.fromEntries(names.map((k) => [k, []]));
  for (let i = 0; i < warmup + rounds; i++) {
    const order = i % 2 ? [...names].reverse() : names;
    for (const name of order) {
      globalThis.gc?.();
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      await subjects[name]();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const c = process.cpuUsage(c0);
      if (i >= warmup) {
        times[name].push(ms);
        cpu[name].push((c.user + c.system) / 1000);
      }
    }
  }
  return Object.fromEntries(names.map((k) => [k, summarize(times[k], cpu[k])]));
}

const rssHook = pathToFileURL(join(import.meta.dirname, 'bench-rss.mjs')).href;

/**
 * Runs a command as a whole process and returns its wall time (ms) and, for Node
 * children, its peak RSS (KiB, VmHWM at exit; see bench-rss.mjs) and CPU time
 * (ms; the Node processes it started, summed).
 */
export function runProcess(argv, { cwd = process.cwd(), allowFailure = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  const rssFile = join(dir, 'rss');
  writeFileSync(rssFile, '');
  const env = {
    ...process.env,
    BENCH_RSS_FILE: rssFile,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${rssHook}`.trim(),
  };
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rows = readFileSync(rssFile, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ').map(Number));
  const rss = rows.map(([kib]) => kib);
  const cpuMs = rows.length ? rows.reduce((sum, [, ms]) => sum + ms, 0) : undefined;
  rmSync(dir, { recursive: true, force: true });
  if (r.error || (r.status !== 0 && !allowFailure))
    throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr ?? r.error}`);
  return { ms, maxRssKiB: rss.length ? Math.max(...rss) : undefined, cpuMs };
}

/**
 * Times whole processes (start-up included), alternating ABBA; returns min/median/max
 * in ms and the highest peak RSS seen per subject.
 */
export function compareProcesses(commands, { rounds = 21, warmup = 3, cwd = process.cwd() } = {}) {
  const names = Object.keys(commands);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  const cpu = Object.fromEntries(names.map((k) => [k, []]));
  const rss = Object.fromEntries(names.map((k) => [k, 0]));
  for (let i = 0; i < warmup + rounds; i++) {
    const order = i % 2 ? [...names].reverse() : names;
    for (const name of order) {
      const r = runProcess(commands[name], { cwd, allowFailure: name.includes('expect-fail') });
      if (i >= warmup) {
        times[name].push(r.ms);
        if (r.cpuMs !== undefined) cpu[name].push(r.cpuMs);
      }
      rss[name] = Math.max(rss[name], r.maxRssKiB ?? 0);
    }
  }
  const cpuOf = (k) => (cpu[k].length === times[k].length ? cpu[k] : []);
  return Object.fromEntries(
    names.map((k) => [k, { ...summarize(times[k], cpuOf(k)), maxRssKiB: rss[k] || undefined }]),
  );
}

export function printTable(results) {
  for (const [name, r] of Object.entries(results)) {
    const cpu = r.cpuMedian === undefined ? '' : `   cpu median ${r.cpuMedian.toFixed(1).padStart(9)} ms`;
    const mem = r.maxRssKiB ? `   peak RSS ${(r.maxRssKiB / 1024).toFixed(1).padStart(7)} MiB` : '';
    console.log(
      `  ${name.padEnd(44)} min ${r.min.toFixed(1).padStart(9)} ms   median ${r.median.toFixed(1).padStart(9)} ms   max ${r.max.toFixed(1).padStart(9)} ms   (${r.rounds} rounds)${cpu}${mem}`,
    );
  }
}

/** Prints `RATIO name: x.xx (target <= y) PASS|FAIL`. */
export function ratioLine(name, ratio, op, target, extra = '') {
  const pass = op === '<=' ? ratio <= target : ratio >= target;
  console.log(`RATIO ${name}: ${ratio.toFixed(2)}x (target ${op} ${target}x) ${pass ? 'PASS' : 'FAIL'}${extra}`);
  return pass;
}

/**
 * A ratio line from two result rows. `<=` targets compare subject / baseline;
 * `>=` targets are speed-ups, baseline / subject. The ratio is of medians; the
 * ratio of minimums is printed beside it, so a noisy run shows as a gap, and
 * the ratio of median CPU times when both rows have them.
 */
export function ratioOf(name, subject, baseline, op, target) {
  const [num, den] = op === '<=' ? [subject, baseline] : [baseline, subject];
  const cpu =
    num.cpuMedian !== undefined && den.cpuMedian !== undefined
      ? `, cpu ${(num.cpuMedian / den.cpuMedian).toFixed(2)}x`
      : '';
  return ratioLine(name, num.median / den.median, op, target, ` [min/min ${(num.min / den.min).toFixed(2)}x${cpu}]`);
}
