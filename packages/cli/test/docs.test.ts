import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './run-cli.js';

let copy: string;

/** The files `docs` reads and writes, copied so the tests can make them stale. */
beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), 'docs-cmd-'));
  for (const p of [
    'secrets-manifests',
    'policies/config.yaml',
    'policies/waivers.yaml',
    'policies/teams.yaml',
    'docs',
    'tools/check-boundaries.mjs',
    'package.json',
  ]) {
    await cp(join(repoRoot, p), join(copy, p), { recursive: true });
  }
  // tools/check-boundaries.mjs imports typescript from the repository's node_modules.
  await symlink(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
  // The package graph reads every workspace package.json (only those: no sources needed).
  for (const dir of ['packages', 'policies'])
    await cp(join(repoRoot, dir), join(copy, dir), {
      recursive: true,
      filter: (src) => !/node_modules|[/\\](src|test|dist|out-tsc|fixtures)([/\\]|$)/.test(src.slice(repoRoot.length)),
    });
}, 60_000);
afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

describe('docugen-secrets docs --check covers every generated file', () => {
  it('passes on the repository as committed', async () => {
    const r = await runCli(['docs', '--check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('fails when NFR5 in policies/config.yaml changes, and docs brings the page back in line', async () => {
    const config = join(copy, 'policies', 'config.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).replace('high: P90D', 'high: P60D'));
    const stale = await runCli(['docs', '--check'], { cwd: copy });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('docs/architecture/security-and-performance.md is out of date');
    expect((await runCli(['docs'], { cwd: copy })).code).toBe(0);
    expect(await readFile(join(copy, 'docs/architecture/security-and-performance.md'), 'utf8')).toContain(
      '| high | P60D |',
    );
    expect((await runCli(['docs', '--check'], { cwd: copy })).code).toBe(0);
  });

  it('fails when a package dependency changes the graph', async () => {
    const pkg = join(copy, 'packages', 'report', 'package.json');
    const json = JSON.parse(await readFile(pkg, 'utf8')) as { dependencies: Record<string, string> };
    delete json.dependencies['@docugen-secrets/audit'];
    await writeFile(pkg, JSON.stringify(json));
    const r = await runCli(['docs', '--check'], { cwd: copy });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('docs/architecture/README.md is out of date');
  });

  it('fails when a benchmark script has no figures', async () => {
    await mkdir(join(copy, 'packages', 'report', 'bench'), { recursive: true });
    await writeFile(join(copy, 'packages', 'report', 'bench', 'new.bench.mjs'), '// a new benchmark\n');
    const r = await runCli(['docs', '--check'], { cwd: copy });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'no figures for packages/report/bench/new.bench.mjs: run npm run build && node tools/bench.mjs --write-docs',
    );
  });
});
