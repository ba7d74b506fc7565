import type { Actor, AuditSink, AuditVerification } from '@docugen-secrets/audit';
import type { Clock, Logger, RandomSource } from '@docugen-secrets/core';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type {
  PlanEntry,
  RestartDeps,
  RotationResult,
  RotatorRegistry,
  StepName,
  StoreResolver,
} from '@docugen-secrets/rotation';
import type { SecretValue } from '@docugen-secrets/secret-store';

/**
 * The ports of the daily job, built by a composition root (the CLI's
 * `compose/`, the rotator action's entrypoint) and consumed only by `run`.
 * Every port is a small interface so tests pass fakes and the local and CI
 * runs differ only in what is plugged in.
 */

/** How the manifest check ended: `findings` and `usage` stop the job before any store is touched. */
export type CheckOutcome = 'ok' | 'findings' | 'usage';

/** The stores and rotators of a run, opened for the manifests it touches; `close` releases servers and clients. */
export interface RunBackends {
  readonly store: StoreResolver;
  readonly rotators: RotatorRegistry;
  /** Value-free lines saying where state lives, for the report. */
  readonly notes: readonly string[];
  close(): Promise<void>;
}

/** The audit trail: a sink opened once per run, and its verification at the end. */
export interface AuditPort {
  open(): Promise<AuditSink>;
  /** undefined: no record exists yet. */
  verify(): Promise<AuditVerification | undefined>;
}

/**
 * Sees every secret value the moment it exists in this process (created by a
 * rotator, read from or written to a store), before anything could print it:
 * the action registers it and its encodings with `core.setSecret`. Must not
 * throw, print or keep the value anywhere but the masker.
 */
export interface ValueObserver {
  reveal(value: SecretValue): void;
}

/** One SOPS file the run changed, and why. */
export interface ChangedSecret {
  readonly secretId: string;
  /** Repository-relative path of the `.sops.yaml` file. */
  readonly path: string;
  /** `progress`: a step of an unfinished rotation was recorded in the file (pending or failed version). */
  readonly kind: 'created' | 'rotated' | 'retired' | 'progress';
  readonly versionId?: string;
  readonly retiredVersionId?: string;
  /** Keyed fingerprint (`hmac-sha256:…`) of the new value, when the run has a fingerprint key. */
  readonly fingerprint?: string;
}

/**
 * The run's SOPS changes. The publisher commits the files that really
 * changed and leaves out those in conflict, so message and body are built
 * for the changes it actually commits.
 */
export interface PublishRequest {
  readonly changes: readonly ChangedSecret[];
  /** Value-free commit message (ids, versions, fingerprints, trigger, run URL). */
  message(changes: readonly ChangedSecret[]): string;
  /** Pull-request body (value-free), for `commit-mode: pull-request`. */
  body(changes: readonly ChangedSecret[]): string;
}

/**
 * How the publish ended. `conflicts`: secrets whose file changed upstream
 * since the run read it; their change was left out (the next run redoes it)
 * and the other secrets were published.
 */
export type PublishOutcome =
  | { readonly kind: 'nothing' }
  | {
      readonly kind: 'pushed';
      readonly commit: string;
      readonly branch: string;
      readonly attempts: number;
      readonly conflicts: readonly string[];
      /** Secret ids whose files this run's commit holds (recorded on the audit trail with the commit id). */
      readonly committed?: readonly string[];
    }
  | {
      readonly kind: 'pull-request';
      readonly commit: string;
      readonly branch: string;
      readonly number: number;
      readonly url: string;
      readonly created: boolean;
      readonly attempts: number;
      readonly conflicts: readonly string[];
      /** Secret ids whose files this run's commit holds. */
      readonly committed?: readonly string[];
    }
  | { readonly kind: 'conflict'; readonly conflicts: readonly string[]; readonly attempts: number };

/** Commits the changed SOPS files once and pushes them (or opens/updates a rotation pull request). */
export interface Publisher {
  /** Makes the checkout the base of this run (pull-request mode: the open rotation branch), before any store reads it. */
  prepare?(): Promise<void>;
  publish(request: PublishRequest): Promise<PublishOutcome>;
}

/** What the alerts hook is told, and what it did (issue numbers and secret ids, no values). */
export interface AlertsInput {
  readonly now: Date;
  readonly manifests: readonly SecretManifest[];
  readonly plan: readonly PlanEntry[];
  readonly results: readonly RotationResult[];
}

/**
 * What the alerts sync changed, one value-free line per issue (e.g.
 * `#3 google-places-api-key (expiring)`). The optional lists are filled by
 * adapters that can tell them apart (the GitHub one does).
 */
export interface AlertsSummary {
  readonly opened: readonly string[];
  readonly updated: readonly string[];
  readonly closed: readonly string[];
  /** A window or escalation delay was crossed: one comment and a new severity label. */
  readonly escalated?: readonly string[];
  readonly reopened?: readonly string[];
  /** Changes the sync could not make (rate limit, failed call): the next sync makes them. */
  readonly notDone?: readonly string[];
}

/** Hands expiring/failed secrets to on-call (GitHub issues in CI). */
export interface AlertsPort {
  sync(input: AlertsInput): Promise<AlertsSummary>;
}

/**
 * The reload hooks of a run (restart adapters per trigger kind, the restart
 * ledger), opened for the manifests it rotates; `close` stops local receivers.
 */
export interface RunRestarts extends RestartDeps {
  /** Value-free lines saying where restarts go and where the ledger lives, for the report. */
  readonly notes: readonly string[];
  close(): Promise<void>;
}

/** Everything `run` touches of the outside world. */
export interface RunPorts {
  /** The manifest check (schema + policies); absent: not part of this command. */
  readonly check?: () => Promise<CheckOutcome>;
  readonly loadManifests: () => Promise<readonly SecretManifest[]>;
  /** Opens only what these manifests need; `rotators: false` for plan-only commands. */
  readonly openBackends: (
    manifests: readonly SecretManifest[],
    options: { readonly rotators: boolean },
  ) => Promise<RunBackends>;
  readonly audit: AuditPort;
  readonly actor: Actor;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
  /** Called after every rotation step; throws to stop at a safe point (signals). */
  readonly checkpoint?: (step: StepName) => void;
  readonly values?: ValueObserver;
  /**
   * Commits SOPS updates once per run (`start`: to a local bare remote; CI:
   * the checkout's remote). Called on every non-dry rotate run, even with no
   * change, so commits an interrupted run left unpushed get pushed. Absent:
   * the store committed each change itself (the `rotate` command).
   */
  readonly publisher?: Publisher;
  readonly alerts?: AlertsPort;
  /**
   * Restarts of rolling-restart consumers after a promotion; absent: such
   * consumers are reported `unavailable` and their previous versions kept.
   */
  readonly openRestarts?: (manifests: readonly SecretManifest[]) => Promise<RunRestarts>;
}
