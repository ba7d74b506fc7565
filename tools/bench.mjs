#!/usr/bin/env node
// `npm run bench`: runs every benchmark script (packages/*/bench/*.bench.mjs,
// policies/bench/*.bench.mjs) one after another, each measuring its subject and
// its named baseline side by side in the same run. Numbers are reported, not asserted.
// `--write-docs` also writes the ratios into the generated section of
// docs/architecture/security-and-performance.md (needs `npm run build`), which
// `docugen-secrets docs --check` checks lists every benchmark script. With a
// filter (`node tools/bench.mjs drift --write-docs`) only the matching
// scripts' rows are replaced; the others are kept.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

const writeDocs = process.argv.includes('--write-docs');
// `--from-log FILE`: write the figures of a saved `npm run bench` output (e.g. from a quiet machine) instead of running.
const logIndex = process.argv.indexOf('--from-log');
const fromLog = logIndex > 0 ? process.argv[logIndex + 1] : undefined;
const filter = process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--from-log');
const roots = [...readdirSync('packages').map((d) => join('packages', d)), 'policies'];
const scripts = roots
  .map((r) => join(r, 'bench'))
  .filter((d) => existsSync(d))
  .flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.bench.mjs'))
      .map((f) => join(d, f)),
  )
  .filter((s) => !filter || s.includes(filter))
  .sort();

const ratios = [];
const runs = [];
if (fromLog) {
  // A run's closing `## Summary` repeats every RATIO line: each script's section ends where one starts
  // (a log may hold several runs, one after another).
  for (const chunk of readFileSync(fromLog, 'utf8').split(/^### /m).slice(1)) {
    const [script = '', ...lines] = (chunk.split(/^## Summary$/m)[0] ?? '').split('\n');
    if (scripts.includes(script.trim()))
      runs.push({
        script: script.trim().split('\\').join('/'),
        ratios: lines.filter((l) => l.startsWith('RATIO ')).map((l) => l.slice('RATIO '.length)),
      });
  }
}
for (const script of fromLog ? [] : scripts) {
  console.log(`\n### ${script}`);
  const r = spawnSync(process.execPath, ['--expose-gc', script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  process.stdout.write(r.stdout);
  const own = r.stdout.split('\n').filter((l) => l.startsWith('RATIO '));
  if (r.status !== 0) own.push(`RATIO ${script}: did not complete (exit ${r.status ?? r.signal}) FAIL`);
  ratios.push(...own);
  runs.push({ script: script.split('\\').join('/'), ratios: own.map((l) => l.slice('RATIO '.length)) });
}
console.log('\n## Summary');
for (const l of ratios) console.log(l);

if (writeDocs) {
  const { parseBenchFigures, readSection, renderBenchFigures, replaceSection } =
    await import('../packages/docs/dist/index.js');
  const file = 'docs/architecture/security-and-performance.md';
  const text = readFileSync(file, 'utf8');
  const existing = new Set(
    roots
      .map((r) => join(r, 'bench'))
      .filter((d) => existsSync(d))
      .flatMap((d) => readdirSync(d).map((f) => join(d, f).split('\\').join('/'))),
  );
  const kept = parseBenchFigures(readSection(text, 'bench') ?? '').filter(
    (r) => existing.has(r.script) && !runs.some((n) => n.script === r.script),
  );
  const machine = {
    date: new Date().toISOString().slice(0, 10),
    node: process.versions.node,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
  };
  writeFileSync(file, replaceSection(text, 'bench', renderBenchFigures([...kept, ...runs], machine), file));
  console.log(`\nwrote the figures into ${file}`);
}
