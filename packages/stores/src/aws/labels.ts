import type { Stage, VersionInfo } from '../port.js';

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
 * AWS leaves AWSPENDING on the new current version after a finished rotation;
 * only a pending label on a version that is *not* current means a rotation is
 * in progress. So stages drop `pending` on the current version.
 */
export function stagesOf(labels: readonly string[]): Stage[] {
  const isCurrent = labels.includes(STAGE_LABEL.current);
  const stages: Stage[] = [];
  if (isCurrent) stages.push('current');
  if (labels.includes(STAGE_LABEL.pending) && !isCurrent) stages.push('pending');
  if (labels.includes(STAGE_LABEL.previous)) stages.push('previous');
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
