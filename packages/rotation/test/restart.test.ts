import { describe, expect, it } from 'vitest';
import type { Consumer, SecretManifest } from '@docugen-secrets/manifest';
import { builtinRotators, MemoryRestartLedger, rotateMany, rotateSecret, secretRef } from '../src/index.js';
import { World } from './harness.js';
import { RecordingTrigger, restarting } from './restart-doubles.js';
import { manifest, randomRotation } from './fixtures.js';

const T0 = '2025-01-01T00:00:00Z';

function secret(id: string, consumers: Consumer[]): SecretManifest {
  // overlap 1 h < rollout 2 h: only the restart gate can hold the retire to 2 h after the trigger.
  return manifest(id, randomRotation({ cadence: 'P1D', overlap: 'PT1H' }), {
    consumers,
    expiry: { warnBefore: ['PT1H'] },
  });
}

function world(): { w: World; trigger: RecordingTrigger; ledger: MemoryRestartLedger } {
  const w = new World(T0);
  w.rotators = builtinRotators();
  return { w, trigger: new RecordingTrigger(), ledger: new MemoryRestartLedger() };
}

describe('reload hooks: restarts of rolling-restart consumers', () => {
  it('triggers each consumer once per promotion, audits it, and retires only after rolloutDuration since the trigger', async () => {
    const { w, trigger, ledger } = world();
    const deps = () => ({ ...w.deps(), restarts: { triggers: { 'repository-dispatch': trigger }, ledger } });
    const m = secret('hook', [restarting('editor'), restarting('worker')]);
    expect((await rotateSecret(deps(), m)).kind).toBe('created');
    expect(trigger.sent).toEqual([]); // the first value replaces nothing
    w.at('2025-01-02T00:00:00Z');
    const rotated = await rotateSecret(deps(), m);
    expect(rotated).toMatchObject({ kind: 'rotated', restarts: [{ kind: 'triggered' }, { kind: 'triggered' }] });
    expect(trigger.sent.map((r) => [r.service, r.versionId])).toEqual([
      ['editor', rotated.versionId],
      ['worker', rotated.versionId],
    ]);
    const audited = w.audit.records.filter((r) => r.action === 'rotation.restart');
    expect(audited.map((r) => r.details?.['service'])).toEqual(['editor', 'worker']);

    w.at('2025-01-02T01:30:00Z'); // overlap over, rollout not
    const held = await rotateSecret(deps(), m);
    expect(held).toMatchObject({ kind: 'not-due', reason: expect.stringContaining('2025-01-02T02:00:00.000Z') });
    expect(trigger.sent).toHaveLength(2); // a rerun never triggers twice
    w.at('2025-01-02T02:00:00Z');
    expect(await rotateSecret(deps(), m)).toMatchObject({ kind: 'retired' });
    expect(trigger.sent).toHaveLength(2);
  });

  it('respects restartsPerHour per deployment across secrets: over the limit it defers, reports, and retries next run', async () => {
    const { w, trigger, ledger } = world();
    const deps = () => ({ ...w.deps(), restarts: { triggers: { 'repository-dispatch': trigger }, ledger } });
    const a = secret('alpha', [restarting('editor', 1)]);
    const b = secret('beta', [restarting('editor', 1)]);
    await rotateMany(deps(), [a, b]);
    w.at('2025-01-02T00:00:00Z');
    const [ra, rb] = await rotateMany(deps(), [a, b], { concurrency: 2 });
    expect(trigger.sent).toHaveLength(1);
    const deferred = [ra, rb].find((r) => r?.restarts?.[0]?.kind === 'deferred');
    expect(deferred?.restarts?.[0]?.until).toEqual(new Date('2025-01-02T01:00:00Z'));
    expect(w.audit.records.filter((r) => r.action === 'rotation.restart-deferred')).toHaveLength(1);

    w.at('2025-01-02T00:30:00Z');
    const still = await rotateSecret(deps(), deferred === ra ? a : b);
    expect(still).toMatchObject({ kind: 'waiting', waitUntil: new Date('2025-01-02T01:00:00Z') });
    w.at('2025-01-02T01:00:01Z');
    const later = await rotateSecret(deps(), deferred === ra ? a : b);
    expect(later.restarts?.[0]?.kind).toBe('triggered');
    expect(trigger.sent).toHaveLength(2);
    w.at('2025-01-02T02:30:00Z'); // 2 h after the first trigger, not after the deferred one
    const [fa, fb] = await rotateMany(deps(), [a, b]);
    expect([fa, fb].filter((r) => r?.kind === 'retired')).toHaveLength(1);
  });

  it('a crash between the send and its record resends with the same delivery id; the retire waits from the resend', async () => {
    const { w, trigger, ledger } = world();
    const m = secret('hook', [restarting('editor')]);
    let crash = false;
    const deps = () => ({
      ...w.deps(),
      restarts: { triggers: { 'repository-dispatch': trigger }, ledger },
      checkpoint: (step: string) => {
        if (crash && step === 'restart') throw new Error('kill -9');
      },
    });
    await rotateSecret(deps(), m);
    w.at('2025-01-02T00:00:00Z');
    crash = true;
    await expect(rotateSecret(deps(), m)).rejects.toThrow('kill -9');
    crash = false;
    expect(ledger.records).toMatchObject([{ service: 'editor' }]);
    expect(ledger.records[0]?.triggeredAt).toBeUndefined();
    w.at('2025-01-02T00:10:00Z');
    const rerun = await rotateSecret(deps(), m);
    expect(rerun.restarts).toMatchObject([{ kind: 'resent' }]);
    expect(trigger.sent.map((r) => r.deliveryId)).toEqual([trigger.sent[0]?.deliveryId, trigger.sent[0]?.deliveryId]);
    w.at('2025-01-02T02:05:00Z');
    expect((await rotateSecret(deps(), m)).kind).toBe('not-due');
    w.at('2025-01-02T02:10:00Z');
    expect((await rotateSecret(deps(), m)).kind).toBe('retired');
  });

  it('a failed send is an error result and the next run sends it; without an adapter the previous version is kept', async () => {
    const { w, trigger, ledger } = world();
    const m = secret('hook', [restarting('editor')]);
    const withAdapter = () => ({ ...w.deps(), restarts: { triggers: { 'repository-dispatch': trigger }, ledger } });
    await rotateSecret(withAdapter(), m);
    w.at('2025-01-02T00:00:00Z');
    const noAdapter = await rotateSecret({ ...w.deps(), restarts: { triggers: {}, ledger } }, m);
    expect(noAdapter).toMatchObject({ kind: 'rotated', restarts: [{ kind: 'unavailable' }] });
    w.at('2025-01-03T00:00:00Z');
    const { restarts: _default, ...bare } = w.deps(); // no restart port at all
    expect(await rotateSecret(bare, m)).toMatchObject({ kind: 'blocked', restarts: [{ kind: 'unavailable' }] });
    trigger.fail = true;
    await expect(rotateSecret(withAdapter(), m)).rejects.toThrow('receiver down');
    trigger.fail = false;
    expect((await rotateSecret(withAdapter(), m)).restarts).toMatchObject([{ kind: 'resent' }]);
  });

  it('requests, results and audit records carry ids only, never the value', async () => {
    const { w, trigger, ledger } = world();
    const deps = () => ({ ...w.deps(), restarts: { triggers: { 'repository-dispatch': trigger }, ledger } });
    const m = secret('hook', [restarting('editor')]);
    await rotateSecret(deps(), m);
    w.at('2025-01-02T00:00:00Z');
    const r = await rotateSecret(deps(), m);
    const values = [
      (await w.memory.getValue(secretRef(m), 'current'))?.value,
      (await w.memory.getValue(secretRef(m), 'previous'))?.value,
    ].flatMap((v) => (v?.kind === 'string' ? [v.value] : []));
    expect(values).toHaveLength(2);
    const seen = JSON.stringify([trigger.sent, r, ledger.records, w.audit.text()]);
    for (const v of values) expect(seen).not.toContain(v);
  });
});
