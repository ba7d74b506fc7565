import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startGitHubServer } from '@docugen-secrets/github-server';
import { startSecretsManagerServer } from '@docugen-secrets/secrets-manager-server';
import { systemClock } from '@docugen-secrets/core';
import { repoRoot } from '@docugen-secrets/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// `rotate` restarts the consumers that must restart, as `start` and the Action do: through the embedded
// servers on the local default, and in AWS mode only with a restart ledger (`--restart-ledger FILE`).
const DEPLOY = 'docugen/canary-deploy';
const TOKEN = 'ghs_cli-restart-token-0123456789';
let cwd: string;

/** The repository's manifests; the smoke canary (Secrets Manager, generated value) gets a consumer that restarts. */
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'rotate-restarts-'));
  await cp(join(repoRoot, 'secrets-manifests'), join(cwd, 'secrets-manifests'), { recursive: true });
  const file = join(cwd, 'secrets-manifests', 'smoke-canary.yaml');
  const yaml = await readFile(file, 'utf8');
  const restarting = yaml.replace(
    'consumers:\n',
    `consumers:\n  - service: canary-worker\n    reload:\n      kind: rolling-restart\n      deployment: canary-worker\n      rolloutDuration: PT5M\n      restartsPerHour: 6\n      trigger:\n        kind: repository-dispatch\n        repository: ${DEPLOY}\n`,
  );
  expect(restarting).not.toBe(yaml);
  await writeFile(file, restarting);
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** The CLI in-process on the system clock (the local Secrets Manager server dates versions by it too). */
const cli = (dir: string, argv: string[], env: Record<string, string> = {}) =>
  runCli(argv, { cwd: dir, env: { USER: 'tester', ...env }, clock: systemClock });

interface Json {
  notes: string[];
  results: { secretId: string; kind: string; restarts?: { kind: string; service: string; deliveryId: string }[] }[];
}
const resultOf = (stdout: string, id: string): Json['results'][number] | undefined =>
  (JSON.parse(stdout) as Json).results.find((r) => r.secretId === id);

describe('rotate restarts consumers', { timeout: 180_000 }, () => {
  it('on the local default: an emergency rotation dispatches to the embedded GitHub server and records the ledger', async () => {
    const created = await cli(cwd, ['rotate', '--secret', 'google-places-api-key']);
    expect(created.code, created.stderr).toBe(0);
    const out = await cli(cwd, [
      'rotate',
      '--emergency',
      '--secret',
      'google-places-api-key',
      '--reason',
      'restart test',
    ]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/google-places-api-key\s+rotated/);
    expect(out.stdout).toMatch(
      /restart triggered: editor-web \(repository-dispatch\) for google-places-api-key version \S+, rolled out by /,
    );
    expect(out.stdout).toContain('ledger .local/restarts.json');
    const ledger = await readFile(join(cwd, '.local', 'restarts.json'), 'utf8');
    expect(ledger).toContain('editor-web');
    const github = await readFile(join(cwd, '.local', 'github-deploy.json'), 'utf8');
    expect(github).toContain('docugen-secret-rotated');
  });

  it('in AWS mode: restarts are sent only with --restart-ledger, once per version, and the ledger holds no value', async () => {
    const sm = await startSecretsManagerServer({ port: 0 });
    const github = await startGitHubServer({ validate: true, repos: [DEPLOY], token: TOKEN });
    const ledgerDir = await mkdtemp(join(tmpdir(), 'rotate-ledger-'));
    const ledger = join(ledgerDir, 'restarts.json');
    const env = { GITHUB_API_URL: github.url, GITHUB_TOKEN: TOKEN };
    const rotate = (...extra: string[]) =>
      cli(cwd, ['rotate', '--json', '--aws-endpoint', sm.endpoint, '--secret', 'smoke-canary', ...extra], env);
    const dispatches = () => github.snapshot().repos.flatMap((r) => r.dispatches ?? []);
    try {
      const created = await rotate();
      expect(created.code, created.stderr).toBe(0);
      expect(resultOf(created.stdout, 'smoke-canary')?.kind).toBe('created');

      // Without a ledger nothing is sent: reported, and the previous version is kept.
      const without = await rotate('--emergency', '--reason', 'no ledger');
      expect(without.code, without.stderr).toBe(0);
      expect(resultOf(without.stdout, 'smoke-canary')?.restarts?.[0]).toMatchObject({
        kind: 'unavailable',
        service: 'canary-worker',
      });
      expect(dispatches()).toEqual([]);

      const sent = await rotate('--emergency', '--reason', 'with a ledger', '--restart-ledger', ledger);
      expect(sent.code, sent.stderr).toBe(0);
      const restart = resultOf(sent.stdout, 'smoke-canary')?.restarts?.[0];
      expect(restart).toMatchObject({ kind: 'triggered', service: 'canary-worker' });
      expect(dispatches()).toHaveLength(1);
      expect(dispatches()[0]).toMatchObject({ kind: 'repository_dispatch', eventType: 'docugen-secret-rotated' });
      expect((JSON.parse(sent.stdout) as Json).notes.join('\n')).toContain(`restarts: ledger ${ledger}`);

      // A re-run with the same ledger does not restart the same version again.
      const again = await rotate('--restart-ledger', ledger);
      expect(again.code, again.stderr).toBe(0);
      expect(dispatches()).toHaveLength(1);

      const client = new SecretsManagerClient({
        region: 'eu-west-1',
        endpoint: sm.endpoint,
        credentials: { accessKeyId: 'docugen-local', secretAccessKey: 'docugen-local' },
      });
      const value = (await client.send(new GetSecretValueCommand({ SecretId: 'staging/smoke/canary' }))).SecretString;
      client.destroy();
      expect(value).toBeTruthy();
      const ledgerText = await readFile(ledger, 'utf8');
      expect(ledgerText).toContain(restart?.deliveryId ?? '-');
      for (const text of [ledgerText, sent.stdout, sent.stderr, again.stdout]) expect(text).not.toContain(value);
      expect(github.violations()).toEqual([]);
    } finally {
      await github.close();
      await sm.close();
      await rm(ledgerDir, { recursive: true, force: true });
    }
  });

  it('refuses an empty --restart-ledger', async () => {
    const out = await cli(cwd, ['rotate', '--restart-ledger', ' ']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--restart-ledger needs a file path');
  });
});
