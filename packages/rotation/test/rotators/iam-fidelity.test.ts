import { IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { isDocugenError } from '@docugen-secrets/core';
import { FakeAwsIam } from '@docugen-secrets/local-emulators';
import { afterEach, describe, expect, it } from 'vitest';
import { iamAccessKeyRotator } from '../../src/rotators/iam-access-key/rotator.js';
import { iamSdkAdapter } from '../../src/rotators/iam-access-key/sdk-adapter.js';
import { jsonValue } from '../../src/rotators/upstream/values.js';
import { caught, contextFor, realManifest } from './helpers.js';

const manifest = realManifest('document-storage-s3-access-key');
const USER = 'docugen-document-store';
const TOKEN = '9f3a1b2c-4d5e-5f6a-8b7c-8d9e0f1a2b3c';
const T0 = Date.parse('2025-01-01T00:00:00Z');

/** IAM behaviours the emulator now has: signing region, paging, last use to the minute. */
describe('aws-iam-access-key rotator against IAM signing and paging rules', () => {
  let fake: FakeAwsIam;
  afterEach(() => fake.close());

  it('signs IAM for us-east-1 even when the run is in another region (the emulator, like IAM, refuses any other scope)', async () => {
    fake = await FakeAwsIam.start({ now: () => new Date(T0) });
    fake.addUser(USER);
    const wrong = new IAMClient({
      region: 'eu-west-1',
      endpoint: fake.url,
      credentials: fake.adminCredentials,
      maxAttempts: 1,
    });
    const refused = await caught(() => wrong.send(new ListAccessKeysCommand({ UserName: USER })));
    wrong.destroy();
    expect((refused as Error).name).toBe('SignatureDoesNotMatch');
    const port = iamSdkAdapter({
      region: 'eu-west-1',
      iamEndpoint: fake.url,
      stsEndpoint: fake.url,
      credentials: fake.adminCredentials,
      maxAttempts: 1,
    });
    await expect(port.listAccessKeys(USER)).resolves.toEqual([]);
  });

  it('follows ListAccessKeys pages: both tracked keys are seen, so a full quota is refused, not overrun', async () => {
    fake = await FakeAwsIam.start({ now: () => new Date(T0), listPageSize: 1 });
    const previous = fake.seedAccessKey(USER, { createDate: new Date(T0 - 2 * 86_400_000) });
    const current = fake.seedAccessKey(USER, { createDate: new Date(T0 - 86_400_000) });
    const admin = new IAMClient({
      region: 'us-east-1',
      endpoint: fake.url,
      credentials: fake.adminCredentials,
      maxAttempts: 1,
    });
    const page = await admin.send(new ListAccessKeysCommand({ UserName: USER }));
    admin.destroy();
    expect(page).toMatchObject({
      IsTruncated: true,
      AccessKeyMetadata: [expect.objectContaining({ AccessKeyId: previous.accessKeyId })],
    });
    const port = iamSdkAdapter({
      iamEndpoint: fake.url,
      stsEndpoint: fake.url,
      credentials: fake.adminCredentials,
      maxAttempts: 1,
    });
    expect((await port.listAccessKeys(USER)).map((k) => k.accessKeyId)).toEqual([
      previous.accessKeyId,
      current.accessKeyId,
    ]);
    const value = (k: typeof current) => jsonValue({ ...k, userName: USER });
    const err = await caught(() =>
      iamAccessKeyRotator(port).create(contextFor(manifest), {
        token: TOKEN,
        current: value(current),
        previous: value(previous),
      }),
    );
    expect(isDocugenError(err, 'ROTATION_PROVIDER_KEY_LIMIT')).toBe(true);
    expect(fake.calls('CreateAccessKey')).toBe(0);
  });

  it('reports last use to the minute, as IAM does', async () => {
    let now = Date.parse('2025-03-01T12:34:56.789Z');
    fake = await FakeAwsIam.start({ now: () => new Date(now), usageReporting: { delayMs: 0 } });
    const key = fake.seedAccessKey(USER);
    const port = iamSdkAdapter({
      iamEndpoint: fake.url,
      stsEndpoint: fake.url,
      credentials: fake.adminCredentials,
      maxAttempts: 1,
    });
    await expect(port.callerIdentity(key)).resolves.toMatchObject({ ok: true });
    now += 1000;
    expect(await port.lastUsed(key.accessKeyId)).toEqual(new Date('2025-03-01T12:34:00Z'));
  });
});
