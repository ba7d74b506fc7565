import { SecretsManagerClient, type SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { RateLimiter } from './rate-limiter.js';

/**
 * Configuration of the AWS adapter, built by the entrypoint from the manifest
 * and the action inputs. Without `credentials` the SDK's default chain is used
 * (in GitHub Actions: the OIDC web-identity role set up by
 * aws-actions/configure-aws-credentials). The library never reads process.env.
 */
export interface AwsStoreConfig {
  /** Default region; a secret's own region (from its target) wins. */
  readonly region: string;
  /** Custom endpoint, e.g. the local Secrets Manager server in tests. */
  readonly endpoint?: string;
  readonly credentials?: SecretsManagerClientConfig['credentials'];
  /** Attempts per call, including the first. Default 5. */
  readonly maxAttempts?: number;
  /**
   * The SDK's retry mode. Default `standard`: exponential backoff with jitter,
   * a longer base delay after throttling. `adaptive` also slows the client
   * down after throttling responses (a client-side rate that adapts).
   */
  readonly retryMode?: 'standard' | 'adaptive';
  /**
   * Limiter for write calls in one region (each attempt takes a slot).
   * Default DEFAULT_WRITE_RATE: 20 TPS with bursts of 5, under half of the
   * 50 TPS that PutSecretValue and UpdateSecretVersionStage share in an
   * account and Region (other workloads use it too).
   */
  readonly writeRateLimiter?: (region: string) => RateLimiter;
  /**
   * Appended to the SDK's User-Agent, e.g. `docugen-secrets/0.1.0 run/123456`:
   * CloudTrail records it as `userAgent`, one more way to find this run's calls.
   */
  readonly userAgent?: string;
}

/**
 * Operations the client-side limiter spaces out. AWS meters them in separate
 * buckets (quota table of
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html):
 * "Combined rate of PutSecretValue, RemoveRegionsFromReplication,
 * ReplicateSecretToRegion, StopReplicationToReplica, UpdateSecret, and
 * UpdateSecretVersionStage API requests" 50/s; "Combined rate of TagResource
 * and UntagResource API requests" 50/s; CreateSecret, DeleteSecret and
 * RestoreSecret 50/s each. One limiter under the smallest of them covers all
 * buckets at once: a rotation's writes are almost all in the first.
 */
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  'CreateSecretCommand',
  'PutSecretValueCommand',
  'UpdateSecretVersionStageCommand',
  'UpdateSecretCommand',
  'TagResourceCommand',
  'UntagResourceCommand',
  'DeleteSecretCommand',
]);

export const DEFAULT_WRITE_RATE = { ratePerSecond: 20, burst: 5 } as const;

/**
 * One client per region, each with its own write limiter. Credentials: the
 * SDK's default provider chain unless the entrypoint passes some (env keys,
 * shared profile, web identity, container/instance roles). Retries: the SDK's
 * standard mode — exponential backoff with full jitter, a larger base delay
 * for throttling errors than for transient ones (500 ms vs 100 ms), and a
 * retry quota so an outage does not multiply traffic; this is the "backoff
 * and retry strategy" AWS asks for on throttling and transient errors
 * (reference_limits.html, "Add retries to your application"). Network errors
 * (ECONNRESET after a write) are retried with the same ClientRequestToken,
 * which AWS treats as a replay.
 */
export class AwsClients {
  readonly #config: AwsStoreConfig;
  readonly #clients = new Map<string, SecretsManagerClient>();

  constructor(config: AwsStoreConfig) {
    this.#config = config;
  }

  for(region: string | undefined): SecretsManagerClient {
    const r = region ?? this.#config.region;
    let client = this.#clients.get(r);
    if (!client) {
      client = this.#build(r);
      this.#clients.set(r, client);
    }
    return client;
  }

  destroy(): void {
    for (const c of this.#clients.values()) c.destroy();
    this.#clients.clear();
  }

  #build(region: string): SecretsManagerClient {
    const c = this.#config;
    const client = new SecretsManagerClient({
      region,
      retryMode: c.retryMode ?? 'standard',
      maxAttempts: c.maxAttempts ?? 5,
      ...(c.endpoint === undefined ? {} : { endpoint: c.endpoint }),
      ...(c.credentials === undefined ? {} : { credentials: c.credentials }),
      ...(c.userAgent === undefined ? {} : { customUserAgent: c.userAgent }),
    });
    const limiter = c.writeRateLimiter?.(region) ?? new RateLimiter(DEFAULT_WRITE_RATE);
    // finalizeRequest/low runs inside the retry middleware (finalizeRequest/high): every attempt takes a slot.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (WRITE_OPERATIONS.has(context.commandName ?? '')) await limiter.acquire();
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'docugenWriteRateLimit' },
    );
    return client;
  }
}
