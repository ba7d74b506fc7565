import type { OpContext, Output } from '../context.js';
import type { Input } from '../input.js';
import { versionIdsToStages } from '../labels.js';
import type { SecretRecord } from '../model.js';
import { epochSeconds } from '../wire.js';
import { secretOf } from './guards.js';

/**
 * DescribeSecret (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html).
 * Works on secrets scheduled for deletion (its error list has no
 * InvalidRequestException) and then shows DeletedDate. Omitted as AWS omits
 * them: KmsKeyId for the default key, LastAccessedDate before any read,
 * DeletedDate when not deleted, RotationEnabled ("If the secret has never
 * been configured for rotation, Secrets Manager returns null": this server
 * never rotates), Tags when there are none. VersionIdsToStages lists only
 * versions that have staging labels.
 */
export function describeSecret(ctx: OpContext, input: Input): Output {
  const secret = secretOf(ctx.secrets, input);
  return { ...metadata(secret), VersionIdsToStages: versionIdsToStages(secret) };
}

/** The value-free metadata DescribeSecret and ListSecrets share. */
export function metadata(secret: SecretRecord): Output {
  const out: Output = { ARN: secret.arn, Name: secret.name };
  if (secret.description !== undefined) out['Description'] = secret.description;
  if (secret.kmsKeyId !== undefined) out['KmsKeyId'] = secret.kmsKeyId;
  out['LastChangedDate'] = epochSeconds(secret.lastChangedMs);
  if (secret.lastAccessedMs !== undefined) out['LastAccessedDate'] = epochSeconds(secret.lastAccessedMs);
  if (secret.deletedMs !== undefined) out['DeletedDate'] = epochSeconds(secret.deletedMs);
  if (secret.tags.length > 0) out['Tags'] = secret.tags.map((t) => ({ ...t }));
  out['CreatedDate'] = epochSeconds(secret.createdMs);
  return out;
}
