import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretsManagerServer, type RunningSecretsManagerServer } from '@docugen-secrets/secrets-manager-server';
import { AwsSecretsManagerStore, RateLimiter } from '@docugen-secrets/store-aws';
import { rotationToken, type SecretRef } from '@docugen-secrets/secret-store';
import { canary, ManualTimers, MemoryLogger, Observed } from '@docugen-secrets/test-support';
import { AwsSource, createSecretClient, stagesFromLabels } from '../src/index.js';

/** The real SDK against the local Secrets Manager server; the rotation's own AWS adapter moves the labels. */
let server: RunningSecretsManagerServer;
let store: AwsSecretsManagerStore;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const ref = (id: string): SecretRef => ({
  id,
  target: { kind: 'aws-secrets-manager', name: `test/${id}`, region: 'eu-west-1' },
});

beforeAll(async () => {
  server = await startSecretsManagerServer({ port: 0, region: 'eu-west-1' });
  store = new AwsSecretsManagerStore({
    region: 'eu-west-1',
    endpoint: server.endpoint,
    credentials,
    writeRateLimiter: () => new RateLimiter({ ratePerSecond: 10_000, burst: 100 }),
  });
});
afterAll(async () => {
  store.close();
  await server.close();
});

function counts(): { describe: number; get: number } {
  const c = server.requestCounts();
  return { describe: c['DescribeSecret'] ?? 0, get: c['GetSecretValue'] ?? 0 };
}

describe('AwsSource', () => {
  it('one DescribeSecret per interval, GetSecretValue only for new versions, through a full rotation', async () => {
    const id = 'aws-rotation';
    await store.create(ref(id), {
      initialValue: { kind: 'string', value: 'v-one' },
      token: rotationToken(id, 'initial'),
    });
    const timers = new ManualTimers();
    const client = createSecretClient({
      source: new AwsSource({
        region: 'eu-west-1',
        endpoint: server.endpoint,
        credentials,
        secrets: { [id]: `test/${id}` },
      }),
      clock: timers,
      timers,
      jitter: 0,
      refreshInterval: 'PT1M',
    });
    await client.load([id]);
    const calls = async (fn: () => Promise<void>): Promise<{ describe: number; get: number }> => {
      const a = counts();
      await fn();
      const b = counts();
      return { describe: b.describe - a.describe, get: b.get - a.get };
    };
    expect(await calls(() => timers.advance(5 * 60_000))).toEqual({ describe: 5, get: 0 });
    const token = rotationToken(id, 'slot-1');
    await store.putPending(ref(id), { kind: 'string', value: 'v-two' }, token);
    expect(await calls(() => timers.advance(60_000))).toEqual({ describe: 1, get: 1 });
    expect(client.versions(id).pending?.versionId).toBe(token);
    await store.promote(ref(id), token);
    expect(await calls(() => timers.advance(60_000))).toEqual({ describe: 1, get: 0 });
    expect(client.get(id)).toBe('v-two');
    expect(client.versions(id).pending).toBeUndefined();
    expect(client.matches(id, 'v-one')).toBe(true);
    const previous = client.versions(id).previous?.versionId ?? '';
    await store.retire(ref(id), previous);
    expect(await calls(() => timers.advance(60_000))).toEqual({ describe: 1, get: 0 });
    expect(client.versions(id).previous).toBeUndefined();
    expect(client.matches(id, 'v-one')).toBe(false);
    client.close();
  });

  it('a missing secret and an outage are coded and value-free; the last value keeps being served', async () => {
    const id = 'aws-outage';
    const value = canary('aws');
    await store.create(ref(id), { initialValue: { kind: 'string', value }, token: rotationToken(id, 'initial') });
    const timers = new ManualTimers();
    const logger = new MemoryLogger();
    const client = createSecretClient({
      source: new AwsSource({
        region: 'eu-west-1',
        endpoint: server.endpoint,
        credentials,
        secrets: { [id]: `test/${id}`, gone: 'test/gone' },
        maxAttempts: 1,
      }),
      clock: timers,
      timers,
      logger,
      jitter: 0,
      refreshInterval: 'PT1M',
    });
    const seen = new Observed();
    await client.load(['gone']).catch((err: unknown) => {
      seen.addError(err);
    });
    expect(seen.text()).toContain('CLIENT_NOT_FOUND');
    await client.load([id]);
    server.injectFault({ operation: 'DescribeSecret', kind: 'internal-error', times: 3 });
    await timers.advance(60_000);
    expect(client.get(id)).toBe(value);
    expect(client.health().secrets[0]).toMatchObject({
      consecutiveFailures: 1,
      lastErrorCode: 'CLIENT_SOURCE_UNAVAILABLE',
    });
    await timers.advance(60_000);
    expect(client.health().secrets[0]).toMatchObject({ consecutiveFailures: 0 });
    seen.add(logger.text());
    seen.add(JSON.stringify(client.health()));
    expect(seen.text()).not.toContain(value);
    client.close();
  });

  it('reads stages as the store adapter leaves them (AWSPENDING kept on current after a promotion)', () => {
    expect(stagesFromLabels({ a: ['AWSCURRENT', 'AWSPENDING'], b: ['AWSPREVIOUS'], c: ['DOCUGEN_RETIRED'] })).toEqual({
      current: 'a',
      previous: 'b',
    });
    expect(stagesFromLabels({ a: ['AWSCURRENT'], b: ['AWSPENDING'] })).toEqual({ current: 'a', pending: 'b' });
  });
});
