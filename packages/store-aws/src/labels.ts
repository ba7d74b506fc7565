import type { Stage, VersionInfo } from '@docugen-secrets/secret-store';

/** AWS's own staging labels for the three stages. */
export const STAGE_LABEL: Readonly<Record<Stage, string>> = {
  current: 'AWSCURRENT',
  pending: 'AWSPENDING',
  previous: 'AWSPREVIOUS',
};

/**
 * Custom staging labels for versions a rotation gave up on. AWS keeps a
 * version alive while it has any label and lets unlabelled ("deprecated")
 * versions be deleted, and a label marks exactly one version at a time. So
 * DOCUGEN_FAILED marks the most recent failed version (kept for inspection)
 * and DOCUGEN_RETIRED the most recently retired one; older ones become plain
 * deprecated versions that AWS may delete. Tags can't do this: they belong to
 * the secret, not to a version.
 */
export const FAILED_LABEL = 'DOCUGEN_FAILED';
export const RETIRED_LABEL = 'DOCUGEN_RETIRED';

/** A version as AWS lists it. */
export interface AwsVersion {
  readonly versionId: string;
  readonly labels: readonly string[];
  readonly createdAt: Date;
}

/**
 * AWSPENDING left on a version that is or was current is the mark of a
 * finished rotation, not a rotation in progress. RotateSecret: "When rotation
 * is successful, the AWSPENDING staging label might be attached to the same
 * version as the AWSCURRENT version … If the AWSPENDING staging label is
 * present but not attached to the same version as AWSCURRENT, then any later
 * invocation of RotateSecret assumes that a previous rotation request is still
 * in progress" (API_RotateSecret). The adapter's promote leaves it there (one
 * label move instead of two, see plans.ts), so:
 * - on the AWSCURRENT version it is a finished rotation;
 * - on the AWSPREVIOUS version it is the same leftover after AWSCURRENT moved
 *   on (a rollback, e.g. in the console: "roll back a secret" moves only
 *   AWSCURRENT). AWS puts AWSPREVIOUS only on a version that was current, and
 *   a version staged by a rotation is never current before its promotion, so
 *   a genuine pending version never holds AWSPREVIOUS.
 * The next PutSecretValue with VersionStages [AWSPENDING] takes the leftover
 * away at no extra cost ("If you specify a staging label that's already
 * associated with a different version of the same secret, then Secrets
 * Manager removes the label from the other version and attaches it to this
 * version", PutSecretValue, VersionStages).
 */
export function stagesOf(labels: readonly string[]): Stage[] {
  const isCurrent = labels.includes(STAGE_LABEL.current);
  const isPrevious = labels.includes(STAGE_LABEL.previous);
  const stages: Stage[] = [];
  if (isCurrent) stages.push('current');
  if (labels.includes(STAGE_LABEL.pending) && !isCurrent && !isPrevious) stages.push('pending');
  if (isPrevious) stages.push('previous');
  return stages;
}

export function toVersionInfo(v: AwsVersion): VersionInfo {
  return {
    versionId: v.versionId,
    stages: stagesOf(v.labels),
    createdAt: v.createdAt,
    ...(v.labels.includes(FAILED_LABEL) ? { failed: true } : {}),
    ...(v.labels.includes(RETIRED_LABEL) ? { retired: true } : {}),
  };
}

export function labelHolder(versions: readonly AwsVersion[], label: string): AwsVersion | undefined {
  return versions.find((v) => v.labels.includes(label));
}

/** The version holding a stage in the normalised sense of `stagesOf`. */
export function stageHolder(versions: readonly AwsVersion[], stage: Stage): AwsVersion | undefined {
  return versions.find((v) => stagesOf(v.labels).includes(stage));
}
