import type { StateReader } from './state-file.js';

export type FakeHmacState = 'ACTIVE' | 'INACTIVE' | 'DELETED';

/** One HMAC key upstream (its secret included: this is the provider's side). */
export interface FakeHmacKey {
  readonly accessId: string;
  readonly secret: string;
  readonly projectId: string;
  readonly serviceAccountEmail: string;
  state: FakeHmacState;
  readonly timeCreated: Date;
  updated: Date;
  /** Bumped by every change: the etag names it, so a write made with an older etag fails (412). */
  generation: number;
  /** XML API calls still refused as InvalidAccessKeyId (propagation). */
  unpropagated: number;
}

/** The key resource as the JSON API returns it (never the secret: only create gives it). */
export function metadataOf(k: FakeHmacKey): Record<string, unknown> {
  return {
    kind: 'storage#hmacKeyMetadata',
    id: `${k.projectId}/${k.accessId}`,
    accessId: k.accessId,
    projectId: k.projectId,
    serviceAccountEmail: k.serviceAccountEmail,
    state: k.state,
    timeCreated: k.timeCreated.toISOString(),
    updated: k.updated.toISOString(),
    etag: Buffer.from(`${k.accessId}:${k.generation}`).toString('base64'),
  };
}

/** The keys as plain JSON data, for a state file (deleted ones kept, as upstream lists them). */
export function snapshotKeys(keys: Iterable<FakeHmacKey>): Record<string, unknown>[] {
  return [...keys].map((k) => ({
    accessId: k.accessId,
    secret: k.secret,
    projectId: k.projectId,
    serviceAccountEmail: k.serviceAccountEmail,
    state: k.state,
    timeCreated: k.timeCreated.toISOString(),
    updated: k.updated.toISOString(),
    generation: k.generation,
    unpropagated: k.unpropagated,
  }));
}

/** The keys of a state file (`keys` as `snapshotKeys` wrote them). */
export function restoreKeys(keys: unknown, read: StateReader): FakeHmacKey[] {
  return read.list(keys, 'keys', (k, at) => ({
    accessId: read.string(k['accessId'], `${at}.accessId`),
    secret: read.string(k['secret'], `${at}.secret`),
    projectId: read.string(k['projectId'], `${at}.projectId`),
    serviceAccountEmail: read.string(k['serviceAccountEmail'], `${at}.serviceAccountEmail`),
    state: read.oneOf(k['state'], `${at}.state`, ['ACTIVE', 'INACTIVE', 'DELETED']),
    timeCreated: read.date(k['timeCreated'], `${at}.timeCreated`),
    updated: read.date(k['updated'], `${at}.updated`),
    generation: k['generation'] === undefined ? 1 : read.count(k['generation'], `${at}.generation`),
    unpropagated: read.count(k['unpropagated'], `${at}.unpropagated`),
  }));
}
