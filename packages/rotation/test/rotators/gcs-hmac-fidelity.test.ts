import { isDocugenError } from '@docugen-secrets/core';
import { FakeGcs } from '@docugen-secrets/local-emulators';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gcsHmacRestAdapter } from '../../src/rotators/gcs-hmac/json-api.js';
import type { GcsHmacPort } from '../../src/rotators/gcs-hmac/port.js';
import { gcsHmacKeyRotator } from '../../src/rotators/gcs-hmac/rotator.js';
import { jsonValue } from '../../src/rotators/upstream/values.js';
import { caught, contextFor, errorText, expectNoSecrets, fieldsOf, noWaitPolicy, realManifest } from './helpers.js';

const manifest = realManifest('document-storage-gcs-hmac-key');
const PROJECT = 'docugen-storage-dr';
const SA = 'document-replica@docugen-storage-dr.iam.gserviceaccount.com';
const TOKEN = '8e2f0c31-4d5a-5b6c-9d0e-1f2a3b4c5d6e';
const T0 = Date.parse('2025-01-01T00:00:00Z');
const DAY = 86_400_000;

/**
 * Cloud Storage's HMAC key rules the emulator now enforces: at most ten keys
 * per service account that are not deleted (INACTIVE ones count), unknown
 * service accounts refused, etag preconditions (412), and deleting a DELETED
 * key is an error.
 */
describe('gcs-hmac-key rotator against Cloud Storage HMAC key rules', () => {
  let fake: FakeGcs;
  let port: GcsHmacPort;
  let clock: number;

  beforeEach(async () => {
    clock = T0;
    fake = await FakeGcs.start({ now: () => new Date((clock += 60_000)) });
    fake.addServiceAccount(SA);
    port = gcsHmacRestAdapter({
      accessToken: () => Promise.resolve(fake.accessToken),
      jsonBaseUrl: fake.url,
      xmlBaseUrl: fake.url,
      retry: noWaitPolicy(3),
    });
  });
  afterEach(() => fake.close());

  const rotator = (p = port) => gcsHmacKeyRotator(p, { propagation: noWaitPolicy(3) });
  const seedCurrent = () => {
    const c = fake.seedKey(PROJECT, SA, { timeCreated: new Date(T0 - DAY) });
    return { creds: c, value: jsonValue({ ...c, serviceAccountEmail: SA }) };
  };

  it('at the cap of ten keys (INACTIVE ones count) create refuses with KEY_LIMIT naming the keys to clean up, deleting none', async () => {
    const old = Array.from({ length: 9 }, (_, i) =>
      fake.seedKey(PROJECT, SA, {
        state: i % 2 === 0 ? 'INACTIVE' : 'ACTIVE',
        timeCreated: new Date(T0 - (30 - i) * DAY),
      }),
    );
    const current = seedCurrent();
    const ctx = contextFor(manifest);
    const err = await caught(() => rotator().create(ctx, { token: TOKEN, current: current.value }));
    expect(isDocugenError(err, 'ROTATION_PROVIDER_KEY_LIMIT')).toBe(true);
    const details = (err as { details: Record<string, unknown> }).details;
    expect(details['untrackedAccessIds']).toBe(old.map((k) => k.accessId).join(','));
    expect((err as Error).message).toContain('INACTIVE keys count');
    expect(fake.calls('DeleteHmacKey')).toBe(0);
    expect(fake.hmacKeys(SA).filter((k) => k.state !== 'DELETED')).toHaveLength(10);
    expectNoSecrets([errorText(err), ctx.logger.text()], fake.issuedSecrets());
  });

  it('a service account that does not exist is a clear input error, and no key is made', async () => {
    const stranger = 'nobody@docugen-storage-dr.iam.gserviceaccount.com';
    const other = { ...manifest, rotation: { ...manifest.rotation, serviceAccountEmail: stranger } } as typeof manifest;
    const err = await caught(() => rotator().create(contextFor(other), { token: TOKEN, claimed: true }));
    expect(isDocugenError(err, 'ROTATION_PROVIDER_BAD_INPUT')).toBe(true);
    expect((err as Error).message).toContain(`service account ${stranger} does not exist`);
    expect(fake.hmacKeys(stranger)).toEqual([]);
  });

  it('set acts on the key as it is: a change between its read and its write (412) is read again', async () => {
    const ctx = contextFor(manifest);
    const pending = await rotator().create(ctx, { token: TOKEN, claimed: true });
    const id = fieldsOf(pending)['accessId'] ?? '';
    await port.setState(PROJECT, id, 'INACTIVE');
    let raced = false;
    const racing: GcsHmacPort = {
      ...port,
      getKey: async (p, a) => {
        const meta = await port.getKey(p, a);
        if (!raced) {
          raced = true;
          await port.deleteKey(p, a); // someone deletes the inactive key right after our read
        }
        return meta;
      },
    };
    const err = await caught(() => rotator(racing).set(ctx, { pending }));
    expect(isDocugenError(err, 'ROTATION_PROVIDER_KEY_MISSING')).toBe(true);
    expect(fake.hmacKeys(SA).find((k) => k.accessId === id)?.state).toBe('DELETED');
  });

  it('a delete whose answer was lost is retried into "already deleted", which retire takes as done', async () => {
    const current = seedCurrent();
    fake.faults.inject({ operation: 'DeleteHmacKey', kind: 'drop-after-write', times: 1 });
    const ctx = contextFor(manifest);
    await rotator().retire(ctx, { previous: current.value });
    expect(fake.calls('DeleteHmacKey')).toBe(2);
    expect(fake.hmacKeys(SA)[0]?.state).toBe('DELETED');
    await rotator().retire(ctx, { previous: current.value });
    expect(fake.calls('DeleteHmacKey')).toBe(2);
  });
});
