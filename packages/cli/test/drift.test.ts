import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UntagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { startSecretsManagerServer } from '@docugen-secrets/secrets-manager-server';
import { generateAgeIdentity } from '@docugen-secrets/sops';
import { FixedClock, git } from '@docugen-secrets/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { repoRoot } from './run-cli.js';

const T0 = '2026-11-29T12:00:00Z';
const DAY = 86_400_000;
const at = (days: number): string => new Date(Date.parse(T0) + days * DAY).toISOString();
const CANARY = 'canary-drift-out-of-band-7c2e41';
const PLACES = 'production/maps/google-places-api-key';
const HOOK_FILE = 'secrets/production/webhook-hmac-secret.sops.yaml';

const dirs: string[] = [];
let base: string;

async function cli(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    cwd,
    env: { USER: 'tester' },
    stdout: { write: (t) => (stdout += t) },
    stderr: { write: (t) => (stderr += t) },
    clock: new FixedClock(T0),
    isTTY: false,
    stopSignal: new Promise(() => undefined),
  });
  return { code, stdout, stderr };
}

/** An entry of the findings file `alerts sync --drift` reads. */
interface Found {
  readonly code: string;
  readonly secretId: string;
  readonly kind: string;
  readonly location: string;
  readonly message: string;
}

/** Runs drift with --output and returns the findings file (what alerts sync reads), the printed text and the exit code. */
async function drift(cwd: string, ...argv: string[]): Promise<{ code: number; findings: Found[]; text: string }> {
  const r = await cli(cwd, ['drift', '--format', 'text', '--output', 'drift.json', ...argv]);
  const file = JSON.parse(await readFile(join(cwd, 'drift.json'), 'utf8')) as { version: number; findings: Found[] };
  expect(file.version).toBe(1);
  return { code: r.code, findings: file.findings, text: r.stdout + r.stderr };
}

const kinds = (findings: readonly Found[]): string[] => findings.map((f) => `${f.code} ${f.secretId} ${f.kind}`).sort();

/** A copy of the clean `npm start` state to damage on purpose. */
async function copy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'drift-case-'));
  dirs.push(dir);
  await cp(base, dir, { recursive: true });
  return dir;
}

/** Changes the embedded Secrets Manager's saved state through the real SDK (the server saves on close). */
async function withVault(dir: string, fn: (c: SecretsManagerClient) => Promise<unknown>): Promise<void> {
  const server = await startSecretsManagerServer({
    port: 0,
    region: 'eu-west-1',
    statePath: join(dir, '.local', 'secrets-manager.json'),
    clock: new FixedClock(T0),
  });
  const client = new SecretsManagerClient({
    region: 'eu-west-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'docugen-local', secretAccessKey: 'docugen-local' },
  });
  try {
    await fn(client);
  } finally {
    client.destroy();
    await server.close();
  }
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'drift-base-'));
  dirs.push(base);
  await cp(join(repoRoot, 'secrets-manifests'), join(base, 'secrets-manifests'), { recursive: true });
  const started = await cli(base, ['start']);
  expect(started.code, started.stdout + started.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('docugen-secrets drift (local default: embedded Secrets Manager, SOPS git repository, audit trail)', () => {
  it('finds nothing on a clean npm start state, and leaves the state untouched', async () => {
    const dir = await copy();
    const before = await readFile(join(dir, '.local', 'secrets-manager.json'), 'utf8');
    const r = await drift(dir);
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.text).toContain(
      'compared 7 manifests with 4 Secrets Manager secrets and 2 SOPS files: 0 errors, 0 warnings',
    );
    expect(await readFile(join(dir, '.local', 'secrets-manager.json'), 'utf8')).toBe(before);
  });

  it('the bundled CLI (what npx runs) reads the SOPS files as the sources do: nothing on the clean state', async () => {
    const dir = await copy();
    const r = spawnSync(
      process.execPath,
      [join(repoRoot, 'packages/cli/bin/docugen-secrets.js'), 'drift', '--format', 'json', '--now', T0],
      { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', HOME: dir } },
    );
    const report = JSON.parse(r.stdout) as { findings: unknown[]; summary: { counts: Record<string, number> } };
    expect(report.findings).toEqual([]);
    expect(report.summary.counts).toEqual({ manifests: 7, vaultSecrets: 4, sopsFiles: 2 });
    expect(r.status).toBe(0);
  });

  it('DRIFT001/002/003/006: an orphan, a deleted secret, a value put by hand, a missing owner tag', async () => {
    const dir = await copy();
    await withVault(dir, async (c) => {
      await c.send(
        new CreateSecretCommand({
          Name: 'production/old/removed',
          SecretString: 'x',
          Tags: [{ Key: 'docugen-secrets/id', Value: 'removed-secret' }],
        }),
      );
      await c.send(
        new DeleteSecretCommand({
          SecretId: 'production/storage/document-store-s3-access-key',
          ForceDeleteWithoutRecovery: true,
        }),
      );
      await c.send(new PutSecretValueCommand({ SecretId: PLACES, SecretString: CANARY }));
      await c.send(
        new UntagResourceCommand({
          SecretId: 'production/storage/document-replica-gcs-hmac-key',
          TagKeys: ['docugen-secrets/owner'],
        }),
      );
    });
    const r = await drift(dir);
    expect(kinds(r.findings)).toEqual([
      'DRIFT001 removed-secret orphan',
      'DRIFT002 document-storage-s3-access-key missing',
      'DRIFT003 google-places-api-key out-of-band-current',
      'DRIFT006 document-storage-gcs-hmac-key tag:docugen-secrets/owner',
    ]);
    expect(r.code).toBe(1);
    expect(r.text + JSON.stringify(r.findings)).not.toContain(CANARY);
  });

  it('DRIFT004: a previous version past its retire time, a pending version left behind, a claimed first rotation with no version', async () => {
    const dir = await copy();
    expect((await cli(dir, ['start', '--now', at(100)])).code).toBe(0); // rotates: the old versions become previous
    await withVault(dir, async (c) => {
      await c.send(
        new CreateSecretCommand({
          Name: 'production/docintel/ocr-vendor-api-token',
          Tags: [
            { Key: 'docugen-secrets/id', Value: 'ocr-vendor-api-token' },
            { Key: 'docugen-secrets/owner', Value: 'document-intelligence' },
            { Key: 'docugen-secrets/claim', Value: 'first-rotation' },
          ],
          KmsKeyId: 'alias/docugen-secrets',
        }),
      );
    });
    const r = await drift(dir, '--now', at(112));
    const found = kinds(r.findings);
    expect(found).toContain('DRIFT004 webhook-hmac-secret previous-past-retire');
    expect(found).toContain('DRIFT004 google-places-api-key previous-past-retire');
    expect(found).toContain('DRIFT004 ocr-vendor-api-token claimed-unreferenced');
    expect(found.every((k) => k.startsWith('DRIFT004'))).toBe(true);

    const dir2 = await copy();
    await withVault(dir2, (c) =>
      c.send(new PutSecretValueCommand({ SecretId: PLACES, SecretString: CANARY, VersionStages: ['AWSPENDING'] })),
    );
    expect(kinds((await drift(dir2, '--now', at(3))).findings)).toEqual([
      'DRIFT003 google-places-api-key out-of-band-pending',
      'DRIFT004 google-places-api-key pending-left-behind',
    ]);
  });

  it('DRIFT003/005 in the SOPS repository: a commit not made by the rotator, recipients unlike .sops.yaml', async () => {
    const dir = await copy();
    const repo = join(dir, '.local', 'sops-repo');
    const file = join(repo, HOOK_FILE);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^description: .*$/m, 'description: edited by hand'));
    git(repo, 'commit', '-q', '-am', 'edit by hand');
    expect(kinds((await drift(dir)).findings)).toEqual(['DRIFT003 webhook-hmac-secret out-of-band-commit']);

    const other = (await generateAgeIdentity()).recipient;
    await writeFile(
      join(repo, '.sops.yaml'),
      `creation_rules:\n  - path_regex: secrets/.*\\.sops\\.yaml$\n    age: ${other}\n`,
    );
    const r = await drift(dir);
    expect(kinds(r.findings)).toEqual([
      'DRIFT003 webhook-hmac-secret out-of-band-commit',
      'DRIFT005 document-signing-key sops-recipients',
      'DRIFT005 webhook-hmac-secret sops-recipients',
    ]);
    expect(r.findings.find((f) => f.code === 'DRIFT005')?.message).toContain(other);
  });

  it('writes SARIF and a job summary with the shared formatters', async () => {
    const dir = await copy();
    await withVault(dir, (c) =>
      c.send(new DeleteSecretCommand({ SecretId: PLACES, ForceDeleteWithoutRecovery: true })),
    );
    const sarif = await cli(dir, ['drift', '--format', 'sarif']);
    const log = JSON.parse(sarif.stdout) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[];
    };
    expect(log.runs[0]?.tool.driver.rules.map((x) => x.id)).toEqual([
      'DRIFT001',
      'DRIFT002',
      'DRIFT003',
      'DRIFT004',
      'DRIFT005',
      'DRIFT006',
    ]);
    expect(log.runs[0]?.results.map((x) => x.ruleId)).toEqual(['DRIFT002']);
    const summary = await cli(dir, ['drift', '--format', 'summary']);
    expect(summary.stdout).toContain('## docugen-secrets drift');
    expect(summary.code).toBe(1);
  });
});
