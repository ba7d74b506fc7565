import { awsError } from '../errors.js';
import type { OpContext } from '../context.js';
import { optStr, optStrList, type Input } from '../input.js';
import { attachLabel, findVersion, pruneDeprecated } from '../labels.js';
import { AWSCURRENT, sameValue, type SecretRecord, type SecretValue, type VersionRecord } from '../model.js';

/** ClientRequestToken: 32–64 characters; the SDK fills it with a UUID when absent. */
export function readToken(ctx: OpContext, input: Input): string {
  return optStr(input, 'ClientRequestToken', { min: 32, max: 64 }) ?? ctx.random.uuid();
}

/** VersionStages: 1–20 labels of 1–256 characters. */
export function readStages(input: Input): string[] | undefined {
  return optStrList(input, 'VersionStages', { min: 1, max: 20, itemMax: 256 });
}

/**
 * Adds a version the way PutSecretValue documents it
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html):
 * - a ClientRequestToken not yet used creates a version whose VersionId is the token;
 * - the same token with the same SecretString/SecretBinary "succeeds but does nothing";
 * - the same token with different data fails (ResourceExistsException): "you can't
 *   modify an existing version; you can only create new ones";
 * - without VersionStages, AWSCURRENT moves to the new version (and AWSPREVIOUS to the old one);
 * - the first version of a secret always gets AWSCURRENT.
 */
export function addVersion(
  ctx: OpContext,
  secret: SecretRecord,
  token: string,
  value: SecretValue,
  stages: readonly string[] | undefined,
): VersionRecord {
  const existing = findVersion(secret, token);
  if (existing) {
    if (sameValue(existing.value, value)) return existing;
    throw awsError(
      'ResourceExistsException',
      "You can't modify an existing version, you can only create new versions.",
    );
  }
  const first = secret.versions.length === 0;
  const version: VersionRecord = { versionId: token, createdMs: ctx.nowMs, value, stages: [] };
  secret.versions.push(version);
  const labels = stages ?? [AWSCURRENT];
  for (const label of first && !labels.includes(AWSCURRENT) ? [...labels, AWSCURRENT] : labels)
    attachLabel(secret, version, label);
  secret.lastChangedMs = ctx.nowMs;
  pruneDeprecated(secret, ctx.nowMs);
  return version;
}
