#!/usr/bin/env node
// `npm run bench`: runs every benchmark script (packages/*/bench/*.bench.mjs,
// policies/bench/*.bench.mjs) one after another, each measuring its subject and
// its named baseline side by side in the same run. Numbers are reported, not asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const filter = process.argv[2];
const roots = [...readdirSync('packages').map((d) => join('packages', d)), 'policies'];
const scripts = roots
  .map((r) => join(r, 'bench'))
  .filter((d) => existsSync(d))
  .flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.bench.mjs')).map((f) => join(d, f)))
  .filter((s) => !filter || s.includes(filter))
  .sort();

const ratios = [];
for (const script of scripts) {
  console.log(`\n### ${script}`);
  const r = spawnSync(process.execPath, ['--expose-gc', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
  process.stdout.write(r.stdout);
  ratios.push(...r.stdout.split('\n').filter((l) => l.startsWith('RATIO ')));
  if (r.status !== 0) ratios.push(`RATIO ${script}: did not complete (exit ${r.status ?? r.signal}) FAIL`);
}
console.log('\n## Summary');
for (const l of ratios) console.log(l);
