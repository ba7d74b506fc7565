import { buildArn, validateName } from '../arn.js';
import type { OpContext, Output } from '../context.js';
import { awsError } from '../errors.js';
import { optStr, optTags, reqStr, type Input } from '../input.js';
import { isScheduledForDeletion, sameValue, type SecretRecord, type SecretValue } from '../model.js';
import { findVersion } from '../labels.js';
import { readSecretValue } from '../wire.js';
import { addVersion, readToken } from './versioning.js';

/**
 * CreateSecret (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html).
 * With SecretString or SecretBinary it creates the first version (VersionId =
 * ClientRequestToken, label AWSCURRENT). A name in use answers
 * ResourceExistsException; a name whose secret is scheduled for deletion
 * answers InvalidRequestException. A retry carrying the same ClientRequestToken
 * and the same value is idempotent ("the request is ignored"), which is what
 * makes an SDK retry after a lost response safe.
 */
export function createSecret(ctx: OpContext, input: Input): Output {
  const name = reqStr(input, 'Name');
  validateName(name);
  const token = readToken(ctx, input);
  const value = readSecretValue(input);
  const existing = ctx.secrets.find(name);
  if (existing) return retriedCreate(existing, token, value);
  const secret = newSecret(ctx, input, name, token);
  ctx.secrets.insert(secret);
  if (!value) return { ARN: secret.arn, Name: secret.name };
  const version = addVersion(ctx, secret, token, value, undefined);
  return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId };
}

function newSecret(ctx: OpContext, input: Input, name: string, token: string): SecretRecord {
  const secret: SecretRecord = {
    arn: buildArn(ctx.region, ctx.accountId, name, ctx.random),
    name,
    tags: dedupeTags(optTags(input, 'Tags') ?? []),
    createdMs: ctx.nowMs,
    lastChangedMs: ctx.nowMs,
    createToken: token,
    versions: [],
  };
  const description = optStr(input, 'Description', { max: 2048 });
  if (description !== undefined) secret.description = description;
  const kmsKeyId = optStr(input, 'KmsKeyId', { max: 2048 });
  if (kmsKeyId !== undefined) secret.kmsKeyId = kmsKeyId;
  return secret;
}

function retriedCreate(existing: SecretRecord, token: string, value: SecretValue | undefined): Output {
  if (isScheduledForDeletion(existing)) {
    throw awsError(
      'InvalidRequestException',
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    );
  }
  const version = findVersion(existing, token);
  const sameRequest =
    existing.createToken === token &&
    (value === undefined ? version === undefined : version !== undefined && sameValue(version.value, value));
  if (!sameRequest)
    throw awsError(
      'ResourceExistsException',
      `The operation failed because the secret ${existing.name} already exists.`,
    );
  return value === undefined
    ? { ARN: existing.arn, Name: existing.name }
    : { ARN: existing.arn, Name: existing.name, VersionId: token };
}

/** Later duplicates of a key win, as when TagResource overwrites. */
export function dedupeTags(tags: readonly { Key: string; Value: string }[]): { Key: string; Value: string }[] {
  const byKey = new Map<string, string>();
  for (const t of tags) byKey.set(t.Key, t.Value);
  return [...byKey].map(([Key, Value]) => ({ Key, Value }));
}
