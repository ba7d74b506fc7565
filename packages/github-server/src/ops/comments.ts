import type { OpContext, OpResult } from '../context.js';
import { notFound, validationFailed } from '../errors.js';
import { newId, type CommentRecord, type RepoRecord } from '../model.js';
import { paginate } from '../pagination.js';
import { commentJson } from '../render/issue.js';
import { bodyOf, checkBodyLength, issueOf, numberParam, optString, repoOf } from './input.js';

function textOf(ctx: OpContext): string {
  const body = optString(bodyOf(ctx), 'body');
  if (body === undefined || body === '')
    throw validationFailed({ resource: 'IssueComment', field: 'body', code: 'missing_field' });
  checkBodyLength('IssueComment', body);
  return body;
}

function commentOf(ctx: OpContext, repo: RepoRecord): CommentRecord {
  const id = numberParam(ctx, 'comment_id');
  const comment = repo.comments.find((c) => c.id === id);
  if (!comment) throw notFound();
  return comment;
}

export function createComment(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  const comment: CommentRecord = {
    id: newId(ctx.data),
    issueNumber: issue.number,
    body: textOf(ctx),
    author: ctx.login,
    createdMs: ctx.nowMs,
    updatedMs: ctx.nowMs,
  };
  repo.comments.push(comment);
  issue.updatedMs = ctx.nowMs;
  const json = commentJson(ctx.urls, repo, comment);
  return { status: 201, body: json, headers: { location: String(json['url']) } };
}

/** issues/list-comments: oldest first (ascending id), optional `since` (updated at or after). */
export function listComments(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  const since = ctx.query.get('since');
  const found = repo.comments.filter(
    (c) => c.issueNumber === issue.number && (since === null || c.updatedMs >= Date.parse(since)),
  );
  const { page, headers } = paginate(ctx, found);
  return { status: 200, body: page.map((c) => commentJson(ctx.urls, repo, c)), headers };
}

export function getComment(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  return { status: 200, body: commentJson(ctx.urls, repo, commentOf(ctx, repo)) };
}

export function updateComment(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const comment = commentOf(ctx, repo);
  comment.body = textOf(ctx);
  comment.updatedMs = ctx.nowMs;
  return { status: 200, body: commentJson(ctx.urls, repo, comment) };
}
