import type { OpContext, OpResult } from '../context.js';
import { GitHubApiError, notFound } from '../errors.js';
import type { RefRecord, RepoRecord } from '../model.js';
import { repoApiUrl } from '../render/repo.js';
import { nodeId } from '../render/user.js';
import { bodyOf, optBoolean, optString, repoOf } from './input.js';

const SHA = /^[0-9a-f]{40}$/;

const unprocessable = (message: string): GitHubApiError => new GitHubApiError('GH_VALIDATION_FAILED', 422, message);

export function refJson(ctx: OpContext, repo: RepoRecord, ref: RefRecord): Record<string, unknown> {
  const base = repoApiUrl(ctx.urls, repo);
  return {
    ref: ref.ref,
    node_id: nodeId('Ref', repo.id) + Buffer.from(ref.ref).toString('base64url'),
    url: `${base}/git/${ref.ref}`,
    object: { type: 'commit', sha: ref.sha, url: `${base}/git/commits/${ref.sha}` },
  };
}

/** The `{ref}` path parameter is the name without `refs/` (`heads/main`); Octokit may send it %2F-encoded. */
function fullRef(ctx: OpContext): string {
  const ref = (ctx.params['ref'] ?? '').replace(/^refs\//, '');
  return `refs/${ref}`;
}

export function findRef(repo: RepoRecord, full: string): RefRecord | undefined {
  return repo.refs.find((r) => r.ref === full);
}

/** git/get-ref: exact name only (a prefix is git/list-matching-refs). */
export function getRef(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const ref = findRef(repo, fullRef(ctx));
  if (!ref) throw notFound();
  return { status: 200, body: refJson(ctx, repo, ref) };
}

export function listMatchingRefs(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const prefix = fullRef(ctx);
  const found = repo.refs.filter((r) => r.ref.startsWith(prefix)).sort((a, b) => a.ref.localeCompare(b.ref));
  return { status: 200, body: found.map((r) => refJson(ctx, repo, r)) };
}

function shaOf(ctx: OpContext): string {
  const sha = optString(bodyOf(ctx), 'sha');
  if (sha === undefined || !SHA.test(sha)) throw unprocessable('Object does not exist');
  return sha;
}

export function createRef(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const name = optString(bodyOf(ctx), 'ref') ?? '';
  if (!/^refs\/[^/]+\/.+$/.test(name))
    throw unprocessable('Reference name must contain at least three slash-separated components.');
  const sha = shaOf(ctx);
  if (findRef(repo, name)) throw unprocessable('Reference already exists');
  const ref: RefRecord = { ref: name, sha };
  repo.refs.push(ref);
  const json = refJson(ctx, repo, ref);
  return { status: 201, body: json, headers: { location: String(json['url']) } };
}

/** git/update-ref. Without `force` GitHub refuses a non-fast-forward; the fake has no commit graph, so it accepts any sha. */
export function updateRef(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const ref = findRef(repo, fullRef(ctx));
  if (!ref) throw unprocessable('Reference does not exist');
  optBoolean(bodyOf(ctx), 'force');
  ref.sha = shaOf(ctx);
  return { status: 200, body: refJson(ctx, repo, ref) };
}

export function deleteRef(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const ref = findRef(repo, fullRef(ctx));
  if (!ref) throw unprocessable('Reference does not exist');
  repo.refs = repo.refs.filter((r) => r !== ref);
  return { status: 204 };
}
