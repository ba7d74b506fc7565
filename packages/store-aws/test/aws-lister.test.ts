import { afterEach, describe, expect, it } from 'vitest';
import { isDocugenError } from '@docugen-secrets/core';
import { startSecretsManagerServer, type RunningSecretsManagerServer } from '@docugen-secrets/secrets-manager-server';
import {
  AwsSecretLister,
  AwsSecretsManagerStore,
  DEFAULT_LIST_RATE,
  RateLimiter,
  type ListedSecret,
  type ListFilter,
} from '../src/index.js';

const CREDENTIALS = { accessKeyId: 'AKIDTESTTESTTEST', secretAccessKey: 'test-secret-key' };
const CANARY = 'canary-lister-value-4f1e9d';

let server: RunningSecretsManagerServer | undefined;
const closers: (() => void)[] = [];

afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await server?.close();
  server = undefined;
});

async function setup(count: number): Promise<{ lister: AwsSecretLister; region: string; limiterCalls: () => number }> {
  server = await startSecretsManagerServer({ port: 0, region: 'eu-west-1', maxPageSize: 7 });
  const config = { region: server.region, endpoint: server.endpoint, credentials: CREDENTIALS };
  const store = new AwsSecretsManagerStore({
    ...config,
    writeRateLimiter: () => new RateLimiter({ ratePerSecond: 1000, burst: 100 }),
  });
  closers.push(() => {
    store.close();
  });
  for (let i = 0; i < count; i++) {
    const tagged = i % 2 === 0;
    const ref = {
      id: `s${i}`,
      target: {
        kind: 'aws-secrets-manager' as const,
        name: `${tagged ? 'app' : 'other'}/s${i}`,
        region: server.region,
        kmsKeyId: 'alias/k',
      },
    };
    await store.create(ref, {
      ...(tagged ? {} : { tags: {} }),
      initialValue: { kind: 'string', value: `${CANARY}-${i}` },
    });
  }
  let calls = 0;
  const limiter = new RateLimiter({ ratePerSecond: 1000, burst: 100 });
  const lister = new AwsSecretLister({
    ...config,
    maxAttempts: 2,
    listRateLimiter: () => ({ acquire: () => ((calls += 1), limiter.acquire()) }) as unknown as RateLimiter,
  });
  closers.push(() => {
    lister.close();
  });
  return { lister, region: server.region, limiterCalls: () => calls };
}

async function all(
  lister: AwsSecretLister,
  region: string,
  filter: ListFilter,
): Promise<{ secrets: ListedSecret[]; pages: number }> {
  const secrets: ListedSecret[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await lister.listPage({ region, filter, ...(nextToken === undefined ? {} : { nextToken }) });
    pages += 1;
    secrets.push(...page.secrets);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return { secrets, pages };
}

describe('AwsSecretLister (ListSecrets against the local server)', () => {
  it('pages through short pages by NextToken, one limiter slot per call, metadata only', async () => {
    const { lister, region, limiterCalls } = await setup(20);
    const { secrets, pages } = await all(lister, region, { kind: 'tag-key', key: 'docugen-secrets/id' });
    expect(secrets).toHaveLength(20); // the store tags every secret it creates with its id
    expect(pages).toBe(3);
    expect(limiterCalls()).toBe(3);
    const first = secrets.find((s) => s.name === 'app/s0');
    expect(first).toMatchObject({ region, kmsKeyId: 'alias/k', tags: { 'docugen-secrets/id': 's0' } });
    expect(Object.values(first?.versions ?? {})).toEqual([['AWSCURRENT']]);
    // Dates as epoch milliseconds (CreatedDate, LastChangedDate), not Date objects.
    expect(typeof first?.createdAtMs).toBe('number');
    expect(Number.isFinite(first?.createdAtMs)).toBe(true);
    expect(first?.lastChangedAtMs ?? 0).toBeGreaterThanOrEqual(first?.createdAtMs ?? Infinity);
    expect(JSON.stringify(secrets)).not.toContain(CANARY);
  });

  it('filters by name prefix', async () => {
    const { lister, region } = await setup(6);
    const { secrets } = await all(lister, region, { kind: 'name-prefix', prefix: 'other/' });
    expect(secrets.map((s) => s.name).sort()).toEqual(['other/s1', 'other/s3', 'other/s5']);
  });

  it('maps errors to store codes after the SDK retries', async () => {
    const { lister, region } = await setup(1);
    server?.injectFault({ operation: 'ListSecrets', kind: 'throttle', times: 10 });
    const err: unknown = await lister
      .listPage({ region, filter: { kind: 'tag-key', key: 'x' } })
      .catch((e: unknown) => e);
    expect(isDocugenError(err, 'STORE_THROTTLED')).toBe(true);
  });

  it('the default limiter lets a 10,000-secret listing (100 pages) through without a wait, then paces at 50 per second', () => {
    let now = 0;
    const limiter = new RateLimiter({ ...DEFAULT_LIST_RATE, now: () => now });
    const waits = Array.from({ length: 100 }, () => limiter.reserve());
    expect(waits.every((w) => w === 0)).toBe(true);
    expect(limiter.reserve()).toBe(20); // the bucket is empty: one call per 20 ms
    now = 60_000; // a long idle time refills the whole bucket (100 calls), no more
    expect(Array.from({ length: 100 }, () => limiter.reserve()).every((w) => w === 0)).toBe(true);
    expect(limiter.reserve()).toBeGreaterThan(0);
  });

  it('rides out throttling answers: the SDK (adaptive retry mode) retries and the page comes back', async () => {
    const { region } = await setup(3);
    const lister = new AwsSecretLister({
      region,
      endpoint: server?.endpoint ?? '',
      credentials: CREDENTIALS,
      listRateLimiter: () => new RateLimiter({ ratePerSecond: 1000, burst: 100 }),
    });
    closers.push(() => {
      lister.close();
    });
    server?.injectFault({ operation: 'ListSecrets', kind: 'throttle', times: 2 });
    const { secrets } = await all(lister, region, { kind: 'tag-key', key: 'docugen-secrets/id' });
    expect(secrets).toHaveLength(3);
    expect(server?.requestCounts()['ListSecrets']).toBe(3); // two throttled attempts, then the page
  }, 30_000);
});
