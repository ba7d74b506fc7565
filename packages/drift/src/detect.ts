import type { ReportedFinding, ReportNotification } from '@docugen-secrets/policy-engine';
import type { DriftInput } from './model.js';
import { sopsDrift } from './sops.js';
import { vaultDrift, type CheckContext } from './vault.js';

export const DEFAULT_GRACE = 'P1D';

/** What drift detection found, plus notes about what it could not judge. */
export interface DriftResult {
  readonly findings: readonly ReportedFinding[];
  readonly notifications: readonly ReportNotification[];
  /** Counts for the report: manifests compared, secrets listed, SOPS files read. */
  readonly counts: Readonly<Record<'manifests' | 'vaultSecrets' | 'sopsFiles', number>>;
}

/**
 * Compares the manifests with the stores and the audit trail. Pure: every
 * input is plain data gathered beforehand (`collectDrift` does it through
 * the ports), `now` is passed in, nothing is read or written.
 */
export function detectDrift(input: DriftInput): DriftResult {
  const ctx: CheckContext = {
    ...(input.audit ? { audit: input.audit } : {}),
    now: input.now,
    grace: input.options?.grace ?? DEFAULT_GRACE,
  };
  // The Secrets Manager checks collect the manifests of regions that were not listed (one pass over the manifests).
  const unlisted: DriftInput['manifests'][number][] = [];
  const findings = [
    ...(input.vault ? vaultDrift(input.manifests, input.vault, ctx, unlisted) : []),
    ...(input.sops ? sopsDrift(input.manifests, input.sops, ctx) : []),
  ];
  const notifications: ReportNotification[] = [];
  if (!input.audit)
    notifications.push({
      level: 'warning',
      code: 'DRIFT_NO_AUDIT',
      message: 'no audit trail was given: changes made outside the tool (DRIFT003) were not checked',
    });
  for (const d of unlisted)
    notifications.push({
      level: 'warning',
      code: 'DRIFT_REGION_NOT_LISTED',
      message: `secret ${d.manifest.id}: its region was not listed, so it was not compared`,
      file: d.file,
    });
  return {
    findings,
    notifications,
    counts: {
      manifests: input.manifests.length,
      vaultSecrets: input.vault?.secrets.length ?? 0,
      sopsFiles: input.sops?.files.length ?? 0,
    },
  };
}
