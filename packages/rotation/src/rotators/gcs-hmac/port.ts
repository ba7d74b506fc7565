import type { ProbeResult } from '../upstream/retry.js';

/**
 * The Cloud Storage HMAC key calls the rotator makes. Adapters retry
 * throttling, 5xx and dropped connections; "not found" is an answer.
 */
export type HmacKeyState = 'ACTIVE' | 'INACTIVE' | 'DELETED';

export interface HmacKeyMeta {
  readonly accessId: string;
  readonly state: HmacKeyState;
  readonly serviceAccountEmail: string;
  readonly timeCreated: Date;
  /** The resource's etag: a change made with it fails (`conflict`) if someone changed the key since. */
  readonly etag?: string;
}

/**
 * Cloud Storage's cap on HMAC keys per service account; deleted keys do not
 * count, INACTIVE ones do.
 */
export const HMAC_KEYS_PER_SERVICE_ACCOUNT = 10;

export interface HmacCredentials {
  readonly accessId: string;
  readonly secret: string;
}

export interface GcsHmacPort {
  /** Keys of the service account that are not DELETED. */
  listKeys(project: string, serviceAccountEmail: string): Promise<readonly HmacKeyMeta[]>;
  /**
   * The only call that ever returns the secret. Throws ROTATION_PROVIDER_BAD_INPUT
   * when the service account does not exist.
   */
  createKey(project: string, serviceAccountEmail: string): Promise<HmacCredentials & { readonly meta: HmacKeyMeta }>;
  getKey(project: string, accessId: string): Promise<HmacKeyMeta | undefined>;
  /** With `etag`: only if the key is unchanged since it was read, else 'conflict' (HTTP 412). */
  setState(
    project: string,
    accessId: string,
    state: 'ACTIVE' | 'INACTIVE',
    etag?: string,
  ): Promise<'done' | 'not-found' | 'conflict'>;
  /** Deletes an INACTIVE key (Cloud Storage refuses to delete an ACTIVE one); 'not-found' when already deleted or gone. */
  deleteKey(project: string, accessId: string): Promise<'done' | 'not-found'>;
  /** An HMAC-signed XML API request made with `credentials` themselves. */
  probe(project: string, credentials: HmacCredentials): Promise<ProbeResult>;
}
