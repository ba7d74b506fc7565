import type { AuditDetail } from '@docugen-secrets/audit';
import type { SecretManifest } from '@docugen-secrets/manifest';
import { restartTargets } from '../restart/plan.js';
import type { RestartOutcome } from '../restart/port.js';
import { restartConsumer, restartDetails, type RestartSender } from '../restart/send.js';
import type { ManualDeps } from './manual.js';
import { record } from './record.js';

/**
 * Restarts the secret's rolling-restart consumers for the version a person
 * just made current, exactly as an automatic rotation does (same ledger, rate
 * limit and delivery ids), audited as `manual.restart*` events.
 */
export async function restartConsumers(
  deps: ManualDeps,
  m: SecretManifest,
  versionId: string,
  facts: Record<string, AuditDetail>,
): Promise<RestartOutcome[]> {
  const sender: RestartSender = {
    secretId: m.id,
    now: deps.clock.now(),
    emergency: false,
    restarts: deps.restarts,
    clock: deps.clock,
    sent: async (base, resend, send) => {
      const details = { ...facts, ...restartDetails(base), resend };
      try {
        await send();
      } catch (err) {
        await record(deps, m, 'restart', base.versionId, 'failure', details);
        throw err;
      }
      await record(deps, m, 'restart', base.versionId, 'success', details);
    },
    notSent: (base, why, extra) =>
      record(deps, m, `restart-${why}`, base.versionId, why === 'deferred' ? 'success' : 'failure', {
        ...facts,
        ...restartDetails(base),
        ...extra,
      }),
  };
  const outcomes: RestartOutcome[] = [];
  for (const target of restartTargets(m)) outcomes.push(await restartConsumer(sender, target, versionId));
  return outcomes;
}
