import type { Clock } from '@docugen-secrets/core';
import type { Actor, AuditDetail, AuditSink } from '@docugen-secrets/audit';
import type { SecretManifest } from '@docugen-secrets/manifest';
import {
  rotationToken,
  type SecretDescription,
  type SecretRef,
  type SecretStore,
  type SecretValue,
} from '@docugen-secrets/secret-store';
import { rotationError } from '../errors.js';
import { secretRef } from '../refs.js';
import type { RestartDeps, RestartOutcome } from '../restart/port.js';
import { record } from './record.js';
import { restartConsumers } from './restarts.js';
import type { TestOutcome } from '../rotators/port.js';
import { reloadedBy } from '../schedule.js';

/** What a manual rotation works with; the store is wrapped in an AuditedStore by the caller. */
export interface ManualDeps {
  readonly store: SecretStore;
  readonly audit: AuditSink;
  readonly actor: Actor;
  readonly clock: Clock;
  /**
   * Reload hooks, as in an automatic rotation: the rolling-restart consumers
   * with a trigger are restarted once the new value is current. Absent: each
   * such restart is reported (and audited) `unavailable`.
   */
  readonly restarts?: RestartDeps;
}

export interface ManualRotationInput {
  /** The new value, typed or piped by the person (never an argument, never a file). */
  readonly value: SecretValue;
  /** Why (recorded in the audit trail). */
  readonly reason: string;
  /** Who did it: `--actor`, the git user or GITHUB_ACTOR (recorded as `by`). */
  readonly by: string;
  /** The secret's test step, when it has one: a failed test leaves the old value current. */
  readonly test?: (value: SecretValue) => Promise<TestOutcome>;
}

export interface ManualRotationResult {
  readonly secretId: string;
  readonly kind: 'rotated' | 'created' | 'failed';
  /** Value-free sentence for the person. */
  readonly reason: string;
  readonly versionId: string;
  /** The version kept for the overlap (revoke its token upstream after `revokeAfter`). */
  readonly previousVersionId?: string;
  /** When every consumer has the new value (rollout or refresh): the old token may be revoked upstream from then. */
  readonly revokeAfter?: Date;
  /** The consumers' restarts for the new version (rolling-restart consumers with a trigger). */
  readonly restarts?: readonly RestartOutcome[];
}

function check(m: SecretManifest, input: { reason: string; by: string }): void {
  if (m.rotation.kind !== 'manual')
    throw rotationError(
      'ROTATION_BAD_OPTIONS',
      `secret "${m.id}" is rotated by the tool (${m.rotation.kind}); --manual is for secrets whose strategy is manual`,
      { secretId: m.id },
    );
  if (input.reason.trim() === '')
    throw rotationError(
      'ROTATION_BAD_OPTIONS',
      `secret "${m.id}": a manual rotation needs a reason (recorded in the audit trail)`,
      { secretId: m.id },
    );
  if (input.by.trim() === '')
    throw rotationError(
      'ROTATION_BAD_OPTIONS',
      `secret "${m.id}": a manual rotation needs an actor (--actor, git user.name or GITHUB_ACTOR)`,
      { secretId: m.id },
    );
}

async function ensureSecret(
  deps: ManualDeps,
  m: SecretManifest,
  ref: SecretRef,
  desc: SecretDescription,
  facts: Record<string, AuditDetail>,
): Promise<void> {
  if (desc.exists) return;
  await deps.store.create(ref, {
    description: m.description,
    tags: { 'docugen-secrets/id': m.id, 'docugen-secrets/owner': m.owner.team },
  });
  await record(deps, m, 'store-initial', undefined, 'success', facts);
}

async function runTest(
  deps: ManualDeps,
  m: SecretManifest,
  input: ManualRotationInput,
  token: string,
  facts: Record<string, AuditDetail>,
): Promise<TestOutcome> {
  if (!input.test) return { ok: true };
  const outcome = await input.test(input.value);
  await record(deps, m, 'test', token, outcome.ok ? 'success' : 'failure', {
    ...facts,
    passed: outcome.ok,
    ...(outcome.ok ? {} : { testReason: outcome.reason.slice(0, 300) }),
  });
  return outcome;
}

/**
 * A person's rotation of a manual secret, through the tool instead of
 * around it: records who and why, stages the value as pending (idempotent:
 * the token derives from the version it replaces, so a rerun with the same
 * value replays), runs the test step when there is one, promotes it and
 * keeps the previous version for the overlap. A first value is tested before
 * it is staged, since a store may make a first version current at once.
 * Returns when the old token may be revoked upstream: once every consumer
 * has reloaded (the longest rollout or refresh interval).
 */
export async function rotateManually(
  deps: ManualDeps,
  m: SecretManifest,
  input: ManualRotationInput,
): Promise<ManualRotationResult> {
  check(m, input);
  const ref = secretRef(m);
  const facts = { reason: input.reason.trim(), by: input.by.trim() };
  await record(deps, m, 'request', undefined, 'success', facts);
  const desc = await deps.store.describe(ref);
  const current = desc.versions.find((v) => v.stages.includes('current'))?.versionId;
  const failed = desc.versions.filter((v) => v.failed === true).length;
  const token = rotationToken(m.id, `manual:${current ?? 'none'}:${failed}`);
  await ensureSecret(deps, m, ref, desc, facts);
  if (current === undefined && !(await runTest(deps, m, input, token, facts)).ok)
    return {
      secretId: m.id,
      kind: 'failed',
      reason: 'the first value failed its test; nothing was stored',
      versionId: token,
    };
  await deps.store.putPending(ref, input.value, token);
  await record(deps, m, 'store-pending', token, 'success', facts);
  if (current !== undefined) {
    const outcome = await runTest(deps, m, input, token, facts);
    if (!outcome.ok) {
      await deps.store.markFailed(ref, token);
      await record(deps, m, 'mark-failed', token, 'success', facts);
      return {
        secretId: m.id,
        kind: 'failed',
        reason: `the new value failed its test (${outcome.reason}); the old value stays current`,
        versionId: token,
      };
    }
  }
  const staged = (await deps.store.describe(ref)).versions.find((v) => v.versionId === token);
  if (staged?.stages.includes('current') !== true) await deps.store.promote(ref, token);
  const promotedAt = deps.clock.now();
  const revokeAfter = reloadedBy(m, promotedAt);
  await record(deps, m, 'finish', token, 'success', {
    ...facts,
    ...(current === undefined ? {} : { previousVersionId: current }),
    revokeAfter: revokeAfter.toISOString(),
  });
  if (current === undefined)
    return { secretId: m.id, kind: 'created', reason: 'first value stored as current', versionId: token };
  const restarts = await restartConsumers(deps, m, token, facts);
  const rolledOut = restarts.flatMap((r) => (r.kind !== 'deferred' && r.until ? [r.until.getTime()] : []));
  return {
    secretId: m.id,
    kind: 'rotated',
    reason: 'new value current, previous kept for the overlap',
    versionId: token,
    previousVersionId: current,
    revokeAfter: new Date(Math.max(revokeAfter.getTime(), ...rolledOut)),
    ...(restarts.length === 0 ? {} : { restarts }),
  };
}

/**
 * The person confirms the old token is revoked upstream: recorded in the
 * audit trail, and the previous version is retired in the store (nobody may
 * fall back to a revoked token). Refused when there is no previous version.
 */
export async function confirmRevoked(
  deps: ManualDeps,
  m: SecretManifest,
  input: { readonly reason: string; readonly by: string },
): Promise<{ readonly retiredVersionId: string }> {
  check(m, { reason: input.reason === '' ? 'old token revoked upstream' : input.reason, by: input.by });
  const ref = secretRef(m);
  const previous = (await deps.store.describe(ref)).versions.find((v) => v.stages.includes('previous'))?.versionId;
  if (previous === undefined)
    throw rotationError('ROTATION_BAD_OPTIONS', `secret "${m.id}" has no previous version to confirm as revoked`, {
      secretId: m.id,
    });
  await deps.store.retire(ref, previous);
  await record(deps, m, 'revoked', previous, 'success', {
    reason: input.reason === '' ? 'old token revoked upstream' : input.reason,
    by: input.by,
  });
  return { retiredVersionId: previous };
}
