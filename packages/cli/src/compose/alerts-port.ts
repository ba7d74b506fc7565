import type { IssueRef, NotDone, RunInfo, SyncReport } from '@docugen-secrets/alerts';
import type { AlertsPort, AlertsSummary } from '@docugen-secrets/runner';
import type { AlertPorts } from './alerts-backend.js';

/** Alert ports opened for one sync, and how to release what they hold (a local server). */
export interface OpenedAlertPorts extends AlertPorts {
  close(): Promise<void>;
}

const refLine = (r: IssueRef): string => `#${r.number} ${r.secretId} (${r.alertKind})`;

function notDoneLine(n: NotDone): string {
  return `${n.action} ${n.secretId} (${n.alertKind})${n.number === undefined ? '' : ` #${n.number}`}: ${n.code}`;
}

/**
 * The runner's summary of a sync: issue numbers, secret ids and kinds, one
 * line each (duplicates closed count as closed). Value-free by construction:
 * a `SyncReport` holds nothing else.
 */
export function alertsSummaryOf(report: SyncReport): AlertsSummary {
  return {
    opened: report.opened.map(refLine),
    updated: report.updated.map(refLine),
    escalated: report.escalated.map(refLine),
    reopened: report.reopened.map(refLine),
    closed: [...report.closed, ...report.duplicatesClosed].map(refLine),
    notDone: [
      ...report.notDone.map(notDoneLine),
      ...report.events.failed.map((f) => `event ${f.sink} ${f.secretId} (${f.alertKind}): ${f.code}`),
    ],
  };
}

/**
 * The runner's `AlertsPort` over `syncAlerts`: the run's rotation results
 * become the outcomes (`outcomesOf`, sanitized: a failed step, a code, never a
 * value or a provider body), so a failed rotation opens a `rotation-failed`
 * issue and the next successful one of that secret closes it; secrets this
 * run did not try keep their issue as it is. `open` is called once per sync
 * (the CI tracker, or the embedded local GitHub server) and closed after it.
 */
export function syncingAlertsPort(open: () => Promise<OpenedAlertPorts>, run: RunInfo = {}): AlertsPort {
  return {
    async sync(input) {
      const { outcomesOf, syncAlerts } = await import('@docugen-secrets/alerts');
      const ports = await open();
      try {
        const report = await syncAlerts(
          {
            manifests: input.manifests,
            plan: input.plan,
            outcomes: outcomesOf(input.results, input.now, run),
            now: input.now,
            source: ports.source,
            links: ports.links,
          },
          { tracker: ports.tracker, events: ports.events },
        );
        return alertsSummaryOf(report);
      } finally {
        await ports.close();
      }
    },
  };
}
