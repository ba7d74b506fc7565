import { FakeAwsIam, FakeGcs, FakeGoogleApis } from '@docugen-secrets/local-emulators';
import type { SecretManifest } from '@docugen-secrets/manifest';
import { OAuth2Client } from 'google-auth-library';
import { describe, expect, it } from 'vitest';
import { secretRef, type RotatorRegistry } from '../../src/index.js';
import {
  apiKeysClientAdapter,
  gcsHmacRestAdapter,
  iamSdkAdapter,
  placesProbe,
  providerRotators,
} from '../../src/rotators/providers.js';
import { World } from '../harness.js';
import { fieldsOf, noWaitPolicy, realManifest } from './helpers.js';

/**
 * The provider rotators under the real state machine, crashed at every
 * checkpoint (after each provider call and each store write) and rerun with
 * a fresh machine: each run must end with exactly the upstream keys the store
 * tracks — one key after the first value, current + previous after a
 * rotation, only current after retirement — and no orphan anywhere.
 */
interface Upstream {
  readonly rotators: RotatorRegistry;
  /** Ids of the live upstream keys. */
  live(): string[];
  /** The id a stored value names. */
  idOf(fields: Record<string, string>): string;
  close(): Promise<void>;
}

interface Subject {
  readonly name: string;
  readonly manifest: SecretManifest;
  start(): Promise<Upstream>;
}

const FAST = { propagation: noWaitPolicy(4) };
const fakeClock = (): (() => Date) => {
  let t = Date.parse('2024-12-01T00:00:00Z');
  return () => new Date((t += 1000));
};

const subjects: Subject[] = [
  {
    name: 'aws-iam-access-key',
    manifest: realManifest('document-storage-s3-access-key'),
    async start() {
      const fake = await FakeAwsIam.start({ accountId: '210987654321', propagationFailures: 1, now: fakeClock() });
      fake.addUser('docugen-document-store');
      const iam = iamSdkAdapter({
        iamEndpoint: fake.url,
        stsEndpoint: fake.url,
        credentials: fake.adminCredentials,
        maxAttempts: 2,
      });
      return {
        rotators: providerRotators({ iam }, FAST),
        live: () =>
          fake
            .accessKeys('docugen-document-store')
            .map((k) => k.accessKeyId)
            .sort(),
        idOf: (f) => f['accessKeyId'] ?? '',
        close: () => fake.close(),
      };
    },
  },
  {
    name: 'gcs-hmac-key',
    manifest: realManifest('document-storage-gcs-hmac-key'),
    async start() {
      const fake = await FakeGcs.start({ propagationFailures: 1, now: fakeClock() });
      const gcsHmac = gcsHmacRestAdapter({
        accessToken: () => Promise.resolve(fake.accessToken),
        jsonBaseUrl: fake.url,
        xmlBaseUrl: fake.url,
        retry: noWaitPolicy(2),
      });
      const sa = 'document-replica@docugen-storage-dr.iam.gserviceaccount.com';
      fake.addServiceAccount(sa);
      const live = () =>
        fake
          .hmacKeys(sa)
          .filter((k) => k.state !== 'DELETED')
          .map((k) => k.accessId)
          .sort();
      return {
        rotators: providerRotators({ gcsHmac }, FAST),
        live,
        idOf: (f) => f['accessId'] ?? '',
        close: () => fake.close(),
      };
    },
  },
  {
    name: 'google-api-key',
    manifest: realManifest('google-places-api-key'),
    async start() {
      const fake = await FakeGoogleApis.start({ propagationFailures: 1, now: fakeClock() });
      const auth = new OAuth2Client();
      auth.setCredentials({ access_token: fake.accessToken, expiry_date: Date.now() + 3_600_000 });
      const keys = apiKeysClientAdapter({
        authClient: auth,
        apiEndpoint: '127.0.0.1',
        port: fake.port,
        protocol: 'http',
        retry: noWaitPolicy(2),
      });
      const live = () =>
        fake
          .keys('docugen-maps-prod')
          .filter((k) => !k.deleted)
          .map((k) => k.name)
          .sort();
      const close = async () => {
        await keys.close();
        await fake.close();
      };
      return {
        rotators: providerRotators({ googleApiKeys: { keys, places: placesProbe({ baseUrl: fake.url }) } }, FAST),
        live,
        idOf: (f) => f['keyName'] ?? '',
        close,
      };
    },
  },
];

const T0 = '2025-01-01T00:00:00Z';
const DUE = '2025-06-01T00:00:00Z'; // past every cadence
const LATER = '2025-06-10T00:00:00Z'; // past every overlap

async function stored(
  w: World,
  m: SecretManifest,
  stage: 'current' | 'previous',
  up: Upstream,
): Promise<string | undefined> {
  const v = await w.memory.getValue(secretRef(m), stage);
  return v ? up.idOf(fieldsOf(v.value)) : undefined;
}

/** One full life: first value, a rotation, the retirement; checks upstream after each stage. */
async function life(
  subject: Subject,
  crashAt?: number,
): Promise<{ checkpoints: number; crashes: number; kinds: string[] }> {
  const up = await subject.start();
  const w = new World(T0, crashAt, subject.name);
  w.rotators = up.rotators;
  const m = subject.manifest;
  try {
    w.at(T0);
    // After a crash the rerun may find the work done ('not-due'): kinds are checked on clean runs only.
    const kinds = [(await w.rotate(m)).kind];
    expect(up.live()).toEqual([await stored(w, m, 'current', up)]);

    w.at(DUE);
    kinds.push((await w.rotate(m)).kind);
    const [cur, prev] = [await stored(w, m, 'current', up), await stored(w, m, 'previous', up)];
    expect(up.live()).toEqual([cur, prev].sort());

    w.at(LATER);
    kinds.push((await w.rotate(m)).kind);
    expect(up.live()).toEqual([await stored(w, m, 'current', up)]);
    expect(await stored(w, m, 'previous', up)).toBeUndefined();
    return { checkpoints: w.checkpoints, crashes: w.crashes.length, kinds };
  } finally {
    await up.close();
  }
}

describe.each(subjects)('$name under the state machine, crashed at every step', (subject) => {
  it('converges to exactly the tracked upstream keys', async () => {
    const clean = await life(subject);
    expect(clean.kinds).toEqual(['created', 'rotated', 'retired']);
    expect(clean.checkpoints).toBeGreaterThan(8);
    for (let k = 1; k <= clean.checkpoints; k++) {
      const run = await life(subject, k);
      expect(run.crashes, `crash at checkpoint ${k}`).toBe(1);
    }
  }, 120_000);
});
