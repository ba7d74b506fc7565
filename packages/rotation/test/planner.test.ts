import { describe, expect, it } from 'vitest';
import { evaluate, plan, tokenFor, type PlanEntry } from '../src/index.js';
import {
  at,
  described,
  iamRotation,
  manifest,
  manualRotation,
  missing,
  randomRotation,
  signingRotation,
  version,
} from './fixtures.js';

const LAST = '2025-01-01T00:00:00Z';
const ok = manifest('webhook', randomRotation({ cadence: 'P30D', overlap: 'P1D' }), {
  expiry: { maxAge: 'P45D', warnBefore: ['P7D', 'P1D'] },
});

function check(m = ok, desc = described(m.id, LAST), now: string): PlanEntry {
  return evaluate(m, desc, at(now));
}

describe('planner: cadence edges', () => {
  it.each([
    ['one second before due', '2025-01-30T23:59:59Z', 'ok', 'none'],
    ['exactly due', '2025-01-31T00:00:00Z', 'due', 'rotate'],
    ['one second before overdue', '2025-01-31T23:59:59Z', 'due', 'rotate'],
    ['exactly overdue (due + P1D)', '2025-02-01T00:00:00Z', 'overdue', 'rotate'],
  ])('%s', (_name, now, status, action) => {
    const e = check(ok, undefined, now);
    expect([e.status, e.action]).toEqual([status, action]);
    expect(e.dueAt?.toISOString()).toBe('2025-01-31T00:00:00.000Z');
  });

  it('honours a custom overdue grace', () => {
    expect(evaluate(ok, described(ok.id, LAST), at('2025-01-31T06:00:00Z'), { overdueAfter: 'PT6H' }).status).toBe(
      'overdue',
    );
  });
});

describe('planner: expiry and warning windows', () => {
  // maxAge P45D → expires 2025-02-15; warnings at 2025-02-08 (P7D) and 2025-02-14 (P1D); cadence irrelevant here (P90D).
  const longCadence = manifest('w', randomRotation({ cadence: 'P90D' }));
  it.each([
    ['one second before the first warning', '2025-02-07T23:59:59Z', 'ok', '2025-02-08T00:00:00.000Z'],
    ['exactly at the first warning', '2025-02-08T00:00:00Z', 'expiring', '2025-02-14T00:00:00.000Z'],
    ['exactly at the last warning', '2025-02-14T00:00:00Z', 'expiring', undefined],
    ['one second before expiry', '2025-02-14T23:59:59Z', 'expiring', undefined],
    ['exactly at expiry', '2025-02-15T00:00:00Z', 'expired', undefined],
  ])('%s', (_name, now, status, nextWarning) => {
    const e = check(longCadence, undefined, now);
    expect(e.status).toBe(status);
    expect(e.expiresAt?.toISOString()).toBe('2025-02-15T00:00:00.000Z');
    expect(e.nextWarningAt?.toISOString()).toBe(nextWarning);
  });

  it('expiry before cadence: an automatic secret is rotated when its warning window opens, not at its cadence', () => {
    const m = manifest('short', randomRotation({ cadence: 'P90D' }), {
      expiry: { maxAge: 'P30D', warnBefore: ['P7D'] },
    });
    expect(check(m, undefined, '2025-01-24T00:00:00Z')).toMatchObject({ status: 'expiring', action: 'rotate' });
    expect(check(m, undefined, '2025-01-23T23:59:59Z')).toMatchObject({ status: 'ok', action: 'none' });
    expect(check(m, undefined, '2025-01-31T00:00:00Z')).toMatchObject({ status: 'expired', action: 'rotate' });
  });

  it('notAfter wins over maxAge when earlier, and expiry wins over overdue', () => {
    const m = manifest('cert', randomRotation({ cadence: 'P10D' }), {
      expiry: { maxAge: 'P45D', notAfter: '2025-01-20T00:00:00Z', warnBefore: ['P1D'] },
    });
    expect(check(m, undefined, '2025-01-19T23:59:59Z').status).toBe('overdue');
    const e = check(m, undefined, '2025-01-20T00:00:00Z');
    expect(e.status).toBe('expired');
    expect(e.expiresAt?.toISOString()).toBe('2025-01-20T00:00:00.000Z');
  });
});

describe('planner: UTC calendar (leap days, month ends, DST)', () => {
  it.each([
    ['Jan 31 + P1M in a leap year is Feb 29', '2024-01-31T09:00:00Z', 'P1M', '2024-02-29T09:00:00.000Z'],
    ['Jan 31 + P1M in a common year is Feb 28', '2023-01-31T09:00:00Z', 'P1M', '2023-02-28T09:00:00.000Z'],
    ['Feb 29 + P1Y is Feb 28', '2024-02-29T00:00:00Z', 'P1Y', '2025-02-28T00:00:00.000Z'],
    ['P30D across Feb 29 counts the leap day', '2024-02-15T00:00:00Z', 'P30D', '2024-03-16T00:00:00.000Z'],
    ['P1D across the EU spring-forward night is 24 h', '2025-03-29T12:00:00Z', 'P1D', '2025-03-30T12:00:00.000Z'],
    ['P1D across the US fall-back night is 24 h', '2025-11-01T12:00:00Z', 'P1D', '2025-11-02T12:00:00.000Z'],
  ])('%s', (_name, last, cadence, due) => {
    const m = manifest('cal', randomRotation({ cadence }), { expiry: { maxAge: 'P2Y', warnBefore: ['P1D'] } });
    const dueAt = new Date(due);
    expect(check(m, described('cal', last), due)).toMatchObject({ status: 'due', dueAt });
    expect(check(m, described('cal', last), new Date(dueAt.getTime() - 1000).toISOString()).status).toBe('ok');
  });
});

describe('planner: store state', () => {
  it('a secret the store does not hold yet is due for creation', () => {
    expect(evaluate(ok, missing(ok.id), at(LAST))).toMatchObject({ status: 'due', action: 'create' });
  });

  it('a pending version means in progress, resumed at set', () => {
    const d = described(ok.id, LAST, [
      version('v2', 'pending', '2025-02-01T00:00:00Z'),
      version('v1', 'current', LAST),
    ]);
    expect(evaluate(ok, d, at('2025-02-01T00:00:01Z'))).toMatchObject({
      status: 'in-progress',
      action: 'resume',
      resumeStep: 'set',
      pendingVersionId: 'v2',
    });
  });

  it('a signing key waits for the publish delay, to the second', () => {
    const m = manifest('sig', signingRotation({ publishDelay: 'PT1H' }));
    const d = described('sig', LAST, [
      version('v2', 'pending', '2025-02-01T00:00:00Z'),
      version('v1', 'current', LAST),
    ]);
    expect(evaluate(m, d, at('2025-02-01T00:59:59Z'))).toMatchObject({
      action: 'wait',
      resumeStep: 'finish',
      waitUntil: at('2025-02-01T01:00:00Z'),
    });
    expect(evaluate(m, d, at('2025-02-01T01:00:00Z'))).toMatchObject({ action: 'resume', resumeStep: 'set' });
  });

  it('failed versions do not count as pending', () => {
    const d = described(ok.id, LAST, [
      version('v2', undefined, '2025-01-02T00:00:00Z', { failed: true }),
      version('v1', 'current', LAST),
    ]);
    expect(evaluate(ok, d, at('2025-01-03T00:00:00Z')).status).toBe('ok');
  });

  it('retire is due exactly when the overlap ends', () => {
    const d = described(ok.id, LAST, [
      version('v2', 'current', LAST),
      version('v1', 'previous', '2024-12-01T00:00:00Z'),
    ]);
    expect(evaluate(ok, d, at('2025-01-01T23:59:59Z'))).toMatchObject({
      status: 'ok',
      action: 'none',
      retireAt: at('2025-01-02T00:00:00Z'),
    });
    expect(evaluate(ok, d, at('2025-01-02T00:00:00Z'))).toMatchObject({
      status: 'retire-due',
      action: 'retire',
      resumeStep: 'retire',
    });
  });

  it('a due secret whose previous version is still in its overlap waits', () => {
    const m = manifest('x', randomRotation({ cadence: 'P1D', overlap: 'P3D' }), { expiry: { warnBefore: ['P1D'] } });
    const d = described('x', LAST, [version('v2', 'current', LAST), version('v1', 'previous', '2024-12-01T00:00:00Z')]);
    expect(evaluate(m, d, at('2025-01-02T00:00:00Z'))).toMatchObject({
      status: 'due',
      action: 'wait',
      waitUntil: at('2025-01-04T00:00:00Z'),
    });
  });

  it('signing keys stay verifiable until the last token signed with them expired', () => {
    // promoted at LAST; signers reload within PT5M; tokens live P7D; verifiers cache PT1H → beyond the P1D overlap.
    const m = manifest('sig', signingRotation({ overlap: 'P1D', maxTokenLifetime: 'P7D', verifierCacheTtl: 'PT1H' }));
    // v2 was staged an hour (the publish delay) before its promotion at LAST.
    const d = described('sig', LAST, [
      version('v2', 'current', '2024-12-31T23:00:00Z'),
      version('v1', 'previous', '2024-12-01T00:00:00Z'),
    ]);
    const retireAt = at('2025-01-08T01:05:00Z');
    expect(evaluate(m, d, at('2025-01-08T01:04:59Z'))).toMatchObject({ status: 'ok', retireAt });
    expect(evaluate(m, d, retireAt).status).toBe('retire-due');
  });

  it('an emergency version (recognised by its token) retires after the emergency overlap', () => {
    const m = manifest('iam', iamRotation({ overlap: 'P1D', emergencyOverlap: 'PT2H' }));
    const emergencyId = tokenFor('iam', 'emergency', 'v1', 0);
    const d = described('iam', LAST, [
      version(emergencyId, 'current', LAST),
      version('v1', 'previous', '2024-12-01T00:00:00Z'),
    ]);
    expect(evaluate(m, d, at('2025-01-01T02:00:00Z'))).toMatchObject({
      status: 'retire-due',
      retireAt: at('2025-01-01T02:00:00Z'),
    });
    const scheduled = described('iam', LAST, [
      version(tokenFor('iam', 'scheduled', 'v1', 0), 'current', LAST),
      version('v1', 'previous', '2024-12-01T00:00:00Z'),
    ]);
    expect(evaluate(m, scheduled, at('2025-01-01T02:00:00Z')).status).toBe('ok');
  });

  it('counts the overlap from the latest possible promotion when the store only knows the creation (AWS, labels moved by hand)', () => {
    // AWS fallback: lastRotatedAt is the current version's creation; the promotion (a change) happened a day later.
    const d = {
      ...described(ok.id, LAST, [version('v2', 'current', LAST), version('v1', 'previous', '2024-12-01T00:00:00Z')]),
      lastChangedAt: at('2025-01-02T00:00:00Z'),
    };
    expect(evaluate(ok, d, at('2025-01-02T23:59:59Z'))).toMatchObject({
      status: 'ok',
      retireAt: at('2025-01-03T00:00:00Z'),
    });
    const sig = manifest('sig', signingRotation({ publishDelay: 'P2D', overlap: 'P10D' }));
    const ds = described('sig', LAST, [
      version('v2', 'current', LAST),
      version('v1', 'previous', '2024-12-01T00:00:00Z'),
    ]);
    expect(evaluate(sig, ds, at(LAST)).retireAt).toEqual(at('2025-01-13T00:00:00Z'));
  });

  it('a secret that exists without a current value is due', () => {
    expect(evaluate(ok, described(ok.id, LAST, []), at(LAST))).toMatchObject({ status: 'due', action: 'rotate' });
  });

  it('the single strategy retires at once and is blocked without a waiver', () => {
    const m = manifest('pw', randomRotation({ strategy: 'single' }));
    expect(evaluate(m, described('pw', LAST), at('2025-02-01T00:00:00Z'))).toMatchObject({
      status: 'blocked',
      action: 'manual',
    });
    expect(
      evaluate(m, described('pw', LAST), at('2025-02-01T00:00:00Z'), { waivedSingle: new Set(['pw']) }),
    ).toMatchObject({ status: 'overdue', action: 'rotate' });
  });

  it('an unreadable store gives unknown', () => {
    expect(evaluate(ok, undefined, at(LAST))).toMatchObject({ status: 'unknown', action: 'none' });
  });
});

describe('planner: manual secrets', () => {
  const m = manifest('ocr', manualRotation, { expiry: { notAfter: '2025-06-30T00:00:00Z', warnBefore: ['P30D'] } });
  it.each([
    ['not due', LAST, '2025-02-01T00:00:00Z', 'ok', 'none'],
    ['due by cadence (P90D)', LAST, '2025-04-01T00:00:00Z', 'blocked', 'manual'],
    ['inside the warning window, not due', '2025-04-01T00:00:00Z', '2025-05-31T00:00:00Z', 'expiring', 'manual'],
    ['expired beats overdue', LAST, '2025-06-30T00:00:00Z', 'expired', 'manual'],
  ])('%s', (_name, last, now, status, action) => {
    expect(check(m, described('ocr', last), now)).toMatchObject({ status, action });
  });
});

describe('plan()', () => {
  it('is pure and sorted by id, with unknown for undescribed secrets', () => {
    const a = manifest('b-secret', randomRotation());
    const b = manifest('a-secret', randomRotation());
    const entries = plan([a, b], new Map([['b-secret', described('b-secret', LAST)]]), at('2025-01-31T00:00:00Z'));
    expect(entries.map((e) => [e.secretId, e.status])).toEqual([
      ['a-secret', 'unknown'],
      ['b-secret', 'due'],
    ]);
  });
});
