import { afterEach, describe, expect, it } from 'vitest';
import { FakeGoogleApis, type FakeGoogleApisOptions } from '../src/index.js';

let fake: FakeGoogleApis | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

type Restrictions = Parameters<FakeGoogleApis['seedKey']>[1]['restrictions'];

interface GoogleErrorBody {
  error: {
    code: number;
    status: string;
    message: string;
    details?: { '@type': string; reason: string; domain: string; metadata?: Record<string, string> }[];
  };
}

/** A Places text search with a seeded key (project `p1`) and the given extra headers and body. */
async function search(
  options: FakeGoogleApisOptions,
  restrictions: Restrictions,
  headers: Record<string, string> = {},
  body: unknown = { textQuery: 'DocuGen' },
): Promise<{ status: number; json: GoogleErrorBody & { places?: unknown[] }; consumer: string }> {
  fake = await FakeGoogleApis.start({ projectNumbers: { p1: '123456789012', p2: '210987654321' }, ...options });
  const { keyString } = fake.seedKey('p1', { displayName: 'k', restrictions });
  const res = await fetch(`${fake.url}/v1/places:searchText`, {
    method: 'POST',
    headers: { 'x-goog-api-key': keyString, 'x-goog-fieldmask': 'places.id', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as GoogleErrorBody,
    consumer: `projects/${fake.projectNumber('p1')}`,
  };
}

function errorInfo(json: GoogleErrorBody): NonNullable<GoogleErrorBody['error']['details']>[number] | undefined {
  return json.error.details?.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo');
}

const places = { apiTargets: [{ service: 'places.googleapis.com' }] };

describe('Places emulator: places:searchText as the real API answers it', () => {
  it('answers a request with a text query and a field mask', async () => {
    const { status, json } = await search({}, places);
    expect(status).toBe(200);
    expect(json.places).toHaveLength(1);
  });

  it.each([
    ['no body', {}],
    ['an empty text query', { textQuery: '  ' }],
    ['a text query that is not a string', { textQuery: 7 }],
  ])('rejects %s with 400 INVALID_ARGUMENT', async (_label, body) => {
    const { status, json } = await search({}, places, {}, body);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
  });

  it.each([
    [
      'an Android key without the app headers',
      { androidKeyRestrictions: { allowedApplications: [{ packageName: 'com.example', sha1Fingerprint: 'AB:CD' }] } },
      {},
      'API_KEY_ANDROID_APP_BLOCKED',
      { androidPackage: '<empty>' },
    ],
    [
      'an Android key with another certificate',
      { androidKeyRestrictions: { allowedApplications: [{ packageName: 'com.example', sha1Fingerprint: 'AB:CD' }] } },
      { 'x-android-package': 'com.example', 'x-android-cert': 'ABCE' },
      'API_KEY_ANDROID_APP_BLOCKED',
      { androidPackage: 'com.example' },
    ],
    [
      'an iOS key from another bundle',
      { iosKeyRestrictions: { allowedBundleIds: ['com.example.app'] } },
      { 'x-ios-bundle-identifier': 'com.other.app' },
      'API_KEY_IOS_APP_BLOCKED',
      { iosBundleId: 'com.other.app' },
    ],
    [
      'a browser key from another referrer',
      { browserKeyRestrictions: { allowedReferrers: ['https://app.example.com/*'] } },
      { referer: 'https://evil.example.net/' },
      'API_KEY_HTTP_REFERRER_BLOCKED',
      { httpReferrer: 'https://evil.example.net/' },
    ],
    [
      'a server key from another address',
      { serverKeyRestrictions: { allowedIps: ['203.0.113.0/24'] } },
      {},
      'API_KEY_IP_ADDRESS_BLOCKED',
      { ipAddress: '127.0.0.1' },
    ],
  ])(
    'refuses %s: 403 PERMISSION_DENIED with its ErrorInfo reason, domain and consumer',
    async (_label, restrictions: Restrictions, headers: Record<string, string>, reason, extra) => {
      const { status, json, consumer } = await search({}, restrictions, headers);
      expect(status).toBe(403);
      expect(json.error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
      expect(errorInfo(json)).toEqual({
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason,
        domain: 'googleapis.com',
        metadata: { ...extra, consumer, service: 'places.googleapis.com' },
      });
    },
  );

  it.each([
    ['Android', { 'x-android-package': 'com.example', 'x-android-cert': 'abcd' }],
    ['iOS', { 'x-ios-bundle-identifier': 'com.example.app' }],
    ['browser', { referer: 'https://app.example.com/page' }],
  ])('admits the %s client the restriction names', async (label, headers: Record<string, string>) => {
    const restrictions: Restrictions =
      label === 'Android'
        ? {
            androidKeyRestrictions: { allowedApplications: [{ packageName: 'com.example', sha1Fingerprint: 'AB:CD' }] },
          }
        : label === 'iOS'
          ? { iosKeyRestrictions: { allowedBundleIds: ['com.example.app'] } }
          : { browserKeyRestrictions: { allowedReferrers: ['https://app.example.com/*'] } };
    expect((await search({}, restrictions, headers)).status).toBe(200);
  });

  it('admits a server key from an allowed address (placesCallerIp)', async () => {
    const restrictions = { serverKeyRestrictions: { allowedIps: ['203.0.113.0/24'] } };
    expect((await search({ placesCallerIp: '203.0.113.9' }, restrictions)).status).toBe(200);
  });

  it('answers 403 SERVICE_DISABLED when the key project has Places disabled (named by id or number)', async () => {
    for (const named of ['p1', '123456789012']) {
      const { status, json, consumer } = await search({ placesDisabledProjects: [named] }, places);
      expect(status).toBe(403);
      expect(json.error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
      expect(errorInfo(json)).toMatchObject({
        reason: 'SERVICE_DISABLED',
        domain: 'googleapis.com',
        metadata: { consumer, service: 'places.googleapis.com', containerInfo: '123456789012' },
      });
      await fake?.close();
      fake = undefined;
    }
    expect((await search({ placesDisabledProjects: ['p2'] }, places)).status).toBe(200);
  });

  it('answers 403 USER_PROJECT_DENIED for an X-Goog-User-Project the caller may not bill', async () => {
    const { status, json } = await search({}, places, { 'x-goog-user-project': 'p2' });
    expect(status).toBe(403);
    expect(json.error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
    expect(errorInfo(json)).toMatchObject({
      reason: 'USER_PROJECT_DENIED',
      domain: 'googleapis.com',
      metadata: { consumer: 'projects/p2', service: 'places.googleapis.com' },
    });
  });

  it('admits the key own project and billable projects as X-Goog-User-Project', async () => {
    expect((await search({}, places, { 'x-goog-user-project': 'p1' })).status).toBe(200);
    await fake?.close();
    fake = undefined;
    expect((await search({ placesBillableProjects: ['p2'] }, places, { 'x-goog-user-project': 'p2' })).status).toBe(
      200,
    );
  });
});
