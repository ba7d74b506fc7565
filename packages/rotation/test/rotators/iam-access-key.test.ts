import { isDocugenError } from '@docugen-secrets/core';
import { FakeAwsIam } from '@docugen-secrets/local-emulators';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { iamAccessKeyRotator } from '../../src/rotators/iam-access-key/rotator.js';
import { iamSdkAdapter } from '../../src/rotators/iam-access-key/sdk-adapter.js';
import type { IamKeysPort } from '../../src/rotators/iam-access-key/port.js';
import { jsonValue } from '../../src/rotators/upstream/values.js';
import { caught, contextFor, errorText, expectNoSecrets, fieldsOf, noWaitPolicy, realManifest } from './helpers.js';

const manifest = realManifest('document-storage-s3-access-key');
const USER = 'docugen-document-store';
const ACCOUNT = '210987654321';
const TOKEN = '2f1c7a40-5b1e-5c3d-9e2f-0a1b2c3d4e5f';
const T0 = Date.parse('2025-01-01T00:00:00Z');

describe('aws-iam-access-key rotator against the fake IAM/STS with the real AWS SDK', () => {
  let fake: FakeAwsIam;
  let port: IamKeysPort;
  let clock: number;
  const errors: unknown[] = [];

  beforeEach(async () => {
    clock = T0;
    fake = await FakeAwsIam.start({
      accountId: ACCOUNT,
      propagationFailures: 2,
      now: () => new Date((clock += 60_000)),
    });
    fake.addUser(USER);
    port = iamSdkAdapter({
      iamEndpoint: fake.url,
      stsEndpoint: fake.url,
      credentials: fake.adminCredentials,
      maxAttempts: 4,
    });
    errors.length = 0;
  });
  afterEach(() => fake.close());

  const rotator = () => iamAccessKeyRotator(port, { propagation: noWaitPolicy(6) });
  const seedCurrent = (createDate = new Date(T0 - 86_400_000), lastUsedDate?: Date) => {
    const c = fake.seedAccessKey(USER, { createDate, ...(lastUsedDate ? { lastUsedDate } : {}) });
    return {
      creds: c,
      value: jsonValue({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, userName: USER }),
    };
  };
  const ids = () =>
    fake
      .accessKeys(USER)
      .map((k) => k.accessKeyId)
      .sort();

  it('creates, sets, tests (through propagation delay), retires the previous key idempotently', async () => {
    const ctx = contextFor(manifest);
    const current = seedCurrent(new Date(T0 - 86_400_000), new Date(T0 + 3_600_000));
    const r = rotator();
    const pending = await r.create(ctx, { token: TOKEN, current: current.value });
    const fields = fieldsOf(pending);
    expect(Object.keys(fields).sort()).toEqual(['accessKeyId', 'secretAccessKey', 'userName']);
    expect(fields['userName']).toBe(USER);
    expect(ids()).toEqual([current.creds.accessKeyId, fields['accessKeyId']].sort());

    await r.set(ctx, { pending, current: current.value });
    await expect(r.test(ctx, { pending })).resolves.toEqual({ ok: true });
    expect(fake.calls('GetCallerIdentity')).toBe(3); // two refusals while the key propagates

    expect(await r.stillInUse?.(ctx, { previous: current.value, since: new Date(T0) })).toMatchObject({ kind: 'used' });
    expect(await r.stillInUse?.(ctx, { previous: current.value, since: new Date(T0 + 7_200_000) })).toEqual({
      kind: 'unused',
    });

    await r.retire(ctx, { previous: current.value });
    expect(ids()).toEqual([fields['accessKeyId']]);
    await r.retire(ctx, { previous: current.value }); // already gone is success
    expect(ids()).toEqual([fields['accessKeyId']]);
    expect(fake.calls('UpdateAccessKey')).toBeGreaterThanOrEqual(2); // deactivated before deleted
    expectNoSecrets([ctx.logger.text()], fake.issuedSecrets());
  });

  it('retire deactivates before deleting', async () => {
    const current = seedCurrent();
    const seen: string[] = [];
    const spy: IamKeysPort = {
      ...port,
      setAccessKeyStatus: (u, id, s) => (seen.push(`status:${s}`), port.setAccessKeyStatus(u, id, s)),
      deleteAccessKey: (u, id) => (seen.push('delete'), port.deleteAccessKey(u, id)),
    };
    await iamAccessKeyRotator(spy).retire(contextFor(manifest), { previous: current.value });
    expect(seen).toEqual(['status:Inactive', 'delete']);
    expect(ids()).toEqual([]);
  });

  it('discard removes the pending key whose test failed; a second discard is a no-op', async () => {
    const ctx = contextFor(manifest);
    const current = seedCurrent();
    const r = rotator();
    const pending = await r.create(ctx, { token: TOKEN, current: current.value });
    await r.discard(ctx, { pending });
    await r.discard(ctx, { pending });
    expect(ids()).toEqual([current.creds.accessKeyId]);
  });

  it('a crash between CreateAccessKey and the store write leaves exactly one new key after the rerun', async () => {
    const ctx = contextFor(manifest);
    const current = seedCurrent();
    const lost = fieldsOf(await rotator().create(ctx, { token: TOKEN, current: current.value }));
    const again = fieldsOf(await rotator().create(ctx, { token: TOKEN, current: current.value }));
    expect(again['accessKeyId']).not.toBe(lost['accessKeyId']);
    expect(ids()).toEqual([current.creds.accessKeyId, again['accessKeyId']].sort());
    expect(ctx.logger.records.some((r) => r.level === 'warn' && r.fields['accessKeyId'] === lost['accessKeyId'])).toBe(
      true,
    );
    expectNoSecrets([ctx.logger.text()], fake.issuedSecrets());
  });

  it('first value, claimed slot: a crashed create is cleaned up on the rerun', async () => {
    const ctx = contextFor(manifest);
    await rotator().preflight?.(ctx, { token: TOKEN });
    const lost = fieldsOf(await rotator().create(ctx, { token: TOKEN, claimed: true }));
    const kept = fieldsOf(await rotator().create(ctx, { token: TOKEN, claimed: true }));
    expect(ids()).toEqual([kept['accessKeyId']]);
    expect(ids()).not.toContain(lost['accessKeyId']);
  });

  it('first value: a hand-made key in use is never deleted; preflight and an unclaimed create refuse with UNTRACKED_KEY', async () => {
    const ctx = contextFor(manifest);
    const handMade = fake.seedAccessKey(USER, { createDate: new Date(T0 - 86_400_000), lastUsedDate: new Date(T0) });
    const pre = await caught(() => rotator().preflight!(ctx, { token: TOKEN }));
    expect(isDocugenError(pre, 'ROTATION_PROVIDER_UNTRACKED_KEY')).toBe(true);
    expect((pre as { details?: Record<string, unknown> }).details).toMatchObject({
      userName: USER,
      accessKeyIds: handMade.accessKeyId,
    });
    const unclaimed = await caught(() => rotator().create(ctx, { token: TOKEN }));
    expect(isDocugenError(unclaimed, 'ROTATION_PROVIDER_UNTRACKED_KEY')).toBe(true);
    expect(ids()).toEqual([handMade.accessKeyId]);
    expect(fake.calls('CreateAccessKey')).toBe(0);
    expect(fake.calls('DeleteAccessKey')).toBe(0);
    expectNoSecrets([errorText(pre), errorText(unclaimed), ctx.logger.text()], fake.issuedSecrets());
  });

  it('first value: an inactive hand-made key blocks too (it may be reactivated), and is not deleted', async () => {
    const ctx = contextFor(manifest);
    const inactive = fake.seedAccessKey(USER, { status: 'Inactive', createDate: new Date(T0 - 86_400_000) });
    expect(
      isDocugenError(
        await caught(() => rotator().preflight!(ctx, { token: TOKEN })),
        'ROTATION_PROVIDER_UNTRACKED_KEY',
      ),
    ).toBe(true);
    expect(
      isDocugenError(await caught(() => rotator().create(ctx, { token: TOKEN })), 'ROTATION_PROVIDER_UNTRACKED_KEY'),
    ).toBe(true);
    expect(ids()).toEqual([inactive.accessKeyId]);
  });

  it('an older untracked key that is not the previous one is left alone (foreign), a newer one is an orphan', async () => {
    const foreign = fake.seedAccessKey(USER, { createDate: new Date(T0 - 3 * 86_400_000) });
    const current = seedCurrent(new Date(T0 - 2 * 86_400_000));
    const ctx = contextFor(manifest);
    const err = await caught(() => rotator().create(ctx, { token: TOKEN, current: current.value }));
    // Current and the foreign key fill the quota: refuse, delete nothing.
    expect(isDocugenError(err, 'ROTATION_PROVIDER_KEY_LIMIT')).toBe(true);
    expect(ids()).toEqual([foreign.accessKeyId, current.creds.accessKeyId].sort());
    expect(ctx.logger.text()).toContain('not tracked by any stored version');
  });

  it('two-key limit: an untracked newer key is an orphan and is deleted', async () => {
    const current = seedCurrent(new Date(T0 - 2 * 86_400_000));
    const orphan = fake.seedAccessKey(USER, { createDate: new Date(T0 - 86_400_000) });
    const made = fieldsOf(await rotator().create(contextFor(manifest), { token: TOKEN, current: current.value }));
    expect(ids()).toEqual([current.creds.accessKeyId, made['accessKeyId']].sort());
    expect(ids()).not.toContain(orphan.accessKeyId);
  });

  it('an untracked key newer than current that has been used is not an orphan of ours: left alone, never deleted', async () => {
    const current = seedCurrent(new Date(T0 - 2 * 86_400_000));
    const handMade = fake.seedAccessKey(USER, {
      createDate: new Date(T0 - 86_400_000),
      lastUsedDate: new Date(T0 - 3_600_000),
    });
    const ctx = contextFor(manifest);
    const err = await caught(() => rotator().create(ctx, { token: TOKEN, current: current.value }));
    expect(isDocugenError(err, 'ROTATION_PROVIDER_KEY_LIMIT')).toBe(true);
    expect(ids()).toEqual([current.creds.accessKeyId, handMade.accessKeyId].sort());
    expect(fake.calls('DeleteAccessKey')).toBe(0);
  });

  it('two-key limit: refuses with ROTATION_PROVIDER_KEY_LIMIT when both keys are tracked (current + older previous)', async () => {
    const previous = fake.seedAccessKey(USER, { createDate: new Date(T0 - 2 * 86_400_000) });
    const current = seedCurrent(new Date(T0 - 86_400_000));
    const err = await caught(() => rotator().create(contextFor(manifest), { token: TOKEN, current: current.value }));
    expect(isDocugenError(err, 'ROTATION_PROVIDER_KEY_LIMIT')).toBe(true);
    expect(ids()).toEqual([previous.accessKeyId, current.creds.accessKeyId].sort());
    expect(fake.calls('CreateAccessKey')).toBe(0);
    expectNoSecrets([errorText(err)], fake.issuedSecrets());
  });

  it('retries throttling and 500s through the SDK', async () => {
    const current = seedCurrent();
    fake.faults.inject({ operation: 'ListAccessKeys', kind: 'throttle', times: 1 });
    fake.faults.inject({ operation: 'CreateAccessKey', kind: 'server-error', times: 2 });
    fake.faults.inject({ operation: 'UpdateAccessKey', kind: 'throttle', times: 1 });
    const ctx = contextFor(manifest);
    const r = rotator();
    const pending = await r.create(ctx, { token: TOKEN, current: current.value });
    await r.set(ctx, { pending });
    expect(fake.calls('CreateAccessKey')).toBe(3);
    expect(fake.accessKeys(USER)).toHaveLength(2);
  });

  it('a response dropped after CreateAccessKey (SDK retry hits LimitExceeded) still ends with one new key', async () => {
    const current = seedCurrent();
    fake.faults.inject({ operation: 'CreateAccessKey', kind: 'drop-after-write', times: 1 });
    const made = fieldsOf(await rotator().create(contextFor(manifest), { token: TOKEN, current: current.value }));
    expect(ids()).toEqual([current.creds.accessKeyId, made['accessKeyId']].sort());
    // lost, LimitExceeded (which the SDK retries as throttling), then ours after the sweep
    expect(fake.calls('CreateAccessKey')).toBeGreaterThanOrEqual(3);
  });

  it('a response dropped after CreateAccessKey with room for a twin: the twin is swept', async () => {
    fake.faults.inject({ operation: 'CreateAccessKey', kind: 'drop-after-write', times: 1 });
    const made = fieldsOf(await rotator().create(contextFor(manifest), { token: TOKEN }));
    expect(ids()).toEqual([made['accessKeyId']]);
  });

  it('test fails, without retrying forever, when the key is gone or authenticates as someone else', async () => {
    const ctx = contextFor(manifest);
    const r = rotator();
    const pending = await r.create(ctx, { token: TOKEN });
    await r.discard(ctx, { pending });
    const gone = await r.test(ctx, { pending });
    expect(gone).toMatchObject({ ok: false });
    expect(gone.ok ? '' : gone.reason).toMatch(/\(InvalidClientTokenId\) after 6 attempt/);

    fake.addUser('someone-else');
    const other = fake.seedAccessKey('someone-else');
    const wrong = await r.test(ctx, { pending: jsonValue({ ...other, userName: USER }) });
    expect(wrong).toMatchObject({ ok: false });
    expect(wrong.ok ? '' : wrong.reason).toMatch(/someone-else/);
    expectNoSecrets(
      [ctx.logger.text(), gone.ok ? '' : gone.reason, wrong.ok ? '' : wrong.reason],
      fake.issuedSecrets(),
    );
  });

  it('the fake checks SigV4 signatures: a wrong secret is refused', async () => {
    const current = seedCurrent();
    const who = await port.callerIdentity({
      accessKeyId: current.creds.accessKeyId,
      secretAccessKey: 'not-the-secret-aaaaaaaaaaaaaaaaaaaaaaaaa',
    });
    expect(who).toEqual({ ok: false, code: 'SignatureDoesNotMatch', retryable: true });
    await expect(port.callerIdentity(current.creds)).resolves.toMatchObject({ ok: true, account: ACCOUNT });
  });

  it('errors carry codes and no secret: bad stored value, wrong kind, failed calls', async () => {
    const ctx = contextFor(manifest);
    const bad = await caught(() =>
      rotator().retire(ctx, {
        previous: { kind: 'string', value: '{"accessKeyId":"AKIA","secretAccessKey":"canarySECRETvalue"}' },
      }),
    );
    expect(isDocugenError(bad, 'ROTATION_PROVIDER_BAD_VALUE')).toBe(true);
    expect(errorText(bad)).not.toContain('canarySECRETvalue');
    const wrongKind = await caught(() =>
      rotator().create(contextFor(realManifest('google-places-api-key')), { token: TOKEN }),
    );
    expect(isDocugenError(wrongKind, 'ROTATION_PROVIDER_WRONG_KIND')).toBe(true);
    fake.faults.inject({ operation: 'ListAccessKeys', kind: 'server-error' });
    const failed = await caught(() => rotator().create(ctx, { token: TOKEN }));
    expect(isDocugenError(failed, 'ROTATION_PROVIDER_CALL_FAILED')).toBe(true);
    expectNoSecrets([errorText(bad), errorText(failed), ctx.logger.text()], fake.issuedSecrets());
  });
});
