import { isDocugenError } from '@docugen-secrets/core';
import { FakeAwsIam } from '@docugen-secrets/local-emulators';
import { afterEach, describe, expect, it } from 'vitest';
import { iamAccessKeyRotator } from '../../src/rotators/iam-access-key/rotator.js';
import { iamSdkAdapter } from '../../src/rotators/iam-access-key/sdk-adapter.js';
import type { IamKeysPort } from '../../src/rotators/iam-access-key/port.js';
import { jsonValue } from '../../src/rotators/upstream/values.js';
import { caught, contextFor, errorText, expectNoSecrets, noWaitPolicy, realManifest } from './helpers.js';

const manifest = realManifest('document-storage-s3-access-key');
const USER = 'docugen-document-store';
const TOKEN = '3a2d8b51-6c2f-5d4e-8f3a-1b2c3d4e5f60';
const NOW = Date.parse('2025-06-01T12:00:00Z');
const MIN = 60_000;
const HOUR = 3_600_000;

/**
 * IAM reports access-key use hours late and to the minute; the emulator does
 * too (4 h by default). A key used minutes ago looks unused: the rotator
 * must not take that as proof.
 */
describe('aws-iam-access-key rotator: last-used data is late and coarse', () => {
  let fake: FakeAwsIam;
  let port: IamKeysPort;
  let clock = NOW;

  const start = async (options: { deniedActions?: ['GetAccessKeyLastUsed'] } = {}) => {
    clock = NOW - 40 * 24 * HOUR;
    fake = await FakeAwsIam.start({ now: () => new Date(clock), ...options });
    fake.addUser(USER);
    port = iamSdkAdapter({
      iamEndpoint: fake.url,
      stsEndpoint: fake.url,
      credentials: fake.adminCredentials,
      maxAttempts: 2,
    });
  };
  afterEach(() => fake.close());

  const rotator = () => iamAccessKeyRotator(port, { propagation: noWaitPolicy(3) });
  const at = (ms: number, emergency = false) => ({ ...contextFor(manifest, undefined, emergency), now: new Date(ms) });
  const seed = (createDate: number) => {
    const c = fake.seedAccessKey(USER, { createDate: new Date(createDate) });
    return {
      creds: c,
      value: jsonValue({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, userName: USER }),
    };
  };
  /** A consumer calls AWS with the key at `ms` (recorded now, reported by IAM only later). */
  const useAt = async (creds: { accessKeyId: string; secretAccessKey: string }, ms: number) => {
    clock = ms;
    await expect(port.callerIdentity(creds)).resolves.toMatchObject({ ok: true });
  };

  it('a use minutes before the retire check is not yet reported: the gate waits instead of saying unused, then sees it', async () => {
    await start();
    const old = seed(NOW - 30 * 24 * HOUR);
    await useAt(old.creds, NOW - 10 * MIN);
    clock = NOW;
    const since = new Date(NOW - HOUR);
    const first = await rotator().stillInUse?.(at(NOW), { previous: old.value, since });
    expect(first).toEqual({
      kind: 'unsettled',
      until: new Date(since.getTime() + 8 * HOUR),
      reason: expect.stringContaining('no use reported yet') as unknown,
    });
    clock = NOW + 9 * HOUR;
    const later = await rotator().stillInUse?.(at(NOW + 9 * HOUR), { previous: old.value, since });
    expect(later).toEqual({
      kind: 'used',
      reason: `IAM reports its last use at ${new Date(NOW - 10 * MIN).toISOString()}`,
    });
  });

  it('retire deactivates, looks again, and puts back a key whose recent use IAM now reports', async () => {
    await start();
    const old = seed(NOW - 30 * 24 * HOUR);
    await useAt(old.creds, NOW - 5 * HOUR);
    clock = NOW;
    const ctx = at(NOW);
    const err = await caught(() => rotator().retire(ctx, { previous: old.value }));
    expect(isDocugenError(err, 'ROTATION_PROVIDER_KEY_IN_USE')).toBe(true);
    expect(fake.accessKeys(USER)).toEqual([
      expect.objectContaining({ accessKeyId: old.creds.accessKeyId, status: 'Active' }),
    ]);
    expect(fake.calls('UpdateAccessKey')).toBe(2); // Inactive, then Active again
    expect(fake.calls('DeleteAccessKey')).toBe(0);
    expectNoSecrets([errorText(err), ctx.logger.text()], fake.issuedSecrets());

    await rotator().retire(at(NOW, true), { previous: old.value }); // an emergency revokes regardless
    expect(fake.accessKeys(USER)).toEqual([]);
  });

  it('an untracked key younger than the window is not deleted as an orphan though IAM reports no use', async () => {
    await start();
    const current = seed(NOW - 30 * 24 * HOUR);
    clock = NOW - 20 * MIN;
    const handMade = fake.seedAccessKey(USER, { createDate: new Date(clock) });
    await useAt(handMade, NOW - 10 * MIN);
    clock = NOW;
    const ctx = at(NOW);
    const err = await caught(() => rotator().create(ctx, { token: TOKEN, current: current.value }));
    expect(isDocugenError(err, 'ROTATION_PROVIDER_KEY_LIMIT')).toBe(true);
    expect(fake.accessKeys(USER).map((k) => [k.accessKeyId, k.status])).toEqual([
      [current.creds.accessKeyId, 'Active'],
      [handMade.accessKeyId, 'Active'],
    ]);
    expect(ctx.logger.text()).toContain('too new to prove unused');
    expect(fake.calls('DeleteAccessKey')).toBe(0);
  });

  it('an AccessDenied on GetAccessKeyLastUsed is a permission error naming the missing IAM action', async () => {
    await start({ deniedActions: ['GetAccessKeyLastUsed'] });
    const old = seed(NOW - 30 * 24 * HOUR);
    const err = await caught(async () =>
      rotator().stillInUse?.(at(NOW), { previous: old.value, since: new Date(NOW - HOUR) }),
    );
    expect(isDocugenError(err, 'ROTATION_PROVIDER_PERMISSION_DENIED')).toBe(true);
    expect((err as { details: Record<string, unknown> }).details).toMatchObject({ action: 'iam:GetAccessKeyLastUsed' });
    expect((err as Error).message).toContain('lacks iam:GetAccessKeyLastUsed');
    expectNoSecrets([errorText(err)], fake.issuedSecrets());
  });
});
