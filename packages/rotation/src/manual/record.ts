import type { AuditDetail } from '@docugen-secrets/audit';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { ManualDeps } from './manual.js';

/** The steps of a manual rotation, audited as `manual.<step>`. */
export type Step =
  | 'request'
  | 'store-initial'
  | 'test'
  | 'store-pending'
  | 'mark-failed'
  | 'finish'
  | 'restart'
  | 'restart-deferred'
  | 'restart-unavailable'
  | 'revoked';

/** Appends one `manual.<step>` event (value-free: who, why, versions, restart ids). */
export async function record(
  deps: ManualDeps,
  m: SecretManifest,
  step: Step,
  versionId: string | undefined,
  outcome: 'success' | 'failure',
  details: Record<string, AuditDetail>,
): Promise<void> {
  await deps.audit.append({
    at: deps.clock.now().toISOString(),
    actor: deps.actor,
    action: `manual.${step}`,
    secretId: m.id,
    ...(versionId === undefined ? {} : { versionId }),
    outcome,
    details: { strategy: m.rotation.strategy, ...details },
  });
}
