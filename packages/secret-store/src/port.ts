/**
 * The store port: the only view of a secret store the rotation engine has.
 * Implemented by the AWS Secrets Manager adapter, the git-native SOPS store and
 * an in-memory store; one contract test suite runs against all three.
 *
 * Values travel in memory only. Implementations never log, throw or audit a
 * value (a keyed fingerprint at most).
 *
 * Changes since the first draft (shape and names unchanged; the contract is
 * made precise, see the SecretStore TSDoc): the version id of a pending version
 * is its token; tokens are 32–64 letters/digits/dashes everywhere (AWS's rule);
 * `promote` is refused while *another* version is pending; `markFailed` and
 * `retire` refuse the current version; a token of a failed or retired version
 * is spent; `describe` of a missing secret returns `exists: false`.
 */

/** The three staging labels every store models (AWS: AWSCURRENT/AWSPENDING/AWSPREVIOUS). */
export type Stage = 'current' | 'pending' | 'previous';

export type SecretValue =
  { readonly kind: 'string'; readonly value: string } | { readonly kind: 'binary'; readonly value: Uint8Array };

/** Where a secret lives, taken from its manifest's backend. */
export type SecretTarget =
  | { readonly kind: 'aws-secrets-manager'; readonly name: string; readonly region: string; readonly kmsKeyId?: string }
  | { readonly kind: 'sops'; readonly path: string }
  | { readonly kind: 'memory'; readonly name: string };

export interface SecretRef {
  /** Manifest id, used in audit events, tags and error messages. */
  readonly id: string;
  readonly target: SecretTarget;
}

export interface VersionInfo {
  readonly versionId: string;
  readonly stages: readonly Stage[];
  readonly createdAt: Date;
  /** Set when a rotation's test step failed for this version (it keeps no stage). */
  readonly failed?: boolean;
  /** Set when the version was retired after the overlap period. */
  readonly retired?: boolean;
}

export interface SecretDescription {
  readonly ref: SecretRef;
  readonly exists: boolean;
  readonly createdAt?: Date;
  /** Last time the value or its stages changed. */
  readonly lastChangedAt?: Date;
  /** When the version now labelled current became current. */
  readonly lastRotatedAt?: Date;
  readonly tags: Readonly<Record<string, string>>;
  /** Newest first. Includes deprecated (unlabelled) versions the store still keeps. */
  readonly versions: readonly VersionInfo[];
}

export interface CreateOptions {
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** First value, stored as current. */
  readonly initialValue?: SecretValue;
  readonly token?: string;
}

export interface PutResult {
  readonly versionId: string;
  /** False when the token had already been used with the same value (idempotent replay). */
  readonly created: boolean;
}

export type StoreErrorCode =
  | 'STORE_NOT_FOUND'
  | 'STORE_ALREADY_EXISTS'
  | 'STORE_TOKEN_CONFLICT'
  | 'STORE_ROTATION_IN_PROGRESS'
  | 'STORE_VERSION_NOT_FOUND'
  | 'STORE_STAGE_CONFLICT'
  | 'STORE_THROTTLED'
  | 'STORE_UNAVAILABLE'
  | 'STORE_ACCESS_DENIED'
  | 'STORE_CORRUPT'
  | 'STORE_INVALID_REQUEST';

/**
 * Contract (every implementation, checked by the shared contract suite in
 * packages/test-support/src/store-contract.ts):
 * - `putPending` is idempotent on `token` (use `rotationToken(secretId, slot)`;
 *   32–64 letters, digits or dashes, else STORE_INVALID_REQUEST), and the new
 *   version's id is the token: the same token and value return the same
 *   versionId with `created: false`; the same token with another value, or the
 *   token of a failed/retired version, throws STORE_TOKEN_CONFLICT. A pending
 *   version on another token that is not current throws
 *   STORE_ROTATION_IN_PROGRESS (resume it, don't start a second).
 * - `promote(versionId)` makes it current, the old current becomes previous,
 *   the pending label is removed; promoting the current version is a no-op.
 *   Promoting a version while *another* version is pending throws
 *   STORE_ROTATION_IN_PROGRESS (this also stops the loser of a put race).
 * - `markFailed` removes the pending label from that version and flags it
 *   failed; current is untouched (marking the current version: STORE_STAGE_CONFLICT).
 * - `retire` removes the previous label from that version and flags it retired
 *   (the current or pending version: STORE_STAGE_CONFLICT). Both are no-ops when repeated.
 * - Reading a stage nobody holds returns undefined; a missing secret throws
 *   STORE_NOT_FOUND (`describe` returns `exists: false` instead); an unknown
 *   version id throws STORE_VERSION_NOT_FOUND.
 * - Stores may drop the value of failed/retired versions (the SOPS store does;
 *   AWS keeps the latest of each under a custom label).
 * - `create` of an existing secret throws STORE_ALREADY_EXISTS, except a
 *   retry with the same `token` and `initialValue` as the create that made
 *   it, which is a no-op (AWS CreateSecret's ClientRequestToken rule).
 * - `describe().lastRotatedAt` is when the current version became current
 *   (the promotion, not the put); a promote that changes nothing keeps it.
 * - The first version of a secret that has none: AWS makes it current at once
 *   ("If this operation creates the first version for the secret, then Secrets
 *   Manager automatically attaches the staging label AWSCURRENT to it",
 *   PutSecretValue), the other stores stage it as pending. Callers test a
 *   first value before `putPending` and then `promote` it, which every store
 *   accepts.
 */
export interface SecretStore {
  readonly kind: SecretTarget['kind'];
  describe(ref: SecretRef): Promise<SecretDescription>;
  create(ref: SecretRef, options?: CreateOptions): Promise<void>;
  getValue(
    ref: SecretRef,
    stage: Stage,
  ): Promise<{ readonly versionId: string; readonly value: SecretValue } | undefined>;
  getVersion(ref: SecretRef, versionId: string): Promise<SecretValue>;
  putPending(ref: SecretRef, value: SecretValue, token: string): Promise<PutResult>;
  promote(ref: SecretRef, versionId: string): Promise<void>;
  markFailed(ref: SecretRef, versionId: string): Promise<void>;
  retire(ref: SecretRef, versionId: string): Promise<void>;
  listVersions(ref: SecretRef): Promise<readonly VersionInfo[]>;
}
