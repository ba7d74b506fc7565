import type { ReportedFinding } from '@docugen-secrets/policy-engine';
import { DRIFT_RULES, type DriftCode } from './codes.js';

const ORIGIN = { line: 1, col: 1 } as const;

/** Which store a finding is about. */
export type DriftBackend = 'aws-secrets-manager' | 'sops';

/** What a drift finding says, before it becomes a report finding. */
export interface DriftFact {
  readonly code: DriftCode;
  readonly message: string;
  /** The manifest file, or (no manifest: an orphan) the store location. */
  readonly file: string;
  readonly backend: DriftBackend;
  /** Store location: `region/name` in Secrets Manager, the file path in the SOPS repository. */
  readonly location: string;
  readonly secretId?: string;
  readonly versionId?: string;
  /** Overrides the code's default severity (e.g. a missing secret that was never created is a warning). */
  readonly severity?: ReportedFinding['severity'];
  /** A finer kind within the code, e.g. `pending-left-behind` (stable, for alert de-duplication). */
  readonly detail?: string;
}

/**
 * A drift fact as the shared report formats take it. The properties and the
 * partial fingerprint hold names and ids only (never a value), so one alert
 * or code scanning result per drift survives re-runs.
 */
export function driftFinding(f: DriftFact): ReportedFinding {
  const kind = f.detail ?? DRIFT_RULES[f.code].name;
  const properties: Record<string, string> = {
    backend: f.backend,
    location: f.location,
    kind,
    ...(f.versionId === undefined ? {} : { versionId: f.versionId }),
  };
  return {
    ruleId: f.code,
    severity: f.severity ?? DRIFT_RULES[f.code].severity,
    message: f.message,
    file: f.file,
    start: ORIGIN,
    end: ORIGIN,
    ...(f.secretId === undefined ? {} : { secretId: f.secretId }),
    properties,
    partialFingerprints: { 'driftKey/v1': [f.code, kind, f.backend, f.location, f.versionId ?? ''].join('|') },
  };
}

/** Where an orphan Secrets Manager secret is reported (no manifest file to point at). */
export function vaultLocation(region: string, name: string): string {
  return `${region}/${name}`;
}

/**
 * Untrusted text (a store name, a tag, a label someone set) as it goes into
 * a message: JSON-quoted, so control characters and terminal escapes arrive
 * as `\u001b` text instead of acting on a terminal or a workflow command.
 */
export function q(text: string): string {
  return JSON.stringify(text);
}
