import { canary } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import {
  alertKey,
  desiredAlerts,
  orphanAlertId,
  type AlertKind,
  type DriftFinding,
  type RotationOutcome,
} from '../src/index.js';
import { at, entry, manifest, manualManifest } from './fixtures.js';

const M = manifest('places-key');

describe('desiredAlerts: plan statuses → alerts (table)', () => {
  const cases: {
    name: string;
    status: Parameters<typeof entry>[1];
    now: Date;
    over?: Parameters<typeof entry>[2];
    kind?: AlertKind;
    level?: number;
    severity?: string;
  }[] = [
    { name: 'ok: nothing', status: 'ok', now: at(10) },
    { name: 'due: rotate handles it, no alert', status: 'due', now: at(30, 1) },
    {
      name: 'due and inside P7D (the run did not rotate it): expiring',
      status: 'due',
      now: at(33, 1),
      kind: 'expiring',
      level: 0,
      severity: 'medium',
    },
    {
      name: 'expiring, just inside P7D',
      status: 'expiring',
      now: at(33, 1),
      kind: 'expiring',
      level: 0,
      severity: 'medium',
    },
    {
      name: 'expiring past the PT4H escalation',
      status: 'expiring',
      now: at(33, 5),
      kind: 'expiring',
      level: 1,
      severity: 'high',
    },
    {
      name: 'expiring inside P1D as well',
      status: 'expiring',
      now: at(39, 1),
      kind: 'expiring',
      level: 2,
      severity: 'critical',
    },
    {
      name: 'overdue (escalation counted from the due date)',
      status: 'overdue',
      now: at(31, 1),
      kind: 'overdue',
      level: 1,
      severity: 'critical',
    },
    {
      name: 'expired wins over in-progress',
      status: 'in-progress',
      now: at(41),
      kind: 'expired',
      level: 1,
      severity: 'critical',
    },
  ];
  it.each(cases)('$name', ({ status, now, over, kind, level, severity }) => {
    const { alerts } = desiredAlerts([M], [entry(M.id, status, over)], undefined, undefined, now);
    if (kind === undefined) {
      expect(alerts).toEqual([]);
      return;
    }
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ secretId: M.id, kind, level, severity });
  });

  it('an escalation adds its assignees and names its team', () => {
    const [a] = desiredAlerts([M], [entry(M.id, 'expiring')], undefined, undefined, at(33, 5)).alerts;
    expect(a?.assignees).toEqual(['@alice', '@bob']);
    expect(a?.crossings[0]).toMatchObject({ team: '@docugen/security-oncall' });
  });

  it('manual strategy inside a window, or blocked when due: manual-rotation-needed', () => {
    const vendor = manualManifest('ocr-token', '2026-07-01T00:00:00Z');
    const expiring = entry(vendor.id, 'expiring', { expiresAt: new Date('2026-07-01T00:00:00Z'), dueAt: undefined });
    expect(desiredAlerts([vendor], [expiring], undefined, undefined, at(20)).alerts[0]).toMatchObject({
      kind: 'manual-rotation-needed',
      since: new Date('2026-06-17T00:00:00Z'),
    });
    const blocked = entry(M.id, 'blocked', { expiresAt: undefined });
    expect(desiredAlerts([M], [blocked], undefined, undefined, at(31)).alerts[0]).toMatchObject({
      kind: 'manual-rotation-needed',
      since: at(30),
    });
  });

  it('a store that could not be read decides nothing for the plan kinds', () => {
    const { alerts, unknown } = desiredAlerts([M], [entry(M.id, 'unknown')], [], [], at(41));
    expect(alerts).toEqual([]);
    expect([...unknown].sort()).toEqual(
      ['expired', 'expiring', 'manual-rotation-needed', 'overdue', 'rotation-failed'].map((k) =>
        alertKey(M.id, k as AlertKind),
      ),
    );
  });
});

describe('desiredAlerts: outcomes and drift', () => {
  const failed = (over: Partial<RotationOutcome> = {}): RotationOutcome => ({
    secretId: M.id,
    result: 'failed',
    at: at(30, 2).toISOString(),
    failedStep: 'test',
    errorCode: 'ROTATION_TEST_FAILED',
    message: 'Places answered 403',
    attempt: 2,
    runUrl: 'https://github.com/docugen/secrets/actions/runs/1',
    ...over,
  });

  it('a failed outcome: rotation-failed with step, code, attempt and run', () => {
    const [a] = desiredAlerts([M], [entry(M.id, 'ok')], [failed()], undefined, at(30, 3)).alerts;
    expect(a).toMatchObject({
      kind: 'rotation-failed',
      failure: {
        step: 'test',
        code: 'ROTATION_TEST_FAILED',
        attempt: 2,
        runUrl: 'https://github.com/docugen/secrets/actions/runs/1',
      },
    });
  });

  it('the message is sanitized: token-like text and credentials in URLs are redacted', () => {
    const value = canary('provider');
    const [a] = desiredAlerts(
      [M],
      [entry(M.id, 'ok')],
      [
        failed({
          message: `bad key ${value} at https://u:${value}@h/`,
          errorCode: `X ${value}`,
          runUrl: `https://u:p@h/${value}`,
        }),
      ],
      undefined,
      at(30, 3),
    ).alerts;
    expect(JSON.stringify(a)).not.toContain(value);
    expect(a?.failure).toMatchObject({ code: 'UNKNOWN', message: 'bad key [redacted] at https://[redacted]@h/' });
  });

  it('recovery needs an outcome: without one the failure is unknown, with a success it is gone', () => {
    expect(
      desiredAlerts([M], [entry(M.id, 'ok')], [], undefined, at(31)).unknown.has(alertKey(M.id, 'rotation-failed')),
    ).toBe(true);
    const ok = desiredAlerts([M], [entry(M.id, 'ok')], [failed({ result: 'rotated' })], undefined, at(31));
    expect(ok.alerts).toEqual([]);
    expect(ok.unknown.has(alertKey(M.id, 'rotation-failed'))).toBe(false);
  });

  it('drift findings: a file is the whole truth; no file leaves drift alone', () => {
    const d = desiredAlerts(
      [M],
      [entry(M.id, 'ok')],
      undefined,
      [{ secretId: M.id, code: 'DRIFT_KMS_KEY', message: 'kms key differs' }],
      at(1),
    );
    expect(d.alerts[0]).toMatchObject({ kind: 'drift', level: 0 });
    expect(desiredAlerts([M], [entry(M.id, 'ok')], undefined, [], at(1)).unknown.has(alertKey(M.id, 'drift'))).toBe(
      false,
    );
    expect(
      desiredAlerts([M], [entry(M.id, 'ok')], undefined, undefined, at(1)).unknown.has(alertKey(M.id, 'drift')),
    ).toBe(true);
  });
});

describe('desiredAlerts: orphans of a drift findings file', () => {
  const orphan = (location: string, over: Partial<DriftFinding> = {}): DriftFinding => ({
    secretId: `orphan:aws-secrets-manager:${location}`,
    code: 'drift-orphan',
    message: `secret ${location} is not declared by any manifest`,
    ...over,
  });

  it('one drift alert per orphan, under a stable marker- and label-safe id', () => {
    const f = orphan('eu-west-1/production/legacy-billing-webhook-secret-for-the-old-api');
    const { alerts } = desiredAlerts([M], [entry(M.id, 'ok')], undefined, [f, { ...f, code: 'other' }], at(10));
    expect(alerts).toHaveLength(1);
    const [a] = alerts;
    expect(a).toMatchObject({ kind: 'drift', assignees: [], level: 0, runbook: 'docs/runbooks/alerts.md' });
    expect(a?.secretId).toBe(orphanAlertId(f.secretId));
    expect(a?.secretId).toMatch(/^orphan-[a-z0-9-]+-[0-9a-f]{8}$/);
    expect(`secret:${a?.secretId ?? ''}`.length).toBeLessThanOrEqual(50);
    expect(a?.summary).toContain('no manifest declares it');
    expect(orphanAlertId(f.secretId)).toBe(a?.secretId);
    expect(orphanAlertId('orphan:sops:secrets/a.sops.yaml')).not.toBe(orphanAlertId('orphan:sops:secrets/a-sops-yaml'));
  });

  it('without a drift file, drift is unknown for every secret (orphan issues are left alone)', () => {
    expect(desiredAlerts([M], [entry(M.id, 'ok')], undefined, undefined, at(10)).unknownKinds).toEqual(
      new Set(['drift']),
    );
    expect(desiredAlerts([M], [entry(M.id, 'ok')], undefined, [], at(10)).unknownKinds).toBeUndefined();
  });
});
