import { FixedClock } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../src/index.js';
import { REPO, rejectionOf, startHarness } from './helpers.js';

describe('rate limits', () => {
  it('sends x-ratelimit-* on every response; the primary limit really decrements and refuses with remaining 0', async () => {
    const clock = new FixedClock('2026-12-02T12:00:00Z');
    const { octokit, server } = await startHarness({ clock, rateLimit: { limit: 3, windowMs: 60_000 } });
    const first = await octokit.rest.issues.listForRepo(REPO);
    expect(first.headers['x-ratelimit-limit']).toBe('3');
    expect(first.headers['x-ratelimit-remaining']).toBe('2');
    expect(first.headers['x-ratelimit-used']).toBe('1');
    expect(first.headers['x-ratelimit-resource']).toBe('core');
    expect(first.headers['x-ratelimit-reset']).toBe(String(Date.parse('2026-12-02T12:01:00Z') / 1000));
    await octokit.rest.issues.create({ ...REPO, title: 't' });
    const notFound = await rejectionOf(octokit.rest.issues.get({ ...REPO, issue_number: 9 }));
    expect(notFound.response?.headers['x-ratelimit-remaining']).toBe('0');
    const refused = await rejectionOf(octokit.rest.issues.listForRepo(REPO));
    expect(refused.status).toBe(403);
    expect(refused.response?.headers['x-ratelimit-remaining']).toBe('0');
    expect((refused.response?.data as { message: string }).message).toMatch(/^API rate limit exceeded/);
    // GET /rate_limit does not count, and shows the same numbers.
    const rate = await octokit.rest.rateLimit.get();
    expect(rate.data.resources.core).toMatchObject({ limit: 3, remaining: 0, used: 3 });
    expect(server.writeCounts()).toEqual({ 'issues/create': 1 });
    clock.set('2026-12-02T12:01:00Z');
    expect((await octokit.rest.issues.listForRepo(REPO)).headers['x-ratelimit-remaining']).toBe('2');
  });

  it('can answer 429 instead of 403, and be exhausted at once by a test', async () => {
    const { octokit, server } = await startHarness({ rateLimit: { status: 429 } });
    server.setRateLimitRemaining(0);
    const refused = await rejectionOf(octokit.rest.issues.create({ ...REPO, title: 't' }));
    expect(refused.status).toBe(429);
    expect(server.snapshot().repos[0]?.issues).toEqual([]);
  });
});

describe('the secondary limit on content-generating requests (contentLimit)', () => {
  it('refuses writes past the per-minute limit with 403, retry-after and GitHub’s message; reads go on; a minute later writes resume', async () => {
    const clock = new FixedClock('2026-12-02T12:00:00Z');
    const { octokit, server } = await startHarness({ clock, contentLimit: { perMinute: 3, perHour: 10 } });
    for (let i = 0; i < 3; i++) {
      await octokit.rest.issues.create({ ...REPO, title: `t${i}` });
      clock.advance(10_000);
    }
    const refused = await rejectionOf(octokit.rest.issues.createComment({ ...REPO, issue_number: 1, body: 'c' }));
    expect(refused.status).toBe(403);
    expect(refused.response?.headers['retry-after']).toBe('30');
    expect((refused.response?.data as { message: string }).message).toMatch(/secondary rate limit/);
    expect((await octokit.rest.issues.listForRepo(REPO)).data).toHaveLength(3);
    clock.advance(30_000);
    expect((await octokit.rest.issues.createComment({ ...REPO, issue_number: 1, body: 'c' })).status).toBe(201);
    expect(server.writeCounts()).toEqual({ 'issues/create': 3, 'issues/create-comment': 2 });
  });
});

describe('GitHub’s size limits', () => {
  it('a body over 65,536 characters and a label name over 50 are 422', async () => {
    const { octokit } = await startHarness();
    const long = await rejectionOf(octokit.rest.issues.create({ ...REPO, title: 't', body: 'x'.repeat(65_537) }));
    expect(long.status).toBe(422);
    expect(JSON.stringify(long.response?.data)).toContain('body is too long (maximum is 65536 characters)');
    expect((await octokit.rest.issues.create({ ...REPO, title: 't', body: 'x'.repeat(65_536) })).status).toBe(201);
    expect(
      (await rejectionOf(octokit.rest.issues.createComment({ ...REPO, issue_number: 1, body: 'y'.repeat(70_000) })))
        .status,
    ).toBe(422);
    expect(
      (await rejectionOf(octokit.rest.issues.createLabel({ ...REPO, name: `secret:${'a'.repeat(44)}` }))).status,
    ).toBe(422);
    expect(
      (await rejectionOf(octokit.rest.issues.addLabels({ ...REPO, issue_number: 1, labels: ['l'.repeat(51)] }))).status,
    ).toBe(422);
    expect((await octokit.rest.issues.createLabel({ ...REPO, name: 'l'.repeat(50) })).status).toBe(201);
  });
});

describe('injected faults (raw HTTP: the client package tests Octokit’s retries against them)', () => {
  it('secondary-rate-limit: 403 with retry-after and GitHub’s message; server-error kinds: 500/502/503; times limits a rule', async () => {
    const { octokit, server } = await startHarness({ secondaryRetryAfterSec: 7 });
    server.injectFault(parseFaultSpec('issues/create:secondary-rate-limit:times=1'));
    const limited = await rejectionOf(octokit.rest.issues.create({ ...REPO, title: 't' }));
    expect(limited.status).toBe(403);
    expect(limited.response?.headers['retry-after']).toBe('7');
    expect((limited.response?.data as { message: string }).message).toMatch(/secondary rate limit/);
    expect((await octokit.rest.issues.create({ ...REPO, title: 't' })).status).toBe(201);
    for (const [kind, status] of [
      ['server-error', 500],
      ['bad-gateway', 502],
      ['unavailable', 503],
    ] as const) {
      server.injectFault({ operation: 'issues/get', kind, times: 1 });
      expect((await rejectionOf(octokit.rest.issues.get({ ...REPO, issue_number: 1 }))).status).toBe(status);
    }
    expect((await octokit.rest.issues.get({ ...REPO, issue_number: 1 })).status).toBe(200);
    expect(server.requestCounts()).toMatchObject({ 'issues/create': 2, 'issues/get': 4 });
    expect(server.writeCounts()).toEqual({ 'issues/create': 2 });
  });

  it('drop-after-write applies the write and closes the connection unanswered; drop-before applies nothing', async () => {
    const { octokit, server } = await startHarness();
    server.injectFault({ operation: 'issues/create', kind: 'drop-after-write', times: 1 });
    await expect(octokit.rest.issues.create({ ...REPO, title: 'lost answer' })).rejects.toThrow();
    expect(server.snapshot().repos[0]?.issues.map((i) => i.title)).toEqual(['lost answer']);
    server.injectFault({ operation: 'issues/create', kind: 'drop-before', times: 1 });
    await expect(octokit.rest.issues.create({ ...REPO, title: 'never' })).rejects.toThrow();
    expect(server.snapshot().repos[0]?.issues).toHaveLength(1);
  });

  it('latency delays the matching operation only', async () => {
    const { octokit, server } = await startHarness();
    server.injectFault({ operation: 'issues/list-for-repo', kind: 'latency', latencyMs: 150, times: 1 });
    const t0 = performance.now();
    await octokit.rest.issues.listForRepo(REPO);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it.each(['nope/op:server-error', 'issues/get:explode', 'issues/get:latency:ms=x', 'issues/get:latency:when=1'])(
    'parseFaultSpec rejects "%s"',
    (spec) => {
      expect(() => parseFaultSpec(spec)).toThrow(/invalid fault/);
    },
  );
});
