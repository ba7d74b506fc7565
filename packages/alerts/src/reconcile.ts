import { isManagedLabel, parseMarker } from './marker.js';
import {
  closeComment,
  duplicateComment,
  escalationComment,
  renderIssue,
  reopenComment,
  type RenderLinks,
  type RenderedIssue,
} from './render.js';
import { alertKey, type AlertKind, type DesiredAlert, type DesiredState, type TrackedIssue } from './types.js';

/** What identifies the alert an action is about. */
export interface ActionRef {
  readonly secretId: string;
  readonly alertKind: AlertKind;
}

/**
 * One change to the tracker. `open`: a new issue; `update`: title, body or
 * labels differ; `escalate`: a crossing passed (one comment, then the update);
 * `reopen`: the problem is back (comment, reopen, update); `close`: the
 * problem is gone (comment, close as completed); `close-duplicate`: a race
 * left a second open issue (comment with the link, close as not planned);
 * `none`: the issue already says it all.
 */
export type AlertAction =
  | (ActionRef & { readonly kind: 'open'; readonly alert: DesiredAlert; readonly issue: RenderedIssue })
  | (ActionRef & {
      readonly kind: 'update';
      readonly number: number;
      readonly alert: DesiredAlert;
      readonly issue: RenderedIssue;
    })
  | (ActionRef & {
      readonly kind: 'escalate';
      readonly number: number;
      readonly alert: DesiredAlert;
      readonly issue: RenderedIssue;
      readonly comment: string;
    })
  | (ActionRef & {
      readonly kind: 'reopen';
      readonly number: number;
      readonly alert: DesiredAlert;
      readonly issue: RenderedIssue;
      readonly comment: string;
    })
  | (ActionRef & { readonly kind: 'close'; readonly number: number; readonly comment: string })
  | (ActionRef & {
      readonly kind: 'close-duplicate';
      readonly number: number;
      readonly of: number;
      readonly comment: string;
    })
  | (ActionRef & { readonly kind: 'none'; readonly number: number });

export type AlertActionKind = AlertAction['kind'];

interface Parsed {
  readonly issue: TrackedIssue;
  readonly level: number;
}

function groupByKey(existing: readonly TrackedIssue[]): Map<string, Parsed[]> {
  const groups = new Map<string, Parsed[]>();
  for (const issue of existing) {
    const m = parseMarker(issue.body);
    if (!m) continue;
    const key = alertKey(m.secretId, m.kind);
    groups.set(key, [...(groups.get(key) ?? []), { issue, level: m.level }]);
  }
  for (const list of groups.values()) list.sort((a, b) => a.issue.number - b.issue.number);
  return groups;
}

const sortedLower = (labels: readonly string[]): string =>
  labels
    .map((l) => l.toLowerCase())
    .sort()
    .join('\n');

/** The labels to write: ours as rendered, plus any a human added. */
export function mergedLabels(current: readonly string[], rendered: readonly string[]): string[] {
  return [...rendered, ...current.filter((l) => !isManagedLabel(l))];
}

function differs(issue: TrackedIssue, r: RenderedIssue): boolean {
  const managed = issue.labels.filter(isManagedLabel);
  return issue.title !== r.title || issue.body !== r.body || sortedLower(managed) !== sortedLower(r.labels);
}

function forDesired(a: DesiredAlert, group: readonly Parsed[], links: RenderLinks): AlertAction[] {
  const ref = { secretId: a.secretId, alertKind: a.kind };
  const issue = renderIssue(a, links);
  const open = group.filter((p) => p.issue.state === 'open');
  const [keep, ...dupes] = open;
  const duplicates = dupes.map((d): AlertAction => ({
    ...ref,
    kind: 'close-duplicate',
    number: d.issue.number,
    of: keep?.issue.number ?? 0,
    comment: duplicateComment(keep?.issue.number ?? 0),
  }));
  if (keep) {
    const n = keep.issue.number;
    if (a.level > keep.level)
      return [
        { ...ref, kind: 'escalate', number: n, alert: a, issue, comment: escalationComment(a, keep.level) },
        ...duplicates,
      ];
    return [
      differs(keep.issue, issue)
        ? { ...ref, kind: 'update', number: n, alert: a, issue }
        : { ...ref, kind: 'none', number: n },
      ...duplicates,
    ];
  }
  const closed = group
    .filter((p) => p.issue.stateReason !== 'not_planned' && p.issue.stateReason !== 'duplicate')
    .at(-1);
  if (closed)
    return [{ ...ref, kind: 'reopen', number: closed.issue.number, alert: a, issue, comment: reopenComment(a) }];
  return [{ ...ref, kind: 'open', alert: a, issue }];
}

function forUndesired(group: readonly Parsed[], isUnknown: (kind: AlertKind) => boolean): AlertAction[] {
  const open = group.filter((p) => p.issue.state === 'open');
  const [keep, ...dupes] = open;
  if (!keep) return [];
  const m = parseMarker(keep.issue.body);
  if (!m) return [];
  const ref = { secretId: m.secretId, alertKind: m.kind };
  const duplicates = dupes.map((d): AlertAction => ({
    ...ref,
    kind: 'close-duplicate',
    number: d.issue.number,
    of: keep.issue.number,
    comment: duplicateComment(keep.issue.number),
  }));
  if (isUnknown(m.kind)) return [{ ...ref, kind: 'none', number: keep.issue.number }, ...duplicates];
  return [
    { ...ref, kind: 'close', number: keep.issue.number, comment: closeComment(m.secretId, m.kind) },
    ...duplicates,
  ];
}

/**
 * Desired alerts × existing issues → the actions that make GitHub match,
 * in a stable order (desired alerts in input order, then stale issues by
 * number). Pure. Per (secret, kind): the oldest open issue is the one kept,
 * so racing syncs agree on which duplicates to close; a closed issue is
 * reopened rather than a new one opened (never one closed as a duplicate);
 * an issue whose problem is unknown this run is left alone.
 */
export function reconcile(
  desired: DesiredState,
  existing: readonly TrackedIssue[],
  links: RenderLinks = {},
): AlertAction[] {
  const groups = groupByKey(existing);
  const actions: AlertAction[] = [];
  const seen = new Set<string>();
  for (const a of desired.alerts) {
    const key = alertKey(a.secretId, a.kind);
    if (seen.has(key)) continue;
    seen.add(key);
    actions.push(...forDesired(a, groups.get(key) ?? [], links));
  }
  const stale = [...groups.entries()]
    .filter(([key]) => !seen.has(key))
    .sort((x, y) => (x[1][0]?.issue.number ?? 0) - (y[1][0]?.issue.number ?? 0));
  for (const [key, group] of stale)
    actions.push(
      ...forUndesired(group, (kind) => desired.unknown.has(key) || desired.unknownKinds?.has(kind) === true),
    );
  return actions;
}
