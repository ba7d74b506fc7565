import { systemClock, type Clock } from '@docugen-secrets/core';
import { providerError } from '../upstream/errors.js';
import {
  answerError,
  httpCall,
  jsonOf,
  type CallLabel,
  type FetchFn,
  type HttpAnswer,
  type HttpCall,
} from '../upstream/http.js';
import { defaultCallRetry, isTransientNetworkError, type ProbeResult, type RetryPolicy } from '../upstream/retry.js';
import { signGoog4 } from './goog4-sign.js';
import type { GcsHmacPort, HmacKeyMeta, HmacKeyState } from './port.js';

/**
 * The HMAC key resource of the Cloud Storage JSON API
 * (`storage/v1/projects/{project}/hmacKeys[/{accessId}]`) over fetch. The
 * full `@google-cloud/storage` client is not needed for five REST calls on
 * one resource, and plain fetch lets tests point at a local fake.
 */
export interface GcsRestOptions {
  /** An OAuth access token with devstorage.full_control (or cloud-platform) scope, e.g. from GoogleAuth. */
  readonly accessToken: () => Promise<string>;
  /** JSON API root; default https://storage.googleapis.com. */
  readonly jsonBaseUrl?: string;
  /** XML API root for the HMAC-signed probe; default https://storage.googleapis.com. */
  readonly xmlBaseUrl?: string;
  readonly retry?: RetryPolicy;
  readonly fetch?: FetchFn;
  readonly clock?: Clock;
}

const DEFAULT_BASE = 'https://storage.googleapis.com';

export function gcsHmacRestAdapter(options: GcsRestOptions): GcsHmacPort {
  const jsonBase = options.jsonBaseUrl ?? DEFAULT_BASE;
  const xmlBase = options.xmlBaseUrl ?? DEFAULT_BASE;
  const fetchFn = options.fetch ?? fetch;
  const retry = options.retry ?? defaultCallRetry;
  const clock = options.clock ?? systemClock;
  const api = async (
    project: string,
    call: Omit<HttpCall, 'headers' | 'url'> & { path: string; query?: Record<string, string> },
    label: CallLabel,
  ): Promise<HttpAnswer> => {
    const url = new URL(`/storage/v1/projects/${encodeURIComponent(project)}/hmacKeys${call.path}`, jsonBase);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    const headers = {
      authorization: `Bearer ${await options.accessToken()}`,
      ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    return httpCall(
      fetchFn,
      retry,
      { method: call.method, url, headers, ...(call.body === undefined ? {} : { body: call.body }) },
      label,
    );
  };
  const label = (operation: string, project: string, id?: string): CallLabel => ({
    provider: 'Cloud Storage',
    operation,
    subject: id === undefined ? project : `${project}/${id}`,
  });

  const port: GcsHmacPort = {
    async listKeys(project, email) {
      const keys: HmacKeyMeta[] = [];
      let pageToken: string | undefined;
      do {
        const l = label('hmacKeys.list', project);
        const body = expectOk(
          await api(
            project,
            {
              method: 'GET',
              path: '',
              query: { serviceAccountEmail: email, ...(pageToken === undefined ? {} : { pageToken }) },
            },
            l,
          ),
          l,
        );
        keys.push(...(Array.isArray(body['items']) ? body['items'] : []).map((m: unknown) => toMeta(m, l)));
        pageToken = typeof body['nextPageToken'] === 'string' ? body['nextPageToken'] : undefined;
      } while (pageToken !== undefined);
      return keys.filter((k) => k.state !== 'DELETED');
    },
    async createKey(project, email) {
      const l = label('hmacKeys.create', project);
      const answer = await api(project, { method: 'POST', path: '', query: { serviceAccountEmail: email } }, l);
      if (answer.status === 404)
        throw providerError(
          'ROTATION_PROVIDER_BAD_INPUT',
          `Cloud Storage hmacKeys.create: service account ${email} does not exist in project "${project}"; check the manifest's rotation.serviceAccountEmail and project`,
          { ...l, status: 404 },
        );
      const body = expectOk(answer, l);
      const meta = toMeta(body['metadata'], l);
      if (typeof body['secret'] !== 'string' || body['secret'] === '')
        throw providerError(
          'ROTATION_PROVIDER_CALL_FAILED',
          `Cloud Storage hmacKeys.create for "${project}" answered without a secret`,
          { ...l },
        );
      return { accessId: meta.accessId, secret: body['secret'], meta };
    },
    async getKey(project, id) {
      const l = label('hmacKeys.get', project, id);
      const answer = await api(project, { method: 'GET', path: `/${encodeURIComponent(id)}` }, l);
      return answer.status === 404 ? undefined : toMeta(expectOk(answer, l), l);
    },
    async setState(project, id, state, etag) {
      const l = label('hmacKeys.update', project, id);
      const answer = await api(
        project,
        {
          method: 'PUT',
          path: `/${encodeURIComponent(id)}`,
          body: JSON.stringify({ state, ...(etag === undefined ? {} : { etag }) }),
        },
        l,
      );
      if (answer.status === 404) return 'not-found';
      if (answer.status === 412) return 'conflict';
      expectOk(answer, l);
      return 'done';
    },
    async deleteKey(project, id) {
      const l = label('hmacKeys.delete', project, id);
      const answer = await api(project, { method: 'DELETE', path: `/${encodeURIComponent(id)}` }, l);
      if (answer.status === 404) return 'not-found';
      if (answer.status === 204 || (answer.status >= 200 && answer.status < 300)) return 'done';
      // Deleting a DELETED key is an error upstream: a retried delete whose first answer was lost ends here.
      const now = await port.getKey(project, id);
      if (!now || now.state === 'DELETED') return 'not-found';
      throw answerError(answer, l, reasonOf(answer));
    },
    probe: (project, credentials) => probeXmlApi(fetchFn, new URL('/', xmlBase), project, credentials, clock.now()),
  };
  return port;
}

function expectOk(answer: HttpAnswer, l: CallLabel): Record<string, unknown> {
  if (answer.status >= 200 && answer.status < 300) return jsonOf(answer, l);
  throw answerError(answer, l, reasonOf(answer));
}

/** The first `errors[].reason` of a JSON API error, e.g. "invalid", "notFound". */
function reasonOf(answer: HttpAnswer): string {
  const m = /"reason"\s*:\s*"([A-Za-z]+)"/.exec(answer.text);
  return m?.[1] ?? '';
}

const STATES: readonly HmacKeyState[] = ['ACTIVE', 'INACTIVE', 'DELETED'];

function toMeta(m: unknown, l: CallLabel): HmacKeyMeta {
  const o = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
  const state = STATES.find((s) => s === o['state']);
  const created = typeof o['timeCreated'] === 'string' ? new Date(o['timeCreated']) : undefined;
  if (typeof o['accessId'] !== 'string' || !state || !created || Number.isNaN(created.getTime())) {
    throw providerError(
      'ROTATION_PROVIDER_CALL_FAILED',
      `Cloud Storage ${l.operation} for "${l.subject}" answered HMAC key metadata without accessId, state or timeCreated`,
      { ...l },
    );
  }
  const etag = typeof o['etag'] === 'string' ? { etag: o['etag'] } : {};
  return {
    accessId: o['accessId'],
    state,
    serviceAccountEmail: typeof o['serviceAccountEmail'] === 'string' ? o['serviceAccountEmail'] : '',
    timeCreated: created,
    ...etag,
  };
}

/**
 * GET / (list buckets) on the XML API, signed with the HMAC key. 200 proves
 * the key; so does 403 AccessDenied (authenticated, merely not allowed to
 * list buckets — the replica account only needs its bucket). An unknown key
 * or signature mismatch is retryable: new HMAC keys take a while to propagate.
 */
async function probeXmlApi(
  fetchFn: FetchFn,
  url: URL,
  project: string,
  credentials: { accessId: string; secret: string },
  now: Date,
): Promise<ProbeResult> {
  const headers = signGoog4({
    method: 'GET',
    url,
    accessId: credentials.accessId,
    secret: credentials.secret,
    now,
    headers: { 'x-goog-project-id': project },
  });
  let status: number;
  let text: string;
  try {
    const res = await fetchFn(url, { method: 'GET', headers });
    status = res.status;
    text = await res.text();
  } catch (err) {
    return { ok: false, retryable: isTransientNetworkError(err), reason: 'the XML API request failed to connect' };
  }
  if (status === 200) return { ok: true };
  const code = /<Code>([A-Za-z]+)<\/Code>/.exec(text)?.[1] ?? '';
  if (status === 403 && code === 'AccessDenied')
    return { ok: true, detail: 'authenticated; the service account may not list buckets' };
  return {
    ok: false,
    retryable: status === 403 || status === 429 || status >= 500,
    reason: `the XML API answered HTTP ${status}${code === '' ? '' : ` ${code}`}`,
  };
}
