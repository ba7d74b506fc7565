import { addDuration, parseDuration } from '@docugen-secrets/core';
import type { SecretManifest } from '@docugen-secrets/manifest';
import { retireAt } from '@docugen-secrets/rotation';

/** `at` + an ISO-8601 duration, on the UTC calendar (as the rotation schedule computes). */
export function plus(at: Date, iso: string): Date {
  return addDuration(at, parseDuration(iso));
}

/**
 * When a pending version created at `createdAt` should have been promoted
 * at the latest: signing keys wait their publish delay, everything else is
 * promoted in the same run; plus the grace.
 */
export function pendingDeadline(manifest: SecretManifest, createdAt: Date, grace: string): Date {
  const r = manifest.rotation;
  const finish = r.kind === 'signing-key-pair' ? plus(createdAt, r.publishDelay) : createdAt;
  return plus(finish, grace);
}

/** When the previous version should be gone: the rotation's own retire time plus the grace; undefined for manual secrets. */
export function previousDeadline(
  manifest: SecretManifest,
  promotedAt: Date,
  emergency: boolean,
  grace: string,
): Date | undefined {
  const at = retireAt(manifest, promotedAt, emergency);
  return at === undefined ? undefined : plus(at, grace);
}
