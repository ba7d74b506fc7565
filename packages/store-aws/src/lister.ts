import { ListSecretsCommand, type Filter, type SecretListEntry } from '@aws-sdk/client-secrets-manager';
import type { SecretRef } from '@docugen-secrets/secret-store';
import { AwsClients, type AwsStoreConfig } from './client.js';
import { tagRecord } from './convert.js';
import { mapAwsError } from './errors.js';
import { RateLimiter } from './rate-limiter.js';

/**
 * A secret as ListSecrets reports it: metadata only (ListSecrets never
 * returns a value), and only what drift compares. Every field is present
 * (undefined when AWS leaves it out): one literal of one shape per secret,
 * which matters when a listing keeps 10,000 of them.
 */
export interface ListedSecret {
  readonly name: string;
  readonly region: string;
  readonly kmsKeyId: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  /** `CreatedDate` as epoch milliseconds (a number kept per secret instead of the SDK's Date: less to hold in a large listing). */
  readonly createdAtMs: number | undefined;
  /** `LastChangedDate` as epoch milliseconds. */
  readonly lastChangedAtMs: number | undefined;
  /** Version id → staging labels (`SecretVersionsToStages`). */
  readonly versions: Readonly<Record<string, readonly string[]>>;
}

/** ListSecrets filters (both prefix matches, case-sensitive: API_Filter). */
export type ListFilter =
  { readonly kind: 'tag-key'; readonly key: string } | { readonly kind: 'name-prefix'; readonly prefix: string };

/**
 * ListSecrets is metered alone at 100 requests per second per account and
 * Region (AWS raised it to 100 in Nov 2022; "Secrets Manager quotas",
 * reference_limits.html). The bucket holds one second of that quota (burst
 * 100) and refills at half of it (50 per second, room for everyone else in
 * the account): a drift run over 10,000 secrets is 100 pages and goes
 * through without a wait, a larger estate or repeated runs settle at 50
 * per second. A throttling answer slows the client further: the lister's
 * SDK client runs in adaptive retry mode (see AwsSecretLister).
 */
export const DEFAULT_LIST_RATE = { ratePerSecond: 50, burst: 100 } as const;

export interface AwsListerConfig extends AwsStoreConfig {
  /** Spaces ListSecrets calls in one region. Default DEFAULT_LIST_RATE. */
  readonly listRateLimiter?: (region: string) => RateLimiter;
}

function awsFilter(f: ListFilter): Filter {
  return f.kind === 'tag-key' ? { Key: 'tag-key', Values: [f.key] } : { Key: 'name', Values: [f.prefix] };
}

const hasName = (e: SecretListEntry): e is SecretListEntry & { Name: string } => e.Name !== undefined;

/** One entry as drift reads it; the SDK's fresh objects (label lists) are taken as they are, not copied; dates as epoch ms. */
function listed(region: string, e: SecretListEntry & { Name: string }): ListedSecret {
  return {
    name: e.Name,
    region,
    kmsKeyId: e.KmsKeyId,
    tags: tagRecord(e.Tags),
    createdAtMs: e.CreatedDate?.getTime(),
    lastChangedAtMs: e.LastChangedDate?.getTime(),
    versions: e.SecretVersionsToStages ?? {},
  };
}

/**
 * Read-only listing of Secrets Manager secrets, one ListSecrets page per
 * call (MaxResults 100; the caller loops on NextToken), each call taking a
 * slot of the region's list limiter; the SDK retries throttling with
 * backoff as for the store and, in its adaptive retry mode (the default
 * here), also lowers its own sending rate after a throttling answer and
 * raises it again as calls succeed, so a shared account's quota pressure
 * slows the listing down instead of failing it. Secrets scheduled for deletion are left out
 * (ListSecrets' default). Errors are store errors (STORE_ACCESS_DENIED,
 * STORE_THROTTLED …) naming the region.
 */
export class AwsSecretLister {
  readonly #clients: AwsClients;
  readonly #limiters = new Map<string, RateLimiter>();
  readonly #limiterFor: (region: string) => RateLimiter;

  constructor(config: AwsListerConfig) {
    this.#clients = new AwsClients({ retryMode: 'adaptive', ...config });
    this.#limiterFor = config.listRateLimiter ?? (() => new RateLimiter(DEFAULT_LIST_RATE));
  }

  async listPage(request: {
    readonly region: string;
    readonly filter: ListFilter;
    readonly nextToken?: string;
  }): Promise<{ secrets: ListedSecret[]; nextToken?: string }> {
    const { region, filter, nextToken } = request;
    await this.#limiter(region).acquire();
    try {
      const out = await this.#clients.for(region).send(
        new ListSecretsCommand({
          Filters: [awsFilter(filter)],
          MaxResults: 100,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
      const secrets: ListedSecret[] = [];
      for (const e of out.SecretList ?? []) if (hasName(e)) secrets.push(listed(region, e));
      return {
        secrets,
        ...(out.NextToken ? { nextToken: out.NextToken } : {}),
      };
    } catch (err) {
      const ref: SecretRef = { id: `(listing ${region})`, target: { kind: 'aws-secrets-manager', name: '*', region } };
      throw mapAwsError(err, ref, 'ListSecrets', { notFound: 'secret' });
    }
  }

  /** Closes the HTTP connections of every client. */
  close(): void {
    this.#clients.destroy();
  }

  #limiter(region: string): RateLimiter {
    let l = this.#limiters.get(region);
    if (!l) {
      l = this.#limiterFor(region);
      this.#limiters.set(region, l);
    }
    return l;
  }
}
