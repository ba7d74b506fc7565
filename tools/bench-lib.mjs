// Shared helpers for benchmark scripts: alternating rounds, medians, ratio lines.
import { spawnSync } from 'node:child_process';

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs each named async function `rounds` times, alternating between them
 * so drift affects all equally, after `warmup` untimed rounds. Returns medians in ms.
 */
export async function compare(subjects, { rounds = 7, warmup = 2 } = {}) {
  const times = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
  for (let i = 0; i < warmup + rounds; i++) {
    for (const [name, fn] of Object.entries(subjects)) {
      globalThis.gc?.();
      const t0 = process.hrtime.bigint();
      await fn();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i >= warmup) times[name].push(ms);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { median: median(v), min: Math.min(...v), max: Math.max(...v) }]));
}

/** Times whole processes (start-up included), alternating, returning medians in ms. */
export function compareProcesses(commands, { rounds = 15, warmup = 3, cwd = process.cwd() } = {}) {
  const subjects = Object.fromEntries(
    Object.entries(commands).map(([name, argv]) => [
      name,
      () => {
        const r = spawnSync(argv[0], argv.slice(1), { cwd, stdio: 'ignore' });
        if (r.status !== 0 && !name.includes('expect-fail')) throw new Error(`${name} exited ${r.status}`);
      },
    ]),
  );
  return compare(subjects, { rounds, warmup });
}

export function printTable(results) {
  for (const [name, r] of Object.entries(results)) {
    console.log(`  ${name.padEnd(40)} median ${r.median.toFixed(1).padStart(9)} ms   min ${r.min.toFixed(1).padStart(9)}   max ${r.max.toFixed(1).padStart(9)}`);
  }
}

/** Prints `RATIO name: x.xx (target <= y) PASS|FAIL`. */
export function ratioLine(name, ratio, op, target) {
  const pass = op === '<=' ? ratio <= target : ratio >= target;
  const line = `RATIO ${name}: ${ratio.toFixed(2)}x (target ${op} ${target}x) ${pass ? 'PASS' : 'FAIL'}`;
  console.log(line);
  return pass;
}
