import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
