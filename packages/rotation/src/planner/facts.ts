import type { SecretManifest } from '@docugen-secrets/manifest';
import type { SecretDescription, VersionInfo } from '@docugen-secrets/secret-store';
import { isEmergencyVersion } from '../slot.js';
import { finishAt, publishDelayEndsAt, retireAt } from '../schedule.js';

/** The versions that matter to a rotation, read off a store description. */
export interface VersionView {
  readonly current?: VersionInfo;
  readonly pending?: VersionInfo;
  readonly previous?: VersionInfo;
  /** Every failed version the store still flags. */
  readonly failedCount: number;
  /** Failed versions newer than current: their upstream credential may still need discarding. */
  readonly failedSinceCurrent: readonly VersionInfo[];
  /**
   * Spent attempts to replace current: versions newer than current that are
   * not pending (failed ones, and unlabelled ones whose failed flag a store
   * dropped — AWS flags only the latest failed version). Part of the next
   * rotation's slot, so every attempt gets a fresh token.
   */
  readonly attemptsSinceCurrent: number;
  /** How many versions the store lists (an upper bound for slot counters). */
  readonly versionCount: number;
}

const holding = (versions: readonly VersionInfo[], stage: VersionInfo['stages'][number]): VersionInfo | undefined =>
  versions.find((v) => v.stages.includes(stage) && v.failed !== true && v.retired !== true);

export function viewOf(desc: SecretDescription): VersionView {
  const versions = desc.versions;
  const current = holding(versions, 'current');
  const pending = holding(versions, 'pending');
  const previous = holding(versions, 'previous');
  const currentIndex = current ? versions.indexOf(current) : versions.length;
  const newer = versions.slice(0, currentIndex);
  return {
    ...(current ? { current } : {}),
    ...(pending && pending !== current ? { pending } : {}),
    ...(previous && previous !== current ? { previous } : {}),
    failedCount: versions.filter((v) => v.failed === true).length,
    failedSinceCurrent: newer.filter((v) => v.failed === true),
    attemptsSinceCurrent: newer.filter((v) => !v.stages.includes('pending')).length,
    versionCount: versions.length,
  };
}

/** When the version now current was promoted: the store's lastRotatedAt, else its creation. */
export function promotedAt(desc: SecretDescription, view: VersionView): Date | undefined {
  return desc.lastRotatedAt ?? view.current?.createdAt ?? desc.createdAt;
}

/** Whether the current version came from an emergency rotation (recovered from its token). */
export function currentIsEmergency(manifest: SecretManifest, view: VersionView): boolean {
  const { current, previous } = view;
  // Any slot counter the current version can have had is below the number of listed versions.
  return (
    current !== undefined &&
    previous !== undefined &&
    isEmergencyVersion(
      manifest.id,
      current.versionId,
      previous.versionId,
      Math.max(view.failedCount, view.versionCount),
    )
  );
}

/**
 * The latest time the current version can have been promoted, for the retire
 * gate. A store may not know the promotion time exactly (AWS sets
 * LastRotatedDate only for its own RotateSecret; the AWS adapter derives the
 * promotion from the labels and LastChangedDate, and falls back to the
 * current version's creation — which precedes promotion by the publish delay
 * or a crashed run's downtime — when labels were moved by hand). Erring late
 * only delays a retire, erring early could revoke a credential consumers
 * still use, so take the latest of: the store's lastRotatedAt, its
 * lastChangedAt (promotion is a change; nothing else of ours changes the
 * secret before the retire), and — for signing keys — the current version's
 * creation plus the publish delay.
 */
export function promotedAtLatest(
  manifest: SecretManifest,
  desc: SecretDescription,
  view: VersionView,
): Date | undefined {
  const known = promotedAt(desc, view);
  if (known === undefined) return undefined;
  const candidates = [
    known,
    ...(desc.lastChangedAt ? [desc.lastChangedAt] : []),
    ...(view.current ? [finishAt(manifest, view.current.createdAt)] : []),
  ];
  return candidates.reduce((a, b) => (b > a ? b : a));
}

/** When the previous version may be retired; undefined when there is none. */
export function previousRetireAt(
  manifest: SecretManifest,
  desc: SecretDescription,
  view: VersionView,
  emergency: boolean,
): Date | undefined {
  const at = promotedAtLatest(manifest, desc, view);
  if (view.previous === undefined || at === undefined) return undefined;
  return retireAt(manifest, at, emergency || currentIsEmergency(manifest, view));
}

/** When the pending version may be promoted (signing keys: after the publish delay). */
export function pendingFinishAt(manifest: SecretManifest, view: VersionView): Date | undefined {
  return view.pending ? publishDelayEndsAt(manifest, view.pending.createdAt) : undefined;
}
