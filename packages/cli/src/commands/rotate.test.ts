import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@docugen-secrets/core';
import { decryptText, parseIdentities, plainValue } from '@docugen-secrets/sops';
import { verifyAuditLog } from '@docugen-secrets/audit';
import { repoRoot } from '@docugen-secrets/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';

let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'rotate-cmd-'));
  await cp(join(repoRoot, 'secrets-manifests'), join(cwd, 'secrets-manifests'), { recursive: true });
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    cwd,
    env: { USER: 'tester' },
    stdout: { write: (t) => (stdout += t) },
    stderr: { write: (t) => (stderr += t) },
    clock: systemClock,
    isTTY: false,
    stopSignal: new Promise(() => undefined),
  });
  return { code, stdout, stderr };
}

async function sopsValues(id: string): Promise<string[]> {
  const identities = await parseIdentities(await readFile(join(cwd, '.local', 'age-key.txt'), 'utf8'), 'key');
  const text = await readFile(join(cwd, '.local', 'sops-repo', 'secrets', 'production', `${id}.sops.yaml`), 'utf8');
  const doc = plainValue(await decryptText(text, { format: 'yaml', identities })) as { versions: { value?: string }[] };
  return doc.versions.flatMap((v) => (typeof v.value === 'string' ? [v.value] : []));
}

describe('plan and rotate on the local default', { timeout: 120_000 }, () => {
  it('plans the first creation, creates built-in and provider secrets (local emulators), blocks manual ones', async () => {
    const before = await cli('plan', '--json');
    expect(before.code).toBe(0);
    const plan = JSON.parse(before.stdout) as { secrets: { secretId: string; action: string }[] };
    expect(plan.secrets.find((s) => s.secretId === 'webhook-hmac-secret')?.action).toBe('create');

    const dry = await cli('rotate', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect((JSON.parse(dry.stdout) as { results: { kind: string }[] }).results.map((r) => r.kind)).toContain('dry-run');

    const run = await cli('rotate', '--json');
    expect(run.code).toBe(0);
    const kinds = Object.fromEntries(
      (JSON.parse(run.stdout) as { results: { secretId: string; kind: string }[] }).results.map((r) => [
        r.secretId,
        r.kind,
      ]),
    );
    expect(kinds).toEqual({
      'document-signing-key': 'created',
      'document-storage-gcs-hmac-key': 'created',
      'document-storage-s3-access-key': 'created',
      'google-places-api-key': 'created',
      'ocr-vendor-api-token': 'blocked',
      'smoke-canary': 'created',
      'webhook-hmac-secret': 'created',
    });
    expect(run.stdout).toContain('local emulators');
    await expect(
      readFile(join(cwd, 'secrets', 'production', 'webhook-hmac-secret.sops.yaml'), 'utf8'),
    ).rejects.toThrow(); // never the working tree
  });

  it('in AWS mode (an explicit endpoint) without provider credentials, reports provider secrets skipped, never a pretended success', async () => {
    const { startSecretsManagerServer } = await import('@docugen-secrets/secrets-manager-server');
    const server = await startSecretsManagerServer({ port: 0 });
    try {
      const out = await cli(
        'rotate',
        '--json',
        '--aws-endpoint',
        server.endpoint,
        '--secret',
        'google-places-api-key,document-storage-s3-access-key,document-storage-gcs-hmac-key',
      );
      expect(out.code).toBe(0);
      const parsed = JSON.parse(out.stdout) as {
        mode: string;
        notes: string[];
        results: { kind: string; reason: string }[];
      };
      expect(parsed.mode).toBe('aws');
      expect(parsed.results.map((r) => r.kind)).toEqual(['skipped', 'skipped', 'skipped']);
      expect(parsed.results.every((r) => r.reason.includes('provider not configured'))).toBe(true);
      expect(parsed.notes.join('\n')).toMatch(/not configured/);
    } finally {
      await server.close();
    }
  });

  it('rotates in an emergency with a reason, never prints a value, and keeps a verifiable audit log', async () => {
    const out = await cli('rotate', '--emergency', '--secret', 'webhook-hmac-secret', '--reason', 'pasted in a ticket');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/webhook-hmac-secret\s+rotated/);
    const values = await sopsValues('webhook-hmac-secret');
    expect(values).toHaveLength(2);
    const audit = await readFile(join(cwd, '.local', 'audit.jsonl'), 'utf8');
    expect(verifyAuditLog(audit).ok).toBe(true);
    expect(audit).toContain('pasted in a ticket');
    for (const v of values) {
      expect(out.stdout).not.toContain(v);
      expect(audit).not.toContain(v);
    }
    const plan = await cli('plan');
    expect(plan.stdout).toMatch(/webhook-hmac-secret\s+ok/);
  });

  it('emits a shard matrix of the secrets that need work', async () => {
    const out = await cli('plan', '--shards', '2', '--now', '2099-01-01T00:00:00Z');
    const matrix = JSON.parse(out.stdout) as { include: { shard: number; secrets: string }[] };
    const ids = matrix.include.flatMap((e) => e.secrets.split(','));
    expect(ids.sort()).toEqual([
      'document-signing-key',
      'document-storage-gcs-hmac-key',
      'document-storage-s3-access-key',
      'google-places-api-key',
      'smoke-canary',
      'webhook-hmac-secret',
    ]);
  });

  it('refuses an emergency without a reason or a secret', async () => {
    expect((await cli('rotate', '--emergency', '--secret', 'webhook-hmac-secret')).code).toBe(2);
    expect((await cli('rotate', '--emergency', '--reason', 'x')).code).toBe(2);
    expect((await cli('rotate', '--secret', 'nope')).code).toBe(2);
    expect((await cli('plan', '--now', 'yesterday')).code).toBe(2);
  });
});
