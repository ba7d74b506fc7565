import { FAILED_LABEL, RETIRED_LABEL, STAGE_LABEL, labelHolder, type AwsVersion } from './labels.js';

/**
 * When did the current version become current — without a write on the
 * rotation's hot path?
 *
 * What AWS offers: DescribeSecret's LastRotatedDate is "the last date and
 * time that Secrets Manager rotated the secret" and stays null unless the
 * secret uses Secrets Manager's own RotateSecret; a version's CreatedDate
 * (ListSecretVersionIds) is when it was *staged*, minutes before the promotion
 * (or a signing key's publish delay, or a crashed run's downtime); and
 * LastChangedDate is "the last date and time that this secret was modified in
 * any way" (DescribeSecret,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html),
 * label moves included. So LastChangedDate *is* the promotion time, on AWS's
 * own clock, for as long as nothing has changed the secret since — and the
 * labels that `describe` lists anyway tell whether our flow has:
 *
 * - a put after the promotion moves AWSPENDING to a new version, away from the
 *   version that was current when AWSCURRENT last moved (promote leaves
 *   AWSPENDING on the new current, see plans.ts and `stagesOf`);
 * - marking a version failed needs such a put first;
 * - a retire takes AWSPREVIOUS off the version AWSCURRENT left (after flagging
 *   it DOCUGEN_RETIRED, so a half-done retire shows too).
 *
 * Hence `lastCurrentMove`, and `promotionTime`:
 * 1. When the labels show that the last move of AWSCURRENT was the last
 *    label change: LastChangedDate. (After a promotion by this adapter, a
 *    `docugen-secrets/promoted` tag naming the current version wins: it can
 *    only come from a retire that recorded this very time and then crashed
 *    before moving labels; AWSPENDING marks a version once, when it is put.)
 * 2. Otherwise, a `docugen-secrets/promoted = <versionId>@<RFC 3339>` tag
 *    naming the current version. The adapter writes it only when a retire is
 *    about to move labels (the one change our flow makes before the next
 *    rotation), with the value (1) gives just before: off the hot path, a
 *    rotation itself writes nothing but PutSecretValue and one
 *    UpdateSecretVersionStage. (Secrets promoted by earlier versions of this
 *    adapter, which tagged every promotion, carry it too.)
 * 3. Otherwise (an unknown history: labels moved by hand, a secret not
 *    rotated by us) the best AWS-only estimate: the later of LastRotatedDate
 *    and the current version's creation. That errs early; it is exact for a
 *    version made current on creation (CreateSecret, a first PutSecretValue,
 *    a PutSecretValue without VersionStages).
 *
 * Limits, on purpose: tags or a description edited by hand between the
 * promotion and the retire make LastChangedDate later than the promotion, so
 * (2) and the tag written from it err late — the safe side for the retire
 * gate, which must never open early (see the planner's `promotedAtLatest`).
 * A tag names the version it dates, so a tag about another version (the
 * label moved by someone else) is ignored. Tag values may hold letters,
 * digits, spaces and `+ - = . _ : / @` (TagResource, Tag.Value); CreateSecret
 * with Tags already needs secretsmanager:TagResource, so no new IAM action.
 */
export const PROMOTED_TAG = 'docugen-secrets/promoted';

/** The manifest id, set on create (the rotation engine passes the same key). */
export const ID_TAG = 'docugen-secrets/id';

export function promotedTagValue(versionId: string, at: Date): string {
  return `${versionId}@${at.toISOString()}`;
}

/** The recorded promotion time of `versionId`, or undefined when the tag is absent, malformed or about another version. */
export function promotedAt(tags: Readonly<Record<string, string>>, versionId: string | undefined): Date | undefined {
  const raw = tags[PROMOTED_TAG];
  if (raw === undefined || versionId === undefined) return undefined;
  const at = raw.lastIndexOf('@');
  if (at < 0 || raw.slice(0, at) !== versionId) return undefined;
  const date = new Date(raw.slice(at + 1));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * How AWSCURRENT last moved, when no label has changed since (so that the
 * secret's LastChangedDate dates that move); undefined when something did:
 * - `promotion`: AWSPENDING is still on the version AWSCURRENT moved to;
 * - `moved-on`: AWSPENDING is on the version AWSCURRENT left (a rollback, or
 *   a value put by hand without VersionStages): a newer event than any tag;
 * and in both cases the version holding AWSPREVIOUS has not been touched by a
 * retire or markFailed (their flag label goes first).
 */
export function lastCurrentMove(versions: readonly AwsVersion[]): 'promotion' | 'moved-on' | undefined {
  const current = labelHolder(versions, STAGE_LABEL.current);
  const previous = labelHolder(versions, STAGE_LABEL.previous);
  const pending = labelHolder(versions, STAGE_LABEL.pending);
  if (!current || !previous || !pending) return undefined;
  if (previous.labels.includes(RETIRED_LABEL) || previous.labels.includes(FAILED_LABEL)) return undefined;
  if (pending === current) return 'promotion';
  return pending === previous ? 'moved-on' : undefined;
}

/**
 * Without a tag for the current version: the later of AWS's LastRotatedDate
 * (managed rotation) and the current version's creation, which precedes the
 * promotion, so an estimate that errs early.
 */
export function estimatedPromotion(
  lastRotatedDate: Date | undefined,
  currentCreatedAt: Date | undefined,
): Date | undefined {
  const dates = [lastRotatedDate, currentCreatedAt].filter((d): d is Date => d !== undefined);
  return dates.sort((a, b) => b.getTime() - a.getTime())[0];
}

/** What DescribeSecret and ListSecretVersionIds already returned. */
export interface PromotionFacts {
  readonly tags: Readonly<Record<string, string>>;
  readonly versions: readonly AwsVersion[];
  readonly lastChangedDate?: Date | undefined;
  readonly lastRotatedDate?: Date | undefined;
}

/** `describe().lastRotatedAt` for AWS, in the order explained above. */
export function promotionTime(f: PromotionFacts): Date | undefined {
  const current = labelHolder(f.versions, STAGE_LABEL.current);
  const tagged = promotedAt(f.tags, current?.versionId);
  const move = f.lastChangedDate ? lastCurrentMove(f.versions) : undefined;
  if (move === 'promotion') return tagged ?? f.lastChangedDate;
  if (move === 'moved-on') return f.lastChangedDate;
  return tagged ?? estimatedPromotion(f.lastRotatedDate, current?.createdAt);
}
