export {
  type AlertKind,
  type AlertSeverity,
  type RotationOutcome,
  type DriftFinding,
  type Crossing,
  type DesiredAlert,
  type DesiredState,
  type TrackedIssue,
  ALERT_KINDS,
  SEVERITIES,
  alertKey,
} from './types.js';
export { type AlertsErrorCode, type AlertsError } from './errors.js';
export { desiredAlerts } from './desired.js';
export { orphanAlerts, orphanAlertId, ORPHAN_PREFIX, ORPHAN_RUNBOOK } from './orphans.js';
export { severityOf, crossingsOf } from './escalation.js';
export { reconcile, mergedLabels, type AlertAction, type AlertActionKind } from './reconcile.js';
export { renderIssue, titleOf, bodyOf, labelsOf, type RenderLinks, type RenderedIssue } from './render.js';
export { ALERT_LABEL, markerOf, parseMarker, isManagedLabel } from './marker.js';
export { sanitizeMessage } from './sanitize.js';
export { type IssueTracker, type IssueDraft, type IssuePatch } from './tracker.js';
export { type EventSink, type AlertEvent, dedupKeyOf } from './events.js';
export { syncAlerts, type SyncInput, type SyncPorts } from './sync.js';
export {
  type SyncReport,
  type IssueRef,
  type NotDone,
  type EventFailure,
  syncReportText,
  syncReportMarkdown,
  summaryLine,
} from './report.js';
export { parseOutcomes, parseDrift } from './inputs.js';
export { octokitTracker, type OctokitTrackerOptions } from './adapters/octokit-tracker.js';
export {
  pagerDutySink,
  pagerDutyBody,
  PAGERDUTY_EVENTS_URL,
  PAGERDUTY_SEVERITY,
  type PagerDutyOptions,
} from './adapters/pagerduty.js';
export {
  webhookSink,
  webhookSignature,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type WebhookOptions,
} from './adapters/webhook.js';
export { type PostOptions } from './adapters/post.js';
export { outcomesOf, runInfoFromEnv, type RunInfo } from './outcomes.js';
