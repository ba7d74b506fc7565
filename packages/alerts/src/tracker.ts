import type { TrackedIssue } from './types.js';

/** A new issue, as rendered (assignees are logins without `@`). */
export interface IssueDraft {
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
}

/** Fields to change on an issue; absent fields stay as they are. */
export interface IssuePatch {
  readonly title?: string;
  readonly body?: string;
  readonly labels?: readonly string[];
  readonly assignees?: readonly string[];
  readonly state?: 'open' | 'closed';
  readonly stateReason?: 'completed' | 'not_planned' | 'reopened';
}

/**
 * The issue tracker alerting writes to (GitHub issues in production). The
 * port of `syncAlerts`, defined here beside its consumer; adapters implement
 * it. Contract:
 * - `listAlertIssues` returns every issue carrying the alert label, open and
 *   closed, all pages (never a search: GitHub's search is eventually
 *   consistent and limited separately);
 * - writes are made one at a time by the caller, in order;
 * - failures throw `DocugenError<AlertsErrorCode>`: `ALERTS_TRACKER_BUDGET`
 *   when the rate limit is exhausted (the sync stops and reports what it did
 *   not do), `ALERTS_TRACKER_FAILED` otherwise (after the adapter's retries);
 *   messages carry status codes, never response bodies.
 */
export interface IssueTracker {
  listAlertIssues(): Promise<TrackedIssue[]>;
  create(draft: IssueDraft): Promise<{ readonly number: number; readonly url: string }>;
  update(number: number, patch: IssuePatch): Promise<void>;
  comment(number: number, body: string): Promise<void>;
}
