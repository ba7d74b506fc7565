/**
 * The data of on-call alerting: what is wrong with a secret (an alert), the
 * inputs it is derived from (rotation outcomes, drift findings) and the
 * issues it lives in. Everything here is value-free by construction: ids,
 * kinds, dates, codes and sanitized messages only.
 */

/** The problems an alert can be about; one living issue per (secret, kind). */
export type AlertKind = 'expiring' | 'overdue' | 'expired' | 'rotation-failed' | 'manual-rotation-needed' | 'drift';

export const ALERT_KINDS: readonly AlertKind[] = [
  'expiring',
  'overdue',
  'expired',
  'rotation-failed',
  'manual-rotation-needed',
  'drift',
];

/** Label severities, lowest first; PagerDuty's are mapped from them. */
export type AlertSeverity = 'low' | 'medium' | 'high' | 'critical';

export const SEVERITIES: readonly AlertSeverity[] = ['low', 'medium', 'high', 'critical'];

/**
 * The outcome of the last rotation run for one secret, as `rotate --json`
 * writes it (`outcomes`). `message` must already be value-free; alerting
 * sanitizes it once more before any issue sees it.
 */
export interface RotationOutcome {
  readonly secretId: string;
  /** The rotation result kind (`rotated`, `failed`, `error`, …); `failed` and `error` raise an alert. */
  readonly result: string;
  /** When the run ended (ISO-8601). */
  readonly at: string;
  /** The step that failed (`test`, `set`, …). */
  readonly failedStep?: string;
  /** A stable error code (`STORE_THROTTLED`, `ROTATION_TEST_FAILED` …). */
  readonly errorCode?: string;
  readonly message?: string;
  /** The run attempt (GITHUB_RUN_ATTEMPT in Actions). */
  readonly attempt?: number;
  /** A link to the run (Actions run URL). */
  readonly runUrl?: string;
}

/** One drift finding (from a findings file a later command writes). */
export interface DriftFinding {
  readonly secretId: string;
  readonly code: string;
  readonly message: string;
  /** When the drift was first seen (ISO-8601); default: now. */
  readonly since?: string;
}

/** One crossing that raises an alert's escalation level: a warning window opening or an escalation delay passing. */
export interface Crossing {
  readonly at: Date;
  /** Value-free sentence, e.g. "the P1D warning window opened". */
  readonly what: string;
  /** Team to mention (escalation steps). */
  readonly team?: string;
  readonly assignees?: readonly string[];
}

/** An alert that should be open now, with everything the issue shows. */
export interface DesiredAlert {
  readonly secretId: string;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  /** Since when the problem exists. */
  readonly since: Date;
  /** The deadline (expiry or due date), when one applies. */
  readonly deadline?: Date;
  /** How many crossings have passed (0 = none yet). */
  readonly level: number;
  /** The crossings passed so far, in order (`level` of them). */
  readonly crossings: readonly Crossing[];
  /** Value-free description of the problem. */
  readonly summary: string;
  /** The exact command or workflow to run. */
  readonly todo: string;
  readonly team?: string;
  readonly assignees: readonly string[];
  readonly runbook: string;
  readonly failure?: {
    readonly step?: string;
    readonly code?: string;
    readonly message?: string;
    readonly attempt?: number;
    readonly runUrl?: string;
  };
}

/** The desired alerts plus the (secret, kind) keys whose truth is unknown this run: their issues are left alone. */
export interface DesiredState {
  readonly alerts: readonly DesiredAlert[];
  /** `alertKey(secret, kind)` of alerts the inputs cannot decide (store unreadable, no outcome for the secret). */
  readonly unknown: ReadonlySet<string>;
  /**
   * Kinds unknown for every secret, declared or not: `drift` without a
   * findings file, so the issues of orphans (secrets no manifest declares)
   * are left alone too.
   */
  readonly unknownKinds?: ReadonlySet<AlertKind>;
}

/** An issue as the tracker lists it. */
export interface TrackedIssue {
  readonly number: number;
  readonly state: 'open' | 'closed';
  readonly stateReason: string | null;
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  readonly url: string;
}

/** The stable key of a (secret, kind). */
export function alertKey(secretId: string, kind: AlertKind): string {
  return `${secretId}/${kind}`;
}
