import { describe, expect, it } from 'vitest';
import { buildComplianceReport, parseGitLog, waiverApplies, type ReportInput } from '../src/index.js';
import { chained, DAY, daysAgo, described, finished, manifest, NOW } from './fixtures.js';

const MAX = { critical: 'P30D', high: 'P90D', any: 'P365D' } as const;

function input(over: Partial<ReportInput> = {}): ReportInput {
  return { now: NOW, manifests: [], audit: [], descriptions: new Map(), maxCadence: MAX, waivers: [], ...over };
}

describe('buildComplianceReport', () => {
  it('computes age, last rotation, rotations in 12 months and the policy maximum from the audit trail and store metadata', () => {
    const m = manifest('api-key', { classification: 'high', cadence: 'P60D' });
    const audit = chained([
      ...finished('api-key', daysAgo(400), { initial: true }),
      ...finished('api-key', daysAgo(200)),
      ...finished('api-key', daysAgo(100), { emergency: 'INC-7: leaked' }),
      ...finished('api-key', daysAgo(20)),
    ]);
    const report = buildComplianceReport(
      input({ manifests: [m], audit, descriptions: new Map([['api-key', described('api-key', daysAgo(20))]]) }),
    );
    const row = report.rows[0];
    expect(row).toMatchObject({
      secretId: 'api-key',
      status: 'ok',
      ageDays: 20,
      rotationsLast12Months: 3,
      cadenceDays: 60,
      policyMaxDays: 90,
      daysOverdue: 0,
    });
    expect(row?.lastRotation).toMatchObject({
      trigger: 'scheduled',
      by: 'rotator-bot (GitHub Actions run 42)',
      source: 'audit',
    });
    expect(row?.history.map((e) => e.trigger)).toEqual(['scheduled', 'emergency', 'scheduled']);
    expect(row?.history[1]?.reason).toBe('INC-7: leaked');
    expect(row?.dueAt?.toISOString()).toBe(new Date(daysAgo(20).getTime() + 60 * DAY).toISOString());
  });

  it('counts days overdue against the smaller of the cadence and the policy maximum', () => {
    const m = manifest('old', { classification: 'critical', cadence: 'P60D' });
    const report = buildComplianceReport(
      input({ manifests: [m], descriptions: new Map([['old', described('old', daysAgo(45))]]) }),
    );
    expect(report.rows[0]).toMatchObject({ status: 'overdue', ageDays: 45, policyMaxDays: 30, daysOverdue: 15 });
    expect(report.totals).toMatchObject({ secrets: 1, overdue: 1, ok: 0 });
  });

  it('a manual secret without a cadence is held to the policy maximum; a manual rotation is reported as manual', () => {
    const m = manifest('vendor', { classification: 'high', manual: true });
    const audit = chained(finished('vendor', daysAgo(10), { manual: true }));
    const row = buildComplianceReport(
      input({ manifests: [m], audit, descriptions: new Map([['vendor', described('vendor', daysAgo(10))]]) }),
    ).rows[0];
    expect(row).toMatchObject({ policyMaxDays: 90, status: 'ok', rotationsLast12Months: 1 });
    expect(row?.cadenceDays).toBeUndefined();
    expect(row?.lastRotation?.trigger).toBe('manual');
  });

  it('reports missing (no current value) and unknown (store not read) secrets', () => {
    const report = buildComplianceReport(
      input({ manifests: [manifest('b'), manifest('a')], descriptions: new Map([['a', described('a', undefined)]]) }),
    );
    expect(report.rows.map((r) => [r.secretId, r.status])).toEqual([
      ['a', 'missing'],
      ['b', 'unknown'],
    ]);
    expect(report.totals).toMatchObject({ missing: 1, unknown: 1 });
  });

  it('waivers in force until the end of their expiry day, by id or glob', () => {
    const w = { rule: 'SM010', secret: 'ocr-*', reason: 'vendor has no API', owner: '@k', expires: '2026-12-01' };
    expect(waiverApplies(w, 'ocr-token', NOW)).toBe(true);
    expect(waiverApplies(w, 'ocr-token', new Date('2026-12-02T00:00:00Z'))).toBe(false);
    expect(waiverApplies(w, 'other', NOW)).toBe(false);
    const report = buildComplianceReport(input({ manifests: [manifest('ocr-token')], waivers: [w] }));
    expect(report.rows[0]?.waivers).toEqual([w]);
    expect(report.totals.waived).toBe(1);
  });

  it('open alerts per secret, and "not known" when no alerts list was given', () => {
    const withAlerts = buildComplianceReport(
      input({ manifests: [manifest('a'), manifest('b')], alerts: [{ secretId: 'a', kind: 'overdue', id: '12' }] }),
    );
    expect(withAlerts.rows.map((r) => r.openAlerts?.length)).toEqual([1, 0]);
    expect(withAlerts.totals.withOpenAlerts).toBe(1);
    const without = buildComplianceReport(input({ manifests: [manifest('a')] }));
    expect(without.alertsKnown).toBe(false);
    expect(without.rows[0]?.openAlerts).toBeUndefined();
  });

  it('a commit to a SOPS file without the rotator trailer is a manual change by its author, and it resets the age', () => {
    const m = manifest('hook', { sops: 'secrets/production/hook.sops.yaml' });
    const log = [
      `\x1e${'a'.repeat(40)}\x1f${daysAgo(5).toISOString()}\x1fAda Lovelace\x1f\n\nsecrets/production/hook.sops.yaml\n`,
      `\x1e${'b'.repeat(40)}\x1f${daysAgo(25).toISOString()}\x1fdocugen-secrets\x1fhook\n\nsecrets/production/hook.sops.yaml\n`,
    ].join('');
    const git = parseGitLog(log);
    expect(git.map((c) => c.secretTrailer)).toEqual([undefined, 'hook']);
    const audit = chained(finished('hook', daysAgo(25)));
    const row = buildComplianceReport(
      input({
        manifests: [m],
        audit,
        gitHistory: git,
        descriptions: new Map([['hook', described('hook', daysAgo(25))]]),
      }),
    ).rows[0];
    expect(row?.lastRotation).toMatchObject({
      trigger: 'manual',
      source: 'git',
      by: `Ada Lovelace (git commit ${'a'.repeat(12)}, outside the rotator)`,
    });
    expect(row?.ageDays).toBe(5);
    expect(row?.rotationsLast12Months).toBe(2);
  });

  it('ignores failed steps, other secrets and events after now', () => {
    const fail = chained([
      { ...finished('a', daysAgo(3))[0]!, outcome: 'failure' },
      ...finished('zzz', daysAgo(2)),
      ...finished('a', new Date(NOW.getTime() + DAY)),
    ]);
    const row = buildComplianceReport(input({ manifests: [manifest('a')], audit: fail })).rows[0];
    expect(row?.history).toEqual([]);
    expect(row?.lastRotation).toBeUndefined();
  });
});
