import type { AuditVerification } from '@docugen-secrets/audit';
import type { PlanEntry, RotationResult, ShardMatrix } from '@docugen-secrets/rotation';
import type { RunCommand, RunTrigger } from './config.js';
import type { AlertsSummary, CheckOutcome, PublishOutcome } from './ports.js';

/**
 * The value-free outcome of a run: statuses, steps, version ids, commit ids
 * and issue numbers; never a value. Every entrypoint formats it (CLI text,
 * action outputs and job summary).
 */
export interface RunReport {
  readonly command: RunCommand;
  readonly trigger: RunTrigger;
  readonly now: Date;
  readonly check: CheckOutcome | 'skipped';
  /** The plan at the start of the run. */
  readonly before: readonly PlanEntry[];
  /** The plan after the rotations (what is next due). */
  readonly after: readonly PlanEntry[];
  readonly results: readonly RotationResult[];
  readonly matrix?: ShardMatrix;
  readonly published?: PublishOutcome;
  readonly alerts?: AlertsSummary;
  readonly audit?: AuditVerification | undefined;
  /** Where state lives. */
  readonly notes: readonly string[];
}

/** Results that changed something. */
export function rotatedIds(report: RunReport): string[] {
  return report.results
    .filter((r) => r.kind === 'created' || r.kind === 'rotated' || r.kind === 'retired')
    .map((r) => r.secretId);
}

/** Results that need a rerun or a human. */
export function failedIds(report: RunReport): string[] {
  return report.results.filter((r) => r.kind === 'failed' || r.kind === 'error').map((r) => r.secretId);
}

/** Whether the run ends with findings (exit 1 / a failed step): a failed check, rotation, unknown store or broken audit chain. */
export function runFailed(report: RunReport): boolean {
  if (report.check === 'findings' || report.check === 'usage') return true;
  if (failedIds(report).length > 0 || report.before.some((e) => e.status === 'unknown')) return true;
  return report.audit?.ok === false;
}
