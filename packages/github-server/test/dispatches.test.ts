import { describe, expect, it } from 'vitest';
import { REPO, rejectionOf, startHarness } from './helpers.js';

const DEPLOY = { owner: 'docugen', repo: 'deploy-documents' } as const;

describe('dispatch events (repository_dispatch, workflow_dispatch), validated against the OpenAPI description', () => {
  it('records a repository_dispatch with its event type, client payload, sender and time', async () => {
    const { server, octokit } = await startHarness({ repos: ['docugen/secrets', 'docugen/deploy-documents'] });
    const res = await octokit.rest.repos.createDispatchEvent({
      ...DEPLOY,
      event_type: 'docugen-secret-rotated',
      client_payload: { secretId: 'documents-jwt', versionId: 'v2', deliveryId: 'd1' },
    });
    expect(res.status).toBe(204);
    const repo = server.snapshot().repos.find((r) => r.name === DEPLOY.repo);
    expect(repo?.dispatches).toMatchObject([
      {
        kind: 'repository_dispatch',
        eventType: 'docugen-secret-rotated',
        clientPayload: { secretId: 'documents-jwt', versionId: 'v2', deliveryId: 'd1' },
        sender: 'docugen-bot',
      },
    ]);
    expect(server.writeCounts()).toEqual({ 'repos/create-dispatch-event': 1 });
  });

  it('records a workflow_dispatch on an existing branch; an unknown ref or repository is refused', async () => {
    const { server, octokit } = await startHarness();
    const res = await octokit.rest.actions.createWorkflowDispatch({
      ...REPO,
      workflow_id: 'restart.yml',
      ref: 'main',
      inputs: { service: 'document-api', deliveryId: 'd2' },
    });
    expect(res.status).toBe(204);
    expect(server.snapshot().repos[0]?.dispatches).toMatchObject([
      {
        kind: 'workflow_dispatch',
        workflowId: 'restart.yml',
        ref: 'refs/heads/main',
        inputs: { service: 'document-api' },
      },
    ]);
    const badRef = await rejectionOf(
      octokit.rest.actions.createWorkflowDispatch({ ...REPO, workflow_id: 'restart.yml', ref: 'nope' }),
    );
    expect(badRef.status).toBe(422);
    expect(badRef.response?.data).toMatchObject({ message: 'No ref found for: nope' });
    const noRepo = await rejectionOf(
      octokit.rest.repos.createDispatchEvent({ owner: 'docugen', repo: 'ghost', event_type: 'x' }),
    );
    expect(noRepo.status).toBe(404);
  });

  it('refuses what GitHub refuses: a missing or too long event type, more than 10 payload keys', async () => {
    const { server, octokit } = await startHarness({}, true);
    const long = await rejectionOf(octokit.rest.repos.createDispatchEvent({ ...REPO, event_type: 'e'.repeat(101) }));
    expect(long.status).toBe(422);
    const payload = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
    const wide = await rejectionOf(
      octokit.rest.repos.createDispatchEvent({ ...REPO, event_type: 'x', client_payload: payload }),
    );
    expect(wide.status).toBe(422);
    expect(server.snapshot().repos[0]?.dispatches).toEqual([]);
    // Both are refused by the OpenAPI request check before the handler: the description says so too.
    expect(server.violations().map((v) => v.kind)).toEqual(['request', 'request']);
  });
});
