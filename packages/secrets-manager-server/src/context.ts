import type { RandomSource } from '@docugen-secrets/core';
import type { SecretRecord } from './model.js';

/**
 * The secrets as an operation sees them. Reads get the table itself; writes
 * get a copy-on-write draft of it (draft.ts), committed only on success.
 */
export interface SecretLookup {
  /** By name, full ARN or partial ARN; secrets scheduled for deletion included, purged ones gone. */
  find(secretId: string): SecretRecord | undefined;
  /** Adds a secret whose name is free. */
  insert(secret: SecretRecord): void;
  /** Removes a secret for good (ForceDeleteWithoutRecovery). */
  remove(secret: SecretRecord): void;
  /** Says a read changed `secret` in place (its LastAccessedDate), so the state file keeps the change. */
  touched(secret: SecretRecord): void;
  /**
   * The secrets `select` picks from all of them (in creation order), reused
   * for the same `key` until the secrets change: the pages of one listing
   * filter and sort once, not once per page.
   */
  listing(key: string, select: (all: Iterable<SecretRecord>) => SecretRecord[]): readonly SecretRecord[];
}

/** What one operation may see: the secrets, the request's instant, randomness and the server's identity. */
export interface OpContext {
  readonly secrets: SecretLookup;
  readonly nowMs: number;
  readonly random: RandomSource;
  readonly region: string;
  readonly accountId: string;
  /**
   * Largest page a listing returns whatever MaxResults asks. Clients must
   * follow NextToken ("If there are more results available, in the response,
   * Secrets Manager includes NextToken", ListSecretVersionIds and ListSecrets,
   * MaxResults), not count items; a cap lets tests prove they do.
   * Undefined = MaxResults decides.
   */
  readonly pageCap?: number;
}

/** A JSON 1.1 response body. */
export type Output = Record<string, unknown>;
