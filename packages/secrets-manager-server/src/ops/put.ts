import type { OpContext, Output } from '../context.js';
import { awsError } from '../errors.js';
import { optStr, type Input } from '../input.js';
import { readSecretValue } from '../wire.js';
import { liveSecretOf } from './guards.js';
import { addVersion, readStages, readToken } from './versioning.js';

/** PutSecretValue (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html); semantics in `addVersion`. */
export function putSecretValue(ctx: OpContext, input: Input): Output {
  const secret = liveSecretOf(ctx.secrets, input);
  const value = readSecretValue(input);
  if (!value) throw awsError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.');
  const version = addVersion(ctx, secret, readToken(ctx, input), value, readStages(input));
  return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId, VersionStages: [...version.stages] };
}

/**
 * UpdateSecret (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecret.html):
 * changes Description / KmsKeyId and, with a value, creates a version labelled
 * AWSCURRENT exactly as PutSecretValue without VersionStages.
 */
export function updateSecret(ctx: OpContext, input: Input): Output {
  const secret = liveSecretOf(ctx.secrets, input);
  const description = optStr(input, 'Description', { max: 2048 });
  const kmsKeyId = optStr(input, 'KmsKeyId', { max: 2048 });
  const value = readSecretValue(input);
  if (description !== undefined) secret.description = description;
  if (kmsKeyId !== undefined) secret.kmsKeyId = kmsKeyId;
  secret.lastChangedMs = ctx.nowMs;
  if (!value) return { ARN: secret.arn, Name: secret.name };
  const version = addVersion(ctx, secret, readToken(ctx, input), value, undefined);
  return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId };
}
