import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretsManagerServer, type RunningSecretsManagerServer } from '@docugen-secrets/secrets-manager-server';
import { AwsSecretsManagerStore, RateLimiter } from '@docugen-secrets/store-aws';
import type { Clock } from '@docugen-secrets/core';
import { randomSecretRotator, rotateSecret, secretRef, type Rotator } from '../src/index.js';
import { World } from './harness.js';
import { manifest, randomRotation } from './fixtures.js';

/**
 * Secrets Manager flags only the most recent failed version (DOCUGEN_FAILED is
 * a staging label, and a label marks one version): after two failed tests in
 * a row the store reports one failed version. The next attempt must still get
 * a fresh token, not the spent one of the last failed version.
 */
let server: RunningSecretsManagerServer;
let store: AwsSecretsManagerStore | undefined;
const slot: { clock?: Clock } = {};

beforeAll(async () => {
  server = await startSecretsManagerServer({
    port: 0,
    region: 'eu-west-1',
    clock: { now: () => slot.clock?.now() ?? new Date() },
  });
});
afterAll(async () => {
  store?.close();
  await server.close();
});

function failing(state: { failures: number }): Rotator<'random-secret'> {
  const inner = randomSecretRotator();
  return {
    ...inner,
    test: (ctx, input) => {
      if (state.failures <= 0) return inner.test(ctx, input);
      state.failures -= 1;
      return Promise.resolve({ ok: false, reason: 'rejected (injected)' });
    },
  };
}

describe('AWS adapter: consecutive failed tests', () => {
  it('three failed attempts in a row, then a good one: every attempt gets its own token and the rotation converges', async () => {
    const w = new World('2025-01-01T00:00:00Z', undefined, 'aws-attempts', (clock) => {
      slot.clock = clock;
      store = new AwsSecretsManagerStore({
        region: 'eu-west-1',
        endpoint: server.endpoint,
        credentials: { accessKeyId: 't', secretAccessKey: 't' },
        writeRateLimiter: () => new RateLimiter({ ratePerSecond: 10_000, burst: 100 }),
      });
      return store;
    });
    const state = { failures: 0 };
    w.rotators = { 'random-secret': failing(state) };
    const m = manifest('aws-attempts', randomRotation());
    expect((await rotateSecret(w.deps(), m)).kind).toBe('created');
    const first = (await w.memory.getValue(secretRef(m), 'current'))?.versionId;
    state.failures = 3;
    const tokens: string[] = [];
    for (const [i, t] of ['2025-01-31T00:00:00Z', '2025-01-31T01:00:00Z', '2025-01-31T02:00:00Z'].entries()) {
      w.at(t);
      const r = await rotateSecret(w.deps(), m);
      expect(r.kind, `attempt ${i + 1}`).toBe('failed');
      tokens.push(r.versionId ?? '');
    }
    expect(new Set(tokens).size).toBe(3);
    const d = await w.memory.describe(secretRef(m));
    expect(d.versions.filter((v) => v.failed === true)).toHaveLength(1); // AWS keeps one DOCUGEN_FAILED label
    w.at('2025-01-31T03:00:00Z');
    const ok = await rotateSecret(w.deps(), m);
    expect(ok.kind).toBe('rotated');
    expect(tokens).not.toContain(ok.versionId);
    expect((await w.memory.getValue(secretRef(m), 'previous'))?.versionId).toBe(first);
  });
});
