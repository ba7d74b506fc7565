import { DeleteSecretCommand, DescribeSecretCommand, PutSecretValueCommand, SecretsManagerClient, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { FixedClock, isDocugenError } from '@docugen-secrets/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AwsSecretsManagerStore, RateLimiter, rotationToken, type SecretRef, type SecretValue } from '../src/index.js';
import { awsHarness, type AwsHarness } from './aws-harness.js';
import { canary } from './canary.js';

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
  const c = new SecretsManagerClient({ region: harness.server.region, endpoint: harness.server.endpoint, credentials: { accessKeyId: 'AKIDRAW', secretAccessKey: 'raw' } });
  clients.push(c);
  return c;
}

const nameOf = (ref: SecretRef): string => (ref.target.kind === 'aws-secrets-manager' ? ref.target.name : '');

describe('AWS adapter specifics (local server)', () => {
  it('creates with the KMS key from the manifest and tags the owner and manifest id', async () => {
    h = await awsHarness();
    const base = h.newRef('kms');
    const ref: SecretRef = { id: 'kms', target: { ...(base.target as { kind: 'aws-secrets-manager'; name: string; region: string }), kmsKeyId: 'alias/docugen-test' } };
    await h.store.create(ref, { initialValue: str(canary()), tags: { 'docugen-secrets/owner': 'team-a' }, description: 'd' });
    const out = await raw(h).send(new DescribeSecretCommand({ SecretId: nameOf(ref) }));
    expect(out.KmsKeyId).toBe('alias/docugen-test');
    expect(Object.fromEntries((out.Tags ?? []).map((t) => [t.Key, t.Value]))).toEqual({ 'docugen-secrets/owner': 'team-a', 'docugen-secrets/id': 'kms' });
  });

  it('records the promotion time in a tag naming the version, from AWS’s clock, and ignores a stale tag', async () => {
    const clock = new FixedClock('2026-03-01T10:00:00Z');
    h = await awsHarness({ server: { clock } });
    const ref = h.newRef('promoted');
    await h.store.create(ref, { initialValue: str(canary()) });
    const first = (await h.store.getValue(ref, 'current'))!.versionId;
    const t = rotationToken(ref.id, 'p');
    await h.store.putPending(ref, str(canary()), t);
    clock.advance(90 * 60_000);
    await h.store.promote(ref, t);
    const tags = (await h.store.describe(ref)).tags;
    expect(tags['docugen-secrets/promoted']).toBe(`${t}@2026-03-01T11:30:00.000Z`);
    expect((await h.store.describe(ref)).lastRotatedAt).toEqual(new Date('2026-03-01T11:30:00Z'));
    // Someone rolls back in the console: the tag no longer names the current version.
    clock.advance(60_000);
    await raw(h).send(new UpdateSecretVersionStageCommand({ SecretId: nameOf(ref), VersionStage: 'AWSCURRENT', MoveToVersionId: first, RemoveFromVersionId: t }));
    expect((await h.store.describe(ref)).lastRotatedAt).toEqual(new Date('2026-03-01T10:00:00Z')); // the rolled-back version's creation
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
      new AwsSecretsManagerStore({ region: h!.server.region, endpoint: h!.server.endpoint, maxAttempts: 1, writeRateLimiter: () => new RateLimiter({ ratePerSecond: 1000, burst: 100 }) });
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
    const attempts = [() => store.putPending(ref, str(canary()), rotationToken(ref.id, 'd')), () => store.getValue(ref, 'current'), () => store.create(ref, { initialValue: str(canary()) })];
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
    await Promise.all(Array.from({ length: 99 }, (_, i) => client.send(new PutSecretValueCommand({ SecretId: nameOf(ref), SecretString: `v${i + 1}` }))));
    // The SDK counts LimitExceededException among throttling errors and retries it: one attempt keeps the test quick.
    const err = await h.anotherStore({ maxAttempts: 1 }).putPending(ref, str(canary()), rotationToken(ref.id, 'over')).catch((e: unknown) => e);
    expect(isDocugenError(err, 'STORE_INVALID_REQUEST')).toBe(true);
    expect(isDocugenError(err) && err.details['awsError']).toBe('LimitExceededException');
  });
});
