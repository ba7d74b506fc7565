import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOutcomes } from '@docugen-secrets/alerts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './run-cli.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'smoke-cmd-'));
  await cp(join(repoRoot, 'secrets-manifests'), join(cwd, 'secrets-manifests'), { recursive: true });
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** Every value the embedded Secrets Manager holds for the canary (the state file is the local store). */
async function canaryValues(): Promise<string[]> {
  const state = JSON.parse(await readFile(join(cwd, '.local', 'secrets-manager.json'), 'utf8')) as {
    secrets: { name: string; versions: { value: { text?: string } }[] }[];
  };
  const canary = state.secrets.find((s) => s.name === 'staging/smoke/canary');
  return (canary?.versions ?? []).flatMap((v) => (v.value.text === undefined ? [] : [v.value.text]));
}

describe('docugen-secrets smoke', () => {
  it('--env local rotates the canary end to end on the local default and passes every check', async () => {
    const r = await runCli(['smoke', '--env', 'local', '--summary', 'summary.md'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^ {2}ok {3}/gm)).toHaveLength(8);
    expect(r.stdout).toContain('smoke test passed');
    expect(r.stdout).toContain('the embedded local server');
    const summary = await readFile(join(cwd, 'summary.md'), 'utf8');
    expect(summary).toContain('## Smoke test passed: `smoke-canary` (local)');

    const again = await runCli(['smoke', '--env', 'local', '--format', 'json'], { cwd });
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { ok: boolean; checks: { name: string; ok: boolean }[] };
    expect(report.ok).toBe(true);
    expect(report.checks.every((c) => c.ok)).toBe(true);

    const values = await canaryValues();
    expect(values.length).toBeGreaterThanOrEqual(3);
    const audit = await readFile(join(cwd, '.local', 'audit.jsonl'), 'utf8');
    for (const v of values) for (const text of [r.stdout, again.stdout, summary, audit]) expect(text).not.toContain(v);
  });

  it('FAILS (exit 1) when the overlap is removed, and --outcomes records a rotation failure of the canary for alerts sync', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'smoke-broken-'));
    try {
      const manifest = await readFile(join(repoRoot, 'secrets-manifests', 'smoke-canary.yaml'), 'utf8');
      await writeFile(join(broken, 'smoke-canary.yaml'), manifest.replace('overlap: PT10M', 'overlap: PT0S'));
      const r = await runCli(['smoke', '--env', 'local', 'smoke-canary.yaml', '--outcomes', 'out.json'], {
        cwd: broken,
        env: {
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_REPOSITORY: 'docugen/docugen-secrets',
          GITHUB_RUN_ID: '7',
        },
      });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/FAIL the old value is still accepted during the overlap/);
      expect(r.stdout).toContain('smoke test FAILED');
      const outcomes = parseOutcomes(await readFile(join(broken, 'out.json'), 'utf8'));
      expect(outcomes).toEqual([
        expect.objectContaining({
          secretId: 'smoke-canary',
          result: 'error',
          errorCode: 'SMOKE_CHECK_FAILED',
          runUrl: 'https://github.com/docugen/docugen-secrets/actions/runs/7',
        }),
      ]);
      expect(outcomes[0]?.message).toContain('old-value-accepted-in-overlap');
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });

  it('only a manifest marked smoke: true may be smoke-rotated', async () => {
    const r = await runCli(['smoke', '--env', 'local', '--secret', 'webhook-hmac-secret'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not marked smoke: true');
  });

  it('--env staging says what is missing: credentials, then the region', async () => {
    const none = await runCli(['smoke', '--env', 'staging'], { cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('needs AWS credentials');
    const noRegion = await runCli(['smoke', '--env', 'staging'], { cwd, env: { AWS_PROFILE: 'staging' } });
    expect(noRegion.code).toBe(2);
    expect(noRegion.stderr).toContain('needs a region');
  });

  it('--env is required', async () => {
    const r = await runCli(['smoke'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--env local or --env staging');
  });
});
