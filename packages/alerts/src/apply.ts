import { isDocugenError } from '@docugen-secrets/core';
import { mergedLabels, type AlertAction } from './reconcile.js';
import type { IssueRef, SyncReport } from './report.js';
import type { IssueTracker } from './tracker.js';
import type { TrackedIssue } from './types.js';

/** The outcome of one applied action: the issue it touched (for events and the report). */
export type Applied = { readonly action: AlertAction; readonly ref: IssueRef };

function refOf(a: AlertAction, number: number, url: string | undefined): IssueRef {
  return { secretId: a.secretId, alertKind: a.alertKind, number, ...(url === undefined ? {} : { url }) };
}

/** Runs one action's writes in order (comment first, so the notification explains the change). */
async function applyOne(
  tracker: IssueTracker,
  a: AlertAction,
  current: ReadonlyMap<number, TrackedIssue>,
): Promise<IssueRef> {
  const labelsOf = (n: number, rendered: readonly string[]): string[] =>
    mergedLabels(current.get(n)?.labels ?? [], rendered);
  const url = (n: number): string | undefined => current.get(n)?.url;
  switch (a.kind) {
    case 'open': {
      const made = await tracker.create(a.issue);
      return refOf(a, made.number, made.url);
    }
    case 'update':
      await tracker.update(a.number, {
        title: a.issue.title,
        body: a.issue.body,
        labels: labelsOf(a.number, a.issue.labels),
        assignees: a.issue.assignees,
      });
      return refOf(a, a.number, url(a.number));
    case 'escalate':
    case 'reopen':
      await tracker.comment(a.number, a.comment);
      await tracker.update(a.number, {
        title: a.issue.title,
        body: a.issue.body,
        labels: labelsOf(a.number, a.issue.labels),
        assignees: a.issue.assignees,
        ...(a.kind === 'reopen' ? { state: 'open' as const } : {}),
      });
      return refOf(a, a.number, url(a.number));
    case 'close':
    case 'close-duplicate':
      await tracker.comment(a.number, a.comment);
      await tracker.update(a.number, {
        state: 'closed',
        stateReason: a.kind === 'close' ? 'completed' : 'not_planned',
      });
      return refOf(a, a.number, url(a.number));
    case 'none':
      return refOf(a, a.number, url(a.number));
  }
}

const BUCKET = {
  open: 'opened',
  update: 'updated',
  escalate: 'escalated',
  reopen: 'reopened',
  close: 'closed',
  'close-duplicate': 'duplicatesClosed',
  none: 'unchanged',
} as const;

/**
 * Applies actions one at a time (writes serialized, as GitHub asks for
 * content-creating requests). An exhausted rate limit stops the run: the rest
 * is reported as not done, and the next sync, seeing the same differences,
 * finishes it. Any other failure skips that action only.
 */
export async function applyActions(
  tracker: IssueTracker,
  actions: readonly AlertAction[],
  current: readonly TrackedIssue[],
  report: SyncReport,
): Promise<Applied[]> {
  const byNumber = new Map(current.map((i) => [i.number, i]));
  const applied: Applied[] = [];
  for (const a of actions) {
    const number = a.kind === 'open' ? undefined : a.number;
    const notDone = (code: string): void => {
      report.notDone.push({
        action: a.kind,
        secretId: a.secretId,
        alertKind: a.alertKind,
        ...(number === undefined ? {} : { number }),
        code,
      });
    };
    if (report.stoppedBy !== undefined && a.kind !== 'none') {
      notDone('ALERTS_TRACKER_BUDGET');
      continue;
    }
    try {
      const ref = await applyOne(tracker, a, byNumber);
      report[BUCKET[a.kind]].push(ref);
      applied.push({ action: a, ref });
    } catch (err) {
      const code = isDocugenError(err) ? err.code : 'ALERTS_TRACKER_FAILED';
      notDone(code);
      if (code === 'ALERTS_TRACKER_BUDGET') report.stoppedBy = 'the GitHub rate limit is exhausted';
    }
  }
  return applied;
}
