import type { Urls } from '../context.js';
import type { CommentRecord, IssueRecord, LabelRecord, RepoRecord } from '../model.js';
import { iso, repoApiUrl, repoWebUrl } from './repo.js';
import { nodeId, userJson } from './user.js';

/** The `label` shape. */
export function labelJson(urls: Urls, repo: RepoRecord, label: LabelRecord): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${repoApiUrl(urls, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

export function issueLabels(repo: RepoRecord, issue: IssueRecord): LabelRecord[] {
  return issue.labelIds.flatMap((id) => repo.labels.find((l) => l.id === id) ?? []);
}

function commentCount(repo: RepoRecord, issue: IssueRecord): number {
  return repo.comments.filter((c) => c.issueNumber === issue.number).length;
}

const ZERO_REACTIONS = {
  total_count: 0,
  '+1': 0,
  '-1': 0,
  laugh: 0,
  confused: 0,
  heart: 0,
  hooray: 0,
  eyes: 0,
  rocket: 0,
};

/** The `issue` shape (pull requests carry `pull_request`, as in GitHub's issue listings). */
export function issueJson(urls: Urls, repo: RepoRecord, issue: IssueRecord): Record<string, unknown> {
  const base = repoApiUrl(urls, repo);
  const url = `${base}/issues/${issue.number}`;
  const kind = issue.pull ? 'pull' : 'issues';
  const html = `${repoWebUrl(urls, repo)}/${kind}/${issue.number}`;
  const assignees = issue.assignees.map((a) => userJson(urls, a));
  return {
    id: issue.id,
    node_id: nodeId(issue.pull ? 'PullRequest' : 'Issue', issue.id),
    url,
    repository_url: base,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: userJson(urls, issue.author),
    labels: issueLabels(repo, issue).map((l) => labelJson(urls, repo, l)),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: commentCount(repo, issue),
    ...(issue.pull ? { pull_request: pullLinks(urls, repo, issue), draft: issue.pull.draft } : {}),
    closed_at: issue.closedMs === null ? null : iso(issue.closedMs),
    created_at: iso(issue.createdMs),
    updated_at: iso(issue.updatedMs),
    closed_by: issue.closedBy === null ? null : userJson(urls, issue.closedBy),
    author_association: 'MEMBER',
    timeline_url: `${url}/timeline`,
    reactions: { url: `${url}/reactions`, ...ZERO_REACTIONS },
  };
}

function pullLinks(urls: Urls, repo: RepoRecord, issue: IssueRecord): Record<string, unknown> {
  const html = `${repoWebUrl(urls, repo)}/pull/${issue.number}`;
  return {
    url: `${repoApiUrl(urls, repo)}/pulls/${issue.number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    merged_at: null,
  };
}

/** The `issue-comment` shape. */
export function commentJson(urls: Urls, repo: RepoRecord, comment: CommentRecord): Record<string, unknown> {
  const base = repoApiUrl(urls, repo);
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url: `${base}/issues/comments/${comment.id}`,
    html_url: `${repoWebUrl(urls, repo)}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userJson(urls, comment.author),
    created_at: iso(comment.createdMs),
    updated_at: iso(comment.updatedMs),
    issue_url: `${base}/issues/${comment.issueNumber}`,
    author_association: 'MEMBER',
    reactions: { url: `${base}/issues/comments/${comment.id}/reactions`, ...ZERO_REACTIONS },
  };
}
