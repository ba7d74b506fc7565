/**
 * When did the current version become current?
 *
 * AWS does not say for label moves: DescribeSecret's LastRotatedDate is "the
 * last date and time that Secrets Manager rotated the secret" and stays null
 * unless the secret uses Secrets Manager's own RotateSecret (DescribeSecret,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html),
 * and a version's CreatedDate is when it was *staged*, minutes (or a crashed
 * run's downtime) before the promotion. LastChangedDate changes with any
 * edit, tags and descriptions included, so it dates the last change, not the
 * promotion.
 *
 * Options considered: a custom staging label cannot carry a time; a version's
 * CreatedDate is the wrong event; LastChangedDate is right only until the next
 * change. So the adapter records the promotion itself, in a tag on the secret
 * (tags belong to the secret, and "when the current version became current"
 * is a fact about the secret):
 *
 *   docugen-secrets/promoted = <versionId>@<RFC 3339 time>
 *
 * The time is the secret's LastChangedDate read right after the label moves,
 * i.e. AWS's own clock at the last UpdateSecretVersionStage, not the runner's.
 * The tag names the version it dates, so a stale tag (the label moved by
 * someone else, e.g. in the console or by a managed rotation) is ignored and
 * the adapter falls back to the best AWS-only estimate. Tag values may hold
 * letters, digits, spaces and `+ - = . _ : / @` (TagResource, Tag.Value),
 * which the format keeps to. CreateSecret with Tags already needs the
 * secretsmanager:TagResource permission, so this adds no new IAM action.
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
 * Without a tag for the current version: the later of AWS's LastRotatedDate
 * (managed rotation) and the current version's creation, which precedes the
 * promotion, so an estimate that errs early.
 */
export function estimatedPromotion(lastRotatedDate: Date | undefined, currentCreatedAt: Date | undefined): Date | undefined {
  const dates = [lastRotatedDate, currentCreatedAt].filter((d): d is Date => d !== undefined);
  return dates.sort((a, b) => b.getTime() - a.getTime())[0];
}
