import type { AlertKind, AlertSeverity } from './types.js';

/**
 * One alert change for incident tooling: `trigger` when an alert opens,
 * escalates or reopens, `resolve` when it closes. `dedupKey` is stable per
 * (source, secret, kind), so the incident tool folds every change of one
 * alert into one incident. Value-free: ids, codes, dates, links.
 */
export interface AlertEvent {
  readonly action: 'trigger' | 'resolve';
  readonly dedupKey: string;
  readonly secretId: string;
  readonly alertKind: AlertKind;
  readonly severity: AlertSeverity;
  /** One line: "[secret-alert] ID: kind (deadline …)". */
  readonly summary: string;
  /** Where the event comes from (the repository), for the incident's `source`. */
  readonly source: string;
  readonly issueUrl?: string;
  readonly deadline?: string;
  readonly escalationLevel: number;
}

/**
 * Where incident events go (PagerDuty Events v2, a signed webhook). Contract:
 * `send` resolves once the receiver accepted the event; it retries transient
 * failures itself and then throws a coded `ALERTS_EVENT_FAILED` error (never
 * with a response body). A failed delivery never fails the sync: it is reported.
 */
export interface EventSink {
  /** Short, value-free name for reports (`pagerduty`, `webhook`). */
  readonly name: string;
  send(event: AlertEvent): Promise<void>;
}

/** The stable dedup key of an alert. */
export function dedupKeyOf(source: string, secretId: string, kind: AlertKind): string {
  return `docugen-secrets:${source}:${secretId}:${kind}`;
}
