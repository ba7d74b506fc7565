import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '@docugen-secrets/github-client';
import { startGitHubServer, type RunningGitHubServer } from '@docugen-secrets/github-server';
import { MemoryRestartLedger, rotateSecret, secretRef } from '@docugen-secrets/rotation';
import { canary } from '@docugen-secrets/test-support';
import { githubDispatchTrigger } from '../src/index.js';
import { consumer, secret, World } from './world.js';

const servers: RunningGitHubServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    await s.close();
    expect(s.violations()).toEqual([]);
  }
});

async function github(): Promise<{ server: RunningGitHubServer; trigger: ReturnType<typeof githubDispatchTrigger> }> {
  const server = await startGitHubServer({ validate: true, repos: ['docugen/deploy-editor', 'docugen/deploy-worker'] });
  servers.push(server);
  const client = createGitHubClient({
    env: { GITHUB_API_URL: server.url, GITHUB_TOKEN: 'local-token' },
    msPerRetrySecond: 5,
    writeSpacingMs: 0,
    notificationSpacingMs: 0,
  });
  return { server, trigger: githubDispatchTrigger(client) };
}

const dispatchesOf = (server: RunningGitHubServer, name: string): unknown[] =>
  server.snapshot().repos.find((r) => r.name === name)?.dispatches ?? [];

describe('GitHub dispatch restarts (real Octokit against the validating local GitHub server)', () => {
  it('a promotion sends a repository_dispatch and a workflow_dispatch to the deploy repositories, ids only', async () => {
    const { server, trigger } = await github();
    const w = new World();
    const m = secret('editor-key', [
      consumer('editor', { kind: 'repository-dispatch', repository: 'docugen/deploy-editor' }),
      consumer('worker', { kind: 'workflow-dispatch', repository: 'docugen/deploy-worker', workflow: 'restart.yml' }),
    ]);
    const old = canary('previous');
    await w.seed(m, old);
    const ledger = new MemoryRestartLedger();
    const triggers = { 'repository-dispatch': trigger, 'workflow-dispatch': trigger };
    w.clock.set('2025-01-02T00:00:00Z');
    const r = await rotateSecret(w.deps(triggers, ledger), m);
    expect(r).toMatchObject({ kind: 'rotated', restarts: [{ kind: 'triggered' }, { kind: 'triggered' }] });
    expect(dispatchesOf(server, 'deploy-editor')).toMatchObject([
      {
        kind: 'repository_dispatch',
        eventType: 'docugen-secret-rotated',
        clientPayload: {
          version: 1,
          secretId: 'editor-key',
          versionId: r.versionId,
          service: 'editor',
          emergency: false,
        },
      },
    ]);
    expect(dispatchesOf(server, 'deploy-worker')).toMatchObject([
      { kind: 'workflow_dispatch', workflowId: 'restart.yml', ref: 'refs/heads/main', inputs: { emergency: 'false' } },
    ]);
    const current = await w.store.getValue(secretRef(m), 'current');
    const fresh = current?.value.kind === 'string' ? current.value.value : '';
    expect(fresh).not.toBe('');
    const everything = JSON.stringify([server.snapshot(), r, ledger.records, w.audit.text()]);
    expect(everything).not.toContain(old);
    expect(everything).not.toContain(fresh);
    w.clock.set('2025-01-02T00:20:00Z');
    expect((await rotateSecret(w.deps(triggers, ledger), m)).kind).toBe('not-due');
    expect(dispatchesOf(server, 'deploy-editor')).toHaveLength(1);
  });

  it('a refused dispatch is a coded, value-free error; the restart stays reserved for the next run', async () => {
    const { server, trigger } = await github();
    const w = new World();
    const m = secret('k', [consumer('ghost', { kind: 'repository-dispatch', repository: 'docugen/deploy-ghost' })]);
    await w.seed(m, canary());
    const ledger = new MemoryRestartLedger();
    w.clock.set('2025-01-02T00:00:00Z');
    const deps = w.deps({ 'repository-dispatch': trigger }, ledger);
    await expect(rotateSecret(deps, m)).rejects.toMatchObject({
      code: 'RELOAD_DISPATCH_FAILED',
      message: expect.stringContaining('docugen/deploy-ghost failed (HTTP 404)'),
    });
    expect(server.writeCounts()).toEqual({ 'repos/create-dispatch-event': 1 });
    expect(ledger.records).toMatchObject([{ service: 'ghost' }]);
    expect(ledger.records[0]?.triggeredAt).toBeUndefined();
  });
});
