import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { SecretClient } from '@docugen-secrets/client';

/** Reads one string field of a JSON secret value (provider credentials are stored as JSON objects). */
export function field(client: SecretClient, id: string, name: string): string {
  const parsed = JSON.parse(client.get(id)) as Record<string, unknown>;
  const v = parsed[name];
  if (typeof v !== 'string') throw new Error(`secret "${id}" has no string field ${name}`);
  return v;
}

/**
 * Calls an upstream with the current credential; when it answers "not
 * authorised", asks the client for a fresh version (rate limited) and retries
 * once if there is one: the refresh-on-auth-failure path.
 */
export async function withAuthRetry<R extends 'ok' | 'unauthorised' | 'error'>(
  client: SecretClient,
  id: string,
  call: () => Promise<R>,
): Promise<R> {
  const first = await call();
  if (first !== 'unauthorised') return first;
  return (await client.refreshNow(id)) ? call() : first;
}

/** Places API (New) text search with the API key, as the document editor's address lookup does. */
export async function searchPlaces(
  client: SecretClient,
  id: string,
  placesUrl: string,
  query: string,
): Promise<'ok' | 'unauthorised' | 'error'> {
  const res = await fetch(new URL('/v1/places:searchText', placesUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-goog-api-key': field(client, id, 'keyString'),
      'x-goog-fieldmask': 'places.id',
    },
    body: JSON.stringify({ textQuery: query }),
  });
  await res.arrayBuffer();
  if (res.ok) return 'ok';
  return res.status === 400 || res.status === 401 || res.status === 403 ? 'unauthorised' : 'error';
}

interface Pooled {
  readonly keyId: string;
  readonly sts: STSClient;
  inflight: number;
  retired: boolean;
}

/** Why a storage call failed: the upstream's error name only (never a message, which may echo request data). */
export type Outcome = 'ok' | 'unauthorised' | 'error';

const UNAUTHORISED = new Set(['InvalidClientTokenId', 'SignatureDoesNotMatch', 'AccessDenied', 'ExpiredToken']);

/**
 * The storage credential's signed request (SigV4 with the access key). The
 * SDK client is the connection pool rebuilt on change: `onChange` retires
 * the pool of the old key, which is closed once its in-flight requests are
 * done (closing it at once would abort them: a failed request caused by
 * the rotation itself).
 */
export class StorageSigner {
  readonly #client: SecretClient;
  readonly #id: string;
  readonly #endpoint: string;
  readonly #region: string;
  #pool: Pooled | undefined;
  /** The last failure's error name, for the 502 answer. */
  lastError = '';

  constructor(client: SecretClient, id: string, endpoint: string, region: string) {
    this.#client = client;
    this.#id = id;
    this.#endpoint = endpoint;
    this.#region = region;
    client.onChange(id, (e) => {
      if (e.changed.includes('current')) this.#retire();
    });
  }

  async call(): Promise<Outcome> {
    const pool = this.#current();
    pool.inflight += 1;
    try {
      await pool.sts.send(new GetCallerIdentityCommand({}));
      return 'ok';
    } catch (err) {
      this.lastError = err instanceof Error ? err.name : 'unknown';
      return UNAUTHORISED.has(this.lastError) ? 'unauthorised' : 'error';
    } finally {
      pool.inflight -= 1;
      if (pool.retired && pool.inflight === 0) pool.sts.destroy();
    }
  }

  close(): void {
    this.#retire();
  }

  #retire(): void {
    const pool = this.#pool;
    if (!pool) return;
    this.#pool = undefined;
    pool.retired = true;
    if (pool.inflight === 0) pool.sts.destroy();
  }

  #current(): Pooled {
    const keyId = field(this.#client, this.#id, 'accessKeyId');
    if (this.#pool?.keyId !== keyId) {
      this.#retire();
      const credentials = { accessKeyId: keyId, secretAccessKey: field(this.#client, this.#id, 'secretAccessKey') };
      this.#pool = {
        keyId,
        sts: new STSClient({ region: this.#region, endpoint: this.#endpoint, credentials, maxAttempts: 1 }),
        inflight: 0,
        retired: false,
      };
    }
    return this.#pool;
  }
}
