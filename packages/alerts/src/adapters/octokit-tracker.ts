import type { GitHubClient } from '@docugen-secrets/github-client';
import { alertsError, type AlertsError } from '../errors.js';
import { ALERT_LABEL } from '../marker.js';
import type { IssueDraft, IssuePatch, IssueTracker } from '../tracker.js';
import type { TrackedIssue } from '../types.js';

export interface OctokitTrackerOptions {
  readonly owner: string;
  readonly repo: string;
  /** Page size of the label listing (GitHub's maximum, 100, by default: fewest requests). */
  readonly perPage?: number;
}

interface HttpFailure {
  readonly status?: number;
  readonly response?: { readonly headers?: Readonly<Record<string, string | number | undefined>> };
}

/**
 * A GitHub answer that means "out of budget": 429, or 403 with the primary
 * limit at zero or a `retry-after` (a secondary limit the client already
 * retried as often as it may).
 */
function isBudget(err: HttpFailure): boolean {
  const headers = err.response?.headers ?? {};
  return (
    err.status === 429 ||
    (err.status === 403 && (String(headers['x-ratelimit-remaining']) === '0' || headers['retry-after'] !== undefined))
  );
}

/** A coded, value-free error: the operation and status only, never the response body. */
function trackerError(op: string, err: unknown): AlertsError {
  const status = typeof err === 'object' && err !== null ? (err as HttpFailure).status : undefined;
  const failure = (err ?? {}) as HttpFailure;
  if (isBudget(failure))
    return alertsError(
      'ALERTS_TRACKER_BUDGET',
      `GitHub ${op}: rate limit exhausted (HTTP ${status ?? '?'}); the next sync finishes the rest`,
      { op, status: status ?? 0 },
    );
  return alertsError(
    'ALERTS_TRACKER_FAILED',
    `GitHub ${op} failed (HTTP ${status ?? 'no answer'}); check the token's issues permission and GITHUB_API_URL`,
    { op, status: status ?? 0 },
  );
}

async function call<T>(op: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw trackerError(op, err);
  }
}

interface ListedIssue {
  readonly number: number;
  readonly state: string;
  readonly state_reason?: string | null;
  readonly title: string;
  readonly body?: string | null;
  readonly html_url: string;
  readonly labels: readonly (string | { readonly name?: string })[];
  readonly pull_request?: unknown;
}

function toTracked(i: ListedIssue): TrackedIssue {
  return {
    number: i.number,
    state: i.state === 'closed' ? 'closed' : 'open',
    stateReason: i.state_reason ?? null,
    title: i.title,
    body: i.body ?? '',
    labels: i.labels.flatMap((l) => (typeof l === 'string' ? [l] : l.name === undefined ? [] : [l.name])),
    url: i.html_url,
  };
}

/**
 * The GitHub adapter of `IssueTracker`, on the project's Octokit
 * (`createGitHubClient`: retries 5xx, honours primary and secondary limits
 * and `retry-after`, spaces writes). Lists alert issues by label, open and
 * closed, following `Link` pagination; pull requests are skipped.
 */
export function octokitTracker(client: GitHubClient, opts: OctokitTrackerOptions): IssueTracker {
  const repo = { owner: opts.owner, repo: opts.repo };
  return {
    listAlertIssues: () =>
      call('issues/list-for-repo', async () => {
        const all = await client.paginate(client.rest.issues.listForRepo, {
          ...repo,
          labels: ALERT_LABEL,
          state: 'all',
          per_page: opts.perPage ?? 100,
        });
        return (all as readonly ListedIssue[]).filter((i) => i.pull_request === undefined).map(toTracked);
      }),
    create: (d: IssueDraft) =>
      call('issues/create', async () => {
        const { data } = await client.rest.issues.create({
          ...repo,
          title: d.title,
          body: d.body,
          labels: [...d.labels],
          assignees: [...d.assignees],
        });
        return { number: data.number, url: data.html_url };
      }),
    update: (number: number, p: IssuePatch) =>
      call('issues/update', async () => {
        await client.rest.issues.update({
          ...repo,
          issue_number: number,
          ...(p.title === undefined ? {} : { title: p.title }),
          ...(p.body === undefined ? {} : { body: p.body }),
          ...(p.labels === undefined ? {} : { labels: [...p.labels] }),
          ...(p.assignees === undefined ? {} : { assignees: [...p.assignees] }),
          ...(p.state === undefined ? {} : { state: p.state }),
          ...(p.stateReason === undefined ? {} : { state_reason: p.stateReason }),
        });
      }),
    comment: (number: number, body: string) =>
      call('issues/create-comment', async () => {
        await client.rest.issues.createComment({ ...repo, issue_number: number, body });
      }),
  };
}
