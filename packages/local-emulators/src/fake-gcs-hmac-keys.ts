import type { FakeHmacKey } from './fake-gcs-hmac-state.js';
import { metadataOf } from './fake-gcs-hmac-state.js';
import { jsonReply, type FakeReply, type FakeRequest } from './fake-http.js';

/** What the HMAC key handlers need of the emulator. */
export interface HmacKeyContext {
  readonly keys: Map<string, FakeHmacKey>;
  readonly now: Date;
  /** Service accounts that exist; creating a key for any other is refused. */
  readonly serviceAccounts: ReadonlySet<string>;
  /** The cap on keys per service account that are not DELETED (INACTIVE ones count). */
  readonly maxKeysPerServiceAccount: number;
  /** Makes a new ACTIVE key (and remembers its secret). */
  newKey(projectId: string, serviceAccountEmail: string): FakeHmacKey;
}

/**
 * hmacKeys.create: the service account must exist, and may hold at most
 * `maxKeysPerServiceAccount` keys that are not DELETED.
 */
export function createHmacKey(project: string, req: FakeRequest, c: HmacKeyContext): FakeReply {
  const email = req.query.get('serviceAccountEmail');
  if (email === null || email === '') return gcsError(400, 'required', 'Required parameter: serviceAccountEmail');
  if (!c.serviceAccounts.has(email)) return gcsError(404, 'notFound', `Service account ${email} not found.`);
  const live = [...c.keys.values()].filter((k) => k.serviceAccountEmail === email && k.state !== 'DELETED').length;
  if (live >= c.maxKeysPerServiceAccount)
    return gcsError(
      400,
      'invalid',
      `The service account ${email} already has the maximum of ${c.maxKeysPerServiceAccount} HMAC keys that are not deleted.`,
    );
  const key = c.newKey(project, email);
  return jsonReply(200, { kind: 'storage#hmacKey', metadata: metadataOf(key), secret: key.secret });
}

/**
 * hmacKeys.update: `state` ACTIVE or INACTIVE; an `etag` in the body (or an
 * If-Match header) must be the key's current one, else 412 conditionNotMet.
 */
export function updateHmacKey(key: FakeHmacKey, req: FakeRequest, now: Date): FakeReply {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return gcsError(400, 'parseError', 'Parse Error');
  }
  const stale = preconditionFailed(key, typeof body['etag'] === 'string' ? body['etag'] : req.headers['if-match']);
  if (stale) return stale;
  if (key.state === 'DELETED') return gcsError(400, 'invalid', 'Cannot update a deleted key.');
  const state = body['state'];
  if (state !== 'ACTIVE' && state !== 'INACTIVE') return gcsError(400, 'invalid', 'State must be ACTIVE or INACTIVE.');
  key.state = state;
  key.updated = now;
  key.generation += 1;
  return jsonReply(200, metadataOf(key));
}

/** hmacKeys.delete: only an INACTIVE key; a DELETED one is an error, as upstream. */
export function deleteHmacKey(key: FakeHmacKey, req: FakeRequest, now: Date): FakeReply {
  const stale = preconditionFailed(key, req.headers['if-match']);
  if (stale) return stale;
  if (key.state === 'ACTIVE') return gcsError(400, 'invalid', "Cannot delete keys in 'ACTIVE' state.");
  if (key.state === 'DELETED') return gcsError(400, 'invalid', "Cannot delete keys in 'DELETED' state.");
  key.state = 'DELETED';
  key.updated = now;
  key.generation += 1;
  return { status: 204 };
}

function preconditionFailed(key: FakeHmacKey, etag: string | string[] | undefined): FakeReply | undefined {
  if (typeof etag !== 'string' || etag === String(metadataOf(key)['etag'])) return undefined;
  return gcsError(412, 'conditionNotMet', 'At least one of the pre-conditions you specified did not hold.');
}

/** The JSON API's error shape. */
export function gcsError(code: number, reason: string, message: string): FakeReply {
  return jsonReply(code, { error: { code, message, errors: [{ message, domain: 'global', reason }] } });
}
