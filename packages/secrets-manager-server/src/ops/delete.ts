import type { OpContext, Output } from '../context.js';
import { awsError } from '../errors.js';
import { optBool, optInt, reqStr, type Input } from '../input.js';
import { isScheduledForDeletion } from '../model.js';
import { epochSeconds } from '../wire.js';
import { secretOf } from './guards.js';

const DAY_MS = 86_400_000;

/**
 * DeleteSecret (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html):
 * RecoveryWindowInDays 7–30, default 30; "You can't use both this parameter
 * and ForceDeleteWithoutRecovery in the same call"; DeletionDate = request
 * time + window; "If you forcibly delete an already deleted or nonexistent
 * secret, the operation does not return ResourceNotFoundException". Deleting
 * a secret already scheduled for deletion (without force) is refused.
 */
export function deleteSecret(ctx: OpContext, input: Input): Output {
  const secretId = reqStr(input, 'SecretId', { min: 1, max: 2048 });
  const window = optInt(input, 'RecoveryWindowInDays');
  const force = optBool(input, 'ForceDeleteWithoutRecovery') ?? false;
  if (force && window !== undefined) {
    throw awsError(
      'InvalidParameterException',
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
  }
  if (window !== undefined && (window < 7 || window > 30)) {
    throw awsError(
      'InvalidParameterException',
      'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
    );
  }
  const secret = force ? ctx.secrets.find(secretId) : secretOf(ctx.secrets, input);
  if (!secret) return { Name: secretId, DeletionDate: epochSeconds(ctx.nowMs) };
  if (force) {
    ctx.secrets.remove(secret);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(ctx.nowMs) };
  }
  if (isScheduledForDeletion(secret)) {
    throw awsError(
      'InvalidRequestException',
      "You can't perform this operation on the secret because it was already scheduled for deletion.",
    );
  }
  secret.deletedMs = ctx.nowMs;
  secret.deletionMs = ctx.nowMs + (window ?? 30) * DAY_MS;
  secret.lastChangedMs = ctx.nowMs;
  return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(secret.deletionMs) };
}

/**
 * RestoreSecret (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RestoreSecret.html):
 * "Cancels the scheduled deletion of a secret by removing the DeletedDate time
 * stamp"; restoring a secret that is not scheduled for deletion changes nothing.
 */
export function restoreSecret(ctx: OpContext, input: Input): Output {
  const secret = secretOf(ctx.secrets, input);
  if (isScheduledForDeletion(secret)) {
    delete secret.deletedMs;
    delete secret.deletionMs;
    secret.lastChangedMs = ctx.nowMs;
  }
  return { ARN: secret.arn, Name: secret.name };
}
