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
}

export interface HmacCredentials {
  readonly accessId: string;
  readonly secret: string;
}

export interface GcsHmacPort {
  /** Keys of the service account that are not DELETED. */
  listKeys(project: string, serviceAccountEmail: string): Promise<readonly HmacKeyMeta[]>;
  /** The only call that ever returns the secret. */
  createKey(project: string, serviceAccountEmail: string): Promise<HmacCredentials & { readonly meta: HmacKeyMeta }>;
  getKey(project: string, accessId: string): Promise<HmacKeyMeta | undefined>;
  setState(project: string, accessId: string, state: 'ACTIVE' | 'INACTIVE'): Promise<'done' | 'not-found'>;
  /** Deletes an INACTIVE key (Cloud Storage refuses to delete an ACTIVE one). */
  deleteKey(project: string, accessId: string): Promise<'done' | 'not-found'>;
  /** An HMAC-signed XML API request made with `credentials` themselves. */
  probe(project: string, credentials: HmacCredentials): Promise<ProbeResult>;
}
