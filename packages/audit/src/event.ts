/**
 * An audit event: who did what to which secret version, when, with what
 * outcome, and the ids that correlate it with the store's own logs (AWS
 * request ids and ClientRequestTokens appear in CloudTrail, see docs/audit.md).
 *
 * An event never holds a secret value. The type has no field for one; the
 * only value-derived datum allowed is a keyed fingerprint (`hmac-sha256:…`).
 */
export type Actor =
  | {
      readonly kind: 'github-actions';
      /** GITHUB_ACTOR: the user or app that triggered the run. */
      readonly actor: string;
      readonly runId: string;
      readonly runAttempt?: string;
      readonly repository?: string;
      readonly workflowRef?: string;
      /** The IAM role assumed through OIDC, when known. */
      readonly roleArn?: string;
    }
  | { readonly kind: 'local'; readonly user: string; readonly host?: string; readonly roleArn?: string };

export type AuditOutcome = 'success' | 'failure';

export type AuditDetail = string | number | boolean;

export interface AuditEvent {
  /** ISO-8601 UTC time the operation started. */
  readonly at: string;
  readonly actor: Actor;
  /** Dotted operation name, e.g. `store.putPending`, `rotation.promote`. */
  readonly action: string;
  /** Manifest id of the secret. */
  readonly secretId: string;
  readonly versionId?: string;
  readonly outcome: AuditOutcome;
  /** Stable error code on failure (e.g. STORE_THROTTLED). */
  readonly errorCode?: string;
  readonly durationMs?: number;
  /** Correlation ids: AWS request ids (one per call), ClientRequestToken, secret ARN, run id … */
  readonly requestIds?: readonly string[];
  readonly correlation?: Readonly<Record<string, string>>;
  /** Keyed fingerprint of the value written, never the value. */
  readonly fingerprint?: string;
  /** Value-free extra facts (stage, created, store kind …). */
  readonly details?: Readonly<Record<string, AuditDetail>>;
}

/** The port every audited operation appends to. Appends are ordered per sink. */
export interface AuditSink {
  append(event: AuditEvent): Promise<void>;
}

/** A line of the log: the event plus its position in the hash chain. */
export interface AuditRecord extends AuditEvent {
  readonly seq: number;
  /** `hash` of the previous record, or GENESIS_HASH for the first. */
  readonly prev: string;
  /** SHA-256 (hex) of the canonical JSON of this record without `hash`. */
  readonly hash: string;
}

/** The last record's position, published outside the log to detect a truncated tail. */
export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
}

export function formatAnchor(anchor: AuditAnchor): string {
  return `${anchor.seq}:${anchor.hash}`;
}

/** Parses `seq:hash` (as printed by `formatAnchor`); undefined when malformed. */
export function parseAnchor(text: string): AuditAnchor | undefined {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m?.[1] || !m[2]) return undefined;
  return { seq: Number(m[1]), hash: m[2] };
}
