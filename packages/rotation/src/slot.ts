import { rotationToken } from '@docugen-secrets/secret-store';

/**
 * A rotation's slot names one attempt to replace one version, derived from
 * store state alone so a rerun after a crash derives the same slot, hence the
 * same idempotency token (the store's ClientRequestToken and, in every store,
 * the new version's id):
 * - the mode (scheduled or emergency), so the emergency nature of a rotation
 *   can be recovered later from the version ids (see `isEmergencyVersion`);
 * - the version being replaced (`none` before the first value);
 * - the count of spent attempts since current (failed versions, see
 *   `VersionView.attemptsSinceCurrent`), so a retry after a failed test gets
 *   a fresh token instead of colliding with the failed version's.
 */
export type RotationMode = 'scheduled' | 'emergency';

export function rotationSlot(mode: RotationMode, fromVersionId: string | undefined, failedCount: number): string {
  return `${mode}:${fromVersionId ?? 'none'}:${failedCount}`;
}

export function tokenFor(
  secretId: string,
  mode: RotationMode,
  fromVersionId: string | undefined,
  failedCount: number,
): string {
  return rotationToken(secretId, rotationSlot(mode, fromVersionId, failedCount));
}

/**
 * The fixed token the first drafts gave a secret's first value. The state
 * machine now uses the slot token (`tokenFor` with no version to replace);
 * kept for callers that seed stores with it.
 */
export function initialToken(secretId: string): string {
  return rotationToken(secretId, 'initial');
}

/**
 * Whether `currentVersionId` was created by an emergency rotation away from
 * `previousVersionId`: true when it equals the emergency token for some
 * failed-version count up to `maxFailed`. Lets a later run apply the emergency
 * overlap without any state outside the store.
 */
export function isEmergencyVersion(
  secretId: string,
  currentVersionId: string,
  previousVersionId: string,
  maxFailed: number,
): boolean {
  for (let n = 0; n <= maxFailed; n++) {
    if (tokenFor(secretId, 'emergency', previousVersionId, n) === currentVersionId) return true;
  }
  return false;
}
