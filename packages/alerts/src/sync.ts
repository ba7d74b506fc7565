import { describeError, isDocugenError, silentLogger, type Logger } from '@docugen-secrets/core';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { PlanEntry } from '@docugen-secrets/rotation';
import { applyActions, type Applied } from './apply.js';
import { desiredAlerts } from './desired.js';
import { dedupKeyOf, type AlertEvent, type EventSink } from './events.js';
import { reconcile } from './reconcile.js';
import type { RenderLinks } from './render.js';
import { titleOf } from './render.js';
import { emptyReport, type SyncReport } from './report.js';
import type { IssueTracker } from './tracker.js';
import type { DriftFinding, RotationOutcome } from './types.js';

export interface SyncInput {
  readonly manifests: readonly SecretManifest[];
  /** The plan at `now` (what `plan` computes). */
  readonly plan: readonly PlanEntry[];
  /** The last rotation run's outcomes; undefined leaves rotation-failed alerts as they are. */
  readonly outcomes?: readonly RotationOutcome[];
  /** Drift findings; undefined leaves drift alerts as they are. */
  readonly drift?: readonly DriftFinding[];
  readonly now: Date;
  readonly links?: RenderLinks;
  /** Where the alerts come from (the repository `owner/name`), for event dedup keys. */
  readonly source: string;
}

export interface SyncPorts {
  readonly tracker: IssueTracker;
  readonly events?: readonly EventSink[];
  readonly logger?: Logger;
}

function eventOf(applied: Applied, source: string): AlertEvent | undefined {
  const { action: a, ref } = applied;
  if (a.kind !== 'open' && a.kind !== 'escalate' && a.kind !== 'reopen' && a.kind !== 'close') return undefined;
  const base = {
    dedupKey: dedupKeyOf(source, a.secretId, a.alertKind),
    secretId: a.secretId,
    alertKind: a.alertKind,
    source,
    ...(ref.url ? { issueUrl: ref.url } : {}),
  };
  if (a.kind === 'close')
    return {
      ...base,
      action: 'resolve',
      severity: 'low',
      summary: `[secret-alert] ${a.secretId}: ${a.alertKind} resolved`,
      escalationLevel: 0,
    };
  const deadline = a.alert.deadline?.toISOString();
  return {
    ...base,
    action: 'trigger',
    severity: a.alert.severity,
    summary: titleOf(a.alert),
    escalationLevel: a.alert.level,
    ...(deadline ? { deadline } : {}),
  };
}

async function sendEvents(
  applied: readonly Applied[],
  input: SyncInput,
  ports: SyncPorts,
  report: SyncReport,
): Promise<void> {
  const logger = ports.logger ?? silentLogger;
  for (const item of applied) {
    const event = eventOf(item, input.source);
    if (!event) continue;
    for (const sink of ports.events ?? []) {
      try {
        await sink.send(event);
        report.events.sent += 1;
      } catch (err) {
        const code = isDocugenError(err) ? err.code : 'ALERTS_EVENT_FAILED';
        logger.warn('incident event not delivered', {
          sink: sink.name,
          secretId: event.secretId,
          kind: event.alertKind,
          code,
        });
        report.events.failed.push({ sink: sink.name, secretId: event.secretId, alertKind: event.alertKind, code });
      }
    }
  }
}

/**
 * Makes the tracker match the alerts the inputs call for, and tells incident
 * tooling about each change. One listing by label; writes only for
 * differences (a sync with no change writes nothing); after opening issues it
 * lists once more and closes duplicates a racing sync may have opened
 * (keeping the oldest, as every sync does). Listing failures throw (coded);
 * write failures and undelivered events are reported, never thrown. The
 * report is value-free.
 */
export async function syncAlerts(input: SyncInput, ports: SyncPorts): Promise<SyncReport> {
  const desired = desiredAlerts(input.manifests, input.plan, input.outcomes, input.drift, input.now);
  const links = input.links ?? {};
  const existing = await ports.tracker.listAlertIssues();
  const report = emptyReport();
  const applied = await applyActions(ports.tracker, reconcile(desired, existing, links), existing, report);
  if (report.stoppedBy === undefined && applied.some((a) => a.action.kind === 'open' || a.action.kind === 'reopen')) {
    try {
      const fresh = await ports.tracker.listAlertIssues();
      const dupes = reconcile(desired, fresh, links).filter((a) => a.kind === 'close-duplicate');
      applied.push(...(await applyActions(ports.tracker, dupes, fresh, report)));
    } catch (err) {
      (ports.logger ?? silentLogger).warn('duplicate check after opening issues failed; the next sync does it', {
        error: describeError(err),
      });
    }
  }
  await sendEvents(applied, input, ports, report);
  return report;
}
