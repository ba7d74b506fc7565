import type { ApiKeysClient, protos } from '@google-cloud/apikeys';
import { isDocugenError } from '@docugen-secrets/core';
import { providerError } from '../upstream/errors.js';
import { defaultCallRetry, isTransientNetworkError, withRetry, type RetryPolicy } from '../upstream/retry.js';
import { accessAdvice } from './access-advice.js';
import type { ApiKeyRestrictions, GoogleApiKey, GoogleApiKeysPort } from './port.js';
import { fromProto, toProto } from './restrictions.js';

type ClientOptions = NonNullable<ConstructorParameters<typeof ApiKeysClient>[0]>;
type ProtoKey = protos.google.api.apikeys.v2.IKey;
type Timestamp = protos.google.protobuf.ITimestamp;

export interface ApiKeysClientOptions {
  /**
   * Auth for the API (an OAuth2Client / GoogleAuth of google-auth-library);
   * omitted, the client finds Application Default Credentials itself.
   */
  readonly authClient?: ClientOptions['authClient'];
  /** Host override (tests: "127.0.0.1"), with `port` and `protocol: 'http'` for a local fake. */
  readonly apiEndpoint?: string;
  readonly port?: number;
  readonly protocol?: 'http' | 'https';
  readonly retry?: RetryPolicy;
}

/**
 * gRPC status codes worth another attempt: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED
 * (429), INTERNAL (500), UNAVAILABLE (503). The generated client retries
 * none of the API Keys methods itself (its config marks them all non-idempotent).
 */
const RETRYABLE_CODES = new Set([4, 8, 13, 14]);
const NOT_FOUND = 5;

/**
 * The API Keys port on `@google-cloud/apikeys` with its REST transport
 * (`fallback: true`): HTTP/1.1 + JSON, so it runs where gRPC cannot and tests
 * point it at a local fake via apiEndpoint/port/protocol.
 */
export function apiKeysClientAdapter(
  options: ApiKeysClientOptions = {},
): GoogleApiKeysPort & { close(): Promise<void> } {
  // The SDK (with its gax stack) loads on the first call: a run without Google keys never loads it.
  let loading: Promise<ApiKeysClient> | undefined;
  const sdk = (): Promise<ApiKeysClient> =>
    (loading ??= import('@google-cloud/apikeys').then(
      ({ ApiKeysClient: Client }) => new Client(clientOptions(options)),
    ));
  const retry = options.retry ?? defaultCallRetry;
  const call = <T>(
    operation: string,
    subject: string,
    fn: (client: ApiKeysClient) => Promise<T>,
    keepCause = true,
  ): Promise<T> => guarded(retry, { operation, subject, keepCause }, async () => fn(await sdk()));
  return {
    listKeys: (project) =>
      call('ListKeys', project, async (client) => {
        const [keys] = await client.listKeys({ parent: parentOf(project) }, { autoPaginate: true });
        return keys.map(toKey);
      }),
    getKey: (name) =>
      call('GetKey', name, async (client) => orNotFound(async () => toKey((await client.getKey({ name }))[0]))),
    createKey: (project, input) =>
      call('CreateKey', project, async (client) => {
        const [operation] = await client.createKey({
          parent: parentOf(project),
          key: { displayName: input.displayName, restrictions: toProto(input.restrictions) },
        });
        const [key] = await operation.promise();
        return toKey(key);
      }),
    getKeyString: (name) =>
      call('GetKeyString', name, async (client) => (await client.getKeyString({ name }))[0].keyString ?? ''),
    updateRestrictions: (name, restrictions) => call('UpdateKey', name, (client) => update(client, name, restrictions)),
    deleteKey: (name) =>
      call('DeleteKey', name, async (client) => {
        const gone = await orNotFound(
          async () => (await (await client.deleteKey({ name }))[0].promise(), 'done' as const),
        );
        return gone ?? 'not-found';
      }),
    lookupKey: (keyString) =>
      // The subject names no key: the key string is the secret and never goes into an error.
      // Nor its cause: the SDK's error may quote the request URL, whose query carries the key string.
      call(
        'LookupKey',
        'a key string',
        async (client) => orNotFound(async () => (await client.lookupKey({ keyString }))[0].name ?? undefined),
        false,
      ),
    close: async () => {
      if (loading) await (await loading).close();
    },
  };
}

function clientOptions(options: ApiKeysClientOptions): ClientOptions {
  return {
    fallback: true,
    ...(options.authClient === undefined ? {} : { authClient: options.authClient }),
    ...(options.apiEndpoint === undefined ? {} : { apiEndpoint: options.apiEndpoint }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.protocol === undefined ? {} : { protocol: options.protocol }),
  };
}

async function update(client: ApiKeysClient, name: string, restrictions: ApiKeyRestrictions): Promise<void> {
  const [operation] = await client.updateKey({
    key: { name, restrictions: toProto(restrictions) },
    updateMask: { paths: ['restrictions'] },
  });
  await operation.promise();
}

function parentOf(project: string): string {
  return `projects/${project}/locations/global`;
}

function toKey(k: ProtoKey): GoogleApiKey {
  const deleteTime = dateOf(k.deleteTime);
  return {
    name: k.name ?? '',
    displayName: k.displayName ?? '',
    createTime: dateOf(k.createTime) ?? new Date(0),
    ...(deleteTime ? { deleteTime } : {}),
    restrictions: fromProto(k.restrictions),
  };
}

function dateOf(t: Timestamp | null | undefined): Date | undefined {
  if (!t) return undefined;
  const ms = Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
  return ms === 0 ? undefined : new Date(ms);
}

function codeOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

async function orNotFound<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (codeOf(err) === NOT_FOUND) return undefined;
    throw err;
  }
}

/** Retries, then wraps failures as value-free CALL_FAILED errors naming the gRPC status (the SDK error as cause unless `keepCause` is false). */
async function guarded<T>(
  retry: RetryPolicy,
  label: { operation: string; subject: string; keepCause: boolean },
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await withRetry(retry, (err) => RETRYABLE_CODES.has(codeOf(err) ?? -1) || isTransientNetworkError(err), fn);
  } catch (err) {
    if (isDocugenError(err)) throw err;
    const { operation, subject } = label;
    refusedAccess(err, label);
    const code = codeOf(err) ?? -1;
    throw providerError(
      'ROTATION_PROVIDER_CALL_FAILED',
      `API Keys ${operation} for "${subject}" failed${code < 0 ? ' (connection failed)' : ` with gRPC status ${code}`} after retries; rerun the rotation later`,
      { operation, subject, grpcCode: code },
      label.keepCause ? err : undefined,
    );
  }
}

/**
 * A refusal of the project or the caller (the API disabled, a quota project the
 * caller may not use) is no transient failure: PERMISSION_DENIED with what to
 * enable or grant. gax puts the answer's ErrorInfo on the error (`reason`,
 * `errorInfoMetadata`).
 */
function refusedAccess(err: unknown, label: { operation: string; subject: string; keepCause: boolean }): void {
  const { reason, errorInfoMetadata } = (err ?? {}) as { reason?: unknown; errorInfoMetadata?: unknown };
  if (typeof reason !== 'string') return;
  const metadata = typeof errorInfoMetadata === 'object' && errorInfoMetadata !== null ? errorInfoMetadata : {};
  const advice = accessAdvice({ reason, metadata: metadata as Record<string, unknown> });
  if (advice === undefined) return;
  throw providerError(
    'ROTATION_PROVIDER_PERMISSION_DENIED',
    `API Keys ${label.operation} for "${label.subject}" was refused (${reason}): ${advice}`,
    { operation: label.operation, subject: label.subject, reason },
    label.keepCause ? err : undefined,
  );
}
