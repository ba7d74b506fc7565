import { MemoryAuditLog } from '@docugen-secrets/audit';
import { isDocugenError } from '@docugen-secrets/core';
import { InMemoryStore } from '@docugen-secrets/secret-store';
import { canary, FixedClock, Observed } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import { confirmRevoked, MemoryRestartLedger, rotateManually, secretRef, type ManualDeps } from '../src/index.js';
import { manifest, manualRotation, randomRotation } from './fixtures.js';
import { RecordingTrigger, restarting } from './restart-doubles.js';

const m = manifest('ocr-token', manualRotation);
const actor = { kind: 'local', user: 'tester' } as const;

function deps(): ManualDeps & { log: MemoryAuditLog; memory: InMemoryStore } {
  const clock = new FixedClock('2027-01-10T10:00:00Z');
  const log = new MemoryAuditLog();
  const memory = new InMemoryStore({ clock });
  return { store: memory, audit: log, actor, clock, log, memory };
}

const input = (value: string, test?: (v: unknown) => Promise<{ ok: true } | { ok: false; reason: string }>) => ({
  value: { kind: 'string' as const, value },
  reason: 'OCR-1: re-issued',
  by: 'alice',
  ...(test ? { test } : {}),
});

describe('rotateManually', () => {
  it('stores a first value, then rotates keeping the previous version; a rerun with the same value replays', async () => {
    const d = deps();
    const first = await rotateManually(d, m, input(canary('a')));
    expect(first.kind).toBe('created');
    const value = canary('b');
    const second = await rotateManually(d, m, input(value));
    expect(second).toMatchObject({ kind: 'rotated', previousVersionId: first.versionId });
    const stages = (await d.memory.describe(secretRef(m))).versions.map((v) => [v.versionId, v.stages]);
    expect(stages).toEqual(
      expect.arrayContaining([
        [second.versionId, ['current']],
        [first.versionId, ['previous']],
      ]),
    );
    expect(d.log.records.map((e) => e.action)).toEqual([
      'manual.request',
      'manual.store-initial',
      'manual.store-pending',
      'manual.finish',
      'manual.request',
      'manual.store-pending',
      'manual.finish',
    ]);
  });

  it('a failed test step marks the new version failed and keeps the old value current, without the value anywhere', async () => {
    const d = deps();
    const first = await rotateManually(d, m, input(canary('a')));
    const bad = canary('bad');
    const seen = new Observed();
    const r = await rotateManually(
      d,
      m,
      input(bad, () => Promise.resolve({ ok: false, reason: 'vendor answered 401' })),
    );
    seen.add(JSON.stringify(r));
    seen.add(JSON.stringify(d.log.records));
    expect(r.kind).toBe('failed');
    expect((await d.memory.getValue(secretRef(m), 'current'))?.versionId).toBe(first.versionId);
    expect(seen.text()).not.toContain(bad);
  });

  it('confirmRevoked retires the previous version and is refused when there is none', async () => {
    const d = deps();
    await rotateManually(d, m, input(canary('a')));
    await expect(confirmRevoked(d, m, { reason: '', by: 'alice' })).rejects.toSatisfy((e: unknown) =>
      isDocugenError(e, 'ROTATION_BAD_OPTIONS'),
    );
    const second = await rotateManually(d, m, input(canary('b')));
    const done = await confirmRevoked(d, m, { reason: '', by: 'alice' });
    expect(done.retiredVersionId).toBe(second.previousVersionId);
    expect(d.log.records.at(-1)).toMatchObject({
      action: 'manual.revoked',
      versionId: second.previousVersionId,
      details: { by: 'alice' },
    });
  });

  it('refuses secrets the tool rotates itself', async () => {
    await expect(rotateManually(deps(), manifest('auto', randomRotation()), input('x'))).rejects.toSatisfy(
      (e: unknown) => isDocugenError(e, 'ROTATION_BAD_OPTIONS'),
    );
  });
});

describe('rotateManually: reload hooks', () => {
  const restarted = manifest('ocr-token', manualRotation, { consumers: [restarting('ocr-worker', 1)] });

  it('restarts the rolling-restart consumers once the new value is current, as an automatic rotation does', async () => {
    const trigger = new RecordingTrigger();
    const ledger = new MemoryRestartLedger();
    const d = { ...deps(), restarts: { triggers: { 'repository-dispatch': trigger }, ledger } };
    const first = await rotateManually(d, restarted, input(canary('a')));
    expect(first.restarts).toBeUndefined(); // a first value replaces nothing a consumer runs with
    const value = canary('b');
    const r = await rotateManually(d, restarted, input(value));
    expect(r.restarts).toEqual([
      expect.objectContaining({ service: 'ocr-worker', kind: 'triggered', versionId: r.versionId }),
    ]);
    expect(trigger.sent).toEqual([
      expect.objectContaining({
        secretId: 'ocr-token',
        versionId: r.versionId,
        service: 'ocr-worker',
        emergency: false,
      }),
    ]);
    expect((await ledger.read()).map((x) => x.triggeredAt)).toEqual(['2027-01-10T10:00:00.000Z']);
    // The old token may go only once the restarted consumer has rolled out (PT2H after the trigger).
    expect(r.revokeAfter?.getTime()).toBeGreaterThanOrEqual(Date.parse('2027-01-10T12:00:00Z'));
    expect(d.log.records.map((e) => e.action).slice(-2)).toEqual(['manual.finish', 'manual.restart']);
    expect(JSON.stringify([trigger.sent, d.log.records, r])).not.toContain(value);
  });

  it('over the rate limit the restart is deferred and audited; without reload hooks it is unavailable', async () => {
    const trigger = new RecordingTrigger();
    const ledger = new MemoryRestartLedger();
    const d = { ...deps(), restarts: { triggers: { 'repository-dispatch': trigger }, ledger } };
    await rotateManually(d, restarted, input(canary('a')));
    await rotateManually(d, restarted, input(canary('b')));
    const again = await rotateManually(d, restarted, input(canary('c')));
    expect(again.restarts?.map((x) => x.kind)).toEqual(['deferred']); // restartsPerHour: 1
    expect(d.log.records.at(-1)?.action).toBe('manual.restart-deferred');
    const bare = deps();
    await rotateManually(bare, restarted, input(canary('a')));
    const none = await rotateManually(bare, restarted, input(canary('b')));
    expect(none.restarts?.map((x) => x.kind)).toEqual(['unavailable']);
    expect(bare.log.records.at(-1)).toMatchObject({ action: 'manual.restart-unavailable', outcome: 'failure' });
  });
});
