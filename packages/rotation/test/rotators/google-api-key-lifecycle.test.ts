import { isDocugenError } from '@docugen-secrets/core';
import { FakeGoogleApis } from '@docugen-secrets/local-emulators';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiKeysClientAdapter } from '../../src/rotators/google-api-key/apikeys-client.js';
import { placesProbe } from '../../src/rotators/google-api-key/places-probe.js';
import { googleApiKeyRotator } from '../../src/rotators/google-api-key/rotator.js';
import { World } from '../harness.js';
import { caught, contextFor, errorText, expectNoSecrets, fieldsOf, noWaitPolicy, realManifest } from './helpers.js';

const manifest = realManifest('google-places-api-key');
const PROJECT = 'docugen-maps-prod';
const TOKEN = '6d2f4a0b-3c4d-5e5f-8a6b-7c8d9e0f1a2b';

function staticAuth(token: string): OAuth2Client {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return auth;
}

/**
 * The API Keys API as it behaves upstream: key names carry the project
 * number, mutations answer an unfinished operation first (polled), the
 * CreateKey result carries the key string, and GetKey still answers a
 * soft-deleted key, with its deleteTime.
 */
describe('google-api-key rotator against the API Keys lifecycle', () => {
  let fake: FakeGoogleApis;
  let adapter: ReturnType<typeof apiKeysClientAdapter>;

  beforeEach(async () => {
    fake = await FakeGoogleApis.start({ projectNumbers: { [PROJECT]: '480213557702' } });
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
      { propagation: noWaitPolicy(3) },
    );

  it('names keys by project number though asked by project id, polls the unfinished operation, and a rerun still adopts its key', async () => {
    const ctx = contextFor(manifest);
    const first = fieldsOf(await rotator().create(ctx, { token: TOKEN }));
    expect(first['keyName']).toBe(`projects/480213557702/locations/global/keys/${first['keyId']}`);
    expect(fake.calls('GetOperation')).toBeGreaterThanOrEqual(1);
    const again = fieldsOf(await rotator().create(ctx, { token: TOKEN }));
    expect(again).toEqual(first);
    expect(fake.calls('CreateKey')).toBe(1);
    expectNoSecrets([ctx.logger.text()], fake.issuedSecrets());
  });

  it('GetKey answers a soft-deleted key with its deleteTime: retire and discard see it gone, set refuses it', async () => {
    const ctx = contextFor(manifest);
    const r = rotator();
    const pending = await r.create(ctx, { token: TOKEN });
    const name = fieldsOf(pending)['keyName'] ?? '';
    await r.discard(ctx, { pending });
    expect((await adapter.getKey(name))?.deleteTime).toBeInstanceOf(Date);
    await r.discard(ctx, { pending });
    await r.retire(ctx, { previous: pending });
    expect(fake.calls('DeleteKey')).toBe(1);
    expect(ctx.logger.records.filter((l) => l.fields['alreadyGone'] === true)).toHaveLength(2);
    expect(isDocugenError(await caught(() => r.set(ctx, { pending })), 'ROTATION_PROVIDER_KEY_MISSING')).toBe(true);
  });

  it('a failed operation poll after CreateKey (whose result carries the key string) leaves it out of the error', async () => {
    fake.faults.inject({ operation: 'GetOperation', kind: 'server-error' });
    const ctx = contextFor(manifest);
    const err = await caught(() => rotator().create(ctx, { token: TOKEN }));
    expect(isDocugenError(err)).toBe(true);
    expectNoSecrets([errorText(err), ctx.logger.text()], fake.issuedSecrets());
  });

  it('a whole life under the state machine (created, rotated, retired) puts no key string in a log, audit record or result', async () => {
    const w = new World('2025-01-01T00:00:00Z');
    w.rotators = { 'google-api-key': rotator() };
    const results = [];
    results.push(await w.rotate(manifest));
    w.at('2025-06-01T00:00:00Z');
    results.push(await w.rotate(manifest));
    w.at('2025-06-10T00:00:00Z');
    results.push(await w.rotate(manifest));
    expect(results.map((r) => r.kind)).toEqual(['created', 'rotated', 'retired']);
    expect(fake.keys(PROJECT).filter((k) => !k.deleted)).toHaveLength(1);
    expectNoSecrets([w.logger.text(), w.audit.lines.join('\n'), JSON.stringify(results)], fake.issuedSecrets());
  });
});
