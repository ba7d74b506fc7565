import { describe, expect, it } from 'vitest';
import { builtinRotators, randomSecretRotator, readJwks, rotateSecret, secretRef, type Rotator } from '../src/index.js';
import { World } from './harness.js';
import { manifest, randomRotation, signingRotation } from './fixtures.js';

const T0 = '2025-01-01T00:00:00Z';

function world(): World {
  const w = new World(T0);
  w.rotators = builtinRotators();
  return w;
}

/** A random-secret rotator whose test fails while `failing` is true (the provider refusing the new value). */
function flaky(state: { failing: boolean }): Rotator<'random-secret'> {
  const inner = randomSecretRotator();
  return {
    ...inner,
    test: (ctx, input) =>
      state.failing
        ? Promise.resolve({ ok: false, reason: 'provider refused the new value (injected)' })
        : inner.test(ctx, input),
  };
}

describe('emergency rotation', () => {
  it('records the request and its reason in the audit trail even when the run must wait', async () => {
    const w = world();
    const m = manifest('hook', randomRotation({ cadence: 'P30D', overlap: 'P3D', emergencyOverlap: 'PT1H' }));
    await rotateSecret(w.deps(), m);
    w.at('2025-01-31T00:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('rotated');
    // 30 minutes later the key leaks: the previous version is still inside even the emergency overlap.
    w.at('2025-01-31T00:30:00Z');
    const r = await rotateSecret(w.deps(), m, { emergency: { reason: 'INC-42: value pasted in chat' } });
    expect(r).toMatchObject({ kind: 'waiting', emergency: true, waitUntil: new Date('2025-01-31T01:00:00Z') });
    const asked = w.audit.records.filter((e) => e.action === 'rotation.emergency');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.details).toMatchObject({ reason: 'INC-42: value pasted in chat', emergency: true });
    // Once the emergency overlap is over the emergency run retires the previous version and rotates.
    w.at('2025-01-31T01:00:00Z');
    const again = await rotateSecret(w.deps(), m, { emergency: { reason: 'INC-42: value pasted in chat' } });
    expect(again).toMatchObject({
      kind: 'rotated',
      steps: ['retire-upstream', 'retire-store', 'create', 'store-pending', 'set', 'test', 'finish'],
    });
    for (const e of w.audit.records.filter((x) => x.action.startsWith('rotation.') && x.at >= '2025-01-31T01:00:00'))
      expect(e.details?.['reason']).toBe('INC-42: value pasted in chat');
  });
});

describe('emergency rotation that cannot run', () => {
  it('is recorded with its reason when the secret is manual or single without a waiver', async () => {
    const w = world();
    const manual = manifest('ocr', { kind: 'manual', strategy: 'manual', procedure: 'docs/runbooks/ocr.md#rotation' });
    expect((await rotateSecret(w.deps(), manual, { emergency: { reason: 'vendor breach' } })).kind).toBe('blocked');
    const single = manifest('pw', randomRotation({ strategy: 'single' }));
    expect((await rotateSecret(w.deps(), single, { emergency: { reason: 'db dump leaked' } })).kind).toBe('blocked');
    expect(w.audit.records.map((e) => [e.action, e.secretId, e.outcome, e.details?.['reason']])).toEqual([
      ['rotation.emergency', 'ocr', 'failure', 'vendor breach'],
      ['rotation.emergency', 'pw', 'failure', 'db dump leaked'],
    ]);
  });
});

describe('a failed test', () => {
  it('leaves current untouched, marks pending failed, records the reason (no value), and the retry gets a fresh slot', async () => {
    const w = world();
    const state = { failing: false };
    w.rotators = { 'random-secret': flaky(state) };
    const m = manifest('hook', randomRotation());
    await rotateSecret(w.deps(), m);
    const before = await w.memory.getValue(secretRef(m), 'current');
    w.at('2025-01-31T00:00:00Z');
    state.failing = true;
    const r = await rotateSecret(w.deps(), m);
    expect(r).toMatchObject({
      kind: 'failed',
      steps: ['create', 'store-pending', 'set', 'test', 'mark-failed', 'discard'],
    });
    const after = await w.memory.getValue(secretRef(m), 'current');
    expect(after?.versionId).toBe(before?.versionId);
    const versions = await w.memory.listVersions(secretRef(m));
    expect(versions.find((v) => v.versionId === r.versionId)).toMatchObject({ failed: true, stages: [] });
    const testEvent = w.audit.records.find((e) => e.action === 'rotation.test' && e.outcome === 'failure');
    expect(testEvent?.details).toMatchObject({
      passed: false,
      testReason: 'provider refused the new value (injected)',
    });
    const failedValue = await w.memory.getVersion(secretRef(m), r.versionId ?? '');
    expect(failedValue.kind === 'string' && w.audit.text().includes(failedValue.value)).toBe(false);

    state.failing = false;
    w.at('2025-01-31T01:00:00Z');
    const retry = await rotateSecret(w.deps(), m);
    expect(retry.kind).toBe('rotated');
    expect(retry.versionId).not.toBe(r.versionId);
  });

  it('of the first value stores nothing, and the next run creates it', async () => {
    const w = world();
    const state = { failing: true };
    w.rotators = { 'random-secret': flaky(state) };
    const m = manifest('hook', randomRotation());
    expect(await rotateSecret(w.deps(), m)).toMatchObject({
      kind: 'failed',
      steps: ['store-initial', 'create', 'set', 'test', 'discard'],
    });
    const d = await w.memory.describe(secretRef(m));
    expect([d.exists, d.versions.length]).toEqual([true, 0]);
    state.failing = false;
    expect(await rotateSecret(w.deps(), m)).toMatchObject({
      kind: 'created',
      steps: ['create', 'set', 'test', 'store-pending', 'finish'],
    });
  });
});

describe('a notAfter the rotation cannot move', () => {
  it('is rotated once inside its warning window, then left to a human instead of rotating after every overlap', async () => {
    const w = world();
    const m = manifest('vendor', randomRotation({ cadence: 'P90D', overlap: 'P1D' }), {
      expiry: { notAfter: '2025-03-01T00:00:00Z', warnBefore: ['P7D'] },
    });
    await rotateSecret(w.deps(), m);
    w.at('2025-02-22T00:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('rotated');
    w.at('2025-02-23T00:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('retired');
    w.at('2025-02-25T00:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('not-due');
    w.at('2025-03-02T00:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('not-due');
  });
});

describe('signing keys', () => {
  it('the first key becomes current at once and is in the JWKS', async () => {
    const w = world();
    const m = manifest('sig', signingRotation({ publishDelay: 'PT1H' }));
    expect((await rotateSecret(w.deps(), m)).kind).toBe('created');
    expect((await readJwks(w.memory, secretRef(m))).keys).toHaveLength(1);
  });

  it('a rotation publishes first: pending is in the JWKS before it signs, and stays until the publish delay is over', async () => {
    const w = world();
    const m = manifest('sig', signingRotation({ publishDelay: 'PT1H', cadence: 'P30D' }));
    await rotateSecret(w.deps(), m);
    const first = (await readJwks(w.memory, secretRef(m))).keys[0]?.kid;
    w.at('2025-01-31T00:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('waiting');
    const published = (await readJwks(w.memory, secretRef(m))).keys.map((k) => k.kid);
    expect(published).toHaveLength(2);
    expect((await w.memory.getValue(secretRef(m), 'current'))?.value).toBeDefined();
    w.at('2025-01-31T00:59:59Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('waiting');
    w.at('2025-01-31T01:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('rotated');
    expect((await readJwks(w.memory, secretRef(m))).keys.map((k) => k.kid)).toContain(first);
  });
});
