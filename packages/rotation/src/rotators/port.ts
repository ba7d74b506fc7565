/**
 * The rotator plug-in interface: one implementation per `rotation.kind` of a
 * manifest (random-secret, signing-key-pair, google-api-key, aws-iam-access-key,
 * gcs-hmac-key). The state machine (create → set → test → finish → retire)
 * calls these hooks; the store writes (pending/current/previous) are the state
 * machine's job, never a rotator's.
 *
 * Contracts every rotator must keep (the crash-at-every-step tests check them):
 * - Every hook is idempotent: calling it again after a crash, with the same
 *   inputs, converges to the same upstream state.
 * - `create` is the only hook that may create an upstream credential. It must
 *   leave **exactly one** untracked new credential even when a previous run
 *   crashed between creating it and the store write: it reconciles first
 *   (adopt a credential it can still read, identified by `token`, or delete an
 *   orphan whose secret half is unrecoverable, e.g. IAM/HMAC keys, then create).
 * - `create` never deletes a credential it cannot prove it made: one that is
 *   current, previous, or older than current and untracked stays; on a first
 *   rotation only a `claimed` slot proves ownership (see RotatorCreateInput).
 * - `retire` revokes only the credential in `previous`; "already gone" is success.
 * - No hook logs, throws or returns a secret value anywhere but in the
 *   returned SecretValue.
 */
import type { Logger, RandomSource } from '@docugen-secrets/core';
import type { Rotation, SecretManifest } from '@docugen-secrets/manifest';
import type { SecretValue } from '@docugen-secrets/secret-store';

export interface RotatorContext {
  readonly manifest: SecretManifest;
  readonly now: Date;
  readonly random: RandomSource;
  readonly logger: Logger;
  /** True for `rotate --emergency`: the old credential may be revoked early. */
  readonly emergency: boolean;
}

/**
 * What `create` is told. Only `token` is required, so a rotator written for
 * the first draft (token and current) keeps working.
 */
export interface RotatorCreateInput {
  readonly token: string;
  /** The value now in use; absent on a secret's first rotation. */
  readonly current?: SecretValue;
  /** The previous value when one is still tracked (not yet retired): its credential must be kept. */
  readonly previous?: SecretValue;
  /**
   * The other tokens this same rotation slot may have been attempted with by
   * an interrupted run (the slot's token in the other mode, scheduled or
   * emergency). A credential carrying one of them is this secret's own
   * orphan: adopt or delete it, never leave it behind.
   */
  readonly slotTokens?: readonly string[];
  /**
   * First rotation only (no `current`): true when the state machine claimed
   * this secret's first rotation in the store after `preflight` found no
   * untracked credential upstream. Every untracked credential found now was
   * then made by an interrupted attempt of this rotation and may be deleted.
   * False or absent: untracked credentials cannot be proven ours, and a
   * rotator that cannot adopt must refuse rather than delete them.
   */
  readonly claimed?: boolean;
}

/**
 * A test's verdict. `detail` (value-free) says how a passing test proved the
 * value when it was not the ordinary way, e.g. a key checked through the
 * provider's management API because its own API would not serve this runner;
 * it is audited and shown in the run's report.
 */
export type TestOutcome =
  { readonly ok: true; readonly detail?: string } | { readonly ok: false; readonly reason: string };

export interface Rotator<K extends Rotation['kind'] = Rotation['kind']> {
  readonly kind: K;
  /**
   * Produces the new value. `token` is the rotation's idempotency token (also
   * the store's ClientRequestToken); `current` is the value now in use, if
   * any; see RotatorCreateInput for what else the state machine passes.
   */
  create(ctx: RotatorContext, input: RotatorCreateInput): Promise<SecretValue>;
  /**
   * Optional check before a secret's first rotation claims its slot in the
   * store: throws (e.g. ROTATION_PROVIDER_UNTRACKED_KEY) when the upstream
   * already holds credentials no stored version tracks, which `create` could
   * not later tell apart from the orphans of an interrupted first attempt.
   * Rotators that adopt by token (or have no upstream) leave it out.
   */
  preflight?(ctx: RotatorContext, input: { readonly token: string }): Promise<void>;
  /** Applies the pending value at the provider (activate, copy restrictions, publish a JWK). */
  set(ctx: RotatorContext, input: { readonly pending: SecretValue; readonly current?: SecretValue }): Promise<void>;
  /** Proves the pending value works before anyone depends on it. */
  test(ctx: RotatorContext, input: { readonly pending: SecretValue }): Promise<TestOutcome>;
  /**
   * Whether the old credential was used at or after `since` (e.g. IAM
   * last-used): `true`/`false`, or an `InUseVerdict` when the provider's
   * usage data cannot answer yet. Rotators that cannot tell omit it; the
   * overlap period alone decides.
   */
  stillInUse?(
    ctx: RotatorContext,
    input: { readonly previous: SecretValue; readonly since: Date },
  ): Promise<boolean | InUseVerdict>;
  /** Revokes the old upstream credential after the overlap period. */
  retire(ctx: RotatorContext, input: { readonly previous: SecretValue }): Promise<void>;
  /** Undoes `create`/`set` for a pending value whose test failed (delete the new upstream credential). */
  discard(ctx: RotatorContext, input: { readonly pending: SecretValue }): Promise<void>;
}

/**
 * A usage answer richer than a boolean. `unsettled`: the provider reports use
 * late (IAM: hours), so "no use reported" proves nothing before `until`; the
 * run waits instead of revoking. `reason` is value-free and shown in the report.
 */
export type InUseVerdict =
  | { readonly kind: 'used'; readonly reason: string }
  | { readonly kind: 'unused' }
  | { readonly kind: 'unsettled'; readonly until: Date; readonly reason: string };

/** Rotators by kind; the composition root builds it with real or fake provider ports. */
export type RotatorRegistry = Partial<{ [K in Rotation['kind']]: Rotator<K> }>;
