/**
 * The time rules of rotation, shared by the planner and the state machine so
 * the two can never disagree about when something is due. All arithmetic is
 * on the UTC calendar (`addDuration`): P1M from Jan 31 is Feb 28/29, and a day
 * is 24 h whatever a local clock does at a DST change.
 */
import { addDuration, parseDuration } from '@docugen-secrets/core';
import { pickupTime, type Rotation, type SecretManifest } from '@docugen-secrets/manifest';

type Automatic = Exclude<Rotation, { kind: 'manual' }>;

export function isAutomatic(rotation: Rotation): rotation is Automatic {
  return rotation.kind !== 'manual';
}

export function plus(at: Date, iso: string): Date {
  return addDuration(at, parseDuration(iso));
}

function minus(at: Date, iso: string): Date {
  return addDuration(at, parseDuration(iso), -1);
}

function latest(dates: readonly Date[]): Date | undefined {
  return dates.reduce<Date | undefined>((a, d) => (a === undefined || d > a ? d : a), undefined);
}

function earliest(dates: readonly Date[]): Date | undefined {
  return dates.reduce<Date | undefined>((a, d) => (a === undefined || d < a ? d : a), undefined);
}

/** When the cadence makes the secret due again; undefined when the manifest has no cadence. */
export function cadenceDueAt(manifest: SecretManifest, lastRotatedAt: Date): Date | undefined {
  const cadence = manifest.rotation.cadence;
  return cadence === undefined ? undefined : plus(lastRotatedAt, cadence);
}

/** min(lastRotatedAt + expiry.maxAge, expiry.notAfter); undefined when neither applies. */
export function expiresAt(manifest: SecretManifest, lastRotatedAt: Date | undefined): Date | undefined {
  const { maxAge, notAfter } = manifest.expiry;
  const byAge = maxAge !== undefined && lastRotatedAt !== undefined ? [plus(lastRotatedAt, maxAge)] : [];
  const byDate = notAfter !== undefined ? [new Date(notAfter)] : [];
  return earliest([...byAge, ...byDate]);
}

/** The instants at which each `warnBefore` window opens, earliest first. */
export function warningTimes(manifest: SecretManifest, expiry: Date): Date[] {
  return manifest.expiry.warnBefore.map((w) => minus(expiry, w)).sort((a, b) => a.getTime() - b.getTime());
}

/** When every consumer has picked up a value promoted at `at` (live refresh or rollout). */
export function reloadedBy(manifest: SecretManifest, at: Date): Date {
  const ends = manifest.consumers.flatMap((c) => {
    const d = pickupTime(c);
    return d === undefined ? [] : [plus(at, d)];
  });
  return latest([at, ...ends]) ?? at;
}

/** The overlap that applies: the emergency one when the rotation was an emergency and the manifest has one. */
export function overlapOf(rotation: Automatic, emergency: boolean): string {
  return emergency && rotation.emergencyOverlap !== undefined ? rotation.emergencyOverlap : rotation.overlap;
}

/**
 * Earliest time the previous version (replaced at `promotedAt`) may be
 * retired. two-key and alternating: after the overlap. single: at once (there
 * is no overlap by definition; a waiver accepted that). signing-key: the old
 * public key stays verifiable until every token or document it signed has
 * expired: signers keep signing until they reload, tokens live
 * maxTokenLifetime, verifiers cache keys for verifierCacheTtl; never earlier
 * than the overlap. An emergency with an `emergencyOverlap` uses it alone: the
 * old key is presumed compromised, cutting its tokens short is the point;
 * without one the manifest allows no shortening, and the token rule stands.
 */
export function retireAt(manifest: SecretManifest, promotedAt: Date, emergency: boolean): Date | undefined {
  const r = manifest.rotation;
  if (!isAutomatic(r)) return undefined;
  const overlapEnd = plus(promotedAt, overlapOf(r, emergency));
  switch (r.strategy) {
    case 'single':
      return promotedAt;
    case 'two-key':
    case 'alternating':
      return overlapEnd;
    case 'signing-key': {
      if (emergency && r.emergencyOverlap !== undefined) return overlapEnd;
      const lastSigned = reloadedBy(manifest, promotedAt);
      const tokensGone = plus(plus(lastSigned, r.maxTokenLifetime), r.verifierCacheTtl);
      return latest([overlapEnd, tokensGone]) ?? overlapEnd;
    }
  }
}

/**
 * Earliest time a pending version created at `pendingCreatedAt` may be
 * promoted. Signing keys: only after the publish delay, so every verifier has
 * fetched the JWKS holding the new public key before anything is signed with
 * it. Everything else: at once.
 */
export function finishAt(manifest: SecretManifest, pendingCreatedAt: Date): Date {
  return publishDelayEndsAt(manifest, pendingCreatedAt) ?? pendingCreatedAt;
}

/**
 * When the publish delay of a pending version created at `pendingCreatedAt`
 * ends, or undefined when its kind has none (everything but signing keys). A
 * promotion is held back only by this: the creation time itself comes from the
 * store's clock, which may run ahead of the run's, and must not hold anything.
 */
export function publishDelayEndsAt(manifest: SecretManifest, pendingCreatedAt: Date): Date | undefined {
  const r = manifest.rotation;
  return r.kind === 'signing-key-pair' ? plus(pendingCreatedAt, r.publishDelay) : undefined;
}
