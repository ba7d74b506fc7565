import { cryptoRandom, systemClock } from '@docugen-secrets/core';
import { MemoryAuditLog } from '@docugen-secrets/audit';
import { startSecretsManagerServer, type RunningSecretsManagerServer } from '@docugen-secrets/secrets-manager-server';
import { FakeAwsIam, FakeGoogleApis } from '@docugen-secrets/local-emulators';
import { AwsSecretsManagerStore, RateLimiter } from '@docugen-secrets/store-aws';
import { GitRepository, SopsStore } from '@docugen-secrets/store-sops';
import { generateAgeIdentity, parseIdentities, type AgeIdentity } from '@docugen-secrets/sops';
import type { SecretStore } from '@docugen-secrets/secret-store';
import {
  apiKeysClientAdapter,
  builtinRotators,
  iamAccessKeyRotator,
  iamSdkAdapter,
  placesProbe,
  providerRotators,
  type RotationDeps,
} from '@docugen-secrets/rotation';
import { GIT_IDENTITY, MemoryLogger, TempRepo } from '@docugen-secrets/test-support';
import { OAuth2Client } from 'google-auth-library';
import { IAM_USER } from './manifests.js';

/** How late the IAM emulator reports a key's use. */
const IAM_REPORT_DELAY_MS = 300;

/** When each version was promoted (ms) and of which secret, recorded by the stores as the rotator promotes. */
export type Promotions = Map<string, { readonly secretId: string; readonly at: number }>;

/**
 * The real rotation stack of a local run: the Secrets Manager server, the
 * provider emulators (Google API Keys + Places, IAM + STS), a SOPS store in a
 * temporary git checkout, the built-in and provider rotators with the real
 * SDK adapters. The stores are wrapped only to timestamp promotions.
 */
export interface World {
  readonly sm: RunningSecretsManagerServer;
  readonly emulators: { readonly google: FakeGoogleApis; readonly iam: FakeAwsIam };
  readonly checkout: string;
  readonly identities: readonly AgeIdentity[];
  readonly deps: RotationDeps;
  readonly promotions: Promotions;
  readonly audit: MemoryAuditLog;
  close(): Promise<void>;
}

function timestamped(store: SecretStore, promotions: Promotions): SecretStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'promote' || typeof v !== 'function')
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      return async (ref: Parameters<SecretStore['promote']>[0], versionId: string) => {
        await store.promote(ref, versionId);
        if (!promotions.has(versionId)) promotions.set(versionId, { secretId: ref.id, at: Date.now() });
      };
    },
  });
}

export async function startWorld(): Promise<World> {
  const sm = await startSecretsManagerServer({ port: 0, region: 'eu-west-1' });
  // IAM reports key use late (hours) and to the minute; compressed here like everything else, with the rotator's window to match.
  const emulators = {
    google: await FakeGoogleApis.start(),
    iam: await FakeAwsIam.start({ usageReporting: { delayMs: IAM_REPORT_DELAY_MS, granularityMs: 1 } }),
  };
  emulators.iam.addUser(IAM_USER);
  const repo = new TempRepo('docugen-zero-downtime-');
  repo.commit('root');
  const identities = await parseIdentities((await generateAgeIdentity()).identity, 'zero-downtime identity');
  const promotions: Promotions = new Map();
  const awsStore = new AwsSecretsManagerStore({
    region: 'eu-west-1',
    endpoint: sm.endpoint,
    credentials: { accessKeyId: 't', secretAccessKey: 't' },
    writeRateLimiter: () => new RateLimiter({ ratePerSecond: 1000, burst: 50 }),
  });
  const aws = timestamped(awsStore, promotions);
  const sops = timestamped(
    new SopsStore({
      repo: new GitRepository(repo.dir, { identity: GIT_IDENTITY }),
      identities,
      recipients: identities.map((i) => i.recipient),
    }),
    promotions,
  );
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: emulators.google.accessToken });
  const keys = apiKeysClientAdapter({
    authClient: auth,
    apiEndpoint: '127.0.0.1',
    port: emulators.google.port,
    protocol: 'http',
  });
  const providers = {
    ...providerRotators({ googleApiKeys: { keys, places: placesProbe({ baseUrl: emulators.google.url }) } }),
    'aws-iam-access-key': iamAccessKeyRotator(
      iamSdkAdapter({
        iamEndpoint: emulators.iam.url,
        stsEndpoint: emulators.iam.url,
        credentials: emulators.iam.adminCredentials,
      }),
      { lastUsedWindowMs: IAM_REPORT_DELAY_MS * 2 },
    ),
  };
  const audit = new MemoryAuditLog();
  const deps: RotationDeps = {
    store: (ref) => (ref.target.kind === 'sops' ? sops : ref.target.kind === 'aws-secrets-manager' ? aws : undefined),
    rotators: { ...builtinRotators(), ...providers },
    audit,
    actor: { kind: 'local', user: 'zero-downtime' },
    clock: systemClock,
    random: cryptoRandom,
    logger: new MemoryLogger(),
  };
  return {
    sm,
    emulators,
    checkout: repo.dir,
    identities,
    deps,
    promotions,
    audit,
    close: async () => {
      awsStore.close();
      await keys.close();
      await emulators.google.close();
      await emulators.iam.close();
      await sm.close();
    },
  };
}
