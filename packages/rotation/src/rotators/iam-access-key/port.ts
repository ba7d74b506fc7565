/**
 * The IAM calls the access-key rotator makes, as one small port so the
 * rotator can be driven against the real SDK adapter or anything else.
 * Adapters retry throttling, 5xx and dropped connections themselves; what
 * they throw is a value-free ProviderError. "Not found" is an answer, not an
 * error, because retire/discard treat "already gone" as success.
 */
export interface IamAccessKeyMeta {
  readonly accessKeyId: string;
  readonly status: 'Active' | 'Inactive';
  readonly createDate: Date;
}

export interface IamCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Who a credential authenticates as (STS GetCallerIdentity), or why it did not. */
export type CallerIdentity =
  | { readonly ok: true; readonly arn: string; readonly account: string }
  | { readonly ok: false; readonly code: string; readonly retryable: boolean };

export type Gone = 'done' | 'not-found';

export interface IamKeysPort {
  listAccessKeys(userName: string): Promise<readonly IamAccessKeyMeta[]>;
  /** Throws ROTATION_PROVIDER_KEY_LIMIT when IAM answers LimitExceeded (two keys per user). */
  createAccessKey(userName: string): Promise<IamCredentials & { readonly createDate: Date }>;
  setAccessKeyStatus(userName: string, accessKeyId: string, status: 'Active' | 'Inactive'): Promise<Gone>;
  deleteAccessKey(userName: string, accessKeyId: string): Promise<Gone>;
  /** When the key was last used; undefined when never; 'not-found' when the key is gone. */
  lastUsed(accessKeyId: string): Promise<Date | undefined | 'not-found'>;
  /** Authenticates with `credentials` themselves (not the rotator's own). */
  callerIdentity(credentials: IamCredentials): Promise<CallerIdentity>;
}
