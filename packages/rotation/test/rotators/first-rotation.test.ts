import { isDocugenError } from '@docugen-secrets/core';
import { FakeAwsIam, FakeGoogleApis } from '@docugen-secrets/local-emulators';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, describe, expect, it } from 'vitest';
import { rotateMany, rotateSecret, secretRef } from '../../src/index.js';
import { apiKeysClientAdapter, iamSdkAdapter, placesProbe, providerRotators } from '../../src/rotators/providers.js';
import { jsonValue } from '../../src/rotators/upstream/values.js';
import { Crash, World } from '../harness.js';
import { fieldsOf, noWaitPolicy, realManifest } from './helpers.js';

/**
 * The first rotation of a provider secret under the state machine: it never
 * deletes a key it cannot prove it made. A hand-made key makes it refuse
 * (ROTATION_PROVIDER_UNTRACKED_KEY) until the key is imported as current;
 * only the orphan of its own claimed slot is cleaned up after a crash.
 */
const FAST = { propagation: noWaitPolicy(4) };
const USER = 'docugen-document-store';
const T0 = '2025-01-01T00:00:00Z';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function iamWorld(crashAt?: number): Promise<{ w: World; fake: FakeAwsIam }> {
  const fake = await FakeAwsIam.start({ accountId: '210987654321' });
  closers.push(() => fake.close());
  fake.addUser(USER);
  const w = new World(T0, crashAt, 'first-rotation');
  w.rotators = providerRotators(
    {
      iam: iamSdkAdapter({
        iamEndpoint: fake.url,
        stsEndpoint: fake.url,
        credentials: fake.adminCredentials,
        maxAttempts: 2,
      }),
    },
    FAST,
  );
  return { w, fake };
}

const m = realManifest('document-storage-s3-access-key');
const keyIds = (fake: FakeAwsIam): string[] =>
  fake
    .accessKeys(USER)
    .map((k) => k.accessKeyId)
    .sort();

describe('aws-iam-access-key: first rotation', () => {
  it('refuses, deleting nothing and storing nothing, when the user already has a key; after importing it, rotates and retires it', async () => {
    const { w, fake } = await iamWorld();
    const inUse = fake.seedAccessKey(USER, {
      createDate: new Date('2024-06-01T00:00:00Z'),
      lastUsedDate: new Date('2024-12-31T00:00:00Z'),
    });
    const [refused] = await rotateMany(w.deps(), [m]);
    expect(refused).toMatchObject({ kind: 'error', errorCode: 'ROTATION_PROVIDER_UNTRACKED_KEY' });
    expect(keyIds(fake)).toEqual([inUse.accessKeyId]);
    expect((await w.memory.describe(secretRef(m))).exists).toBe(false);
    expect(w.audit.records.find((e) => e.action === 'rotation.store-initial')).toMatchObject({
      outcome: 'failure',
      errorCode: 'ROTATION_PROVIDER_UNTRACKED_KEY',
    });

    // The operator imports the key in use as the current value (the runbook's path).
    await w.memory.create(secretRef(m), {
      initialValue: jsonValue({
        accessKeyId: inUse.accessKeyId,
        secretAccessKey: inUse.secretAccessKey,
        userName: USER,
      }),
    });
    w.at('2025-06-01T00:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('rotated');
    const current = fieldsOf((await w.memory.getValue(secretRef(m), 'current'))!.value);
    expect(keyIds(fake)).toEqual([inUse.accessKeyId, current['accessKeyId']].sort());
    w.at('2025-06-10T00:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('retired');
    expect(keyIds(fake)).toEqual([current['accessKeyId']]);
  });

  it('an empty secret made by someone else carries no claim: after a crash the orphan is reported, never guessed at', async () => {
    const { w, fake } = await iamWorld(1);
    await w.memory.create(secretRef(m), { description: 'made by terraform' });
    // Checkpoint 1 is `create` (no claim step: the secret exists): the key is made, the store write is lost.
    await expect(rotateSecret(w.deps(), m)).rejects.toBeInstanceOf(Crash);
    expect(fake.accessKeys(USER)).toHaveLength(1);
    const err: unknown = await rotateSecret(w.deps(), m).catch((e: unknown) => e);
    expect(isDocugenError(err, 'ROTATION_PROVIDER_UNTRACKED_KEY')).toBe(true);
    expect(fake.accessKeys(USER)).toHaveLength(1);
  });

  it('a claimed first rotation converges after a crash between CreateAccessKey and the store write', async () => {
    const { w, fake } = await iamWorld(2); // 1 = store-initial (claim), 2 = create
    const r = await w.rotate(m);
    expect(w.crashes.map((c) => c.step)).toEqual(['create']);
    expect(r.kind).toBe('created');
    const current = fieldsOf((await w.memory.getValue(secretRef(m), 'current'))!.value);
    expect(keyIds(fake)).toEqual([current['accessKeyId']]);
    expect(fake.calls('CreateAccessKey')).toBe(2);
  });
});

describe('google-api-key: a crashed emergency rotation resumed by a scheduled run', () => {
  it('adopts the key the emergency run made instead of leaking it', async () => {
    const fake = await FakeGoogleApis.start({});
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: fake.accessToken, expiry_date: Date.now() + 3_600_000 });
    const keys = apiKeysClientAdapter({
      authClient: auth,
      apiEndpoint: '127.0.0.1',
      port: fake.port,
      protocol: 'http',
      retry: noWaitPolicy(2),
    });
    closers.push(async () => {
      await keys.close();
      await fake.close();
    });
    const g = realManifest('google-places-api-key');
    const project = g.rotation.kind === 'google-api-key' ? g.rotation.project : '';
    // First value: 6 checkpoints (store-initial, create, set, test, store-pending, finish); the 7th is the emergency create.
    const w = new World(T0, 7, 'google-mode-switch');
    w.rotators = providerRotators({ googleApiKeys: { keys, places: placesProbe({ baseUrl: fake.url }) } }, FAST);
    expect((await rotateSecret(w.deps(), g)).kind).toBe('created');
    w.at('2025-06-01T00:00:00Z'); // due as well
    await expect(rotateSecret(w.deps(), g, { emergency: { reason: 'key in a public repo' } })).rejects.toBeInstanceOf(
      Crash,
    );
    expect(fake.keys(project).filter((k) => !k.deleted)).toHaveLength(2);
    // The cron run comes first, without --emergency: it must adopt, not create a third key.
    expect((await rotateSecret(w.deps(), g)).kind).toBe('rotated');
    expect(fake.keys(project)).toHaveLength(2);
    const current = fieldsOf((await w.memory.getValue(secretRef(g), 'current'))!.value);
    expect(
      fake
        .keys(project)
        .filter((k) => !k.deleted)
        .map((k) => k.name),
    ).toContain(current['keyName']);
  });
});
