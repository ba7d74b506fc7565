import { isDocugenError } from '@docugen-secrets/core';
import { MemoryLogger } from '@docugen-secrets/test-support';
import { startGitHubServer, type GitHubServerOptions, type RunningGitHubServer } from '@docugen-secrets/github-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient, RequestCounter, type GitHubClient, type GitHubClientOptions } from '../src/index.js';

const REPO = { owner: 'docugen', repo: 'secrets' } as const;
const servers: RunningGitHubServer[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) {
    await s.close();
    expect(s.violations()).toEqual([]);
  }
});

interface Setup {
  readonly server: RunningGitHubServer;
  readonly client: GitHubClient;
  readonly counter: RequestCounter;
  readonly logger: MemoryLogger;
}

/** A validating server and the production client built from an injected env, with test-sized waits. */
async function setup(
  serverOpts: GitHubServerOptions = {},
  clientOpts: Partial<GitHubClientOptions> = {},
): Promise<Setup> {
  const server = await startGitHubServer({ validate: true, ...serverOpts });
  servers.push(server);
  const counter = new RequestCounter();
  const logger = new MemoryLogger();
  const client = createGitHubClient({
    env: { GITHUB_API_URL: server.url, GITHUB_TOKEN: 'local-token' },
    msPerRetrySecond: 5,
    writeSpacingMs: 0,
    notificationSpacingMs: 0,
    onRequest: counter.observe,
    logger,
    ...clientOpts,
  });
  return { server, client, counter, logger };
}

describe('createGitHubClient against the local GitHub server', () => {
  it('takes GITHUB_API_URL and GITHUB_TOKEN from the injected env; no token is a coded error', async () => {
    const { client, server } = await setup({ token: 'local-token' });
    expect((await client.rest.issues.create({ ...REPO, title: 't' })).data.number).toBe(1);
    expect(server.requestCounts()).toEqual({ 'issues/create': 1 });
    let caught: unknown;
    try {
      createGitHubClient({ env: { GITHUB_API_URL: server.url } });
    } catch (err) {
      caught = err;
    }
    expect(isDocugenError(caught, 'GITHUB_CLIENT_NO_TOKEN')).toBe(true);
    const wrong = createGitHubClient({ apiUrl: server.url, token: 'wrong', msPerRetrySecond: 5 });
    await expect(wrong.rest.issues.get({ ...REPO, issue_number: 1 })).rejects.toMatchObject({ status: 401 });
    expect(server.requestCounts()['issues/get']).toBe(1);
  });

  it('paginate follows Link across pages of a label listing', async () => {
    const { client, counter } = await setup();
    for (let i = 0; i < 5; i++) await client.rest.issues.create({ ...REPO, title: `t${i}`, labels: ['secret-alert'] });
    const before = counter.total;
    const all = await client.paginate(client.rest.issues.listForRepo, {
      ...REPO,
      labels: 'secret-alert',
      state: 'all',
      per_page: 2,
    });
    expect(all.map((i) => i.title)).toEqual(['t4', 't3', 't2', 't1', 't0']);
    expect(counter.total - before).toBe(3);
  });

  it('a secondary rate limit is retried after retry-after and converges; the counter sees every attempt', async () => {
    const { client, server, counter, logger } = await setup();
    server.injectFault({ operation: 'issues/create', kind: 'secondary-rate-limit', times: 2 });
    const created = await client.rest.issues.create({ ...REPO, title: 't' });
    expect(created.status).toBe(201);
    expect(server.requestCounts()['issues/create']).toBe(3);
    expect(server.snapshot().repos[0]?.issues).toHaveLength(1);
    expect(counter.total).toBe(3);
    expect(counter.failed).toBe(2);
    expect(logger.records.filter((r) => r.msg === 'GitHub secondary rate limit')).toHaveLength(2);
  });

  it('secondary retries are bounded: past them the call fails with the 403', async () => {
    const { client, server } = await setup({}, { secondaryRetries: 1 });
    server.injectFault({ operation: 'issues/create-comment', kind: 'secondary-rate-limit' });
    await client.rest.issues.create({ ...REPO, title: 't' });
    await expect(client.rest.issues.createComment({ ...REPO, issue_number: 1, body: 'c' })).rejects.toMatchObject({
      status: 403,
    });
    expect(server.requestCounts()['issues/create-comment']).toBe(2);
  });

  it('5xx answers are retried (bounded); 4xx are not', async () => {
    const { client, server } = await setup({}, { retries: 2 });
    await client.rest.issues.create({ ...REPO, title: 't' });
    server.injectFault({ operation: 'issues/get', kind: 'bad-gateway', times: 2 });
    expect((await client.rest.issues.get({ ...REPO, issue_number: 1 })).status).toBe(200);
    expect(server.requestCounts()['issues/get']).toBe(3);
    server.injectFault({ operation: 'issues/get', kind: 'server-error', times: 3 });
    await expect(client.rest.issues.get({ ...REPO, issue_number: 1 })).rejects.toMatchObject({ status: 500 });
    expect(server.requestCounts()['issues/get']).toBe(6);
    await expect(client.rest.issues.get({ ...REPO, issue_number: 99 })).rejects.toMatchObject({ status: 404 });
    expect(server.requestCounts()['issues/get']).toBe(7);
  });

  it('drop-after-write: the retried PATCH converges; a retried POST creates a second issue (GitHub POSTs are not idempotent)', async () => {
    const { client, server } = await setup();
    await client.rest.issues.create({ ...REPO, title: 't' });
    server.injectFault({ operation: 'issues/update', kind: 'drop-after-write', times: 1 });
    const closed = await client.rest.issues.update({
      ...REPO,
      issue_number: 1,
      state: 'closed',
      state_reason: 'completed',
    });
    expect(closed.data.state).toBe('closed');
    expect(server.writeCounts()['issues/update']).toBe(2);
    server.injectFault({ operation: 'issues/create', kind: 'drop-after-write', times: 1 });
    await client.rest.issues.create({ ...REPO, title: 'once?' });
    expect(server.snapshot().repos[0]?.issues.filter((i) => i.title === 'once?')).toHaveLength(2);
  });

  it('an exhausted primary limit with a distant reset fails at once (no wait), with remaining 0', async () => {
    const { client, server, logger } = await setup({ rateLimit: { limit: 2 } });
    await client.rest.issues.listForRepo(REPO);
    await client.rest.issues.listForRepo(REPO);
    const t0 = performance.now();
    await expect(client.rest.issues.listForRepo(REPO)).rejects.toMatchObject({
      status: 403,
      response: { headers: { 'x-ratelimit-remaining': '0' } },
    });
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(server.requestCounts()['issues/list-for-repo']).toBe(3);
    expect(logger.records.some((r) => r.msg === 'GitHub rate limit exhausted' && r.fields['retrying'] === false)).toBe(
      true,
    );
  });

  it('an exhausted primary limit whose reset is near is waited out once, then the call succeeds', async () => {
    const { client, server } = await setup({ rateLimit: { limit: 1, windowMs: 300 } }, { msPerRetrySecond: 400 });
    await client.rest.issues.listForRepo(REPO);
    const later = await client.rest.issues.listForRepo(REPO);
    expect(later.status).toBe(200);
    expect(server.requestCounts()['issues/list-for-repo']).toBe(3);
  });
});
