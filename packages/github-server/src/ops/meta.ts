import type { OpContext, OpResult } from '../context.js';
import { repoJson } from '../render/repo.js';
import { repoOf } from './input.js';

/** GET /rate_limit ("Accessing this endpoint does not count against your REST API rate limit"). */
export function getRateLimit(ctx: OpContext): OpResult {
  const { limit, remaining, used, reset } = ctx.rate;
  const core = { limit, remaining, used, reset };
  const idle = { limit: 30, remaining: 30, used: 0, reset: reset };
  return {
    status: 200,
    body: { resources: { core, search: idle, graphql: { ...idle, limit: 5000, remaining: 5000 } }, rate: core },
  };
}

/** GET /repos/{owner}/{repo} (the `repository` fields; full-repository extras are optional). */
export function getRepo(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const open = repo.issues.filter((i) => i.state === 'open').length;
  const json = repoJson(ctx.urls, repo, open);
  return {
    status: 200,
    body: {
      ...json,
      network_count: 0,
      subscribers_count: 0,
      permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    },
  };
}
