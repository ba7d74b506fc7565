import type { AuditRecord } from '@docugen-secrets/audit';
import type { Classification, SecretManifest } from '@docugen-secrets/manifest';
import type { SecretDescription } from '@docugen-secrets/secret-store';

/**
 * A commit of the SOPS repository that touched a secret's file, as read by
 * the CLI's git adapter (`git log --name-only`). Commits the rotator made
 * carry a `Secret: <id>` trailer (store-sops writes it); any other commit
 * changed the file outside the tool — a manual edit with the `sops` CLI.
 */
export interface GitChange {
  readonly commit: string;
  readonly at: Date;
  /** Author name as git records it (never an e-mail address: the report is shared). */
  readonly author: string;
  /** Repository paths the commit touched. */
  readonly paths: readonly string[];
  /** The `Secret:` trailer, when the rotator made the commit. */
  readonly secretTrailer?: string;
}

/** The alert kinds `alerts sync` keeps one GitHub issue for (issue 9). */
export type AlertKind = 'expiring' | 'overdue' | 'expired' | 'rotation-failed' | 'manual-rotation-needed' | 'drift';

/** An alert that is open now (an open `secret-alert` issue), as listed in an alerts file. */
export interface OpenAlert {
  readonly secretId: string;
  readonly kind: AlertKind;
  /** Issue number or other handle; never a value. */
  readonly id?: string;
  readonly url?: string;
  readonly since?: Date;
}

/** An accepted exception to a policy rule (policies/waivers.yaml), already validated. */
export interface WaiverFact {
  readonly rule: string;
  /** Secret id or a glob of ids (`*`, `?`). */
  readonly secret: string;
  readonly reason: string;
  readonly owner: string;
  /** Last day (UTC) it applies, `YYYY-MM-DD`. */
  readonly expires: string;
}

/** NFR5: maximum rotation cadence per classification; `any` caps every class (SM001's options). */
export type MaxCadence = Readonly<Partial<Record<Classification | 'any', string>>>;

/** Everything the report is computed from; no value can reach it (the types hold none). */
export interface ReportInput {
  readonly now: Date;
  readonly manifests: readonly SecretManifest[];
  /** The audit trail's records (hash chain already verified or not: see `auditVerified`). */
  readonly audit: readonly AuditRecord[];
  /** Whether the audit trail's hash chain verified; shown on the report. */
  readonly auditVerified?: boolean;
  /** Store metadata per secret id (absent: the store could not be read). */
  readonly descriptions: ReadonlyMap<string, SecretDescription>;
  readonly gitHistory?: readonly GitChange[];
  readonly maxCadence: MaxCadence;
  readonly waivers: readonly WaiverFact[];
  /** Undefined when no alerts list was given (the report says "not known"). */
  readonly alerts?: readonly OpenAlert[];
  /** Value-free lines on where the data came from (stores, audit log, repository). */
  readonly sources?: readonly string[];
}

/** How a new value came about. */
export type RotationTrigger = 'initial' | 'scheduled' | 'emergency' | 'manual';

/** One change of a secret's current value. */
export interface RotationEvent {
  readonly at: Date;
  readonly trigger: RotationTrigger;
  /** Who or what did it: a CI run, a local user, a git author. */
  readonly by: string;
  /** Where the event was read: the audit trail, or git history when the tool was bypassed. */
  readonly source: 'audit' | 'git';
  readonly versionId?: string;
  /** Emergency reason as recorded (an incident reference). */
  readonly reason?: string;
}

/** A consumer restart the rotator triggered once a new value was current (reload hooks), from the audit trail. */
export interface RestartEvent {
  readonly at: Date;
  readonly service: string;
  readonly deployment: string;
  /** The trigger kind: repository-dispatch, workflow-dispatch or webhook. */
  readonly trigger: string;
  /** The version the restart picked up. */
  readonly versionId?: string;
}

/** ok: within its cadence; overdue: past it; missing: no current value; unknown: the store could not be read. */
export type ComplianceStatus = 'ok' | 'overdue' | 'missing' | 'unknown';

/** One secret's line of the compliance report. Never a value. */
export interface ComplianceRow {
  readonly secretId: string;
  readonly classification: Classification;
  readonly environment: SecretManifest['environment'];
  readonly ownerTeam: string;
  readonly backend: string;
  readonly strategy: SecretManifest['rotation']['strategy'];
  readonly status: ComplianceStatus;
  /** When the current value became current. */
  readonly currentSince?: Date;
  readonly ageDays?: number;
  readonly lastRotation?: RotationEvent;
  /** Rotations (not the initial value) in the 365 days before `now`. */
  readonly rotationsLast12Months: number;
  /** The manifest's cadence in days (undefined for a manual secret without one). */
  readonly cadenceDays?: number;
  /** NFR5's maximum for the classification, in days. */
  readonly policyMaxDays?: number;
  readonly dueAt?: Date;
  readonly daysOverdue: number;
  readonly waivers: readonly WaiverFact[];
  /** Undefined when the alerts were not given. */
  readonly openAlerts?: readonly OpenAlert[];
  /** Every value change in the report's window, oldest first (the timeline). */
  readonly history: readonly RotationEvent[];
  /** Consumer restarts triggered in the report's window, oldest first (one per delivery). */
  readonly restarts: readonly RestartEvent[];
}

export interface ComplianceReport {
  readonly generatedAt: Date;
  /** Timeline window start: 365 days before `generatedAt`. */
  readonly windowStart: Date;
  readonly auditVerified?: boolean;
  readonly alertsKnown: boolean;
  readonly sources: readonly string[];
  readonly rows: readonly ComplianceRow[];
  readonly totals: Readonly<Record<ComplianceStatus, number>> & {
    readonly secrets: number;
    readonly waived: number;
    readonly withOpenAlerts: number;
  };
}
