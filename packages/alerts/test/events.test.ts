import { createHmac } from 'node:crypto';
import { FixedClock, canary, startHttpRecorder, type HttpRecorder } from '@docugen-secrets/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { pagerDutySink, webhookSink, type RotationOutcome } from '../src/index.js';
import { at, entry, manifest } from './fixtures.js';
import { commentsOf, world } from './harness.js';

const recorders: HttpRecorder[] = [];
afterEach(async () => {
  for (const r of recorders.splice(0)) await r.close();
});
async function recorder(): Promise<HttpRecorder> {
  const r = await startHttpRecorder();
  recorders.push(r);
  return r;
}
const noWait = { sleep: () => Promise.resolve(), fetch };
const M = manifest('places-key');

describe('incident events', () => {
  it('PagerDuty Events v2: trigger on open and escalate, resolve on close, one stable dedup_key, mapped severity', async () => {
    const pd = await recorder();
    const w = await world([M]);
    const events = [pagerDutySink({ url: pd.url, routingKey: 'routing-key-1', ...noWait })];
    await w.sync(at(33, 1), [entry(M.id, 'expiring')], { events });
    await w.sync(at(33, 2), [entry(M.id, 'expiring')], { events });
    await w.sync(at(33, 5), [entry(M.id, 'expiring')], { events });
    await w.sync(at(34), [entry(M.id, 'ok')], { events });
    const bodies = pd.requests.map(
      (r) =>
        JSON.parse(r.body) as {
          event_action: string;
          dedup_key: string;
          routing_key: string;
          payload?: { severity: string };
        },
    );
    expect(bodies.map((b) => b.event_action)).toEqual(['trigger', 'trigger', 'resolve']);
    expect(new Set(bodies.map((b) => b.dedup_key))).toEqual(
      new Set(['docugen-secrets:docugen/secrets:places-key:expiring']),
    );
    expect(bodies.map((b) => b.payload?.severity)).toEqual(['warning', 'error', undefined]);
    expect(bodies.every((b) => b.routing_key === 'routing-key-1')).toBe(true);
  });

  it('retries 429/5xx; a receiver that keeps failing is reported and never fails the GitHub sync', async () => {
    const pd = await recorder();
    pd.script([500, 429], 202);
    const w = await world([M]);
    const ok = await w.sync(at(33, 1), [entry(M.id, 'expiring')], {
      events: [pagerDutySink({ url: pd.url, routingKey: 'k', ...noWait })],
    });
    expect(ok.events).toEqual({ sent: 1, failed: [] });
    expect(pd.requests).toHaveLength(3);
    const down = await recorder();
    down.script([], 503);
    const report = await w.sync(at(34), [entry(M.id, 'ok')], {
      events: [pagerDutySink({ url: down.url, routingKey: 'k', retries: 2, ...noWait })],
    });
    expect(report.closed).toHaveLength(1);
    expect(report.events.failed).toEqual([
      { sink: 'pagerduty', secretId: M.id, alertKind: 'expiring', code: 'ALERTS_EVENT_FAILED' },
    ]);
    expect(down.requests).toHaveLength(3);
  });

  it('the generic webhook posts the event JSON signed with HMAC-SHA256 over timestamp.body', async () => {
    const hook = await recorder();
    const w = await world([M]);
    const clock = new FixedClock(new Date('2026-07-04T00:00:00Z'));
    await w.sync(at(33, 1), [entry(M.id, 'expiring')], {
      events: [webhookSink({ url: hook.url, secret: 'hmac-secret', clock, ...noWait })],
    });
    const [req] = hook.requests;
    const ts = String(req?.headers['x-docugen-timestamp']);
    expect(ts).toBe(String(Date.parse('2026-07-04T00:00:00Z') / 1000));
    const expected = `sha256=${createHmac('sha256', 'hmac-secret')
      .update(`${ts}.${req?.body ?? ''}`)
      .digest('hex')}`;
    expect(req?.headers['x-docugen-signature-256']).toBe(expected);
    expect(JSON.parse(req?.body ?? '{}')).toMatchObject({
      version: 1,
      event: { action: 'trigger', secretId: M.id, alertKind: 'expiring' },
    });
  });
});

describe('canary values never reach an issue, comment, label or event', () => {
  it('through failures, drift, escalation, recovery and failing receivers', async () => {
    const value = canary('leak');
    const hook = await recorder();
    const pd = await recorder();
    pd.script([500], 202);
    const w = await world([M, manifest('s3-key')]);
    const events = [
      webhookSink({ url: hook.url, secret: 'hmac', clock: new FixedClock(at(0)), ...noWait }),
      pagerDutySink({ url: pd.url, routingKey: 'k', ...noWait }),
    ];
    const outcome: RotationOutcome = {
      secretId: M.id,
      result: 'error',
      at: at(30).toISOString(),
      failedStep: `set ${value}`,
      errorCode: value,
      message: `provider said {"key":"${value}"} token=${value}`,
      runUrl: `https://x:${value}@github.com/run?token=${value}`,
      attempt: 3,
    };
    const drift = [{ secretId: 's3-key', code: 'DRIFT_KMS', message: `kms key ${value} differs` }];
    await w.sync(at(30, 1), [entry(M.id, 'ok'), entry('s3-key', 'ok')], { outcomes: [outcome], drift, events });
    await w.sync(at(30, 6), [entry(M.id, 'ok'), entry('s3-key', 'ok')], { outcomes: [outcome], drift, events });
    await w.sync(at(31), [entry(M.id, 'ok'), entry('s3-key', 'ok')], {
      outcomes: [{ ...outcome, result: 'rotated' }],
      drift: [],
      events,
    });
    const state = JSON.stringify(w.server.snapshot());
    expect(state).toContain('rotation-failed');
    expect(commentsOf(w.server, 1).length).toBeGreaterThanOrEqual(2);
    expect(hook.requests.length).toBeGreaterThan(0);
    for (const text of [
      state,
      ...hook.requests.map((r) => r.body),
      ...pd.requests.map((r) => r.body),
      JSON.stringify(w.logger.records),
    ])
      expect(text).not.toContain(value);
  });
});
