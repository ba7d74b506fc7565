import type { Clock, Logger, RandomSource } from '@docugen-secrets/core';
import type { Actor, AuditSink } from '@docugen-secrets/audit';
import type { SecretRef, SecretStore } from '@docugen-secrets/secret-store';
import type { PlanEntry } from '../planner/types.js';
import type { RotatorRegistry } from '../rotators/port.js';
import type { RestartDeps, RestartOutcome } from '../restart/port.js';

/** Picks the store that holds a secret (the CLI maps AWS targets to the AWS adapter, sops to the SOPS store). */
export type StoreResolver = (ref: SecretRef) => SecretStore | undefined;

/**
 * Each external call of a rotation. The machine calls `checkpoint(step)` right
 * after every one of them succeeds — between a provider call and the store
 * write that records it, too — so crash tests can stop the run at any point.
 */
export type StepName =
  | 'create'
  | 'store-pending'
  | 'store-initial'
  | 'set'
  | 'test'
  | 'mark-failed'
  | 'discard'
  | 'finish'
  | 'check-in-use'
  | 'retire-upstream'
  | 'retire-store'
  | 'restart';

export interface RotationDeps {
  readonly store: SecretStore | StoreResolver;
  readonly rotators: RotatorRegistry;
  /** Every step appends one event (success or failure); appends fail closed. */
  readonly audit: AuditSink;
  readonly actor: Actor;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
  /**
   * Reload hooks: restart adapters and the restart ledger. Absent: a consumer
   * whose manifest names a trigger is reported `unavailable` and the previous
   * version waits (it is never retired under a consumer that was not restarted).
   */
  readonly restarts?: RestartDeps;
  /** Fault hook for crash tests; production leaves it out. */
  readonly checkpoint?: (step: StepName) => void | Promise<void>;
}

export interface RotateOptions {
  /** Decide and report, call nothing that writes. */
  readonly dryRun?: boolean;
  /** Skip the schedule, use the manifest's emergencyOverlap, record the reason. */
  readonly emergency?: { readonly reason: string };
  /** Secret ids whose single-version strategy is covered by a waiver. */
  readonly waivedSingle?: ReadonlySet<string>;
  /** See PlanOptions.overdueAfter. */
  readonly overdueAfter?: string;
}

/**
 * created: first value stored; rotated: a new version became current this run;
 * retired: only the previous version was retired; not-due: nothing to do;
 * waiting: a gate (publish delay, running overlap) is closed, a later run goes
 * on; blocked: needs a human (manual, waiver, old credential still in use);
 * failed: the test step failed, pending marked failed, current untouched;
 * skipped: provider or store not configured here; dry-run: decided only;
 * error: a step threw (the next run resumes).
 */
export type RotationResultKind =
  'created' | 'rotated' | 'retired' | 'not-due' | 'waiting' | 'blocked' | 'failed' | 'skipped' | 'dry-run' | 'error';

export interface RotationResult {
  readonly secretId: string;
  readonly kind: RotationResultKind;
  /** Value-free sentence for reports. */
  readonly reason: string;
  /** Steps completed by this run, in order. */
  readonly steps: readonly StepName[];
  readonly emergency: boolean;
  /** The version created, resumed or promoted by this run. */
  readonly versionId?: string;
  readonly retiredVersionId?: string;
  readonly waitUntil?: Date;
  readonly errorCode?: string;
  /** For `error`: the step that threw (undefined when the failure came between steps). */
  readonly failedStep?: StepName;
  /** The planner's view at the start of the run. */
  readonly plan?: PlanEntry;
  /** Restarts of rolling-restart consumers this run triggered, deferred or found done (value-free). */
  readonly restarts?: readonly RestartOutcome[];
}
