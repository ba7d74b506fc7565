import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretsManagerServer, type RunningSecretsManagerServer } from '@docugen-secrets/secrets-manager-server';
import { AwsSecretsManagerStore, RateLimiter } from '@docugen-secrets/store-aws';
import { systemClock, type Clock } from '@docugen-secrets/core';
import { crashEverywhere, scenarios, type StoreFactory } from './crash-scenarios.js';

/**
 * The same crash-at-every-step scenarios through the AWS adapter against the
 * local Secrets Manager server (one server per world, sharing the world's
 * fixed clock), with lost responses injected: the server applies a write and
 * drops the connection, the SDK retries with the same ClientRequestToken.
 */
const servers: RunningSecretsManagerServer[] = [];
const stores: AwsSecretsManagerStore[] = [];

afterAll(async () => {
  for (const s of stores) s.close();
  await Promise.all(servers.map((s) => s.close()));
});

/**
 * Worlds are built synchronously and each needs an empty server on the
 * world's own clock: start a pool up front, each server reading its clock
 * through a slot the factory fills when it hands the server to a world.
 */
async function awsFactory(size: number): Promise<StoreFactory> {
  const pool: { server: RunningSecretsManagerServer; slot: { clock: Clock } }[] = [];
  for (let i = 0; i < size; i++) {
    const slot: { clock: Clock } = { clock: systemClock };
    const server = await startSecretsManagerServer({
      port: 0,
      region: 'eu-west-1',
      clock: { now: () => slot.clock.now() },
    });
    pool.push({ server, slot });
    servers.push(server);
  }
  let next = 0;
  return (clock) => {
    const entry = pool[next++];
    if (!entry) throw new Error('server pool exhausted: raise its size');
    entry.slot.clock = clock;
    entry.server.injectFault({ operation: 'PutSecretValue', kind: 'drop-after-write', times: 1 });
    entry.server.injectFault({ operation: 'UpdateSecretVersionStage', kind: 'drop-after-write', times: 1 });
    const store = new AwsSecretsManagerStore({
      region: 'eu-west-1',
      endpoint: entry.server.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      writeRateLimiter: () => new RateLimiter({ ratePerSecond: 10_000, burst: 100 }),
    });
    stores.push(store);
    return store;
  };
}

let factory: StoreFactory;
beforeAll(async () => {
  factory = await awsFactory(128);
}, 60_000);

const chosen = scenarios.filter((s) => /IAM access keys|alternating|signing/.test(s.name));

describe.each(chosen)('crash at every step (AWS adapter + local server, lost responses): $name', (sc) => {
  it('converges after a crash at each checkpoint', async () => {
    expect(await crashEverywhere(sc, factory)).toBeGreaterThan(10);
  }, 120_000);
});
