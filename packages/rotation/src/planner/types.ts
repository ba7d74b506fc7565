import type { RotationKind, RotationStrategy } from '@docugen-secrets/manifest';

/**
 * One status per secret, by precedence: in-progress (a pending version
 * exists), expired, overdue, due, expiring (inside a warning window),
 * retire-due (the previous version's overlap is over), ok. `blocked` replaces
 * due/overdue for secrets nobody may rotate automatically (manual, or the
 * single strategy without a waiver); `unknown` when the store could not be read.
 */
export type PlanStatus =
  'ok' | 'due' | 'overdue' | 'expiring' | 'expired' | 'in-progress' | 'retire-due' | 'blocked' | 'unknown';

/**
 * What `rotate` will do: create the first value, start a rotation, resume a
 * pending one, retire the previous version, wait (a gate such as the publish
 * delay or a running overlap is not yet open), hand over to a human, nothing.
 */
export type PlanAction = 'none' | 'create' | 'rotate' | 'resume' | 'retire' | 'wait' | 'manual';

/** The step a resumed rotation starts from (set and test are idempotent and always rerun). */
export type ResumeStep = 'set' | 'finish' | 'retire';

export interface PlanEntry {
  readonly secretId: string;
  readonly rotationKind: RotationKind;
  readonly strategy: RotationStrategy;
  readonly status: PlanStatus;
  readonly action: PlanAction;
  /** Human sentence: why this status, what happens next. Never a value. */
  readonly reason: string;
  readonly lastRotatedAt?: Date;
  /** lastRotatedAt + cadence. */
  readonly dueAt?: Date;
  /** min(lastRotatedAt + expiry.maxAge, expiry.notAfter). */
  readonly expiresAt?: Date;
  /** The next warnBefore threshold still ahead. */
  readonly nextWarningAt?: Date;
  /** When the previous version may be retired (after the overlap). */
  readonly retireAt?: Date;
  /** For action "wait": when the gate opens. */
  readonly waitUntil?: Date;
  readonly resumeStep?: ResumeStep;
  readonly pendingVersionId?: string;
}

export interface PlanOptions {
  /** How long past its due date a secret counts as overdue rather than due. Default P1D. */
  readonly overdueAfter?: string;
  /** Secret ids whose single-version strategy is covered by a waiver. */
  readonly waivedSingle?: ReadonlySet<string>;
}
