import type { OpContext, Output } from '../context.js';
import { awsError } from '../errors.js';
import { optStr, type Input } from '../input.js';
import { findVersion, holderOf } from '../labels.js';
import { AWSCURRENT, type SecretRecord, type VersionRecord } from '../model.js';
import { epochSeconds, startOfUtcDay, valueFields } from '../wire.js';
import { liveSecretOf } from './guards.js';

/**
 * GetSecretValue (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html):
 * "If you don't specify either a VersionStage or VersionId, then Secrets
 * Manager returns the AWSCURRENT version"; with both, "the two parameters must
 * refer to the same secret version". Deprecated (unlabelled) versions stay
 * readable by VersionId until removed. Records the (day-resolution) access date.
 */
export function getSecretValue(ctx: OpContext, input: Input): Output {
  const secret = liveSecretOf(ctx.secrets, input);
  const version = selectVersion(
    secret,
    optStr(input, 'VersionId', { min: 32, max: 64 }),
    optStr(input, 'VersionStage', { min: 1, max: 256 }),
  );
  const day = startOfUtcDay(ctx.nowMs);
  if (secret.lastAccessedMs !== day || version.lastAccessedMs !== day) {
    secret.lastAccessedMs = day;
    version.lastAccessedMs = day;
    ctx.secrets.touched(secret);
  }
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    ...valueFields(version.value),
    VersionStages: [...version.stages],
    CreatedDate: epochSeconds(version.createdMs),
  };
}

function selectVersion(secret: SecretRecord, versionId: string | undefined, stage: string | undefined): VersionRecord {
  const byId = versionId === undefined ? undefined : findVersion(secret, versionId);
  if (versionId !== undefined && !byId) throw missing(`VersionId: ${versionId}`);
  if (stage === undefined) {
    if (byId) return byId;
    const current = holderOf(secret, AWSCURRENT);
    if (!current) throw missing(`staging label: ${AWSCURRENT}`);
    return current;
  }
  const byStage = holderOf(secret, stage);
  if (!byStage || (byId && byId !== byStage))
    throw missing(
      versionId === undefined ? `staging label: ${stage}` : `VersionId: ${versionId} and staging label: ${stage}`,
    );
  return byStage;
}

function missing(what: string): Error {
  return awsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for ${what}`);
}
