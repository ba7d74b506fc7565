import type { OpContext, OpResult } from '../context.js';
import { validationFailed } from '../errors.js';
import { findLabel, newId, type IssueRecord, type RepoRecord, type StateReason } from '../model.js';
import { paginate } from '../pagination.js';
import { issueJson } from '../render/issue.js';
import {
  bodyOf,
  checkBodyLength,
  invalidField,
  issueOf,
  optNames,
  optNullableString,
  optString,
  repoOf,
} from './input.js';
import { ensureLabels } from './labels.js';

type Rec = Record<string, unknown>;

/**
 * Assignable logins among `names`: the authenticated user and the configured
 * collaborators. Others are dropped silently, as GitHub does ("Only users with
 * push access can set assignees for new issues. Assignees are silently dropped
 * otherwise", issues/create).
 */
export function assignable(ctx: OpContext, names: readonly string[]): string[] {
  const known = new Map([ctx.login, ...ctx.collaborators].map((l) => [l.toLowerCase(), l]));
  return [...new Set(names.flatMap((n) => known.get(n.toLowerCase()) ?? []))];
}

function titleOf(body: Rec, required: boolean): string | undefined {
  const t = body['title'];
  if (typeof t === 'number') return String(t);
  const title = optString(body, 'title');
  if (required && (title === undefined || title.trim() === '')) {
    throw validationFailed({ resource: 'Issue', field: 'title', code: 'missing_field' });
  }
  return title;
}

function assigneesOf(ctx: OpContext, body: Rec): string[] | undefined {
  const list = optNames(body, 'assignees');
  const single = optNullableString(body, 'assignee');
  if (list === undefined && single === undefined) return undefined;
  return assignable(ctx, [...(list ?? []), ...(single ? [single] : [])]);
}

export function createIssue(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const body = bodyOf(ctx);
  checkBodyLength('Issue', optNullableString(body, 'body'));
  const issue: IssueRecord = {
    id: newId(ctx.data),
    number: repo.nextNumber,
    title: titleOf(body, true) ?? '',
    body: optNullableString(body, 'body') ?? null,
    state: 'open',
    stateReason: null,
    labelIds: ensureLabels(ctx, repo, optNames(body, 'labels') ?? []).map((l) => l.id),
    assignees: assigneesOf(ctx, body) ?? [],
    author: ctx.login,
    createdMs: ctx.nowMs,
    updatedMs: ctx.nowMs,
    closedMs: null,
    closedBy: null,
  };
  repo.nextNumber += 1;
  repo.issues.push(issue);
  return {
    status: 201,
    body: issueJson(ctx.urls, repo, issue),
    headers: { location: `${ctx.urls.api}/repos/${repo.owner}/${repo.name}/issues/${issue.number}` },
  };
}

export function getIssue(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  return { status: 200, body: issueJson(ctx.urls, repo, issueOf(ctx, repo)) };
}

const CLOSE_REASONS: readonly StateReason[] = ['completed', 'not_planned', 'duplicate'];

function stateReasonOf(body: Rec): StateReason | null | undefined {
  const v = optNullableString(body, 'state_reason');
  if (v === undefined || v === null) return v;
  if (v === 'reopened' || (CLOSE_REASONS as readonly string[]).includes(v)) return v as StateReason;
  throw invalidField(
    'state_reason',
    `"${v}" is not a member of ["completed","not_planned","duplicate","reopened",null]`,
  );
}

/** Open/close transitions with GitHub's state_reason rules: closing defaults to `completed`, reopening sets `reopened`. */
export function applyState(
  ctx: OpContext,
  issue: IssueRecord,
  state: string | undefined,
  reason: StateReason | null | undefined,
): void {
  if (state !== undefined && state !== 'open' && state !== 'closed')
    throw invalidField('state', `"${state}" is not a member of ["open","closed"]`);
  const target = state ?? issue.state;
  if (target === 'closed') {
    if (issue.state === 'open') {
      issue.closedMs = ctx.nowMs;
      issue.closedBy = ctx.login;
      issue.stateReason = reason && reason !== 'reopened' ? reason : 'completed';
    } else if (reason && reason !== 'reopened') {
      issue.stateReason = reason;
    }
  } else if (issue.state === 'closed') {
    issue.closedMs = null;
    issue.closedBy = null;
    issue.stateReason = 'reopened';
  }
  issue.state = target;
}

export function updateIssue(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  const body = bodyOf(ctx);
  const title = titleOf(body, false);
  if (title !== undefined) issue.title = title;
  const text = optNullableString(body, 'body');
  checkBodyLength('Issue', text);
  if (text !== undefined) issue.body = text;
  applyState(ctx, issue, optString(body, 'state'), stateReasonOf(body));
  const labels = optNames(body, 'labels');
  if (labels !== undefined) issue.labelIds = [...new Set(ensureLabels(ctx, repo, labels).map((l) => l.id))];
  const assignees = assigneesOf(ctx, body);
  if (assignees !== undefined) issue.assignees = assignees;
  issue.updatedMs = ctx.nowMs;
  return { status: 200, body: issueJson(ctx.urls, repo, issue) };
}

function matches(ctx: OpContext, repo: RepoRecord, issue: IssueRecord): boolean {
  const q = ctx.query;
  const state = q.get('state') ?? 'open';
  if (state !== 'all' && issue.state !== state) return false;
  const wanted = (q.get('labels') ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (
    !wanted.every((name) => {
      const l = findLabel(repo, name);
      return l !== undefined && issue.labelIds.includes(l.id);
    })
  )
    return false;
  const assignee = q.get('assignee');
  if (assignee === 'none' && issue.assignees.length > 0) return false;
  if (assignee === '*' && issue.assignees.length === 0) return false;
  if (
    assignee !== null &&
    assignee !== 'none' &&
    assignee !== '*' &&
    !issue.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase())
  )
    return false;
  const creator = q.get('creator');
  if (creator !== null && issue.author.toLowerCase() !== creator.toLowerCase()) return false;
  const since = q.get('since');
  return since === null || issue.updatedMs >= Date.parse(since);
}

function sorter(q: URLSearchParams, repo: RepoRecord): (a: IssueRecord, b: IssueRecord) => number {
  const sign = q.get('direction') === 'asc' ? 1 : -1;
  const count = (i: IssueRecord): number => repo.comments.filter((c) => c.issueNumber === i.number).length;
  const key =
    q.get('sort') === 'updated'
      ? (i: IssueRecord) => i.updatedMs
      : q.get('sort') === 'comments'
        ? count
        : (i: IssueRecord) => i.createdMs;
  return (a, b) => sign * (key(a) - key(b) || a.number - b.number);
}

/** issues/list-for-repo: `state` (default open), `labels` (all must match), assignee, creator, since, sort, direction. */
export function listIssues(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const found = repo.issues.filter((i) => matches(ctx, repo, i)).sort(sorter(ctx.query, repo));
  const { page, headers } = paginate(ctx, found);
  return { status: 200, body: page.map((i) => issueJson(ctx.urls, repo, i)), headers };
}
