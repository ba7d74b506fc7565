import { isDocugenError } from '@docugen-secrets/core';
import { FakeGoogleApis, type FakeKeyRestrictions } from '@docugen-secrets/local-emulators';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiKeysClientAdapter } from '../../src/rotators/google-api-key/apikeys-client.js';
import { placesProbe } from '../../src/rotators/google-api-key/places-probe.js';
import { googleApiKeyRotator } from '../../src/rotators/google-api-key/rotator.js';
import { jsonValue } from '../../src/rotators/upstream/values.js';
import { caught, contextFor, errorText, expectNoSecrets, noWaitPolicy, realManifest } from './helpers.js';

const manifest = realManifest('google-places-api-key');
const PROJECT = 'docugen-maps-prod';
const TOKEN = '5c1e3f9a-2b3c-5d4e-9f5a-6b7c8d9e0f1a';
const PLACES = { service: 'places.googleapis.com' };
const ANDROID: FakeKeyRestrictions = {
  apiTargets: [PLACES],
  androidKeyRestrictions: {
    allowedApplications: [
      {
        packageName: 'io.docugen.editor',
        sha1Fingerprint: 'DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:18:90:AF:D8:07:09',
      },
    ],
  },
};
const IOS: FakeKeyRestrictions = {
  apiTargets: [PLACES],
  iosKeyRestrictions: { allowedBundleIds: ['io.docugen.editor'] },
};
const SERVER: FakeKeyRestrictions = { apiTargets: [PLACES], serverKeyRestrictions: { allowedIps: ['203.0.113.0/24'] } };

function staticAuth(token: string): OAuth2Client {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return auth;
}

/**
 * Keys restricted to clients (Android apps, iOS apps, server addresses): the
 * real Places API refuses a caller that does not present what the
 * restriction names, and the emulator does the same.
 */
describe('google-api-key rotator: testing keys restricted to clients', () => {
  let fake: FakeGoogleApis;
  let adapter: ReturnType<typeof apiKeysClientAdapter>;

  beforeEach(async () => {
    fake = await FakeGoogleApis.start({ propagationFailures: 1, operationPolls: 1, placesCallerIp: '198.51.100.20' });
    adapter = apiKeysClientAdapter({
      authClient: staticAuth(fake.accessToken),
      apiEndpoint: '127.0.0.1',
      port: fake.port,
      protocol: 'http',
      retry: noWaitPolicy(3),
    });
  });
  afterEach(async () => {
    await adapter.close();
    await fake.close();
  });

  const rotator = () =>
    googleApiKeyRotator(
      { keys: adapter, places: placesProbe({ baseUrl: fake.url }) },
      { propagation: noWaitPolicy(4) },
    );
  const seed = (restrictions: FakeKeyRestrictions) => {
    const k = fake.seedKey(PROJECT, { displayName: 'places key (manual)', restrictions });
    return jsonValue({ keyId: k.name.split('/').pop() ?? '', keyName: k.name, keyString: k.keyString });
  };

  it.each([
    ['Android', ANDROID],
    ['iOS', IOS],
  ])(
    'a rotated %s key passes its Places test by presenting the app the restriction names',
    async (_label, restrictions) => {
      const ctx = contextFor(manifest);
      const r = rotator();
      const current = seed(restrictions);
      const pending = await r.create(ctx, { token: TOKEN, current });
      await r.set(ctx, { pending, current });
      await expect(r.test(ctx, { pending })).resolves.toEqual({ ok: true });
      expect(fake.calls('LookupKey')).toBe(0);
      expectNoSecrets([ctx.logger.text()], fake.issuedSecrets());
    },
  );

  it('a server key the runner cannot call from is verified through the API Keys API, and the outcome says so', async () => {
    const ctx = contextFor(manifest);
    const r = rotator();
    const current = seed(SERVER);
    const pending = await r.create(ctx, { token: TOKEN, current });
    const outcome = await r.test(ctx, { pending });
    expect(outcome).toEqual({ ok: true, detail: expect.stringContaining('API_KEY_IP_ADDRESS_BLOCKED') as unknown });
    expect(outcome.ok && outcome.detail).toContain('verified through the API Keys API');
    expect(fake.calls('LookupKey')).toBe(1);
    expectNoSecrets([ctx.logger.text(), JSON.stringify(outcome)], fake.issuedSecrets());
  });

  it('the API Keys check fails when the stored key string belongs to another key', async () => {
    const ctx = contextFor(manifest);
    const a = fake.seedKey(PROJECT, { displayName: 'a', restrictions: SERVER });
    const b = fake.seedKey(PROJECT, { displayName: 'b', restrictions: SERVER });
    const mixed = jsonValue({ keyId: a.name.split('/').pop() ?? '', keyName: a.name, keyString: b.keyString });
    const outcome = await rotator().test(ctx, { pending: mixed });
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.reason).toContain(`belongs to ${b.name}`);
    expectNoSecrets([ctx.logger.text(), outcome.ok ? '' : outcome.reason], fake.issuedSecrets());
  });

  it('a failing LookupKey is a coded error that never carries the key string (it travels in the query)', async () => {
    fake.faults.inject({ operation: 'LookupKey', kind: 'server-error' });
    const ctx = contextFor(manifest);
    const current = seed(SERVER);
    const err = await caught(() => rotator().test(ctx, { pending: current }));
    expect(isDocugenError(err, 'ROTATION_PROVIDER_CALL_FAILED')).toBe(true);
    expectNoSecrets([errorText(err), ctx.logger.text()], fake.issuedSecrets());
  });
});
