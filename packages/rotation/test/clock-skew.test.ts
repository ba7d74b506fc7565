import { describe, expect, it } from 'vitest';
import { InMemoryStore } from '@docugen-secrets/secret-store';
import { builtinRotators, rotateSecret, secretRef } from '../src/index.js';
import { World } from './harness.js';
import { manifest, randomRotation, signingRotation } from './fixtures.js';

const T0 = '2025-01-01T00:00:00Z';
const SKEW_MS = 5 * 60_000;

/** A world whose store stamps versions with a clock five minutes ahead of the run's (a skewed vault). */
function skewedWorld(): World {
  const w = new World(T0, undefined, 'skew', (clock, random) => {
    const ahead = { now: () => new Date(clock.now().getTime() + SKEW_MS) };
    return new InMemoryStore({ clock: ahead, random });
  });
  w.rotators = builtinRotators();
  return w;
}

describe('a store clock ahead of the run clock', () => {
  it('does not hold back the promotion of a secret that has no publish delay', async () => {
    const w = skewedWorld();
    const m = manifest('api-token', randomRotation({ cadence: 'P30D', overlap: 'P3D' }));
    const first = await rotateSecret(w.deps(), m);
    expect(first.kind).not.toBe('waiting');
    w.at('2025-01-31T01:00:00Z');
    const second = await rotateSecret(w.deps(), m);
    expect(second).toMatchObject({ kind: 'rotated' });
    const view = await w.store.describe(secretRef(m));
    expect(view.versions.filter((v) => v.stages.includes('pending'))).toEqual([]);
  });

  it('still holds a signing key for its publish delay, measured from when the key was stored', async () => {
    const w = skewedWorld();
    const m = manifest('jwt', signingRotation());
    await rotateSecret(w.deps(), m);
    w.at('2025-03-01T00:00:00Z');
    const r = await rotateSecret(w.deps(), m);
    expect(r.kind).toBe('waiting');
  });
});
