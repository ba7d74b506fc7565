import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SM_OPERATIONS,
  isWriteOperation,
  startSecretsManagerServer,
  type RunningSecretsManagerServer,
} from '@docugen-secrets/secrets-manager-server';
import { AwsSecretsManagerStore, RateLimiter } from '@docugen-secrets/store-aws';
import type { Clock } from '@docugen-secrets/core';
import { builtinRotators, evaluate, rotateSecret, secretRef } from '../src/index.js';
import { World } from './harness.js';
import { at, manifest, signingRotation } from './fixtures.js';

/**
 * The AWS adapter records no promotion time when it promotes (a rotation is
 * PutSecretValue + one UpdateSecretVersionStage): the planner must still see
 * the promotion, not the staging, for a signing key whose promotion waits for
 * the publish delay — for the retire gate, and for the next due date after
 * the retire (when AWS's LastChangedDate is the retire's).
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

function writes(): Record<string, number> {
  const counts = server.requestCounts();
  return Object.fromEntries(SM_OPERATIONS.filter(isWriteOperation).map((op) => [op, counts[op] ?? 0]));
}

function since(before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(writes()).flatMap(([op, n]) => (n - (before[op] ?? 0) > 0 ? [[op, n - (before[op] ?? 0)]] : [])),
  );
}

describe('AWS adapter: promotion time through the planner', () => {
  it('a signing key promoted after its publish delay: retire gate and next due date count from the promotion', async () => {
    const w = new World('2025-01-01T00:00:00Z', undefined, 'aws-promotion', (clock) => {
      slot.clock = clock;
      store = new AwsSecretsManagerStore({
        region: 'eu-west-1',
        endpoint: server.endpoint,
        credentials: { accessKeyId: 't', secretAccessKey: 't' },
        writeRateLimiter: () => new RateLimiter({ ratePerSecond: 10_000, burst: 100 }),
      });
      return store;
    });
    w.rotators = builtinRotators();
    const m = manifest(
      'aws-signing',
      signingRotation({ publishDelay: 'PT1H', overlap: 'P1D', maxTokenLifetime: 'P7D', verifierCacheTtl: 'PT1H' }),
    );
    const ref = secretRef(m);
    expect((await rotateSecret(w.deps(), m)).kind).toBe('created');
    w.at('2025-01-31T00:00:00Z');
    let before = writes();
    expect((await rotateSecret(w.deps(), m)).kind).toBe('waiting');
    w.at('2025-01-31T01:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('rotated');
    expect(since(before)).toEqual({ PutSecretValue: 1, UpdateSecretVersionStage: 1 });
    const promoted = at('2025-01-31T01:00:00Z');
    // Signers reload in PT5M, tokens live P7D, verifiers cache PT1H: retire at promotion + 7d 1h 5m.
    expect(evaluate(m, await w.memory.describe(ref), w.clock.now())).toMatchObject({
      lastRotatedAt: promoted,
      retireAt: at('2025-02-07T02:05:00Z'),
    });
    w.at('2025-02-07T02:04:59Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('not-due');
    w.at('2025-02-07T02:05:00Z');
    before = writes();
    expect((await rotateSecret(w.deps(), m)).kind).toBe('retired');
    expect(since(before)).toEqual({ TagResource: 1, UpdateSecretVersionStage: 2 });
    const after = await w.memory.describe(ref);
    expect(after.lastChangedAt).toEqual(at('2025-02-07T02:05:00Z'));
    expect(evaluate(m, after, w.clock.now())).toMatchObject({
      lastRotatedAt: promoted,
      dueAt: at('2025-03-02T01:00:00Z'),
    });
    w.at('2025-03-02T00:59:59Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('not-due');
  });
});
