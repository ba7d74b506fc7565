// Issue #2 benchmarks:
// 1. loading + validating 10,000 generated manifests (read, parse with positions,
//    schema, id check) vs reading + `yaml.parse` of the same files, in one run;
// 2. a whole-process `docugen-secrets check secrets-manifests` vs `node -e ''`.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadManifests } from '@docugen-secrets/manifest';
import { compare, compareProcesses, printTable, ratioOf } from '../../../tools/bench-lib.mjs';

// BENCH_MANIFESTS shrinks the estate for a quick trial of the script itself; figures quoted use the default.
const N = Number(process.env.BENCH_MANIFESTS ?? 10_000);
const root = process.cwd();
const template = readFileSync(join(root, 'secrets-manifests/webhook-hmac-secret.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'bench-manifests-'));
for (let i = 0; i < N; i++) {
  const id = `generated-secret-${i}`;
  writeFileSync(
    join(dir, `${id}.yaml`),
    template
      .replace('id: webhook-hmac-secret', `id: ${id}`)
      .replace('webhook-hmac-secret.sops.yaml', `${id}.sops.yaml`)
      .replace('length: 48', `length: ${32 + (i % 64)}`),
  );
}
const files = readdirSync(dir).map((f) => join(dir, f));

let checked = 0;
const results = await compare(
  {
    'check (load + schema + positions)': async () => {
      const r = await loadManifests([dir], { cwd: dir });
      checked = r.manifests.filter((m) => m.manifest).length;
    },
    'baseline: read + yaml.parse': async () => {
      await Promise.all(files.map(async (f) => parse(await readFile(f, 'utf8'))));
    },
  },
  { rounds: 9, warmup: 2 },
);
if (checked !== N) throw new Error(`expected ${N} valid manifests, got ${checked}`);
console.log(`${N} manifests`);
printTable(results);
ratioOf(
  'check 10k manifests vs yaml.parse',
  results['check (load + schema + positions)'],
  results['baseline: read + yaml.parse'],
  '<=',
  1.2,
);
rmSync(dir, { recursive: true, force: true });

const proc = await compareProcesses({
  'docugen-secrets check secrets-manifests': [
    process.execPath,
    'packages/cli/bin/docugen-secrets.js',
    'check',
    'secrets-manifests',
  ],
  "node -e ''": [process.execPath, '-e', ''],
});
printTable(proc);
ratioOf('whole-process check vs node -e', proc['docugen-secrets check secrets-manifests'], proc["node -e ''"], '<=', 2);
