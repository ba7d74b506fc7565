import type { OpContext, Output } from '../context.js';
import { awsError } from '../errors.js';
import { optStr, reqStr, type Input } from '../input.js';
import { attachLabel, findVersion, holderOf, removeLabel } from '../labels.js';
import { AWSCURRENT, type SecretRecord, type VersionRecord } from '../model.js';
import { liveSecretOf } from './guards.js';

/**
 * UpdateSecretVersionStage (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html):
 * - MoveToVersionId: the version to add the label to; omitted = only remove it.
 * - RemoveFromVersionId: "If the staging label you are trying to attach to one
 *   version is already attached to a different version, then you must include
 *   this parameter and specify the version that the label is to be removed
 *   from. If the label is attached and you either do not specify this
 *   parameter, or the version ID does not match, then the operation fails."
 * - Read literally, that last sentence also refuses a RemoveFromVersionId the
 *   label is not attached to when the label already sits on MoveToVersionId:
 *   so an SDK retry of a move whose response was lost is refused ("not
 *   attached"), and clients must check the labels instead of trusting a
 *   retry (the AWS adapter does).
 * - Moving AWSCURRENT moves AWSPREVIOUS to the version it left (see labels.ts).
 * - AWSCURRENT can be moved but not simply removed: a secret with versions
 *   always has a current one (GetSecretValue's default depends on it).
 */
export function updateSecretVersionStage(ctx: OpContext, input: Input): Output {
  const secret = liveSecretOf(ctx.secrets, input);
  const label = reqStr(input, 'VersionStage', { min: 1, max: 256 });
  const removeFrom = optStr(input, 'RemoveFromVersionId', { min: 32, max: 64 });
  const moveToId = optStr(input, 'MoveToVersionId', { min: 32, max: 64 });
  const holder = holderOf(secret, label);
  if (moveToId === undefined) {
    detach(secret, label, holder, removeFrom);
  } else {
    const target = versionOrFail(secret, moveToId);
    if (holder && holder !== target && removeFrom !== holder.versionId)
      throw mismatch(label, holder.versionId, removeFrom);
    if (removeFrom !== undefined && holder?.versionId !== removeFrom) throw notAttached(label, removeFrom);
    attachLabel(secret, target, label);
  }
  secret.lastChangedMs = ctx.nowMs;
  return { ARN: secret.arn, Name: secret.name };
}

function detach(
  secret: SecretRecord,
  label: string,
  holder: VersionRecord | undefined,
  removeFrom: string | undefined,
): void {
  if (removeFrom === undefined) {
    throw awsError('InvalidParameterException', 'You must specify MoveToVersionId, RemoveFromVersionId, or both.');
  }
  versionOrFail(secret, removeFrom);
  if (holder?.versionId !== removeFrom) throw notAttached(label, removeFrom);
  if (label === AWSCURRENT) {
    throw awsError(
      'InvalidParameterException',
      `You can't remove the staging label ${AWSCURRENT} from a version without attaching it to another version; use MoveToVersionId.`,
    );
  }
  removeLabel(holder, label);
}

function versionOrFail(secret: SecretRecord, versionId: string): VersionRecord {
  const version = findVersion(secret, versionId);
  if (!version)
    throw awsError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret version: ${versionId}`,
    );
  return version;
}

function mismatch(label: string, holderId: string, removeFrom: string | undefined): Error {
  const given = removeFrom === undefined ? 'RemoveFromVersionId is missing' : `RemoveFromVersionId is ${removeFrom}`;
  return awsError(
    'InvalidParameterException',
    `The staging label ${label} is currently attached to version ${holderId}, but ${given}. Specify the version the label is attached to in RemoveFromVersionId.`,
  );
}

function notAttached(label: string, versionId: string): Error {
  return awsError('InvalidParameterException', `The staging label ${label} is not attached to version ${versionId}.`);
}
