/** One benchmark script's outcome: its `RATIO …` lines as `npm run bench` prints them. */
export interface BenchRun {
  /** Repository path of the script, e.g. `packages/manifest/bench/check.bench.mjs`. */
  readonly script: string;
  /** The text after `RATIO ` of each ratio line, e.g. `check vs parse: 1.05x (target <= 1.2x) PASS`. */
  readonly ratios: readonly string[];
}

export interface BenchMachine {
  readonly date: string;
  readonly node: string;
  readonly cpus: string;
}

const cell = (t: string): string => t.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

/** The generated performance section: one table row per ratio, grouped by script, with where and when it was measured. */
export function renderBenchFigures(runs: readonly BenchRun[], machine: BenchMachine): string {
  const rows = [...runs]
    .sort((a, b) => (a.script < b.script ? -1 : 1))
    .flatMap((r) =>
      r.ratios.length === 0
        ? [`| \`${r.script}\` | (no ratio printed) |`]
        : r.ratios.map((x) => `| \`${r.script}\` | ${cell(x)} |`),
    );
  return [
    `Measured ${machine.date} with Node ${machine.node} on ${cell(machine.cpus)} by \`node tools/bench.mjs --write-docs\` (figures vary by machine; ratios are what matter).`,
    '',
    '| benchmark | ratio (target) |',
    '| --- | --- |',
    ...rows,
  ].join('\n');
}

/** The runs a committed performance section lists (the inverse of `renderBenchFigures`' table). */
export function parseBenchFigures(section: string): BenchRun[] {
  const runs = new Map<string, string[]>();
  for (const m of section.matchAll(/^\| `([^`]+\.bench\.mjs)` \| (.*) \|$/gm)) {
    const script = m[1] ?? '';
    const ratio = (m[2] ?? '').replace(/\\\|/g, '|');
    const list = runs.get(script) ?? [];
    if (ratio !== '(no ratio printed)') list.push(ratio);
    runs.set(script, list);
  }
  return [...runs].map(([script, ratios]) => ({ script, ratios }));
}

/**
 * What is stale in a committed performance section, against the benchmark
 * scripts that exist now: a script without figures (added since the last
 * `--write-docs`), figures of a script that no longer exists, a missing
 * table. Numbers are not compared — they vary by machine — the structure is.
 */
export function benchFigureProblems(section: string, scripts: readonly string[]): string[] {
  const listed = new Set([...section.matchAll(/^\| `([^`]+\.bench\.mjs)` \|/gm)].map((m) => m[1] ?? ''));
  if (!/^\| benchmark \| ratio \(target\) \|$/m.test(section)) return ['the performance table is missing'];
  return [
    ...scripts.filter((s) => !listed.has(s)).map((s) => `no figures for ${s}`),
    ...[...listed].filter((s) => !scripts.includes(s)).map((s) => `figures for ${s}, which no longer exists`),
  ];
}

/** NFR5's limits as a table, quoted from policies/config.yaml (SM001's `maxCadence`). */
export function renderCadenceLimits(maxCadence: Readonly<Record<string, string>>): string {
  const order = ['critical', 'high', 'internal', 'any'];
  const keys = Object.keys(maxCadence).sort(
    (a, b) =>
      order.indexOf(a) + 10 * Number(!order.includes(a)) - (order.indexOf(b) + 10 * Number(!order.includes(b))) ||
      (a < b ? -1 : 1),
  );
  return [
    '| classification | maximum cadence |',
    '| --- | --- |',
    ...keys.map((k) => `| ${k} | ${maxCadence[k] ?? ''} |`),
  ].join('\n');
}
