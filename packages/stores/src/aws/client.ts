import { SecretsManagerClient, type SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { RateLimiter } from '../rate-limiter.js';

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
  /** Attempts per call, including the first (SDK standard retry mode). Default 5. */
  readonly maxAttempts?: number;
  /**
   * Limiter for write calls in one region (each attempt takes a slot).
   * Default: 20 TPS with bursts of 5 — under half of AWS's shared 50 TPS
   * write quota, which other workloads in the account also use.
   */
  readonly writeRateLimiter?: (region: string) => RateLimiter;
  /**
   * Appended to the SDK's User-Agent, e.g. `docugen-secrets/0.1.0 run/123456`:
   * CloudTrail records it as `userAgent`, one more way to find this run's calls.
   */
  readonly userAgent?: string;
}

/** Operations that count against Secrets Manager's shared write quota. */
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
 * One client per region, each with its own write limiter. Retries: the SDK's
 * standard mode — exponential backoff with full jitter, a larger base delay
 * for throttling errors than for transient ones (500 ms vs 100 ms), and a
 * retry quota so an outage does not multiply traffic. Network errors
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
      retryMode: 'standard',
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
