import { isDocugenError } from '@docugen-secrets/core';
import { FakeGoogleApis } from '@docugen-secrets/local-emulators';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiKeysClientAdapter } from '../../src/rotators/google-api-key/apikeys-client.js';
import { placesProbe } from '../../src/rotators/google-api-key/places-probe.js';
import { googleApiKeyRotator } from '../../src/rotators/google-api-key/rotator.js';
import { jsonValue } from '../../src/rotators/upstream/values.js';
import { caught, contextFor, errorText, expectNoSecrets, fieldsOf, noWaitPolicy, realManifest } from './helpers.js';

const manifest = realManifest('google-places-api-key');
const PROJECT = 'docugen-maps-prod';
const TOKEN = '4b0f2d8e-1a2b-5c3d-8e4f-5a6b7c8d9e0f';
const PLACES = { service: 'places.googleapis.com' };
const BROWSER = { apiTargets: [PLACES], browserKeyRestrictions: { allowedReferrers: ['*.docugen.io/*'] } };

/** A real google-auth-library client holding a fixed, unexpired token: no network, no metadata server. */
function staticAuth(token: string): OAuth2Client {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return auth;
}

describe('google-api-key rotator with @google-cloud/apikeys (REST transport) against the fake API Keys + Places', () => {
  let fake: FakeGoogleApis;
  let adapter: ReturnType<typeof apiKeysClientAdapter>;

  beforeEach(async () => {
    fake = await FakeGoogleApis.start({ propagationFailures: 2, operationPolls: 1 });
    adapter = apiKeysClientAdapter({
      authClient: staticAuth(fake.accessToken),
      apiEndpoint: '127.0.0.1',
      port: fake.port,
      protocol: 'http',
      retry: noWaitPolicy(4),
    });
  });
  afterEach(async () => {
    await adapter.close();
    await fake.close();
  });

  const rotator = () =>
    googleApiKeyRotator(
      { keys: adapter, places: placesProbe({ baseUrl: fake.url }) },
      { propagation: noWaitPolicy(6) },
    );
  const seedCurrent = (restrictions: Parameters<FakeGoogleApis['seedKey']>[1]['restrictions'] = BROWSER) => {
    const k = fake.seedKey(PROJECT, { displayName: 'places key (manual)', restrictions });
    return jsonValue({ keyId: k.name.split('/').pop() ?? '', keyName: k.name, keyString: k.keyString });
  };
  const liveOfToken = () => fake.keys(PROJECT).filter((k) => !k.deleted && k.displayName.includes(TOKEN));

  it('creates a key copying the old restrictions, tests it through propagation, retires the old one idempotently', async () => {
    const ctx = contextFor(manifest);
    const current = seedCurrent();
    const r = rotator();
    const pending = await r.create(ctx, { token: TOKEN, current });
    const fields = fieldsOf(pending);
    expect(Object.keys(fields).sort()).toEqual(['keyId', 'keyName', 'keyString']);
    expect(fields['keyName']).toBe(`projects/${fake.projectNumber(PROJECT)}/locations/global/keys/${fields['keyId']}`); // the API names keys by project number
    expect(liveOfToken()).toEqual([
      expect.objectContaining({
        name: fields['keyName'],
        restrictions: { apiTargets: [PLACES], browserKeyRestrictions: { allowedReferrers: ['*.docugen.io/*'] } },
      }),
    ]);

    await r.set(ctx, { pending, current });
    expect(fake.calls('UpdateKey')).toBe(0); // already right
    await expect(r.test(ctx, { pending })).resolves.toEqual({ ok: true }); // with a Referer the key admits
    expect(fake.calls('SearchText')).toBe(3);

    await r.retire(ctx, { previous: current });
    await r.retire(ctx, { previous: current });
    const old = fake.keys(PROJECT).find((k) => k.name === fieldsOf(current)['keyName']);
    expect(old?.deleted).toBe(true); // soft-deleted: still there, recoverable
    expect(fake.calls('DeleteKey')).toBe(1);
    expect('stillInUse' in r).toBe(false); // no last-used signal: the overlap alone decides
    expectNoSecrets([ctx.logger.text()], fake.issuedSecrets());
  });

  it('without an old key, restricts the new key to the manifest apiTargets', async () => {
    const pending = await rotator().create(contextFor(manifest), { token: TOKEN });
    expect(liveOfToken()[0]?.restrictions).toEqual({ apiTargets: [PLACES] });
    expect(fieldsOf(pending)['keyString']).toMatch(/^AIza/);
  });

  it('a crash after CreateKey but before the store write: the rerun adopts the same key', async () => {
    const ctx = contextFor(manifest);
    const current = seedCurrent();
    const first = await rotator().create(ctx, { token: TOKEN, current });
    const again = await rotator().create(ctx, { token: TOKEN, current });
    expect(again).toEqual(first);
    expect(liveOfToken()).toHaveLength(1);
    expect(fake.calls('CreateKey')).toBe(1);
  });

  it('set repairs restrictions that drifted on the pending key', async () => {
    const ctx = contextFor(manifest);
    const current = seedCurrent();
    const pending = await rotator().create(ctx, { token: TOKEN, current });
    await adapter.updateRestrictions(fieldsOf(pending)['keyName'] ?? '', {
      apiTargets: [{ service: 'translate.googleapis.com', methods: [] }],
    });
    await rotator().set(ctx, { pending, current });
    expect(liveOfToken()[0]?.restrictions).toEqual(BROWSER);
  });

  it('retries 429, 500 and dropped connections; a twin from a retried create is deleted', async () => {
    fake.faults.inject({ operation: 'ListKeys', kind: 'throttle', times: 1 });
    fake.faults.inject({ operation: 'CreateKey', kind: 'drop-after-write', times: 1 });
    fake.faults.inject({ operation: 'GetKeyString', kind: 'server-error', times: 2 });
    const ctx = contextFor(manifest);
    const pending = await rotator().create(ctx, { token: TOKEN });
    expect(fake.calls('CreateKey')).toBe(2);
    expect(liveOfToken().map((k) => k.name)).toEqual([fieldsOf(pending)['keyName']]);
    expect(fake.keys(PROJECT).filter((k) => k.deleted)).toHaveLength(1);
    expectNoSecrets([ctx.logger.text()], fake.issuedSecrets());
  });

  it('discard soft-deletes the pending key; again is a no-op', async () => {
    const ctx = contextFor(manifest);
    const r = rotator();
    const pending = await r.create(ctx, { token: TOKEN });
    await r.discard(ctx, { pending });
    await r.discard(ctx, { pending });
    expect(liveOfToken()).toEqual([]);
    expect(isDocugenError(await caught(() => r.set(ctx, { pending })), 'ROTATION_PROVIDER_KEY_MISSING')).toBe(true);
  });

  it('test fails when the copied restrictions block the Places API; an IP-restricted key is verified through the API Keys API', async () => {
    const ctx = contextFor(manifest);
    const r = rotator();
    const blocked = await r.create(ctx, {
      token: TOKEN,
      current: seedCurrent({ apiTargets: [{ service: 'translate.googleapis.com' }] }),
    });
    const outcome = await r.test(ctx, { pending: blocked });
    expect(outcome).toEqual({
      ok: false,
      reason: 'the Places API answered HTTP 403 PERMISSION_DENIED (API_KEY_SERVICE_BLOCKED) after 6 attempt(s)',
    });
    const server = seedCurrent({ apiTargets: [PLACES], serverKeyRestrictions: { allowedIps: ['203.0.113.7'] } });
    await expect(r.test(ctx, { pending: server })).resolves.toMatchObject({
      ok: true,
      detail: expect.stringContaining('verified through the API Keys API') as unknown,
    });
    expectNoSecrets([ctx.logger.text(), JSON.stringify(outcome)], fake.issuedSecrets());
  });

  it('persistent failures become ROTATION_PROVIDER_CALL_FAILED without any secret', async () => {
    fake.faults.inject({ operation: 'GetKeyString', kind: 'server-error' });
    const ctx = contextFor(manifest);
    const err = await caught(() => rotator().create(ctx, { token: TOKEN }));
    expect(isDocugenError(err, 'ROTATION_PROVIDER_CALL_FAILED')).toBe(true);
    expect(fake.calls('GetKeyString')).toBe(4);
    const bad = await caught(() => rotator().retire(ctx, { previous: { kind: 'string', value: 'AIzaCanaryNotJson' } }));
    expect(isDocugenError(bad, 'ROTATION_PROVIDER_BAD_VALUE')).toBe(true);
    expectNoSecrets(
      [errorText(err), errorText(bad), ctx.logger.text()],
      [...fake.issuedSecrets(), 'AIzaCanaryNotJson'],
    );
  });
});
