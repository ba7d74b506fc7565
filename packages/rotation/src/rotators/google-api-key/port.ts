import type { ProbeResult } from '../upstream/retry.js';

/**
 * What an API key may be used for: API targets (services, optionally
 * methods) and at most one kind of client restriction. Copied verbatim from
 * the old key to the new one so a rotation never widens a key's reach.
 */
export interface ApiTarget {
  readonly service: string;
  readonly methods: readonly string[];
}

export type ClientRestriction =
  | { readonly kind: 'browser'; readonly allowedReferrers: readonly string[] }
  | { readonly kind: 'server'; readonly allowedIps: readonly string[] }
  | { readonly kind: 'android'; readonly allowedApplications: readonly { readonly sha1Fingerprint: string; readonly packageName: string }[] }
  | { readonly kind: 'ios'; readonly allowedBundleIds: readonly string[] };

export interface ApiKeyRestrictions {
  readonly apiTargets: readonly ApiTarget[];
  readonly client?: ClientRestriction;
}

export interface GoogleApiKey {
  /** `projects/{project}/locations/global/keys/{keyId}`. */
  readonly name: string;
  readonly displayName: string;
  readonly createTime: Date;
  /** Set on a soft-deleted key (recoverable with undelete for 30 days). */
  readonly deleteTime?: Date;
  readonly restrictions: ApiKeyRestrictions;
}

/**
 * The API Keys API v2 calls the rotator makes. Adapters retry throttling,
 * 5xx and dropped connections; "not found" is an answer.
 */
export interface GoogleApiKeysPort {
  /** Live (not deleted) keys of the project. */
  listKeys(project: string): Promise<readonly GoogleApiKey[]>;
  getKey(name: string): Promise<GoogleApiKey | undefined>;
  /** Creates a key and waits for the long-running operation to finish. */
  createKey(project: string, input: { readonly displayName: string; readonly restrictions: ApiKeyRestrictions }): Promise<GoogleApiKey>;
  /** The key string; readable at any time, which is what lets `create` adopt a key after a crash. */
  getKeyString(name: string): Promise<string>;
  updateRestrictions(name: string, restrictions: ApiKeyRestrictions): Promise<void>;
  /** Soft delete; 'not-found' when the key is already gone or deleted. */
  deleteKey(name: string): Promise<'done' | 'not-found'>;
}

/** Proves a key works by calling the API it is meant for (Places API (New) text search). */
export interface PlacesProbePort {
  /** `referer` is sent for keys restricted to browser referrers. */
  searchText(apiKey: string, referer?: string): Promise<ProbeResult>;
}
