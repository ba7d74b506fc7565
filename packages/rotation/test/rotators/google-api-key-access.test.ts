import { isDocugenError } from '@docugen-secrets/core';
import { FakeGoogleApis, type FakeKeyRestrictions } from '@docugen-secrets/local-emulators';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, describe, expect, it } from 'vitest';
import { accessAdvice } from '../../src/rotators/google-api-key/access-advice.js';
import { apiKeysClientAdapter } from '../../src/rotators/google-api-key/apikeys-client.js';
import { placesProbe } from '../../src/rotators/google-api-key/places-probe.js';
import { googleApiKeyRotator } from '../../src/rotators/google-api-key/rotator.js';
import type { FetchFn } from '../../src/rotators/upstream/http.js';
import { jsonValue } from '../../src/rotators/upstream/values.js';
import { caught, contextFor, errorText, expectNoSecrets, noWaitPolicy, realManifest } from './helpers.js';

const manifest = realManifest('google-places-api-key');
const PROJECT = 'docugen-maps-prod';
const PLACES_ONLY: FakeKeyRestrictions = { apiTargets: [{ service: 'places.googleapis.com' }] };

describe('accessAdvice', () => {
  it.each([
    [
      'SERVICE_DISABLED',
      { service: 'places.googleapis.com', containerInfo: '123456789012', consumer: 'projects/123456789012' },
      ['the API places.googleapis.com is disabled in project 123456789012', 'gcloud services enable'],
    ],
    [
      'USER_PROJECT_DENIED',
      { consumer: 'projects/billing-elsewhere', service: 'places.googleapis.com' },
      ['project billing-elsewhere', 'serviceusage.services.use', 'roles/serviceusage.serviceUsageConsumer'],
    ],
  ])('%s names what to enable or grant, and where', (reason, metadata, expected) => {
    const advice = accessAdvice({ reason, metadata }) ?? '';
    for (const part of expected) expect(advice).toContain(part);
  });

  it('gives no advice for refusals of the key itself', () => {
    expect(accessAdvice({ reason: 'API_KEY_INVALID', metadata: {} })).toBeUndefined();
    expect(accessAdvice({ reason: 'API_KEY_SERVICE_BLOCKED', metadata: { service: 'x' } })).toBeUndefined();
  });

  it('quotes and escapes names from the answer that do not look like ids (no line breaks, no workflow commands)', () => {
    const advice =
      accessAdvice({
        reason: 'SERVICE_DISABLED',
        metadata: { service: 'evil\n::error::owned', containerInfo: '\u001b[31mred ##[group]' },
      }) ?? '';
    expect(advice).not.toContain('\n');
    expect(advice).not.toContain('\u001b');
    expect(advice).not.toContain('##[');
    expect(advice).toContain('"evil\\n::error::owned"');
  });
});

describe('google-api-key rotator: the project or the caller refused', () => {
  let fake: FakeGoogleApis | undefined;
  let adapter: ReturnType<typeof apiKeysClientAdapter> | undefined;
  afterEach(async () => {
    await adapter?.close();
    await fake?.close();
  });

  async function start(options: Parameters<typeof FakeGoogleApis.start>[0], fetchFn?: FetchFn) {
    const f = await FakeGoogleApis.start({ operationPolls: 1, ...options });
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: f.accessToken, expiry_date: Date.now() + 3_600_000 });
    const a = apiKeysClientAdapter({
      authClient: auth,
      apiEndpoint: '127.0.0.1',
      port: f.port,
      protocol: 'http',
      retry: noWaitPolicy(3),
    });
    fake = f;
    adapter = a;
    const places = placesProbe({ baseUrl: f.url, ...(fetchFn === undefined ? {} : { fetch: fetchFn }) });
    const rotator = googleApiKeyRotator({ keys: a, places }, { propagation: noWaitPolicy(3) });
    const k = f.seedKey(PROJECT, { displayName: 'places key (manual)', restrictions: PLACES_ONLY });
    const current = jsonValue({ keyId: k.name.split('/').pop() ?? '', keyName: k.name, keyString: k.keyString });
    return { fake: f, rotator, current };
  }

  it('Places disabled in the project: the failed test says to enable places.googleapis.com there', async () => {
    const { fake: f, rotator, current } = await start({ placesDisabledProjects: [PROJECT] });
    const ctx = contextFor(manifest);
    const outcome = await rotator.test(ctx, { pending: current });
    const reason = outcome.ok ? '' : outcome.reason;
    expect(reason).toContain('(SERVICE_DISABLED)');
    expect(reason).toContain(`the API places.googleapis.com is disabled in project ${f.projectNumber(PROJECT)}`);
    expect(f.calls('SearchText')).toBe(1); // not retried: enabling an API is a human's step
    expectNoSecrets([reason, ctx.logger.text()], f.issuedSecrets());
  });

  it('a quota project the caller may not use: the failed test names the permission to grant', async () => {
    const withUserProject: FetchFn = (url, init) =>
      fetch(url, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), 'x-goog-user-project': 'other-billing' },
      });
    const { fake: f, rotator, current } = await start({}, withUserProject);
    const ctx = contextFor(manifest);
    const outcome = await rotator.test(ctx, { pending: current });
    const reason = outcome.ok ? '' : outcome.reason;
    expect(reason).toContain('(USER_PROJECT_DENIED)');
    expect(reason).toContain('project other-billing');
    expect(reason).toContain('serviceusage.services.use');
    expectNoSecrets([reason, ctx.logger.text()], f.issuedSecrets());
  });

  it('the API Keys API disabled: a PERMISSION_DENIED error naming apikeys.googleapis.com, not retried', async () => {
    const { fake: f, rotator, current } = await start({ apiKeysDisabledProjects: [PROJECT] });
    const ctx = contextFor(manifest);
    const err = await caught(() => rotator.create(ctx, { token: '5c1e3f9a-2b3c-5d4e-9f5a-6b7c8d9e0f1a', current }));
    expect(isDocugenError(err, 'ROTATION_PROVIDER_PERMISSION_DENIED')).toBe(true);
    expect((err as Error).message).toContain('the API apikeys.googleapis.com is disabled in project');
    expect(f.calls('ListKeys') + f.calls('GetKey') + f.calls('CreateKey')).toBe(0);
    expectNoSecrets([errorText(err), ctx.logger.text()], f.issuedSecrets());
  });
});
