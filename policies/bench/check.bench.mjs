// Issue #3 benchmarks, each subject next to its baseline in the same run:
// 1. check (schema + every policy) over 10,000 generated manifests vs reading +
//    `yaml.parse` of the same files (target <= 1.2x);
// 2. check --changed with 1 of 10,000 manifests changed vs a full check (target <= 0.2x),
//    printed twice: with a warm facts cache (the ratio: pre-commit and repeated runs in
//    one clone find the cache in .git/docugen-secrets/ from their previous run) and with
//    a cold one (a fresh CI clone has none: every unchanged manifest is read once);
// 3. the whole `docugen-secrets check` process vs the Spectral CLI running an
//    equivalent ruleset (spectral/ruleset.mjs: the manifest schema inlined + the
//    per-file policies) on the same 1,000 files, both measured (target >= 50x);
//    every process row prints its peak RSS.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  FACTS_CACHE_GIT_PATH,
  generateCodeowners,
  buildRegistry,
  fileFactsCacheStore,
  gitCli,
  runCheck,
} from '@docugen-secrets/policies';
import { compare, median, printTable, ratioOf, runProcess } from '../../tools/bench-lib.mjs';

// BENCH_MANIFESTS shrinks the estate for a quick trial of the script itself; figures quoted use the default.
const N = Number(process.env.BENCH_MANIFESTS ?? 10_000);
const root = process.cwd();
const now = new Date('2026-11-29T12:00:00Z');
const repo = mkdtempSync(join(tmpdir(), 'bench-policies-'));
const manifests = join(repo, 'secrets-manifests');

// A repository like DocuGen's: its policies (the manual secret's waiver widened to
// the generated copies), 10,000 manifests made from the six real ones, CODEOWNERS.
const owned = [];
const teams = () => buildRegistry(parse(readFileSync(join(root, 'policies/teams.yaml'), 'utf8')));
function setUp() {
  cpSync(join(root, 'policies/config.yaml'), join(repo, 'policies/config.yaml'));
  cpSync(join(root, 'policies/teams.yaml'), join(repo, 'policies/teams.yaml'));
  writeFileSync(
    join(repo, 'policies/waivers.yaml'),
    readFileSync(join(root, 'policies/waivers.yaml'), 'utf8').replace(
      'secret: ocr-vendor-api-token',
      "secret: 'ocr-vendor-api-token*'",
    ),
  );
  mkdirSync(manifests, { recursive: true });
  const templates = readdirSync(join(root, 'secrets-manifests'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f.replace(/\.yaml$/, ''), readFileSync(join(root, 'secrets-manifests', f), 'utf8')]);
  for (let i = 0; i < N; i++) {
    const [base, text] = templates[i % templates.length];
    const id = `${base}-${i}`;
    const body = text
      .replaceAll(`id: ${base}`, `id: ${id}`)
      .replace(/(name: [a-z]+\/[a-z]+\/)([a-z0-9-]+)/, `$1${id}`)
      .replace(/(path: secrets\/[a-z]+\/)([a-z0-9-]+)/, `$1${id}`)
      .replace('$schema=../', '$schema=../../');
    writeFileSync(join(manifests, `${id}.yaml`), body);
    owned.push({ repoPath: `secrets-manifests/${id}.yaml`, ownerTeam: /team: ([a-z-]+)/.exec(body)[1] });
  }
  mkdirSync(join(repo, '.github'));
  writeFileSync(join(repo, '.github/CODEOWNERS'), generateCodeowners(owned, teams(), []).text);
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.invalid',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.invalid',
  };
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
    ['commit', '-q', '-m', 'bench'],
  ])
    execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, env });
}

mkdirSync(join(repo, 'policies'), { recursive: true });
setUp();
const files = readdirSync(manifests).map((f) => join(manifests, f));
const changedFile = files[Math.min(4242, N - 1)];
writeFileSync(
  changedFile,
  readFileSync(changedFile, 'utf8').replace('description: >-', 'description: >-\n  Changed for the benchmark.'),
);

const opts = { paths: ['secrets-manifests'], cwd: repo, now, policiesDir: 'policies' };
let full;
let partial;
let partialCold;
const changedOpts = { ...opts, changedSince: 'HEAD', git: gitCli(repo), factsCache: fileFactsCacheStore };
const factsCacheFile = join(repo, '.git', FACTS_CACHE_GIT_PATH);
const fullCheck = async () => {
  full = await runCheck(opts);
};
// Two separate side-by-side comparisons: the --changed runs start git processes
// that would otherwise disturb the check-vs-parse pair.
const results = await compare(
  {
    [`check: schema + all policies (${N})`]: fullCheck,
    [`baseline: read + yaml.parse (${N})`]: async () => {
      await Promise.all(files.map(async (f) => parse(await readFile(f, 'utf8'))));
    },
  },
  { rounds: 7, warmup: 2 },
);
const changed = await compare(
  {
    [`check: full (${N}), again`]: fullCheck,
    [`check --changed, 1 of ${N} changed, cold cache`]: async () => {
      rmSync(factsCacheFile, { force: true });
      partialCold = await runCheck(changedOpts);
    },
    [`check --changed, 1 of ${N} changed, warm cache`]: async () => {
      partial = await runCheck(changedOpts);
    },
  },
  { rounds: 5, warmup: 1 },
);
if (full.report.summary.valid !== N || full.report.summary.verdict !== 'pass')
  throw new Error(`unexpected full report: ${JSON.stringify(full.report.summary)}`);
for (const p of [partial, partialCold])
  if (p.report.summary.files !== 1 || p.report.summary.mode !== 'changed')
    throw new Error(`unexpected --changed report: ${JSON.stringify(p.report.summary)}`);
if (JSON.stringify(partial.report) !== JSON.stringify(partialCold.report))
  throw new Error('--changed reports differ with a warm and a cold facts cache');
console.log(`${N} manifests, ${full.report.summary.waived} waived findings, 0 open`);
printTable({ ...results, ...changed });
ratioOf(
  'check 10k manifests (schema + policies) vs yaml.parse',
  results[`check: schema + all policies (${N})`],
  results[`baseline: read + yaml.parse (${N})`],
  '<=',
  1.2,
);
ratioOf(
  'check --changed (1 of 10k, warm facts cache) vs full check',
  changed[`check --changed, 1 of ${N} changed, warm cache`],
  changed[`check: full (${N}), again`],
  '<=',
  0.2,
);

// Whole processes on the same files: our CLI and the Spectral CLI over 1,000 of
// them, measured directly (Spectral needs ~30-50 ms per file here, so 10,000 would
// take minutes a round); our CLI over all 10,000 is printed beside for scale.
const SPECTRAL_FILES = Math.min(1000, N);
const sampleDir = join(repo, `sample-${SPECTRAL_FILES}`);
mkdirSync(join(sampleDir, 'secrets-manifests'), { recursive: true });
cpSync(join(repo, 'policies'), join(sampleDir, 'policies'), { recursive: true });
const sampleFiles = new Set(files.slice(0, SPECTRAL_FILES).map((f) => f.split('/').pop()));
for (const f of sampleFiles) cpSync(join(manifests, f), join(sampleDir, 'secrets-manifests', f));
mkdirSync(join(sampleDir, '.github'));
writeFileSync(
  join(sampleDir, '.github/CODEOWNERS'),
  generateCodeowners(
    owned.filter((o) => sampleFiles.has(o.repoPath.split('/').pop())),
    teams(),
    [],
  ).text,
);
const cliArgs = [
  process.execPath,
  join(root, 'packages/cli/bin/docugen-secrets.js'),
  'check',
  'secrets-manifests',
  '--policies',
  'policies',
  '--format',
  'json',
];
const spectralArgs = [
  process.execPath,
  join(root, 'node_modules/@stoplight/spectral-cli/dist/index.js'),
  'lint',
  join(sampleDir, 'secrets-manifests/*.yaml'),
  '-r',
  join(root, 'policies/bench/spectral/ruleset.mjs'),
  '-f',
  'json',
  '-q',
];
const proc = { cli1k: [], cli10k: [], spectral: [] };
const rss = { cli1k: 0, cli10k: 0, spectral: 0 };
const record = (key, r) => {
  proc[key].push(r.ms);
  rss[key] = Math.max(rss[key], r.maxRssKiB ?? 0);
};
runProcess(cliArgs, { cwd: sampleDir });
for (let round = 0; round < 3; round++) {
  record('cli1k', runProcess(cliArgs, { cwd: sampleDir }));
  record('spectral', runProcess(spectralArgs, { cwd: root, allowFailure: true }));
  record('cli10k', runProcess(cliArgs, { cwd: repo }));
}
const row = (key) => ({
  median: median(proc[key]),
  min: Math.min(...proc[key]),
  max: Math.max(...proc[key]),
  rounds: proc[key].length,
  maxRssKiB: rss[key],
});
const procRows = {
  [`docugen-secrets check (process, ${SPECTRAL_FILES} files)`]: row('cli1k'),
  [`spectral lint (process, ${SPECTRAL_FILES} files)`]: row('spectral'),
  [`docugen-secrets check (process, ${N} files)`]: row('cli10k'),
};
printTable(procRows);
ratioOf(
  `check vs Spectral (equivalent ruleset, same ${SPECTRAL_FILES} files, speed-up)`,
  row('cli1k'),
  row('spectral'),
  '>=',
  50,
);
rmSync(repo, { recursive: true, force: true });
