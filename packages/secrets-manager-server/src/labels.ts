import { awsError } from './errors.js';
import { AWSCURRENT, AWSPREVIOUS, type SecretRecord, type VersionRecord } from './model.js';

/**
 * Staging-label rules, from "Concepts: Version" / UpdateSecretVersionStage
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html):
 * - "Each staging label can be attached to only one version at a time. To add
 *   a staging label to a version when it is already attached to another
 *   version, Secrets Manager first removes it from the other version."
 * - "Whenever you move AWSCURRENT, Secrets Manager automatically moves the
 *   label AWSPREVIOUS to the version that AWSCURRENT was removed from."
 * - "If this action results in the last label being removed from a version,
 *   then the version is considered to be 'deprecated'."
 */
export function holderOf(secret: SecretRecord, label: string): VersionRecord | undefined {
  return secret.versions.find((v) => v.stages.includes(label));
}

export function findVersion(secret: SecretRecord, versionId: string): VersionRecord | undefined {
  return secret.versions.find((v) => v.versionId === versionId);
}

export function removeLabel(version: VersionRecord, label: string): void {
  version.stages = version.stages.filter((s) => s !== label);
}

/**
 * "Staging labels attached across all versions of a secret: 20" (quota table of
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html).
 * A label moves rather than multiplies, so only a label no version holds yet counts.
 */
export const MAX_LABELS = 20;

/** Attaches `label` to `version`, taking it off any other version; AWSCURRENT drags AWSPREVIOUS along. */
export function attachLabel(secret: SecretRecord, version: VersionRecord, label: string): void {
  const holder = holderOf(secret, label);
  if (holder === version) return;
  if (!holder && labelCount(secret) >= MAX_LABELS) {
    throw awsError(
      'LimitExceededException',
      `The secret already has ${MAX_LABELS} staging labels attached across its versions; remove one before attaching ${label}.`,
    );
  }
  if (holder) removeLabel(holder, label);
  if (label === AWSCURRENT && holder) attachLabel(secret, holder, AWSPREVIOUS);
  version.stages = [...version.stages, label];
}

/** Versions with labels, as DescribeSecret's VersionIdsToStages / ListSecrets' SecretVersionsToStages show them. */
export function versionIdsToStages(secret: SecretRecord): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const v of secret.versions) if (v.stages.length > 0) out[v.versionId] = [...v.stages];
  return out;
}

function labelCount(secret: SecretRecord): number {
  return new Set(secret.versions.flatMap((v) => v.stages)).size;
}

export const MAX_VERSIONS = 100;
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * "Secrets Manager removes unlabeled versions when there are more than 100,
 * but it does not remove versions created less than 24 hours ago. If you
 * update the secret value more than once every 10 minutes, you create more
 * versions than Secrets Manager removes, and you will reach the quota for
 * secret versions" (PutSecretValue, and the introduction of
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html).
 * Removes the oldest such deprecated versions until at most 100 remain; when
 * the others are all labelled or younger than 24 hours, the new version would
 * exceed the quota and the write fails with LimitExceededException ("The
 * request failed because it would exceed one of the Secrets Manager quotas",
 * PutSecretValue errors). The caller runs on a draft, so nothing is kept.
 */
export function pruneDeprecated(secret: SecretRecord, nowMs: number): void {
  let excess = secret.versions.length - MAX_VERSIONS;
  if (excess <= 0) return;
  secret.versions = secret.versions.filter((v) => {
    const removable = excess > 0 && v.stages.length === 0 && nowMs - v.createdMs >= DAY_MS;
    if (removable) excess -= 1;
    return !removable;
  });
  if (excess > 0) {
    throw awsError(
      'LimitExceededException',
      `The secret would have more than ${MAX_VERSIONS} versions, and its unlabeled versions are younger than 24 hours: Secrets Manager cannot remove any yet. Wait, or update the secret less often.`,
    );
  }
}
