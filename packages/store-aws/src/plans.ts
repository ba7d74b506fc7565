import { type SecretRef, storeError } from '@docugen-secrets/secret-store';
import {
  FAILED_LABEL,
  RETIRED_LABEL,
  STAGE_LABEL,
  labelHolder,
  stageHolder,
  stagesOf,
  type AwsVersion,
} from './labels.js';

/**
 * Pure decisions of the AWS adapter over a listing of the secret's versions:
 * which UpdateSecretVersionStage calls an operation needs (in order), or why
 * it is refused. Each plan is safe to rerun after a crash part-way: it is
 * recomputed from the labels as they are.
 */
export interface LabelMove {
  readonly label: string;
  /** MoveToVersionId. */
  readonly to?: string;
  /** RemoveFromVersionId: AWS requires it when the label sits on another version. */
  readonly from?: string;
}

function find(ref: SecretRef, versions: readonly AwsVersion[], versionId: string, step: string): AwsVersion {
  const v = versions.find((x) => x.versionId === versionId);
  if (!v)
    throw storeError('STORE_VERSION_NOT_FOUND', ref, `secret "${ref.id}" has no version ${versionId} (step ${step})`, {
      details: { step, versionId },
    });
  return v;
}

function conflict(ref: SecretRef, step: string, versionId: string, why: string): Error {
  return storeError('STORE_STAGE_CONFLICT', ref, `secret "${ref.id}": version ${versionId} ${why} (step ${step})`, {
    details: { step, versionId },
  });
}

export function planPutPending(
  ref: SecretRef,
  versions: readonly AwsVersion[],
  token: string,
): { kind: 'put' } | { kind: 'replay' } {
  const existing = versions.find((v) => v.versionId === token);
  if (existing) {
    if (
      existing.labels.includes(FAILED_LABEL) ||
      existing.labels.includes(RETIRED_LABEL) ||
      stagesOf(existing.labels).length === 0
    ) {
      throw storeError(
        'STORE_TOKEN_CONFLICT',
        ref,
        `secret "${ref.id}": token ${token} belongs to a version that failed or was retired; start a new rotation slot`,
        { details: { step: 'putPending', versionId: token } },
      );
    }
    return { kind: 'replay' };
  }
  const pending = stageHolder(versions, 'pending');
  if (pending) {
    throw storeError(
      'STORE_ROTATION_IN_PROGRESS',
      ref,
      `secret "${ref.id}" already has pending version ${pending.versionId} from another rotation: resume or fail that rotation before starting a new one`,
      {
        details: { step: 'putPending', pendingVersionId: pending.versionId },
      },
    );
  }
  return { kind: 'put' };
}

/**
 * Finishing a rotation is ONE UpdateSecretVersionStage: AWSCURRENT moves to
 * the version (MoveToVersionId) from the version that holds it
 * (RemoveFromVersionId), and AWS moves AWSPREVIOUS to the old current by
 * itself ("Whenever you move AWSCURRENT, Secrets Manager automatically moves
 * the label AWSPREVIOUS to the version that AWSCURRENT was removed from",
 * API_UpdateSecretVersionStage). AWSPENDING stays on the new current version:
 * RotateSecret counts that as a successful rotation (see `stagesOf`), and the
 * next rotation's PutSecretValue takes the label anyway, so stripping it
 * would be a second write per rotation in the same 50/s quota for nothing.
 * Already current (a rerun, or a lost response): nothing to do.
 */
export function planPromote(ref: SecretRef, versions: readonly AwsVersion[], versionId: string): LabelMove[] {
  const target = find(ref, versions, versionId, 'promote');
  if (target.labels.includes(FAILED_LABEL) || target.labels.includes(RETIRED_LABEL))
    throw conflict(ref, 'promote', versionId, 'failed or was retired and cannot become current');
  if (target.labels.includes(STAGE_LABEL.current)) return [];
  const pending = stageHolder(versions, 'pending');
  if (pending && pending !== target) {
    // Also catches the loser of a put race: its version lost AWSPENDING to the winner's.
    throw storeError(
      'STORE_ROTATION_IN_PROGRESS',
      ref,
      `secret "${ref.id}": version ${pending.versionId} is pending from another rotation; version ${versionId} cannot be promoted until it is finished or failed`,
      {
        details: { step: 'promote', versionId, pendingVersionId: pending.versionId },
      },
    );
  }
  const current = labelHolder(versions, STAGE_LABEL.current);
  return [{ label: STAGE_LABEL.current, to: versionId, ...(current ? { from: current.versionId } : {}) }];
}

/** DOCUGEN_FAILED moves to the version first, so a crash never leaves it unmarked and unstaged. */
export function planMarkFailed(ref: SecretRef, versions: readonly AwsVersion[], versionId: string): LabelMove[] {
  const target = find(ref, versions, versionId, 'markFailed');
  if (target.labels.includes(STAGE_LABEL.current))
    throw conflict(ref, 'markFailed', versionId, 'is current; only a pending or unstaged version can be marked failed');
  return flagAndUnstage(versions, target, FAILED_LABEL, [STAGE_LABEL.pending, STAGE_LABEL.previous]);
}

/**
 * A retired version loses AWSPREVIOUS and any AWSPENDING left from the time
 * it was current (a rollback leaves one, see `stagesOf`): without AWSPREVIOUS
 * that leftover would read as a rotation in progress. AWSPENDING goes first,
 * so a crash in between never leaves it on a version without AWSPREVIOUS.
 */
export function planRetire(ref: SecretRef, versions: readonly AwsVersion[], versionId: string): LabelMove[] {
  const target = find(ref, versions, versionId, 'retire');
  const stages = stagesOf(target.labels);
  if (stages.includes('current') || stages.includes('pending'))
    throw conflict(
      ref,
      'retire',
      versionId,
      `is ${stages.join('/')}; only a previous or unstaged version can be retired`,
    );
  return flagAndUnstage(versions, target, RETIRED_LABEL, [STAGE_LABEL.pending, STAGE_LABEL.previous]);
}

/**
 * The flag label first, then the stage labels the version still holds. A
 * rerun after a crash part-way finishes the unstaging (the flag is not moved twice).
 */
function flagAndUnstage(
  versions: readonly AwsVersion[],
  target: AwsVersion,
  flag: string,
  unstage: readonly string[],
): LabelMove[] {
  const moves: LabelMove[] = [];
  if (!target.labels.includes(flag)) {
    const holderOfFlag = labelHolder(versions, flag);
    moves.push({ label: flag, to: target.versionId, ...(holderOfFlag ? { from: holderOfFlag.versionId } : {}) });
  }
  for (const label of unstage) if (target.labels.includes(label)) moves.push({ label, from: target.versionId });
  return moves;
}

/**
 * Whether the labels already show the effect of `move` (for a write whose
 * response was lost: the retry, or a rerun, finds the work done).
 */
export function moveApplied(versions: readonly AwsVersion[], move: LabelMove): boolean {
  const holds = (versionId: string): boolean =>
    versions.some((v) => v.versionId === versionId && v.labels.includes(move.label));
  if (move.to !== undefined && !holds(move.to)) return false;
  return move.from === undefined || move.from === move.to || !holds(move.from);
}
