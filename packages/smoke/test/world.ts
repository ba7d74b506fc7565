import { cryptoRandom } from '@docugen-secrets/core';
import { MemoryAuditLog } from '@docugen-secrets/audit';
import { AwsSource, type ClientValue, type SecretSource } from '@docugen-secrets/client';
import type { SecretManifest } from '@docugen-secrets/manifest';
import { builtinRotators } from '@docugen-secrets/rotation';
import { startSecretsManagerServer, type RunningSecretsManagerServer } from '@docugen-secrets/secrets-manager-server';
import { AwsSecretsManagerStore, RateLimiter } from '@docugen-secrets/store-aws';
import { MemoryLogger } from '@docugen-secrets/test-support';
import { SimulatedTime, type SmokePorts } from '../src/index.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A canary like secrets-manifests/smoke-canary.yaml. */
export function canaryManifest(overrides: Partial<SecretManifest> = {}): SecretManifest {
  return {
    apiVersion: 'docugen.io/secrets/v1',
    id: 'smoke-canary',
    description: 'Canary secret of the smoke test.',
    environment: 'staging',
    owner: { team: 'security-engineering', handles: ['@nadia-haddad'] },
    oncall: { team: '@docugen/security-oncall' },
    classification: 'internal',
    smoke: true,
    consumers: [{ service: 'smoke-consumer', reload: { kind: 'live-client', refreshInterval: 'PT1M' } }],
    backend: { kind: 'aws-secrets-manager', name: 'staging/smoke/canary', region: 'eu-west-1' },
    rotation: {
      kind: 'random-secret',
      strategy: 'alternating',
      length: 32,
      charset: 'base64url',
      cadence: 'P1D',
      overlap: 'PT10M',
    },
    expiry: { maxAge: 'P7D', warnBefore: ['P2D'] },
    runbook: 'docs/runbooks/smoke.md',
    ...overrides,
  };
}

/** A source that remembers every value it handed out, so tests can prove none reached a report. */
export class RecordingSource implements SecretSource {
  readonly kind: string;
  readonly seen = new Set<string>();
  readonly #inner: SecretSource;

  constructor(inner: SecretSource) {
    this.#inner = inner;
    this.kind = inner.kind;
  }

  versionIds(id: string): ReturnType<SecretSource['versionIds']> {
    return this.#inner.versionIds(id);
  }

  async values(id: string, versionIds: readonly string[]): Promise<ReadonlyMap<string, ClientValue>> {
    const out = await this.#inner.values(id, versionIds);
    for (const v of out.values()) if (v.kind === 'string') this.seen.add(v.value);
    return out;
  }
}

/** The real stack of a local smoke test: the Secrets Manager server on the simulated clock, the AWS store and source. */
export interface SmokeWorld {
  readonly sm: RunningSecretsManagerServer;
  readonly ports: SmokePorts;
  readonly source: RecordingSource;
  readonly audit: MemoryAuditLog;
  readonly logger: MemoryLogger;
  close(): Promise<void>;
}

export async function startSmokeWorld(consumer?: SmokePorts['consumer']): Promise<SmokeWorld> {
  const time = new SimulatedTime(new Date('2026-12-01T08:00:00Z'));
  const sm = await startSecretsManagerServer({ port: 0, region: 'eu-west-1', clock: time });
  const store = new AwsSecretsManagerStore({
    region: 'eu-west-1',
    endpoint: sm.endpoint,
    credentials,
    writeRateLimiter: () => new RateLimiter({ ratePerSecond: 1000, burst: 50 }),
  });
  const source = new RecordingSource(
    new AwsSource({
      secrets: { 'smoke-canary': 'staging/smoke/canary' },
      region: 'eu-west-1',
      endpoint: sm.endpoint,
      credentials,
    }),
  );
  const audit = new MemoryAuditLog();
  const logger = new MemoryLogger();
  const rotation = {
    rotators: builtinRotators(),
    audit,
    actor: { kind: 'local' as const, user: 'smoke-test' },
    clock: time,
    random: cryptoRandom,
    logger,
  };
  const ports: SmokePorts = { rotation, store, source, time, ...(consumer ? { consumer } : {}) };
  return {
    sm,
    ports,
    source,
    audit,
    logger,
    close: async () => {
      store.close();
      await sm.close();
    },
  };
}
