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
const TOKEN = '7d1e9b20-3c4f-5a6b-8c9d-0e1f2a3b4c5d';
const T0 = Date.parse('2025-01-01T00:00:00Z');

describe('gcs-hmac-key rotator against the fake Cloud Storage', () => {
  let fake: FakeGcs;
  let port: GcsHmacPort;
  let clock: number;

  beforeEach(async () => {
    clock = T0;
    fake = await FakeGcs.start({ propagationFailures: 2, now: () => new Date((clock += 60_000)) });
    fake.addServiceAccount(SA);
    port = gcsHmacRestAdapter({
      accessToken: () => Promise.resolve(fake.accessToken),
      jsonBaseUrl: fake.url,
      xmlBaseUrl: fake.url,
      retry: noWaitPolicy(4),
    });
  });
  afterEach(() => fake.close());

  const rotator = () => gcsHmacKeyRotator(port, { propagation: noWaitPolicy(6) });
  const live = () =>
    fake
      .hmacKeys(SA)
      .filter((k) => k.state !== 'DELETED')
      .map((k) => k.accessId)
      .sort();
  const seedCurrent = (timeCreated = new Date(T0 - 86_400_000)) => {
    const c = fake.seedKey(PROJECT, SA, { timeCreated });
    return { creds: c, value: jsonValue({ ...c, serviceAccountEmail: SA }) };
  };

  it('creates, sets, tests through propagation, retires the previous key idempotently', async () => {
    const ctx = contextFor(manifest);
    const current = seedCurrent();
    const r = rotator();
    const pending = await r.create(ctx, { token: TOKEN, current: current.value });
    const fields = fieldsOf(pending);
    expect(Object.keys(fields).sort()).toEqual(['accessId', 'secret', 'serviceAccountEmail']);
    expect(live()).toEqual([current.creds.accessId, fields['accessId']].sort());
    await r.set(ctx, { pending, current: current.value });
    await expect(r.test(ctx, { pending })).resolves.toEqual({ ok: true });
    expect(fake.calls('ListBuckets')).toBe(3);
    await r.retire(ctx, { previous: current.value });
    await r.retire(ctx, { previous: current.value });
    expect(live()).toEqual([fields['accessId']]);
    expect(fake.hmacKeys(SA).find((k) => k.accessId === current.creds.accessId)?.state).toBe('DELETED');
    expect('stillInUse' in r).toBe(false); // no last-used signal: the overlap alone decides
    expectNoSecrets([ctx.logger.text()], fake.issuedSecrets());
  });

  it('set re-activates a pending key that was deactivated; fails with KEY_MISSING when it is gone', async () => {
    const ctx = contextFor(manifest);
    const r = rotator();
    const pending = await r.create(ctx, { token: TOKEN });
    await port.setState(PROJECT, fieldsOf(pending)['accessId'] ?? '', 'INACTIVE');
    await r.set(ctx, { pending });
    expect(fake.hmacKeys(SA)[0]?.state).toBe('ACTIVE');
    await r.discard(ctx, { pending });
    await r.discard(ctx, { pending });
    expect(live()).toEqual([]);
    expect(isDocugenError(await caught(() => r.set(ctx, { pending })), 'ROTATION_PROVIDER_KEY_MISSING')).toBe(true);
  });

  it('a crash between create and the store write leaves exactly one new key after the rerun (secret unrecoverable: orphan deleted)', async () => {
    const ctx = contextFor(manifest);
    const current = seedCurrent();
    const lost = fieldsOf(await rotator().create(ctx, { token: TOKEN, current: current.value }));
    const kept = fieldsOf(await rotator().create(ctx, { token: TOKEN, current: current.value }));
    expect(live()).toEqual([current.creds.accessId, kept['accessId']].sort());
    expect(fake.hmacKeys(SA).find((k) => k.accessId === lost['accessId'])?.state).toBe('DELETED');
  });

  it('keeps an older key (a previous not yet retired); a claimed first value sweeps the orphans of its own slot', async () => {
    const previous = fake.seedKey(PROJECT, SA, { timeCreated: new Date(T0 - 2 * 86_400_000) });
    const current = seedCurrent();
    const made = fieldsOf(
      await rotator().create(contextFor(manifest), {
        token: TOKEN,
        current: current.value,
        previous: jsonValue({ ...previous, serviceAccountEmail: SA }),
      }),
    );
    expect(live()).toEqual([previous.accessId, current.creds.accessId, made['accessId']].sort());

    const other = 'other@docugen-storage-dr.iam.gserviceaccount.com';
    fake.addServiceAccount(other);
    const first = gcsHmacKeyRotator(port, { propagation: noWaitPolicy(2) });
    const otherManifest = {
      ...manifest,
      rotation: { ...manifest.rotation, serviceAccountEmail: other },
    } as typeof manifest;
    await first.preflight?.(contextFor(otherManifest), { token: TOKEN });
    await first.create(contextFor(otherManifest), { token: TOKEN, claimed: true });
    const again = fieldsOf(await first.create(contextFor(otherManifest), { token: TOKEN, claimed: true }));
    expect(
      fake
        .hmacKeys(other)
        .filter((k) => k.state !== 'DELETED')
        .map((k) => k.accessId),
    ).toEqual([again['accessId']]);
  });

  it('first value: an active hand-made key is never deleted; preflight and an unclaimed create refuse with UNTRACKED_KEY', async () => {
    const handMade = fake.seedKey(PROJECT, SA, { timeCreated: new Date(T0 - 86_400_000) });
    const ctx = contextFor(manifest);
    const pre = await caught(() => rotator().preflight!(ctx, { token: TOKEN }));
    expect(isDocugenError(pre, 'ROTATION_PROVIDER_UNTRACKED_KEY')).toBe(true);
    const unclaimed = await caught(() => rotator().create(ctx, { token: TOKEN }));
    expect(isDocugenError(unclaimed, 'ROTATION_PROVIDER_UNTRACKED_KEY')).toBe(true);
    expect(live()).toEqual([handMade.accessId]);
    expect(fake.hmacKeys(SA)).toHaveLength(1);
    expectNoSecrets([errorText(pre), errorText(unclaimed), ctx.logger.text()], fake.issuedSecrets());
  });

  it('retries 429, 500 and dropped connections; a create whose response was lost leaves no twin', async () => {
    const current = seedCurrent();
    fake.faults.inject({ operation: 'ListHmacKeys', kind: 'throttle', times: 1 });
    fake.faults.inject({ operation: 'ListHmacKeys', kind: 'drop-before', times: 1 });
    fake.faults.inject({ operation: 'CreateHmacKey', kind: 'drop-after-write', times: 1 });
    fake.faults.inject({ operation: 'UpdateHmacKey', kind: 'server-error', times: 1 });
    const ctx = contextFor(manifest);
    const made = fieldsOf(await rotator().create(ctx, { token: TOKEN, current: current.value }));
    expect(fake.calls('CreateHmacKey')).toBe(2);
    expect(live()).toEqual([current.creds.accessId, made['accessId']].sort());
    await rotator().retire(ctx, { previous: current.value });
    expect(live()).toEqual([made['accessId']]);
    expectNoSecrets([ctx.logger.text()], fake.issuedSecrets());
  });

  it('gives up with ROTATION_PROVIDER_CALL_FAILED after the retries, without secrets in the error', async () => {
    fake.faults.inject({ operation: 'CreateHmacKey', kind: 'server-error' });
    const err = await caught(() => rotator().create(contextFor(manifest), { token: TOKEN }));
    expect(isDocugenError(err, 'ROTATION_PROVIDER_CALL_FAILED')).toBe(true);
    expect((err as { details: Record<string, unknown> }).details).toMatchObject({
      status: 500,
      operation: 'hmacKeys.create',
    });
    expect(fake.calls('CreateHmacKey')).toBe(4);
    expectNoSecrets([errorText(err)], fake.issuedSecrets());
  });

  it('test: a wrong secret fails (the fake verifies GOOG4 signatures); AccessDenied still proves the key', async () => {
    const ctx = contextFor(manifest);
    const current = seedCurrent();
    const wrong = await rotator().test(ctx, {
      pending: jsonValue({
        accessId: current.creds.accessId,
        secret: 'WRONGwrongWRONGwrongWRONGwrongWRONGwrong',
        serviceAccountEmail: SA,
      }),
    });
    expect(wrong).toEqual({
      ok: false,
      reason: 'the XML API answered HTTP 403 SignatureDoesNotMatch after 6 attempt(s)',
    });
    await fake.close();
    fake = await FakeGcs.start({ deniedServiceAccounts: [SA] });
    port = gcsHmacRestAdapter({
      accessToken: () => Promise.resolve(fake.accessToken),
      jsonBaseUrl: fake.url,
      xmlBaseUrl: fake.url,
      retry: noWaitPolicy(4),
    });
    const c = fake.seedKey(PROJECT, SA);
    await expect(rotator().test(ctx, { pending: jsonValue({ ...c, serviceAccountEmail: SA }) })).resolves.toEqual({
      ok: true,
    });
    expectNoSecrets([ctx.logger.text()], fake.issuedSecrets());
  });
});
