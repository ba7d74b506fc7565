import { describe, expect, it } from 'vitest';
import { at, entry, manifest } from './fixtures.js';
import { commentsOf, openIssues, world } from './harness.js';
import { orphanAlertId } from '../src/index.js';

const M = manifest('places-key');
const plan = (status: Parameters<typeof entry>[1]) => [entry(M.id, status)];

describe('syncAlerts through Octokit against the local GitHub server', () => {
  it('opens one issue with marker, labels, assignees and links; a rerun with no change makes no write', async () => {
    const w = await world([M]);
    const first = await w.sync(at(33, 1), plan('expiring'));
    expect(first.opened.map((r) => r.number)).toEqual([1]);
    const [issue] = openIssues(w.server);
    expect(issue?.labels.sort()).toEqual(['kind:expiring', 'secret-alert', 'secret:places-key', 'severity:medium']);
    expect(issue?.assignees).toEqual(['alice']);
    const body = w.server.snapshot().repos[0]?.issues[0]?.body ?? '';
    expect(body.split('\n')[0]).toBe('<!-- docugen-secrets:alert v1 secret=places-key kind=expiring -->');
    expect(body).toContain('https://github.com/docugen/secrets/blob/main/docs/runbooks/places-key.md');
    expect(body).toContain('docugen-secrets rotate --secret places-key');
    w.server.resetCounts();
    const again = await w.sync(at(33, 2), plan('expiring'));
    expect(again.unchanged).toHaveLength(1);
    expect(w.server.writeCounts()).toEqual({});
    expect(w.server.requestCounts()).toEqual({ 'issues/list-for-repo': 1 });
  });

  it('escalates once per crossing (PT4H escalation, then the P1D window), never once per run', async () => {
    const w = await world([M]);
    await w.sync(at(33, 1), plan('expiring'));
    for (const [now, level] of [
      [at(33, 5), 'high'],
      [at(33, 6), 'high'],
      [at(39, 1), 'critical'],
      [at(39, 3), 'critical'],
    ] as const) {
      await w.sync(now, plan('expiring'));
      expect(openIssues(w.server)[0]?.labels).toContain(`severity:${level}`);
    }
    const comments = commentsOf(w.server, 1);
    expect(comments).toHaveLength(2);
    expect(comments[0]).toContain('@docugen/security-oncall');
    expect(comments[1]).toContain('P1D warning window');
    expect(openIssues(w.server)[0]?.assignees.sort()).toEqual(['alice', 'bob']);
  });

  it('closes on recovery (completed, with a comment) and reopens the same issue when the problem returns', async () => {
    const w = await world([M]);
    await w.sync(at(33, 1), plan('expiring'));
    const closed = await w.sync(at(34), plan('ok'));
    expect(closed.closed.map((r) => r.number)).toEqual([1]);
    const issue = () => w.server.snapshot().repos[0]?.issues[0];
    expect(issue()).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(commentsOf(w.server, 1).at(-1)).toContain('Resolved');
    w.server.resetCounts();
    await w.sync(at(34, 1), plan('ok'));
    expect(w.server.writeCounts()).toEqual({});
    const back = await w.sync(at(33, 2), plan('expiring'));
    expect(back.reopened.map((r) => r.number)).toEqual([1]);
    expect(issue()).toMatchObject({ state: 'open', stateReason: 'reopened' });
    expect(w.server.snapshot().repos[0]?.issues).toHaveLength(1);
  });

  it('two concurrent syncs leave at most one open issue per alert, and the next sync writes nothing', async () => {
    const w = await world([M, manifest('s3-key')]);
    const both = [entry(M.id, 'expiring'), entry('s3-key', 'overdue')];
    w.server.injectFault({ operation: 'issues/list-for-repo', kind: 'latency', latencyMs: 300, times: 2 });
    const [a, b] = await Promise.all([w.sync(at(33, 1), both), w.sync(at(33, 1), both)]);
    expect(a.opened.length + b.opened.length).toBe(4);
    expect(a.duplicatesClosed.length + b.duplicatesClosed.length).toBeGreaterThanOrEqual(2);
    const open = openIssues(w.server);
    expect(open.map((i) => i.title).sort()).toEqual([...new Set(open.map((i) => i.title))].sort());
    expect(open).toHaveLength(2);
    expect(
      w.server
        .snapshot()
        .repos[0]?.issues.filter((i) => i.state === 'closed')
        .every((i) => i.stateReason === 'not_planned'),
    ).toBe(true);
    w.server.resetCounts();
    await w.sync(at(33, 2), both);
    expect(w.server.writeCounts()).toEqual({});
  });

  it('secondary rate limits, 5xx and a lost POST response still converge to one issue per alert', async () => {
    const w = await world([M, manifest('s3-key')]);
    w.server.injectFault({ operation: 'issues/list-for-repo', kind: 'bad-gateway', times: 1 });
    w.server.injectFault({ operation: 'issues/create', kind: 'secondary-rate-limit', times: 2 });
    w.server.injectFault({ operation: 'issues/create', kind: 'drop-after-write', times: 1 });
    w.server.injectFault({ operation: 'issues/update', kind: 'server-error', times: 1 });
    const both = [entry(M.id, 'expiring'), entry('s3-key', 'overdue')];
    const report = await w.sync(at(33, 1), both);
    expect(report.notDone).toEqual([]);
    expect(openIssues(w.server)).toHaveLength(2);
    w.server.clearFaults();
    w.server.resetCounts();
    await w.sync(at(33, 2), both);
    expect(w.server.writeCounts()).toEqual({});
  });

  it('an exhausted rate limit stops the sync cleanly with "not done"; the next run finishes', async () => {
    const ids = ['a-key', 'b-key', 'c-key'];
    const w = await world(
      ids.map((id) => manifest(id)),
      { rateLimit: { limit: 3 } },
    );
    const all = ids.map((id) => entry(id, 'expiring'));
    const first = await w.sync(at(33, 1), all);
    expect(first.opened).toHaveLength(2);
    expect(first.notDone).toEqual([
      { action: 'open', secretId: 'c-key', alertKind: 'expiring', code: 'ALERTS_TRACKER_BUDGET' },
    ]);
    expect(first.stoppedBy).toBeDefined();
    w.server.setRateLimitRemaining(100);
    const second = await w.sync(at(33, 2), all);
    expect(second.opened.map((r) => r.secretId)).toEqual(['c-key']);
    expect(second.unchanged).toHaveLength(2);
    expect(openIssues(w.server)).toHaveLength(3);
  });

  it('an orphan of a drift file opens a drift issue, is left alone by a sync without the file, closes when gone', async () => {
    const w = await world([M]);
    const orphan = {
      secretId: 'orphan:aws-secrets-manager:eu-west-1/production/legacy-token',
      code: 'drift-orphan',
      message: 'secret production/legacy-token is not declared by any manifest',
    };
    const opened = await w.sync(at(10), plan('ok'), { drift: [orphan] });
    expect(opened.opened.map((r) => r.secretId)).toEqual([orphanAlertId(orphan.secretId)]);
    const [issue] = openIssues(w.server);
    expect(issue?.labels).toEqual(expect.arrayContaining(['kind:drift', `secret:${orphanAlertId(orphan.secretId)}`]));
    expect(issue?.assignees).toEqual([]);
    w.server.resetCounts();
    const without = await w.sync(at(11), plan('ok'));
    expect(without.unchanged).toHaveLength(1);
    expect(w.server.writeCounts()).toEqual({});
    const gone = await w.sync(at(12), plan('ok'), { drift: [] });
    expect(gone.closed.map((r) => r.secretId)).toEqual([orphanAlertId(orphan.secretId)]);
  });
});
