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
  | {
      readonly kind: 'android';
      readonly allowedApplications: readonly { readonly sha1Fingerprint: string; readonly packageName: string }[];
    }
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
  createKey(
    project: string,
    input: { readonly displayName: string; readonly restrictions: ApiKeyRestrictions },
  ): Promise<GoogleApiKey>;
  /** The key string; readable at any time, which is what lets `create` adopt a key after a crash. */
  getKeyString(name: string): Promise<string>;
  updateRestrictions(name: string, restrictions: ApiKeyRestrictions): Promise<void>;
  /** Soft delete; 'not-found' when the key is already gone or deleted. */
  deleteKey(name: string): Promise<'done' | 'not-found'>;
  /**
   * LookupKey: the name of the key a key string belongs to; undefined when no
   * live key has it. Proves a key string is the key's own without calling
   * the API the key is for.
   */
  lookupKey(keyString: string): Promise<string | undefined>;
}

/**
 * Who the probe presents itself as, so that a key restricted to clients
 * admits it: the headers Google checks against the key's application
 * restriction (`Referer`; `X-Android-Package` + `X-Android-Cert`;
 * `X-Ios-Bundle-Identifier`). A server (IP) restriction cannot be presented:
 * Google sees the runner's address.
 */
export interface ProbeClient {
  readonly referer?: string;
  readonly androidPackage?: string;
  /** SHA-1 signing-certificate fingerprint, hex without separators. */
  readonly androidCert?: string;
  readonly iosBundleId?: string;
}

/** The ErrorInfo reasons with which Google refuses a caller the key's application restriction does not admit. */
export type ClientRefusal =
  | 'API_KEY_HTTP_REFERRER_BLOCKED'
  | 'API_KEY_IP_ADDRESS_BLOCKED'
  | 'API_KEY_ANDROID_APP_BLOCKED'
  | 'API_KEY_IOS_APP_BLOCKED';

/**
 * A probe's answer; a refusal of the calling client (not of the key) says
 * which, so the rotator can prove the key another way.
 */
export type PlacesProbeResult =
  | ProbeResult
  | { readonly ok: false; readonly retryable: false; readonly reason: string; readonly clientRefused: ClientRefusal };

/** Proves a key works by calling the API it is meant for (Places API (New) text search). */
export interface PlacesProbePort {
  /** `client` carries the headers the key's application restriction asks for. */
  searchText(apiKey: string, client?: ProbeClient): Promise<PlacesProbeResult>;
}
