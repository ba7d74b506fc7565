import { compareFindings, type Finding, type Severity } from '@docugen-secrets/core';
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
  /** After waivers: `fail` when a finding at or above `failOn` remains. */
  readonly verdict: Verdict;
  /** The same verdict had no waiver applied. */
  readonly rawVerdict: Verdict;
  readonly mode: 'full' | 'changed';
}

/** The machine-readable report (`--format json`), and the input of every other format. */
export interface PolicyReport {
  readonly version: 1;
  readonly summary: ReportSummary;
  readonly findings: readonly ReportedFinding[];
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
  return [...findings].sort((a, b) => compareFindings(a, b) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

/** Summarises findings into the report: raw and waived verdicts side by side. */
export function buildReport(input: { files: number; valid: number; findings: readonly ReportedFinding[]; failOn: FailOn; mode?: 'full' | 'changed' }): PolicyReport {
  const findings = sortFindings(input.findings);
  const effective = findings.filter((f) => f.waiver === undefined);
  const raw = counts(findings);
  const after = counts(effective);
  const summary: ReportSummary = {
    files: input.files,
    valid: input.valid,
    ...after,
    waived: findings.length - effective.length,
    raw,
    failOn: input.failOn,
    verdict: verdict(after, input.failOn),
    rawVerdict: verdict(raw, input.failOn),
    mode: input.mode ?? 'full',
  };
  return { version: 1, summary, findings };
}
