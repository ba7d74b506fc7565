import type { AuditEvent } from '@docugen-secrets/audit';
import type { SopsFileFacts, VaultSecret } from './model.js';

/** How the project's secrets are found in Secrets Manager (ListSecrets filters, both prefix matches). */
export type VaultFilter =
  { readonly kind: 'tag-key'; readonly key: string } | { readonly kind: 'name-prefix'; readonly prefix: string };

export interface VaultPage {
  readonly secrets: readonly VaultSecret[];
  /** Present while more pages follow; only its absence ends a listing (a page may be short). */
  readonly nextToken?: string;
}

/**
 * The Secrets Manager listing drift reads, one page per call (ListSecrets,
 * metadata only: never a value). Implemented by store-aws's lister, which
 * spaces calls with its rate limiter and retries throttling; the paging
 * loop is drift's (`collectDrift`).
 */
export interface VaultLister {
  listPage(request: {
    readonly region: string;
    readonly filter: VaultFilter;
    readonly nextToken?: string;
  }): Promise<VaultPage>;
}

/** The SOPS store's files, read from their clear fields and metadata (never decrypted). */
export interface SopsInventory {
  listFiles(): Promise<readonly SopsFileFacts[]>;
}

/**
 * The audit trail, streamed: `readEvents` calls `visit` with each event in
 * log order and resolves true, or resolves false when there is no trail.
 * Drift indexes the events as they come and keeps none of them (a trail of
 * 10,000 events need not live in memory as objects). A line that is not an
 * event object is skipped: reporting it is `audit verify`'s job.
 */
export interface AuditReader {
  readEvents(visit: (event: AuditEvent) => void): Promise<boolean>;
}

export interface DriftPorts {
  /** Absent: Secrets Manager is not checked. */
  readonly vault?: VaultLister;
  /** Absent: the SOPS store is not checked. */
  readonly sops?: SopsInventory;
  readonly audit?: AuditReader;
}
