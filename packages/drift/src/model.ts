import type { SecretManifest } from '@docugen-secrets/manifest';
import type { AuditIndex } from './audit-index.js';

/**
 * The inputs of drift detection: plain, value-free data gathered by the
 * adapters (a Secrets Manager listing, the SOPS files' clear metadata, the
 * audit trail) and compared by the pure `detectDrift`. Nothing here ever
 * holds a secret value: listings carry metadata, SOPS facts only the clear,
 * MAC-covered fields of a file.
 */

/** A manifest and the file it came from (findings point at it). */
export interface DriftManifest {
  readonly manifest: SecretManifest;
  /** Path as shown to the user, e.g. `secrets-manifests/webhook-hmac-secret.yaml`. */
  readonly file: string;
}

/** A Secrets Manager secret as ListSecrets reports it (metadata only, never a value; what drift compares). */
export interface VaultSecret {
  readonly name: string;
  readonly region: string;
  readonly kmsKeyId?: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  /** `CreatedDate`, epoch milliseconds. */
  readonly createdAtMs?: number | undefined;
  /** `LastChangedDate`, epoch milliseconds. */
  readonly lastChangedAtMs?: number | undefined;
  /** Version id → its staging labels (`SecretVersionsToStages`). */
  readonly versions: Readonly<Record<string, readonly string[]>>;
}

/** The project's secrets in the regions listed (by tag and name prefix, see the adapter). */
export interface VaultListing {
  /** Regions that were listed: a manifest in another region cannot be judged missing. */
  readonly regions: readonly string[];
  readonly secrets: readonly VaultSecret[];
  /**
   * Region → secret name → position in `secrets`, as `listVault` builds it while paging (one position per name and
   * region); absent: the checks build it. Saves a second map of every listed name.
   */
  readonly positions?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export type SopsStageName = 'current' | 'pending' | 'previous' | 'none';

export interface SopsFileVersion {
  readonly id: string;
  readonly stage: SopsStageName;
  readonly status: 'active' | 'failed' | 'retired';
  readonly createdAt?: Date;
}

/** One SOPS file of the store, from its clear fields and `sops` metadata (no decryption). */
export interface SopsFileFacts {
  /** Path inside the SOPS repository, as manifests name it (`secrets/production/x.sops.yaml`). */
  readonly path: string;
  /** Path as shown to the user (e.g. `.local/sops-repo/secrets/production/x.sops.yaml`). */
  readonly displayPath: string;
  /** True when the file is in the store's layout (`format: docugen-secrets/sops-store/v1`). */
  readonly managed: boolean;
  readonly id?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt?: Date;
  readonly changedAt?: Date;
  readonly rotatedAt?: Date;
  readonly versions: readonly SopsFileVersion[];
  /** Age recipients the file is encrypted to. */
  readonly recipients: readonly string[];
  /** Recipients `.sops.yaml`'s creation rule (or the store's configuration) asks for; absent: not checked. */
  readonly expectedRecipients?: readonly string[];
  /** Where the expected recipients come from, e.g. `.sops.yaml` or `the store's age key`. */
  readonly expectedFrom?: string;
  /** The last commit that changed the file (git), when known. */
  readonly lastCommit?: string;
}

export interface SopsListing {
  readonly files: readonly SopsFileFacts[];
}

export interface DriftOptions {
  /**
   * Slack before a pending version counts as left behind and a previous
   * version as past its retire time: the rotator runs on a schedule, so a
   * retirement due an hour ago is not drift yet. ISO-8601, default `P1D`.
   */
  readonly grace?: string;
}

export interface DriftInput {
  readonly manifests: readonly DriftManifest[];
  /** Absent: Secrets Manager was not checked (no manifest uses it). */
  readonly vault?: VaultListing;
  /** Absent: the SOPS store was not checked. */
  readonly sops?: SopsListing;
  /** The audit trail, indexed (`indexAudit`); absent: out-of-band changes cannot be told and are not checked. */
  readonly audit?: AuditIndex;
  readonly now: Date;
  readonly options?: DriftOptions;
}
