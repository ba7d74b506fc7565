import { randomUUID } from 'node:crypto';
import { GoogleAuth } from 'google-auth-library';
import { describe, expect, it } from 'vitest';
import { apiKeysClientAdapter } from '../../src/rotators/google-api-key/apikeys-client.js';
import { placesProbe } from '../../src/rotators/google-api-key/places-probe.js';
import type { ApiKeyRestrictions } from '../../src/rotators/google-api-key/port.js';
import { googleApiKeyRotator } from '../../src/rotators/google-api-key/rotator.js';
import { jsonValue } from '../../src/rotators/upstream/values.js';
import { contextFor, realManifest } from './helpers.js';

/**
 * The Google API key restriction probe against the real API Keys and Places
 * APIs. Runs only when DOCUGEN_GOOGLE_IT_PROJECT names a project with the
 * API Keys and Places (New) APIs enabled and GOOGLE_APPLICATION_CREDENTIALS
 * points at credentials allowed to manage its keys; otherwise it is reported
 * as skipped, with the reason. It rotates an Android-restricted and an
 * IP-restricted key (the probe presents the app; the IP key, which Places
 * will not serve this runner, is verified through the API Keys API), then
 * deletes every key it made (names carry the run id).
 */
const project = process.env['DOCUGEN_GOOGLE_IT_PROJECT'];
const hasCredentials = (process.env['GOOGLE_APPLICATION_CREDENTIALS'] ?? '') !== '';
const base = realManifest('google-places-api-key');
const PLACES = [{ service: 'places.googleapis.com', methods: [] }];
const CASES: readonly [string, ApiKeyRestrictions, RegExp | undefined][] = [
  [
    'Android',
    {
      apiTargets: PLACES,
      client: {
        kind: 'android',
        allowedApplications: [
          {
            packageName: 'io.docugen.it',
            sha1Fingerprint: 'DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:18:90:AF:D8:07:09',
          },
        ],
      },
    },
    undefined,
  ],
  [
    'server (IP)',
    { apiTargets: PLACES, client: { kind: 'server', allowedIps: ['192.0.2.1'] } },
    /verified through the API Keys API/,
  ],
];

if (project && hasCredentials) {
  describe('google-api-key rotator against the real API Keys + Places APIs (restriction probe)', () => {
    it.each(CASES)(
      'a rotated %s key passes its test',
      async (_label, restrictions, detail) => {
        const manifest = { ...base, rotation: { ...base.rotation, project } } as typeof base;
        const authClient = await new GoogleAuth({
          scopes: ['https://www.googleapis.com/auth/cloud-platform'],
        }).getClient();
        const keys = apiKeysClientAdapter({ authClient });
        const rotator = googleApiKeyRotator({ keys, places: placesProbe() });
        const run = randomUUID();
        const ctx = contextFor(manifest);
        try {
          const seeded = await keys.createKey(project, { displayName: `docugen-it ${run.slice(0, 8)}`, restrictions });
          const current = jsonValue({
            keyId: seeded.name.slice(seeded.name.lastIndexOf('/') + 1),
            keyName: seeded.name,
            keyString: await keys.getKeyString(seeded.name),
          });
          const pending = await rotator.create(ctx, { token: run, current });
          await rotator.set(ctx, { pending, current });
          const outcome = await rotator.test(ctx, { pending });
          expect(outcome.ok).toBe(true);
          if (detail) expect(outcome.ok ? outcome.detail : '').toMatch(detail);
        } finally {
          for (const k of await keys.listKeys(project))
            if (k.displayName.includes(run) || k.displayName.includes(run.slice(0, 8))) await keys.deleteKey(k.name);
          await keys.close();
        }
      },
      600_000,
    );
  });
} else {
  const why = project ? 'GOOGLE_APPLICATION_CREDENTIALS is not set' : 'DOCUGEN_GOOGLE_IT_PROJECT is not set';
  // eslint-disable-next-line no-console -- a skipped real-API run must say so in the test output
  console.info(`[rotation] real Google restriction-probe test skipped: ${why}`);
  describe('google-api-key rotator against the real API Keys + Places APIs (restriction probe)', () => {
    it.skip(`skipped: ${why} (set DOCUGEN_GOOGLE_IT_PROJECT and GOOGLE_APPLICATION_CREDENTIALS to run it)`, () =>
      undefined);
  });
}
