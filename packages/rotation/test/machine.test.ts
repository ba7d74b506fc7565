import { describe, expect, it } from 'vitest';
import { builtinRotators, rotateMany, rotateSecret, secretRef, type Rotator } from '../src/index.js';
import { World } from './harness.js';
import { iamRotation, manifest, manualRotation, randomRotation } from './fixtures.js';
import { TwoKeyFake } from './two-key-fake.js';

const T0 = '2025-01-01T00:00:00Z';

function world(): World {
  const w = new World(T0);
  w.rotators = builtinRotators();
  return w;
}

describe('rotateSecret gates', () => {
  it('blocks manual secrets and single without a waiver, without touching the store', async () => {
    const w = world();
    const manual = await rotateSecret(w.deps(), manifest('ocr', manualRotation));
    const single = await rotateSecret(w.deps(), manifest('pw', randomRotation({ strategy: 'single' })));
    expect([manual.kind, single.kind]).toEqual(['blocked', 'blocked']);
    expect(w.audit.records).toHaveLength(0);
  });

  it('skips, never pretends, when the provider or the store is not configured', async () => {
    const w = world();
    const iam = await rotateSecret(w.deps(), manifest('iam', iamRotation()));
    expect(iam).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('provider not configured') });
    const noStore = await rotateSecret({ ...w.deps(), store: () => undefined }, manifest('x', randomRotation()));
    expect(noStore.kind).toBe('skipped');
  });

  it('does nothing to a secret that is not due, and rotates it once due', async () => {
    const w = world();
    const m = manifest('hook', randomRotation());
    expect((await rotateSecret(w.deps(), m)).kind).toBe('created');
    w.at('2025-01-30T23:59:59Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('not-due');
    w.at('2025-01-31T00:00:00Z');
    const r = await rotateSecret(w.deps(), m);
    expect(r).toMatchObject({ kind: 'rotated', steps: ['create', 'store-pending', 'set', 'test', 'finish'] });
    expect((await rotateSecret(w.deps(), m)).kind).toBe('not-due');
  });

  it('dry-run decides without writing', async () => {
    const w = world();
    const m = manifest('hook', randomRotation());
    const r = await rotateSecret(w.deps(), m, { dryRun: true });
    expect(r).toMatchObject({ kind: 'dry-run', plan: { action: 'create' } });
    expect((await w.memory.describe(secretRef(m))).exists).toBe(false);
    expect(w.audit.records.filter((e) => e.action !== 'store.describe')).toHaveLength(0);
  });

  it('an emergency needs a reason and rotates a secret that is not due', async () => {
    const w = world();
    const m = manifest('hook', randomRotation());
    await rotateSecret(w.deps(), m);
    await expect(rotateSecret(w.deps(), m, { emergency: { reason: '  ' } })).rejects.toMatchObject({
      code: 'ROTATION_BAD_OPTIONS',
    });
    w.at('2025-01-02T00:00:00Z');
    expect(await rotateSecret(w.deps(), m, { emergency: { reason: 'leaked' } })).toMatchObject({
      kind: 'rotated',
      emergency: true,
    });
  });

  it('a new rotation waits while the previous version is in its overlap', async () => {
    const w = world();
    const m = manifest('hook', randomRotation({ cadence: 'P1D', overlap: 'P3D' }), { expiry: { warnBefore: ['P1D'] } });
    await rotateSecret(w.deps(), m);
    w.at('2025-01-02T00:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('rotated');
    w.at('2025-01-03T00:00:00Z');
    expect(await rotateSecret(w.deps(), m)).toMatchObject({
      kind: 'waiting',
      waitUntil: new Date('2025-01-05T00:00:00Z'),
    });
    w.at('2025-01-05T00:00:00Z');
    expect(await rotateSecret(w.deps(), m)).toMatchObject({
      kind: 'rotated',
      steps: ['retire-upstream', 'retire-store', 'create', 'store-pending', 'set', 'test', 'finish'],
    });
  });
});

describe('two-key retire', () => {
  it('keeps the old key while the provider says it is still used, revokes it once unused', async () => {
    const w = world();
    const inUse = new Set<string>();
    const fake = new TwoKeyFake({ clock: w.clock, random: w.random, adopt: false, inUse });
    w.rotators = { 'aws-iam-access-key': fake.rotator() };
    const m = manifest('iam', iamRotation({ overlap: 'P1D' }));
    await rotateSecret(w.deps(), m);
    const oldKey = fake.live()[0]!.id;
    w.at('2025-01-31T00:00:00Z');
    await rotateSecret(w.deps(), m);
    inUse.add(oldKey);
    w.at('2025-02-01T00:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('blocked');
    expect(fake.live()).toHaveLength(2);
    inUse.clear();
    expect((await rotateSecret(w.deps(), m)).kind).toBe('retired');
    expect(fake.live().map((k) => k.id)).not.toContain(oldKey);
  });
});

describe('two-key retire with late usage data', () => {
  it('waits, without revoking, while the provider cannot yet tell whether the old key is unused', async () => {
    const w = world();
    const fake = new TwoKeyFake({ clock: w.clock, random: w.random, adopt: false });
    const rotator = fake.rotator();
    const until = new Date('2025-02-01T12:00:00Z');
    let unsettled = true;
    w.rotators = {
      'aws-iam-access-key': {
        ...rotator,
        stillInUse: () =>
          Promise.resolve(
            unsettled
              ? { kind: 'unsettled' as const, until, reason: 'usage is reported late' }
              : { kind: 'unused' as const },
          ),
      },
    };
    const m = manifest('iam', iamRotation({ overlap: 'P1D' }));
    await rotateSecret(w.deps(), m);
    w.at('2025-01-31T00:00:00Z');
    await rotateSecret(w.deps(), m);
    w.at('2025-02-01T00:00:00Z');
    const waiting = await rotateSecret(w.deps(), m);
    expect(waiting).toMatchObject({ kind: 'waiting', waitUntil: until });
    expect(waiting.reason).toContain('usage is reported late');
    expect(fake.live()).toHaveLength(2);
    unsettled = false;
    expect((await rotateSecret(w.deps(), m)).kind).toBe('retired');
    expect(fake.live()).toHaveLength(1);
  });
});

describe('test details', () => {
  it('a test that proved the value another way says so in the result and the audit record', async () => {
    const w = world();
    const fake = new TwoKeyFake({ clock: w.clock, random: w.random, adopt: false });
    const rotator = fake.rotator();
    const detail = 'verified through the management API';
    w.rotators = {
      'aws-iam-access-key': {
        ...rotator,
        test: async (ctx, input) =>
          (await rotator.test(ctx, input)).ok ? { ok: true, detail } : { ok: false, reason: 'no' },
      },
    };
    const m = manifest('iam', iamRotation({ overlap: 'P1D' }));
    await rotateSecret(w.deps(), m);
    w.at('2025-01-31T00:00:00Z');
    const rotated = await rotateSecret(w.deps(), m);
    expect(rotated.kind).toBe('rotated');
    expect(rotated.reason).toContain(`test: ${detail}`);
    expect(w.audit.records.filter((r) => r.action === 'rotation.test').map((r) => r.details?.['testDetail'])).toContain(
      detail,
    );
  });
});

describe('rotateMany', () => {
  it('isolates one secret failure and keeps values out of every log and audit record', async () => {
    const w = world();
    const broken: Rotator<'aws-iam-access-key'> = {
      kind: 'aws-iam-access-key',
      create: () => Promise.reject(new Error('provider down')),
      set: () => Promise.resolve(),
      test: () => Promise.resolve({ ok: true }),
      retire: () => Promise.resolve(),
      discard: () => Promise.resolve(),
    };
    w.rotators = { ...builtinRotators(), 'aws-iam-access-key': broken };
    const ms = [manifest('a', randomRotation()), manifest('b', iamRotation()), manifest('c', randomRotation())];
    const results = await rotateMany(w.deps(), ms, { concurrency: 2 });
    expect(results.map((r) => [r.secretId, r.kind])).toEqual([
      ['a', 'created'],
      ['b', 'error'],
      ['c', 'created'],
    ]);
    expect(
      w.audit.records.some((r) => r.secretId === 'b' && r.action === 'rotation.create' && r.outcome === 'failure'),
    ).toBe(true);
    for (const id of ['a', 'c']) {
      const v = await w.memory.getValue(secretRef(manifest(id, randomRotation())), 'current');
      expect(v?.value.kind).toBe('string');
      const text = v?.value.kind === 'string' ? v.value.value : '';
      expect(w.audit.text()).not.toContain(text);
      expect(w.logger.text()).not.toContain(text);
      expect(JSON.stringify(results)).not.toContain(text);
    }
  });
});
