import type { AlertEvent, EventSink } from '../events.js';
import type { AlertSeverity } from '../types.js';
import { postJson, type PostOptions } from './post.js';

/** PagerDuty's Events API v2 endpoint. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** Label severity → PagerDuty payload severity. */
export const PAGERDUTY_SEVERITY: Readonly<Record<AlertSeverity, 'critical' | 'error' | 'warning' | 'info'>> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
};

export interface PagerDutyOptions extends PostOptions {
  /** Default PagerDuty's; any Events v2 compatible receiver works. */
  readonly url?: string;
  /** The integration's routing key (from an env var at the entrypoint). */
  readonly routingKey: string;
}

/** The Events v2 body of an alert event (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/). */
export function pagerDutyBody(e: AlertEvent, routingKey: string): Record<string, unknown> {
  const links = e.issueUrl ? [{ href: e.issueUrl, text: 'GitHub issue' }] : [];
  if (e.action === 'resolve') return { routing_key: routingKey, event_action: 'resolve', dedup_key: e.dedupKey };
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: e.dedupKey,
    payload: {
      summary: e.summary.slice(0, 1024),
      source: e.source,
      severity: PAGERDUTY_SEVERITY[e.severity],
      component: e.secretId,
      group: 'docugen-secrets',
      class: e.alertKind,
      custom_details: {
        secret: e.secretId,
        kind: e.alertKind,
        escalation_level: e.escalationLevel,
        ...(e.deadline ? { deadline: e.deadline } : {}),
      },
    },
    links,
  };
}

/** An `EventSink` for PagerDuty Events v2: trigger/resolve with a stable dedup_key, retried on 429/5xx. */
export function pagerDutySink(opts: PagerDutyOptions): EventSink {
  const url = opts.url ?? PAGERDUTY_EVENTS_URL;
  return {
    name: 'pagerduty',
    send: (e) => postJson('pagerduty', url, JSON.stringify(pagerDutyBody(e, opts.routingKey)), {}, opts),
  };
}
