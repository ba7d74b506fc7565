/**
 * The in-memory (and state-file) model. Plain data so it serialises as is;
 * all times are epoch milliseconds.
 */

/** A stored secret value: text, or binary kept as canonical base64 (as on the wire). */
export type SecretValue =
  { readonly kind: 'string'; readonly text: string } | { readonly kind: 'binary'; readonly base64: string };

export interface Tag {
  Key: string;
  Value: string;
}

export interface VersionRecord {
  /** The ClientRequestToken that created it (AWS: "This value becomes the VersionId"). */
  readonly versionId: string;
  readonly createdMs: number;
  readonly value: SecretValue;
  /** Staging labels; a label is on at most one version of a secret. Empty = deprecated. */
  stages: string[];
  lastAccessedMs?: number;
}

export interface SecretRecord {
  readonly arn: string;
  readonly name: string;
  description?: string;
  kmsKeyId?: string;
  tags: Tag[];
  readonly createdMs: number;
  lastChangedMs: number;
  lastAccessedMs?: number;
  /** When DeleteSecret was called; set while the secret is scheduled for deletion. */
  deletedMs?: number;
  /** End of the recovery window; the secret is purged once the clock passes it. */
  deletionMs?: number;
  /** ClientRequestToken of the CreateSecret call, so a retried CreateSecret is idempotent. */
  createToken?: string;
  /** Oldest first. */
  versions: VersionRecord[];
}

export interface StateData {
  /** Creation order. */
  secrets: SecretRecord[];
}

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';
export const AWSPENDING = 'AWSPENDING';

export function sameValue(a: SecretValue, b: SecretValue): boolean {
  if (a.kind === 'string' && b.kind === 'string') return a.text === b.text;
  if (a.kind === 'binary' && b.kind === 'binary') return a.base64 === b.base64;
  return false;
}

export function isScheduledForDeletion(secret: SecretRecord): boolean {
  return secret.deletedMs !== undefined;
}
