import { describe, expect, it } from 'vitest';
import { evaluate, expiresAt, retireAt, warningTimes } from '../src/index.js';
import {
  at,
  described,
  manifest,
  manualRotation,
  missing,
  randomRotation,
  signingRotation,
  version,
} from './fixtures.js';

/**
 * Edges the first planner tests left out: calendar cadences and warning
 * windows across month ends and leap days, notAfter against maxAge, a
 * notAfter that rotation cannot move, signing keys in an emergency without an
 * emergencyOverlap, and store states of a first value.
 */
const cadence = (c: string) =>
  manifest('cal', randomRotation({ cadence: c }), { expiry: { maxAge: 'P10Y', warnBefore: ['P1D'] } });

describe('planner: calendar cadences at month ends and leap days (UTC)', () => {
  it.each([
    ['Mar 31 + P1M is Apr 30', '2025-03-31T12:00:00Z', 'P1M', '2025-04-30T12:00:00.000Z'],
    ['Feb 29 + P1M is Mar 29', '2024-02-29T00:00:00Z', 'P1M', '2024-03-29T00:00:00.000Z'],
    ['Dec 31 + P2M in a leap year is Feb 29', '2023-12-31T23:59:59Z', 'P2M', '2024-02-29T23:59:59.000Z'],
    ['Feb 28 + P1Y before a leap year is Feb 28', '2023-02-28T00:00:00Z', 'P1Y', '2024-02-28T00:00:00.000Z'],
    ['Feb 29 + P4Y is Feb 29', '2024-02-29T06:00:00Z', 'P4Y', '2028-02-29T06:00:00.000Z'],
    ['Jan 31 + P1M1D is Mar 1 (month clamps first)', '2025-01-31T00:00:00Z', 'P1M1D', '2025-03-01T00:00:00.000Z'],
    ['P1D across the EU fall-back night is 24 h', '2025-10-25T22:30:00Z', 'P1D', '2025-10-26T22:30:00.000Z'],
  ])('%s: due exactly then, ok one second before', (_name, last, c, due) => {
    const m = cadence(c);
    const d = described('cal', last);
    expect(evaluate(m, d, at(due))).toMatchObject({ status: 'due', action: 'rotate', dueAt: at(due) });
    expect(evaluate(m, d, new Date(Date.parse(due) - 1000))).toMatchObject({ status: 'ok', action: 'none' });
  });
});

describe('planner: warning windows with calendar durations', () => {
  // maxAge P2M from 2024-01-31 → expires 2024-03-31; warnBefore P1M → 2024-02-29 (leap), P1W → 2024-03-24.
  const m = manifest('w', randomRotation({ cadence: 'P1Y' }), {
    expiry: { maxAge: 'P2M', warnBefore: ['P1M', 'P1W'] },
  });
  const d = described('w', '2024-01-31T00:00:00Z');

  it('computes each window by the UTC calendar', () => {
    const expiry = expiresAt(m, at('2024-01-31T00:00:00Z'));
    expect(expiry).toEqual(at('2024-03-31T00:00:00Z'));
    expect(warningTimes(m, at('2024-03-31T00:00:00Z'))).toEqual([
      at('2024-02-29T00:00:00Z'),
      at('2024-03-24T00:00:00Z'),
    ]);
  });

  it.each([
    ['one second before the P1M window', '2024-02-28T23:59:59Z', 'ok', '2024-02-29T00:00:00.000Z'],
    ['exactly at the P1M window', '2024-02-29T00:00:00Z', 'expiring', '2024-03-24T00:00:00.000Z'],
    ['one second before the P1W window', '2024-03-23T23:59:59Z', 'expiring', '2024-03-24T00:00:00.000Z'],
    ['exactly at the P1W window', '2024-03-24T00:00:00Z', 'expiring', undefined],
    ['one second before expiry', '2024-03-30T23:59:59Z', 'expiring', undefined],
    ['exactly at expiry', '2024-03-31T00:00:00Z', 'expired', undefined],
  ])('%s', (_name, now, status, next) => {
    const e = evaluate(m, d, at(now));
    expect(e.status).toBe(status);
    expect(e.nextWarningAt?.toISOString()).toBe(next);
    expect(e.action).toBe(status === 'ok' ? 'none' : 'rotate');
  });
});

describe('planner: notAfter against maxAge', () => {
  const last = '2025-01-01T00:00:00Z';
  it.each([
    ['notAfter earlier than maxAge wins', '2025-01-20T00:00:00Z', '2025-01-20T00:00:00.000Z'],
    ['maxAge earlier than notAfter wins', '2025-12-31T00:00:00Z', '2025-02-15T00:00:00.000Z'],
    ['both on the same instant', '2025-02-15T00:00:00Z', '2025-02-15T00:00:00.000Z'],
  ])('%s', (_name, notAfter, expiry) => {
    const m = manifest('n', randomRotation({ cadence: 'P90D' }), {
      expiry: { maxAge: 'P45D', notAfter, warnBefore: ['P1D'] },
    });
    expect(evaluate(m, described('n', last), at(last)).expiresAt?.toISOString()).toBe(expiry);
    expect(evaluate(m, described('n', last), at(expiry)).status).toBe('expired');
    expect(evaluate(m, described('n', last), new Date(Date.parse(expiry) - 1000)).status).toBe('expiring');
  });

  it('notAfter only (no maxAge) expires a value whatever its age', () => {
    const m = manifest('n', randomRotation({ cadence: 'P30D' }), {
      expiry: { notAfter: '2025-03-01T00:00:00Z', warnBefore: ['P7D'] },
    });
    expect(evaluate(m, described('n', '2025-02-20T00:00:00Z'), at('2025-02-21T23:59:59Z'))).toMatchObject({
      status: 'ok',
    });
  });

  it('a notAfter the value was already rotated against does not drive rotation again (no rotate loop)', () => {
    const m = manifest('vendor', randomRotation({ cadence: 'P30D' }), {
      expiry: { notAfter: '2025-03-01T00:00:00Z', warnBefore: ['P7D'] },
    });
    // Rotated at 2025-02-10, before the window (2025-02-22): the window drives a rotation.
    expect(evaluate(m, described('vendor', '2025-02-10T00:00:00Z'), at('2025-02-22T00:00:00Z'))).toMatchObject({
      status: 'expiring',
      action: 'rotate',
    });
    // Rotated inside the window: rotating again cannot move notAfter; a human must.
    const rotated = described('vendor', '2025-02-22T00:00:00Z');
    expect(evaluate(m, rotated, at('2025-02-23T00:00:00Z'))).toMatchObject({
      status: 'expiring',
      action: 'manual',
      reason: expect.stringContaining('expiry.notAfter'),
    });
    expect(evaluate(m, rotated, at('2025-03-01T00:00:00Z'))).toMatchObject({ status: 'expired', action: 'manual' });
    // The cadence still applies on its own.
    expect(evaluate(m, rotated, at('2025-03-24T00:00:00Z'))).toMatchObject({ status: 'expired', action: 'rotate' });
  });

  it('a pinned notAfter still lets the previous version retire', () => {
    const m = manifest('vendor', randomRotation({ cadence: 'P30D', overlap: 'P1D' }), {
      expiry: { notAfter: '2025-03-01T00:00:00Z', warnBefore: ['P7D'] },
    });
    const d = described('vendor', '2025-02-22T00:00:00Z', [
      version('v2', 'current', '2025-02-22T00:00:00Z'),
      version('v1', 'previous', '2025-01-01T00:00:00Z'),
    ]);
    expect(evaluate(m, d, at('2025-02-23T00:00:00Z'))).toMatchObject({
      status: 'expiring',
      action: 'retire',
      resumeStep: 'retire',
    });
  });
});

describe('planner: signing keys', () => {
  it('an emergency without emergencyOverlap keeps the old key verifiable until its tokens expired', () => {
    const m = manifest('sig', signingRotation({ overlap: 'P1D', maxTokenLifetime: 'P7D', verifierCacheTtl: 'PT1H' }));
    const { emergencyOverlap: _drop, ...rest } = m.rotation as Extract<typeof m.rotation, { kind: 'signing-key-pair' }>;
    const noEmergency = { ...m, rotation: rest };
    const promoted = at('2025-01-01T00:00:00Z');
    // Signers reload within PT5M (live client), tokens live P7D, verifiers cache PT1H.
    expect(retireAt(noEmergency, promoted, true)).toEqual(at('2025-01-08T01:05:00Z'));
    expect(retireAt(m, promoted, true)).toEqual(at('2025-01-01T02:00:00Z'));
    expect(retireAt(m, promoted, false)).toEqual(at('2025-01-08T01:05:00Z'));
  });

  it('the previous key is kept at least maxTokenLifetime + verifierCacheTtl after the last signer reloaded, even with a long rollout', () => {
    const m = manifest(
      'sig',
      signingRotation({ overlap: 'PT1H', maxTokenLifetime: 'PT12H', verifierCacheTtl: 'PT10M' }),
      {
        consumers: [
          {
            service: 'signer',
            reload: { kind: 'rolling-restart', deployment: 'signer', rolloutDuration: 'PT30M', restartsPerHour: 2 },
          },
        ],
      },
    );
    expect(retireAt(m, at('2025-01-01T00:00:00Z'), false)).toEqual(at('2025-01-01T12:40:00Z'));
  });

  it('the first key (no current yet) is promoted without the publish delay', () => {
    const m = manifest('sig', signingRotation({ publishDelay: 'PT1H' }));
    const d = { ...described('sig', '2025-01-01T00:00:00Z', [version('v1', 'pending', '2025-01-01T00:00:00Z')]) };
    expect(evaluate(m, d, at('2025-01-01T00:00:01Z'))).toMatchObject({ status: 'in-progress', action: 'resume' });
  });
});

describe('planner: secrets that do not exist yet', () => {
  it('an automatic secret is created, a manual one is blocked with its procedure', () => {
    expect(evaluate(manifest('new', randomRotation()), missing('new'), at('2025-01-01T00:00:00Z'))).toMatchObject({
      status: 'due',
      action: 'create',
    });
    expect(evaluate(manifest('ocr', manualRotation), missing('ocr'), at('2025-01-01T00:00:00Z'))).toMatchObject({
      status: 'blocked',
      action: 'manual',
      reason: expect.stringContaining('docs/runbooks/x.md#rotation'),
    });
  });

  it('a claimed secret without a value yet is due for its first value', () => {
    expect(
      evaluate(
        manifest('new', randomRotation()),
        described('new', '2025-01-01T00:00:00Z', []),
        at('2025-01-01T00:00:00Z'),
      ),
    ).toMatchObject({ status: 'due', action: 'rotate' });
  });
});
