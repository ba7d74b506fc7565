// Issue #3 benchmarks, each subject next to its baseline in the same run:
// 1. check (schema + every policy) over 10,000 generated manifests vs reading +
//    `yaml.parse` of the same files (target <= 1.2x);
// 2. check --changed with 1 of 10,000 manifests changed vs a full check (target <= 0.2x);
// 3. the whole `docugen-secrets check` process over the 10,000 files vs the
//    Spectral CLI running an equivalent ruleset (spectral/ruleset.mjs: the
//    manifest schema inlined + the per-file policies) on the same files
//    (target >= 50x). Spectral needs ~30-50 ms per file here (it recompiles the
//    schema per document), so it is timed on 100 and 300 of the files and its
//    time for 10,000 is extrapolated from that linear fit (printed).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generateCodeowners, buildRegistry, gitCli, runCheck } from '@docugen-secrets/policies';
import { compare, median, printTable, ratioLine } from '../../tools/bench-lib.mjs';

const N = 10_000;
const root = process.cwd();
const now = new Date('2026-11-29T12:00:00Z');
const repo = mkdtempSync(join(tmpdir(), 'bench-policies-'));
const manifests = join(repo, 'secrets-manifests');

// A repository like DocuGen's: its policies (the manual secret's waiver widened to
// the generated copies), 10,000 manifests made from the six real ones, CODEOWNERS.
function setUp() {
  cpSync(join(root, 'policies/config.yaml'), join(repo, 'policies/config.yaml'));
  cpSync(join(root, 'policies/teams.yaml'), join(repo, 'policies/teams.yaml'));
  writeFileSync(join(repo, 'policies/waivers.yaml'), readFileSync(join(root, 'policies/waivers.yaml'), 'utf8').replace('secret: ocr-vendor-api-token', "secret: 'ocr-vendor-api-token*'"));
  mkdirSync(manifests, { recursive: true });
  const templates = readdirSync(join(root, 'secrets-manifests')).filter((f) => f.endsWith('.yaml')).map((f) => [f.replace(/\.yaml$/, ''), readFileSync(join(root, 'secrets-manifests', f), 'utf8')]);
  const owned = [];
  for (let i = 0; i < N; i++) {
    const [base, text] = templates[i % templates.length];
    const id = `${base}-${i}`;
    const body = text
      .replaceAll(`id: ${base}`, `id: ${id}`)
      .replace(/(name: production\/[a-z]+\/)([a-z0-9-]+)/, `$1${id}`)
      .replace(/(path: secrets\/production\/)([a-z0-9-]+)/, `$1${id}`)
      .replace('$schema=../', '$schema=../../');
    writeFileSync(join(manifests, `${id}.yaml`), body);
    owned.push({ repoPath: `secrets-manifests/${id}.yaml`, ownerTeam: /team: ([a-z-]+)/.exec(body)[1] });
  }
  const teams = buildRegistry(parse(readFileSync(join(root, 'policies/teams.yaml'), 'utf8')));
  mkdirSync(join(repo, '.github'));
  writeFileSync(join(repo, '.github/CODEOWNERS'), generateCodeowners(owned, teams, []).text);
  const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid' };
  for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-q', '-m', 'bench']]) execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, env });
}

mkdirSync(join(repo, 'policies'), { recursive: true });
setUp();
const files = readdirSync(manifests).map((f) => join(manifests, f));
const changedFile = files[4242];
writeFileSync(changedFile, readFileSync(changedFile, 'utf8').replace('description: >-', 'description: >-\n  Changed for the benchmark.'));

const opts = { paths: ['secrets-manifests'], cwd: repo, now, policiesDir: 'policies' };
let full;
let partial;
const fullCheck = async () => {
  full = await runCheck(opts);
};
// Two separate side-by-side comparisons: the --changed runs start git processes
// that would otherwise disturb the check-vs-parse pair.
const results = await compare(
  {
    'check: schema + all policies (10k)': fullCheck,
    'baseline: read + yaml.parse (10k)': async () => {
      await Promise.all(files.map(async (f) => parse(await readFile(f, 'utf8'))));
    },
  },
  { rounds: 4, warmup: 1 },
);
const changed = await compare(
  {
    'check: full (10k), again': fullCheck,
    'check --changed, 1 of 10k changed': async () => {
      partial = await runCheck({ ...opts, changedSince: 'HEAD', git: gitCli(repo) });
    },
  },
  { rounds: 3, warmup: 1 },
);
if (full.report.summary.valid !== N || full.report.summary.verdict !== 'pass') throw new Error(`unexpected full report: ${JSON.stringify(full.report.summary)}`);
if (partial.report.summary.files !== 1 || partial.report.summary.mode !== 'changed') throw new Error(`unexpected --changed report: ${JSON.stringify(partial.report.summary)}`);
console.log(`${N} manifests, ${full.report.summary.waived} waived findings, 0 open`);
printTable({ ...results, ...changed });
ratioLine('check 10k manifests (schema + policies) vs yaml.parse', results['check: schema + all policies (10k)'].median / results['baseline: read + yaml.parse (10k)'].median, '<=', 1.2);
ratioLine('check --changed (1 of 10k) vs full check', changed['check --changed, 1 of 10k changed'].median / changed['check: full (10k), again'].median, '<=', 0.2);

// Whole processes: our CLI over all 10,000 files; Spectral over 100 and 300 of them.
const sample = (n) => {
  const dir = join(repo, `spectral-${n}`);
  mkdirSync(dir);
  for (const f of files.slice(0, n)) cpSync(f, join(dir, f.split('/').pop()));
  return dir;
};
const samples = { 100: sample(100), 300: sample(300) };
function timeProcess(argv, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error || /Error running Spectral/.test(r.stderr ?? '') || (r.status !== 0 && !argv.includes('lint'))) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return ms;
}
const cli = [process.execPath, join(root, 'packages/cli/bin/docugen-secrets.js'), 'check', 'secrets-manifests', '--policies', 'policies', '--format', 'json'];
const spectral = (dir) => [process.execPath, join(root, 'node_modules/@stoplight/spectral-cli/dist/index.js'), 'lint', `${dir}/*.yaml`, '-r', join(root, 'policies/bench/spectral/ruleset.mjs'), '-f', 'json', '-q'];
const times = { cli: [], s100: [], s300: [] };
timeProcess(cli, repo);
for (let round = 0; round < 2; round++) {
  times.cli.push(timeProcess(cli, repo));
  times.s100.push(timeProcess(spectral(samples[100]), root));
  times.s300.push(timeProcess(spectral(samples[300]), root));
}
const [c, a, b] = [median(times.cli), median(times.s100), median(times.s300)];
const perFile = (b - a) / 200;
const spectral10k = a + perFile * (N - 100);
console.log(`  docugen-secrets check (process, 10k files)   median ${c.toFixed(1).padStart(9)} ms`);
console.log(`  spectral lint (process, 100 files)            median ${a.toFixed(1).padStart(9)} ms`);
console.log(`  spectral lint (process, 300 files)            median ${b.toFixed(1).padStart(9)} ms`);
console.log(`  spectral, extrapolated to 10k: ${(spectral10k / 1000).toFixed(1)} s (${perFile.toFixed(1)} ms per file + ${(a - perFile * 100).toFixed(0)} ms start-up)`);
ratioLine('check vs Spectral (equivalent ruleset, 10k files, speed-up)', spectral10k / c, '>=', 50);
rmSync(repo, { recursive: true, force: true });
