import { describe, expect, it } from 'vitest';
import { FixedClock, MemoryLogger } from '@docugen-secrets/test-support';
import type { SecretValue } from '@docugen-secrets/secret-store';
import { mapRotators, wrapRotator, type Rotator, type RotatorContext, type TestOutcome } from '../src/index.js';
import { manifest, randomRotation } from './fixtures.js';
import { seededRandom } from './harness.js';

const ctx: RotatorContext = {
  manifest: manifest('wrapped', randomRotation()),
  now: new FixedClock('2025-01-01T00:00:00Z').now(),
  random: seededRandom('w'),
  logger: new MemoryLogger(),
  emergency: false,
};
const value: SecretValue = { kind: 'string', value: 'not-a-secret' };

/** A class instance: its hooks live on the prototype, which a spread would drop. */
class Recording implements Rotator<'random-secret'> {
  readonly kind = 'random-secret';
  readonly calls: string[] = [];
  create(): Promise<SecretValue> {
    this.calls.push('create');
    return Promise.resolve(value);
  }
  preflight(): Promise<void> {
    this.calls.push('preflight');
    return Promise.resolve();
  }
  set(): Promise<void> {
    this.calls.push('set');
    return Promise.resolve();
  }
  test(): Promise<TestOutcome> {
    this.calls.push('test');
    return Promise.resolve({ ok: true });
  }
  stillInUse(): Promise<boolean> {
    this.calls.push('stillInUse');
    return Promise.resolve(true);
  }
  retire(): Promise<void> {
    this.calls.push('retire');
    return Promise.resolve();
  }
  discard(): Promise<void> {
    this.calls.push('discard');
    return Promise.resolve();
  }
}

describe('wrapRotator', () => {
  it('delegates every hook of a class instance, optional ones included', async () => {
    const inner = new Recording();
    const r = wrapRotator(inner, {});
    await r.create(ctx, { token: 't' });
    await r.preflight?.(ctx, { token: 't' });
    await r.set(ctx, { pending: value });
    await r.test(ctx, { pending: value });
    await expect(r.stillInUse?.(ctx, { previous: value, since: new Date(0) })).resolves.toBe(true);
    await r.retire(ctx, { previous: value });
    await r.discard(ctx, { pending: value });
    expect(inner.calls).toEqual(['create', 'preflight', 'set', 'test', 'stillInUse', 'retire', 'discard']);
    expect(r.kind).toBe('random-secret');
  });

  it('replaces only the overridden hooks', async () => {
    const inner = new Recording();
    const r = wrapRotator(inner, { test: () => Promise.resolve({ ok: false, reason: 'held back' }) });
    await expect(r.test(ctx, { pending: value })).resolves.toEqual({ ok: false, reason: 'held back' });
    await r.set(ctx, { pending: value });
    expect(inner.calls).toEqual(['set']);
  });

  it('keeps optional hooks absent when the wrapped rotator has none, even when overridden', () => {
    const bare: Rotator<'random-secret'> = {
      kind: 'random-secret',
      create: () => Promise.resolve(value),
      set: () => Promise.resolve(),
      test: () => Promise.resolve({ ok: true }),
      retire: () => Promise.resolve(),
      discard: () => Promise.resolve(),
    };
    const r = wrapRotator(bare, { stillInUse: () => Promise.resolve(false) });
    expect('preflight' in r).toBe(false);
    expect('stillInUse' in r).toBe(false);
  });
});

describe('mapRotators', () => {
  it('wraps every rotator of a registry under its kind', async () => {
    const inner = new Recording();
    const seen: string[] = [];
    const out = mapRotators({ 'random-secret': inner }, (r) =>
      wrapRotator(r, {
        create: async (c, input) => {
          seen.push(r.kind);
          return r.create(c, input);
        },
      }),
    );
    await out['random-secret']?.create(ctx, { token: 't' });
    expect(seen).toEqual(['random-secret']);
    expect(inner.calls).toEqual(['create']);
  });
});
