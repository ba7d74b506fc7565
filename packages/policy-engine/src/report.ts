import { compareFindings, type Finding, type Position, type Severity } from '@docugen-secrets/core';
import type { FailOn } from './config.js';
import type { ReportedFinding } from './waivers.js';

export interface SeverityCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
}

export type Verdict = 'pass' | 'fail';

export interface ReportSummary extends SeverityCounts {
  /** Files checked in full (manifests; with `--changed`, only the changed ones). */
  readonly files: number;
  /** Of those, the schema-valid ones. */
  readonly valid: number;
  /** Findings accepted by a waiver (not counted in errors/warnings/notes). */
  readonly waived: number;
  /** Counts before waivers. */
  readonly raw: SeverityCounts;
  readonly failOn: FailOn;
  /** After waivers: `fail` when a finding at or above `failOn` remains (or an `error` notification exists). */
  readonly verdict: Verdict;
  /** The same verdict had no waiver applied. */
  readonly rawVerdict: Verdict;
  readonly mode: 'full' | 'changed';
  /** Extra named counts a producer reports (the leak scan: bytes scanned, allowlisted, skipped files). */
  readonly counts?: Readonly<Record<string, number>>;
}

/**
 * Something about the run rather than a rule violation: a file skipped, a
 * problem in a side file (an allowlist entry without a reason). SARIF carries
 * these as tool execution notifications; an `error` one marks the execution
 * unsuccessful. `message` is shown as is (it may already hold a position).
 */
export interface ReportNotification {
  readonly level: Severity;
  readonly message: string;
  /** A stable code (e.g. `LEAK_ALLOWLIST_EXPIRED`), when there is one. */
  readonly code?: string;
  readonly file?: string;
  readonly start?: Position;
}

/** The machine-readable report (`--format json`), and the input of every other format. */
export interface PolicyReport {
  readonly version: 1;
  readonly summary: ReportSummary;
  readonly findings: readonly ReportedFinding[];
  /** Present only when there are some (policy checks have none). */
  readonly notifications?: readonly ReportNotification[];
}

function counts(findings: readonly Finding[]): SeverityCounts {
  const n = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  return { errors: n('error'), warnings: n('warning'), notes: n('note') };
}

function verdict(c: SeverityCounts, failOn: FailOn): Verdict {
  return c.errors > 0 || (failOn === 'warning' && c.warnings > 0) ? 'fail' : 'pass';
}

/** Stable order for reports and goldens: file, line, column, rule id, then message. */
export function sortFindings<F extends Finding>(findings: readonly F[]): F[] {
  return [...findings].sort(
    (a, b) => compareFindings(a, b) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

export interface BuildReportInput {
  readonly files: number;
  readonly valid: number;
  readonly findings: readonly ReportedFinding[];
  readonly failOn: FailOn;
  readonly mode?: 'full' | 'changed';
  readonly counts?: Readonly<Record<string, number>>;
  readonly notifications?: readonly ReportNotification[];
}

/** Summarises findings into the report: raw and waived verdicts side by side. */
export function buildReport(input: BuildReportInput): PolicyReport {
  const findings = sortFindings(input.findings);
  const effective = findings.filter((f) => f.waiver === undefined);
  const raw = counts(findings);
  const after = counts(effective);
  // An error about the run itself (a broken allowlist entry) fails it whatever the findings.
  const broken = (input.notifications ?? []).some((n) => n.level === 'error');
  const summary: ReportSummary = {
    files: input.files,
    valid: input.valid,
    ...after,
    waived: findings.length - effective.length,
    raw,
    failOn: input.failOn,
    verdict: broken ? 'fail' : verdict(after, input.failOn),
    rawVerdict: broken ? 'fail' : verdict(raw, input.failOn),
    mode: input.mode ?? 'full',
    ...(input.counts === undefined ? {} : { counts: input.counts }),
  };
  const notes = input.notifications ?? [];
  return { version: 1, summary, findings, ...(notes.length > 0 ? { notifications: notes } : {}) };
}
