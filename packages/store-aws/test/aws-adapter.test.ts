import {
  DeleteSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { isDocugenError } from '@docugen-secrets/core';
import { FixedClock } from '@docugen-secrets/test-support';
import { SM_OPERATIONS, isWriteOperation } from '@docugen-secrets/secrets-manager-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rotationToken, type SecretRef, type SecretValue } from '@docugen-secrets/secret-store';
import { canary } from '@docugen-secrets/test-support';
import { AwsSecretsManagerStore, RateLimiter } from '../src/index.js';
import { awsHarness, type AwsHarness } from './aws-harness.js';

const str = (value: string): SecretValue => ({ kind: 'string', value });
let h: AwsHarness | undefined;
const clients: SecretsManagerClient[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const c of clients.splice(0)) c.destroy();
  await h?.close();
  h = undefined;
});

/** A plain SDK client on the same server, to look at what the adapter did. */
function raw(harness: AwsHarness): SecretsManagerClient {
  const c = new SecretsManagerClient({
    region: harness.server.region,
    endpoint: harness.server.endpoint,
    credentials: { accessKeyId: 'AKIDRAW', secretAccessKey: 'raw' },
  });
  clients.push(c);
  return c;
}

const nameOf = (ref: SecretRef): string => (ref.target.kind === 'aws-secrets-manager' ? ref.target.name : '');
const PROMOTED = 'docugen-secrets/promoted';
const DAY = 86_400_000;

/** Write requests per operation since `before` (a requestCounts() snapshot). */
function writesSince(harness: AwsHarness, before: Record<string, number>): Record<string, number> {
  const now = harness.server.requestCounts();
  const diff = SM_OPERATIONS.filter(isWriteOperation).map((op) => [op, (now[op] ?? 0) - (before[op] ?? 0)] as const);
  return Object.fromEntries(diff.filter(([, n]) => n > 0));
}

/** The staging labels as AWS lists them (VersionIdsToStages). */
async function labels(harness: AwsHarness, ref: SecretRef): Promise<Record<string, string[]>> {
  return (await raw(harness).send(new DescribeSecretCommand({ SecretId: nameOf(ref) }))).VersionIdsToStages ?? {};
}

describe('AWS adapter specifics (local server)', () => {
  it('creates with the KMS key from the manifest and tags the owner and manifest id', async () => {
    h = await awsHarness();
    const base = h.newRef('kms');
    const ref: SecretRef = {
      id: 'kms',
      target: {
        ...(base.target as { kind: 'aws-secrets-manager'; name: string; region: string }),
        kmsKeyId: 'alias/docugen-test',
      },
    };
    await h.store.create(ref, {
      initialValue: str(canary()),
      tags: { 'docugen-secrets/owner': 'team-a' },
      description: 'd',
    });
    const out = await raw(h).send(new DescribeSecretCommand({ SecretId: nameOf(ref) }));
    expect(out.KmsKeyId).toBe('alias/docugen-test');
    expect(Object.fromEntries((out.Tags ?? []).map((t) => [t.Key, t.Value]))).toEqual({
      'docugen-secrets/owner': 'team-a',
      'docugen-secrets/id': 'kms',
    });
  });

  it('rotates with two writes, PutSecretValue and one UpdateSecretVersionStage; AWSPENDING stays on the new current until the next put takes it', async () => {
    h = await awsHarness();
    const ref = h.newRef('two-writes');
    await h.store.create(ref, { initialValue: str(canary()) });
    const first = (await h.store.getValue(ref, 'current'))!.versionId;
    const before = h.server.requestCounts();
    const t2 = rotationToken(ref.id, 'w2');
    await h.store.putPending(ref, str(canary()), t2);
    await h.store.promote(ref, t2);
    expect(writesSince(h, before)).toEqual({ PutSecretValue: 1, UpdateSecretVersionStage: 1 });
    expect(await labels(h, ref)).toEqual({ [first]: ['AWSPREVIOUS'], [t2]: ['AWSPENDING', 'AWSCURRENT'] });
    expect(await h.store.getValue(ref, 'pending')).toBeUndefined();
    expect((await h.store.listVersions(ref)).map((v) => v.stages)).toEqual([['current'], ['previous']]);
    const t3 = rotationToken(ref.id, 'w3');
    await h.store.putPending(ref, str(canary()), t3);
    expect(await labels(h, ref)).toEqual({ [first]: ['AWSPREVIOUS'], [t2]: ['AWSCURRENT'], [t3]: ['AWSPENDING'] });
    expect((await h.store.getValue(ref, 'pending'))?.versionId).toBe(t3);
  });

  it('dates a promotion by AWS’s clock with no write of its own, and tags that time just before a retire moves labels', async () => {
    const clock = new FixedClock('2026-03-01T10:00:00Z');
    h = await awsHarness({ server: { clock } });
    const ref = h.newRef('promoted');
    await h.store.create(ref, { initialValue: str(canary()) });
    const first = (await h.store.getValue(ref, 'current'))!.versionId;
    const t = rotationToken(ref.id, 'p');
    await h.store.putPending(ref, str(canary()), t);
    clock.advance(90 * 60_000);
    await h.store.promote(ref, t);
    const promoted = new Date('2026-03-01T11:30:00Z');
    expect(await h.store.describe(ref)).toMatchObject({ lastRotatedAt: promoted, lastChangedAt: promoted });
    expect((await h.store.describe(ref)).tags[PROMOTED]).toBeUndefined();
    clock.advance(DAY);
    const before = h.server.requestCounts();
    await h.store.retire(ref, first);
    await h.store.retire(ref, first); // a rerun: nothing left to do, nothing written
    expect(writesSince(h, before)).toEqual({ TagResource: 1, UpdateSecretVersionStage: 2 });
    const d = await h.store.describe(ref);
    expect(d.tags[PROMOTED]).toBe(`${t}@2026-03-01T11:30:00.000Z`);
    expect(d.lastChangedAt).toEqual(new Date('2026-03-02T11:30:00Z'));
    expect(d.lastRotatedAt).toEqual(promoted);
    clock.advance(DAY);
    await h.store.putPending(ref, str(canary()), rotationToken(ref.id, 'p2'));
    expect((await h.store.describe(ref)).lastRotatedAt).toEqual(promoted);
  });

  it('dates a rollback made in the console by its own label move, ignoring a stale tag, and does not take the leftover AWSPENDING for a rotation', async () => {
    const clock = new FixedClock('2026-03-01T10:00:00Z');
    h = await awsHarness({ server: { clock } });
    const ref = h.newRef('rollback');
    await h.store.create(ref, { initialValue: str(canary()) });
    const first = (await h.store.getValue(ref, 'current'))!.versionId;
    // A tag from some earlier promotion of the first version.
    await raw(h).send(
      new TagResourceCommand({
        SecretId: nameOf(ref),
        Tags: [{ Key: PROMOTED, Value: `${first}@2026-02-01T00:00:00.000Z` }],
      }),
    );
    const t = rotationToken(ref.id, 'r');
    await h.store.putPending(ref, str(canary()), t);
    clock.advance(90 * 60_000);
    await h.store.promote(ref, t);
    expect((await h.store.describe(ref)).lastRotatedAt).toEqual(new Date('2026-03-01T11:30:00Z'));
    clock.advance(60_000);
    await raw(h).send(
      new UpdateSecretVersionStageCommand({
        SecretId: nameOf(ref),
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: first,
        RemoveFromVersionId: t,
      }),
    );
    expect(await labels(h, ref)).toEqual({ [first]: ['AWSCURRENT'], [t]: ['AWSPENDING', 'AWSPREVIOUS'] });
    const rolledBack = new Date('2026-03-01T11:31:00Z');
    expect((await h.store.describe(ref)).lastRotatedAt).toEqual(rolledBack);
    expect(await h.store.getValue(ref, 'pending')).toBeUndefined();
    expect((await h.store.listVersions(ref)).find((v) => v.versionId === t)?.stages).toEqual(['previous']);
    clock.advance(DAY);
    await h.store.retire(ref, t);
    expect(await labels(h, ref)).toEqual({ [first]: ['AWSCURRENT'], [t]: ['DOCUGEN_RETIRED'] });
    expect(await h.store.describe(ref)).toMatchObject({
      lastRotatedAt: rolledBack,
      tags: { [PROMOTED]: `${first}@2026-03-01T11:31:00.000Z` },
    });
  });

  it('lists every version across short pages without repeats', async () => {
    h = await awsHarness({ server: { maxPageSize: 3 } });
    const ref = h.newRef('pages');
    await h.store.create(ref, { initialValue: str(canary()) });
    const tokens: string[] = [];
    for (let i = 0; i < 7; i++) {
      const t = rotationToken(ref.id, `slot-${i}`);
      tokens.push(t);
      await h.store.putPending(ref, str(canary()), t);
      await h.store.promote(ref, t);
    }
    const versions = await h.store.listVersions(ref);
    expect(versions).toHaveLength(8);
    expect(new Set(versions.map((v) => v.versionId)).size).toBe(8);
    expect(versions.slice(0, 2).map((v) => v.stages)).toEqual([['current'], ['previous']]);
    expect(h.server.requestCounts()['ListSecretVersionIds']).toBeGreaterThan(3 * 8);
  });

  it('uses the SDK default credential chain when no credentials are configured', async () => {
    h = await awsHarness();
    const bare = (): AwsSecretsManagerStore =>
      new AwsSecretsManagerStore({
        region: h!.server.region,
        endpoint: h!.server.endpoint,
        maxAttempts: 1,
        writeRateLimiter: () => new RateLimiter({ ratePerSecond: 1000, burst: 100 }),
      });
    // Nothing to find: no keys, no profile files, no instance metadata.
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    vi.stubEnv('AWS_PROFILE', '');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    vi.stubEnv('AWS_WEB_IDENTITY_TOKEN_FILE', '');
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', '');
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', '');
    const none = bare();
    const err = await none.describe(h.newRef('none')).catch((e: unknown) => e);
    none.close();
    expect(isDocugenError(err, 'STORE_ACCESS_DENIED')).toBe(true);
    // The chain's first source, environment keys, is picked up without the adapter being told.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFROMENVIRONMENT');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'from-environment');
    const fromEnv = bare();
    expect((await fromEnv.describe(h.newRef('env'))).exists).toBe(false);
    fromEnv.close();
  });

  it('says how to get out of a secret scheduled for deletion: restore it or wait', async () => {
    h = await awsHarness();
    const ref = h.newRef('deleted');
    await h.store.create(ref, { initialValue: str(canary()) });
    await raw(h).send(new DeleteSecretCommand({ SecretId: nameOf(ref), RecoveryWindowInDays: 7 }));
    expect((await h.store.describe(ref)).exists).toBe(true); // DescribeSecret still answers during the recovery window
    const store = h.store;
    const attempts = [
      () => store.putPending(ref, str(canary()), rotationToken(ref.id, 'd')),
      () => store.getValue(ref, 'current'),
      () => store.create(ref, { initialValue: str(canary()) }),
    ];
    for (const attempt of attempts) {
      const err = await attempt().catch((e: unknown) => e);
      expect(isDocugenError(err, 'STORE_INVALID_REQUEST')).toBe(true);
      expect((err as Error).message).toContain('restore-secret');
    }
  });

  it('refuses a put that would exceed the 100-version quota with a store error, not a crash', async () => {
    h = await awsHarness();
    const ref = h.newRef('quota');
    await h.store.create(ref, { initialValue: str('v0') });
    const client = raw(h);
    await Promise.all(
      Array.from({ length: 99 }, (_, i) =>
        client.send(new PutSecretValueCommand({ SecretId: nameOf(ref), SecretString: `v${i + 1}` })),
      ),
    );
    // The SDK counts LimitExceededException among throttling errors and retries it: one attempt keeps the test quick.
    const err = await h
      .anotherStore({ maxAttempts: 1 })
      .putPending(ref, str(canary()), rotationToken(ref.id, 'over'))
      .catch((e: unknown) => e);
    expect(isDocugenError(err, 'STORE_INVALID_REQUEST')).toBe(true);
    expect(isDocugenError(err) && err.details['awsError']).toBe('LimitExceededException');
  });
});
