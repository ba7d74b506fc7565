import { MemoryLogger } from '@docugen-secrets/test-support';
import {
  startSecretsManagerServer,
  type RunningSecretsManagerServer,
  type SecretsManagerServerOptions,
} from '@docugen-secrets/secrets-manager-server';
import type { SecretRef } from '@docugen-secrets/secret-store';
import { AwsSecretsManagerStore, RateLimiter, type AwsStoreConfig } from '../src/index.js';

export interface AwsHarness {
  readonly server: RunningSecretsManagerServer;
  readonly store: AwsSecretsManagerStore;
  readonly serverLog: MemoryLogger;
  readonly newRef: (id: string) => SecretRef;
  /** Another store on the same server: a second, independent rotator. */
  readonly anotherStore: (config?: Partial<AwsStoreConfig>) => AwsSecretsManagerStore;
  readonly close: () => Promise<void>;
}

let n = 0;

/** The AWS adapter against the local Secrets Manager server (no network, static test credentials). */
export async function awsHarness(
  options: { server?: SecretsManagerServerOptions; store?: Partial<AwsStoreConfig> } = {},
): Promise<AwsHarness> {
  const serverLog = new MemoryLogger();
  const server = await startSecretsManagerServer({ port: 0, logger: serverLog, ...options.server });
  const stores: AwsSecretsManagerStore[] = [];
  const make = (extra: Partial<AwsStoreConfig> = {}): AwsSecretsManagerStore => {
    const s = new AwsSecretsManagerStore({
      region: server.region,
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'AKIDTESTTESTTEST', secretAccessKey: 'test-secret-key' },
      writeRateLimiter: () => new RateLimiter({ ratePerSecond: 1000, burst: 100 }),
      ...options.store,
      ...extra,
    });
    stores.push(s);
    return s;
  };
  const store = make();
  return {
    server,
    store,
    serverLog,
    newRef: (id) => ({
      id,
      target: { kind: 'aws-secrets-manager', name: `docugen/test/${id}-${++n}`, region: server.region },
    }),
    anotherStore: make,
    close: async () => {
      for (const s of stores) s.close();
      await server.close();
    },
  };
}
