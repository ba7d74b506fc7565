import type { Urls } from '../context.js';
import type { IssueRecord, PullPart, RepoRecord } from '../model.js';
import { issueJson } from './issue.js';
import { repoApiUrl, repoJson, repoWebUrl } from './repo.js';
import { userJson } from './user.js';

type Json = Record<string, unknown>;

function branchJson(urls: Urls, repo: RepoRecord, owner: string, ref: string, sha: string, openIssues: number): Json {
  return { label: `${owner}:${ref}`, ref, sha, user: userJson(urls, owner), repo: repoJson(urls, repo, openIssues) };
}

/**
 * Pull request listings declare a label's `description` as a plain string
 * (the issue shape allows null): an empty description is sent as "" there.
 */
function prLabels(labels: unknown): unknown {
  return Array.isArray(labels) ? labels.map((l: Json) => ({ ...l, description: l['description'] ?? '' })) : labels;
}

/** The `pull-request-simple` shape (listings). */
export function pullSimpleJson(urls: Urls, repo: RepoRecord, issue: IssueRecord & { pull: PullPart }): Json {
  const asIssue = issueJson(urls, repo, issue);
  const api = `${repoApiUrl(urls, repo)}/pulls/${issue.number}`;
  const html = `${repoWebUrl(urls, repo)}/pull/${issue.number}`;
  const issueUrl = `${repoApiUrl(urls, repo)}/issues/${issue.number}`;
  const statuses = `${repoApiUrl(urls, repo)}/statuses/${repo.refs.find((r) => r.ref === `refs/heads/${issue.pull.headRef}`)?.sha ?? issue.pull.headSha}`;
  const open = repo.issues.filter((i) => i.state === 'open').length;
  // The head follows its branch (a push updates an open pull request), as on GitHub.
  const headSha = repo.refs.find((r) => r.ref === `refs/heads/${issue.pull.headRef}`)?.sha ?? issue.pull.headSha;
  const link = (href: string): Json => ({ href });
  return {
    url: api,
    id: issue.id,
    node_id: asIssue['node_id'],
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApiUrl(urls, repo)}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: statuses,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: asIssue['user'],
    body: issue.body,
    labels: prLabels(asIssue['labels']),
    milestone: null,
    active_lock_reason: null,
    created_at: asIssue['created_at'],
    updated_at: asIssue['updated_at'],
    closed_at: asIssue['closed_at'],
    merged_at: null,
    merge_commit_sha: null,
    assignee: asIssue['assignee'],
    assignees: asIssue['assignees'],
    requested_reviewers: [],
    requested_teams: [],
    head: branchJson(urls, repo, issue.pull.headOwner, issue.pull.headRef, headSha, open),
    base: branchJson(urls, repo, repo.owner, issue.pull.baseRef, issue.pull.baseSha, open),
    _links: {
      self: link(api),
      html: link(html),
      issue: link(issueUrl),
      comments: link(`${issueUrl}/comments`),
      review_comments: link(`${api}/comments`),
      review_comment: link(`${repoApiUrl(urls, repo)}/pulls/comments{/number}`),
      commits: link(`${api}/commits`),
      statuses: link(statuses),
    },
    author_association: 'MEMBER',
    auto_merge: null,
    draft: issue.pull.draft,
  };
}

/** The full `pull-request` shape (get, create, update). */
export function pullJson(urls: Urls, repo: RepoRecord, issue: IssueRecord & { pull: PullPart }): Json {
  const comments = repo.comments.filter((c) => c.issueNumber === issue.number).length;
  return {
    ...pullSimpleJson(urls, repo, issue),
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments,
    review_comments: 0,
    maintainer_can_modify: issue.pull.maintainerCanModify,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}
