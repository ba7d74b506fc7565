import type { OpContext, OpResult } from '../context.js';
import { GitHubApiError, notFound, validationFailed } from '../errors.js';
import { newId, type IssueRecord, type PullPart, type RepoRecord } from '../model.js';
import { paginate } from '../pagination.js';
import { pullJson, pullSimpleJson } from '../render/pull.js';
import {
  bodyOf,
  checkBodyLength,
  numberParam,
  optBoolean,
  optNullableString,
  optString,
  repoOf,
  reqString,
} from './input.js';
import { applyState } from './issues.js';
import { findRef } from './refs.js';

type Pull = IssueRecord & { pull: PullPart };

const isPull = (i: IssueRecord): i is Pull => i.pull !== undefined;

function pullOf(ctx: OpContext, repo: RepoRecord): Pull {
  const n = numberParam(ctx, 'pull_number');
  const found = repo.issues.find((i) => i.number === n);
  if (!found || !isPull(found)) throw notFound();
  return found;
}

/** `head` is `branch` or `owner:branch` (same-repository pull requests only here). */
function splitHead(repo: RepoRecord, head: string): { owner: string; ref: string } {
  const i = head.indexOf(':');
  return i < 0 ? { owner: repo.owner, ref: head } : { owner: head.slice(0, i), ref: head.slice(i + 1) };
}

function branchSha(repo: RepoRecord, branch: string, field: 'head' | 'base'): string {
  const ref = findRef(repo, `refs/heads/${branch}`);
  if (!ref) throw validationFailed({ resource: 'PullRequest', field, code: 'invalid' });
  return ref.sha;
}

export function createPull(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const body = bodyOf(ctx);
  const title = reqString(body, 'title', 'PullRequest');
  const head = splitHead(repo, reqString(body, 'head', 'PullRequest'));
  const base = reqString(body, 'base', 'PullRequest');
  checkBodyLength('PullRequest', optNullableString(body, 'body'));
  if (head.owner.toLowerCase() !== repo.owner.toLowerCase())
    throw validationFailed({ resource: 'PullRequest', field: 'head', code: 'invalid' });
  const headSha = branchSha(repo, head.ref, 'head');
  const baseSha = branchSha(repo, base, 'base');
  if (repo.issues.some((i) => i.state === 'open' && i.pull?.headRef === head.ref && i.pull.baseRef === base)) {
    const message = `A pull request already exists for ${repo.owner}:${head.ref}.`;
    throw validationFailed({ resource: 'PullRequest', code: 'custom', message });
  }
  if (headSha === baseSha)
    throw validationFailed({
      resource: 'PullRequest',
      code: 'custom',
      message: `No commits between ${base} and ${head.ref}`,
    });
  const pull: Pull = {
    id: newId(ctx.data),
    number: repo.nextNumber,
    title,
    body: optNullableString(body, 'body') ?? null,
    state: 'open',
    stateReason: null,
    labelIds: [],
    assignees: [],
    author: ctx.login,
    createdMs: ctx.nowMs,
    updatedMs: ctx.nowMs,
    closedMs: null,
    closedBy: null,
    pull: {
      headRef: head.ref,
      headOwner: repo.owner,
      baseRef: base,
      headSha,
      baseSha,
      draft: optBoolean(body, 'draft') ?? false,
      maintainerCanModify: optBoolean(body, 'maintainer_can_modify') ?? true,
    },
  };
  repo.nextNumber += 1;
  repo.issues.push(pull);
  const json = pullJson(ctx.urls, repo, pull);
  return { status: 201, body: json, headers: { location: String(json['url']) } };
}

export function getPull(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  return { status: 200, body: pullJson(ctx.urls, repo, pullOf(ctx, repo)) };
}

export function updatePull(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const pull = pullOf(ctx, repo);
  const body = bodyOf(ctx);
  const title = optString(body, 'title');
  if (title !== undefined) pull.title = title;
  const text = optNullableString(body, 'body');
  checkBodyLength('PullRequest', text);
  if (text !== undefined) pull.body = text;
  const base = optString(body, 'base');
  if (base !== undefined) {
    pull.pull.baseSha = branchSha(repo, base, 'base');
    pull.pull.baseRef = base;
  }
  const state = optString(body, 'state');
  if (state === 'open' && pull.state === 'closed' && !findRef(repo, `refs/heads/${pull.pull.headRef}`)) {
    throw new GitHubApiError('GH_VALIDATION_FAILED', 422, 'state cannot be changed. The head branch was deleted.');
  }
  applyState(ctx, pull, state, undefined);
  pull.pull.maintainerCanModify = optBoolean(body, 'maintainer_can_modify') ?? pull.pull.maintainerCanModify;
  pull.pull.headSha = findRef(repo, `refs/heads/${pull.pull.headRef}`)?.sha ?? pull.pull.headSha;
  pull.updatedMs = ctx.nowMs;
  return { status: 200, body: pullJson(ctx.urls, repo, pull) };
}

/** pulls/list: `state` (default open), `head` (`owner:branch`), `base`, sort created|updated, direction. */
export function listPulls(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const q = ctx.query;
  const state = q.get('state') ?? 'open';
  const head = q.get('head');
  const wantHead = head === null ? undefined : splitHead(repo, head);
  const base = q.get('base');
  const found = repo.issues
    .filter(isPull)
    .filter(
      (p) =>
        (state === 'all' || p.state === state) &&
        (wantHead === undefined ||
          (p.pull.headOwner.toLowerCase() === wantHead.owner.toLowerCase() && p.pull.headRef === wantHead.ref)) &&
        (base === null || p.pull.baseRef === base),
    );
  const sign = q.get('direction') === 'asc' ? 1 : -1;
  const key = q.get('sort') === 'updated' ? (p: Pull) => p.updatedMs : (p: Pull) => p.createdMs;
  found.sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
  const { page, headers } = paginate(ctx, found);
  return { status: 200, body: page.map((p) => pullSimpleJson(ctx.urls, repo, p)), headers };
}
