import type { SecretRecord } from './model.js';

/**
 * A value-free view of the server's state for tests: every secret, and every
 * version including deprecated (unlabelled) ones that the API hides by default.
 * Secret values are deliberately absent (project rule: no secret value in any
 * snapshot); read them through GetSecretValue.
 */
export interface ServerSnapshot {
  readonly secrets: readonly SecretSnapshot[];
}

export interface SecretSnapshot {
  readonly arn: string;
  readonly name: string;
  readonly createdDate: string;
  readonly deletedDate?: string;
  readonly deletionDate?: string;
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
  /** Oldest first. */
  readonly versions: readonly VersionSnapshot[];
}

export interface VersionSnapshot {
  readonly versionId: string;
  readonly stages: readonly string[];
  readonly createdDate: string;
  readonly valueKind: 'string' | 'binary';
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function snapshotOf(all: Iterable<SecretRecord>): ServerSnapshot {
  return {
    secrets: Array.from(all, (s) => ({
      arn: s.arn,
      name: s.name,
      createdDate: iso(s.createdMs),
      ...(s.deletedMs === undefined ? {} : { deletedDate: iso(s.deletedMs) }),
      ...(s.deletionMs === undefined ? {} : { deletionDate: iso(s.deletionMs) }),
      tags: s.tags.map((t) => ({ ...t })),
      versions: s.versions.map((v) => ({
        versionId: v.versionId,
        stages: [...v.stages],
        createdDate: iso(v.createdMs),
        valueKind: v.value.kind,
      })),
    })),
  };
}
