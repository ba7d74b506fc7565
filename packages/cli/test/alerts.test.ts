import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHubServer, type RunningGitHubServer } from '@docugen-secrets/github-server';
import { canary } from '@docugen-secrets/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './run-cli.js';

let cwd: string;
let server: RunningGitHubServer;
const NOW = '2026-12-03T00:00:00Z';

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'alerts-cmd-'));
  await cp(join(repoRoot, 'secrets-manifests'), join(cwd, 'secrets-manifests'), { recursive: true });
  server = await startGitHubServer({ validate: true, collaborators: ['kenji-watanabe'] });
});
afterAll(async () => {
  await server.close();
  expect(server.violations()).toEqual([]);
  await rm(cwd, { recursive: true, force: true });
});

const env = (): Record<string, string> => ({
  GITHUB_TOKEN: 'local',
  GITHUB_API_URL: server.url,
  GITHUB_REPOSITORY: 'docugen/secrets',
});

describe('docugen-secrets alerts sync', () => {
  it('opens issues from the plan and the outcomes file; a second sync writes nothing', async () => {
    const value = canary('outcome');
    const outcomes = {
      version: 1,
      outcomes: [
        {
          secretId: 'google-places-api-key',
          result: 'error',
          at: NOW,
          failedStep: 'set',
          errorCode: 'ROTATION_PROVIDER_FAILED',
          message: `provider echoed ${value}`,
        },
      ],
    };
    await writeFile(join(cwd, 'outcomes.json'), JSON.stringify(outcomes));
    const first = await runCli(['alerts', 'sync', '--now', NOW, '--outcomes', 'outcomes.json', '--format', 'json'], {
      cwd,
      env: env(),
    });
    expect(first.stderr).toBe('');
    const report = JSON.parse(first.stdout) as { opened: { secretId: string; alertKind: string; number: number }[] };
    expect(report.opened.map((o) => `${o.secretId}/${o.alertKind}`).sort()).toEqual([
      'google-places-api-key/rotation-failed',
      'ocr-vendor-api-token/manual-rotation-needed',
    ]);
    expect(JSON.stringify(server.snapshot())).not.toContain(value);
    server.resetCounts();
    const again = await runCli(['alerts', 'sync', '--now', NOW, '--outcomes', 'outcomes.json'], { cwd, env: env() });
    expect(again.stdout).toContain('0 opened, 0 updated, 0 escalated, 0 closed, 0 reopened, 2 unchanged, 0 not done');
    expect(server.writeCounts()).toEqual({});
    const md = await runCli(['alerts', 'sync', '--now', NOW, '--format', 'markdown'], { cwd, env: env() });
    expect(md.stdout).toContain('### Secret alerts');
  });

  it('--drift takes the drift --output file, orphans (orphan:<backend>:<location>) included', async () => {
    const file = {
      version: 1,
      generatedAt: NOW,
      findings: [
        {
          secretId: 'orphan:aws-secrets-manager:eu-west-1/production/legacy-token',
          code: 'drift-orphan',
          severity: 'warning',
          message: 'secret production/legacy-token in eu-west-1 is not declared by any manifest',
          kind: 'orphan',
          backend: 'aws-secrets-manager',
          location: 'eu-west-1/production/legacy-token',
        },
        {
          secretId: 'orphan:sops:secrets/production/old.sops.yaml',
          code: 'drift-orphan',
          severity: 'warning',
          message: 'secrets/production/old.sops.yaml is not declared by any manifest',
          kind: 'orphan',
          backend: 'sops',
          location: 'secrets/production/old.sops.yaml',
        },
      ],
    };
    await writeFile(join(cwd, 'drift.json'), JSON.stringify(file));
    const r = await runCli(['alerts', 'sync', '--now', NOW, '--drift', 'drift.json', '--format', 'json'], {
      cwd,
      env: env(),
    });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { opened: { secretId: string; alertKind: string }[] };
    const orphans = report.opened.filter((o) => o.secretId.startsWith('orphan-'));
    expect(orphans.map((o) => o.alertKind)).toEqual(['drift', 'drift']);
    expect(orphans.map((o) => o.secretId)).toEqual([
      expect.stringMatching(/^orphan-production-legacy-token-[0-9a-f]{8}$/),
      expect.stringMatching(/^orphan-production-old-sops-yaml-[0-9a-f]{8}$/),
    ]);
    const again = await runCli(['alerts', 'sync', '--now', NOW, '--drift', 'drift.json'], { cwd, env: env() });
    expect(again.stdout).toMatch(/0 opened, 0 updated, 0 escalated, 0 closed/);
  });

  it('usage: no repository, a bad outcomes file, an unknown subcommand', async () => {
    const noRepo = await runCli(['alerts', 'sync', '--now', NOW], {
      cwd,
      env: { GITHUB_TOKEN: 'x', GITHUB_API_URL: server.url },
    });
    expect(noRepo.code).toBe(2);
    await writeFile(join(cwd, 'bad.json'), '{"outcomes": [{"secretId": 3}]}');
    expect((await runCli(['alerts', 'sync', '--outcomes', 'bad.json'], { cwd, env: env() })).code).toBe(2);
    expect((await runCli(['alerts', 'frobnicate'], { cwd, env: env() })).code).toBe(2);
  });
});
