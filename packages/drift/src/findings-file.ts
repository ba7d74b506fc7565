import type { ReportedFinding } from '@docugen-secrets/policy-engine';

/** One entry of the findings file `alerts sync --drift FILE` reads (value-free). */
export interface DriftFileEntry {
  /** The manifest id; an orphan without one gets `orphan:<backend>:<location>` so it still has an owner key. */
  readonly secretId: string;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly kind: string;
  readonly backend: string;
  readonly location: string;
  readonly versionId?: string;
}

export interface DriftFindingsFile {
  readonly version: 1;
  readonly generatedAt: string;
  readonly findings: readonly DriftFileEntry[];
}

/**
 * The drift findings as the alerting side takes them: a flat list keyed by
 * secret id and code (the `drift` alert kind), carrying the same value-free
 * message and location as the report. `--format json` stays the shared
 * policy report; this file is the contract with `alerts sync --drift`.
 */
export function driftFindingsFile(findings: readonly ReportedFinding[], now: Date): DriftFindingsFile {
  return {
    version: 1,
    generatedAt: now.toISOString(),
    findings: findings.map((f) => {
      const p = f.properties ?? {};
      const backend = p['backend'] ?? '';
      const location = p['location'] ?? f.file;
      return {
        secretId: f.secretId ?? `orphan:${backend}:${location}`,
        code: f.ruleId,
        severity: f.severity,
        message: f.message,
        kind: p['kind'] ?? '',
        backend,
        location,
        ...(p['versionId'] === undefined ? {} : { versionId: p['versionId'] }),
      };
    }),
  };
}
