import { createHash } from 'node:crypto';
import type { OpContext, OpResult } from './context.js';
import { newId, findRepo, type RepoRecord, type StateData } from './model.js';
import { isWrite, type Route } from './routes.js';

/** A repository to have at start: `owner/name`. */
export function parseRepoSlug(slug: string): { owner: string; name: string } | undefined {
  const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(slug);
  return m?.[1] && m[2] ? { owner: m[1], name: m[2] } : undefined;
}

/** A stable fake commit id for a repository's initial default branch. */
function initialSha(owner: string, name: string): string {
  return createHash('sha1').update(`${owner}/${name}:initial`).digest('hex');
}

/**
 * The server's data and the rule that keeps it consistent: a write runs on a
 * copy that replaces the data only when the operation succeeds, so a request
 * answered with an error never leaves half a change behind.
 */
export class GitHubState {
  #data: StateData;

  constructor(data: StateData | undefined) {
    this.#data = structuredClone(data ?? { nextId: 1, repos: [] });
  }

  /** Adds a repository (default branch `main` at a fixed fake commit) unless it exists. */
  ensureRepo(owner: string, name: string, nowMs: number): RepoRecord {
    const found = findRepo(this.#data, owner, name);
    if (found) return found;
    const repo: RepoRecord = {
      id: newId(this.#data),
      owner,
      name,
      createdMs: nowMs,
      defaultBranch: 'main',
      nextNumber: 1,
      issues: [],
      labels: [],
      comments: [],
      refs: [{ ref: 'refs/heads/main', sha: initialSha(owner, name) }],
      dispatches: [],
    };
    this.#data.repos.push(repo);
    return repo;
  }

  /**
   * Runs an operation. A read runs on the data itself; a write runs on a copy
   * and returns `commit` to make it the data (after any external effect, such
   * as a git ref update, has succeeded). Not committing discards it.
   */
  prepare(route: Route, ctx: Omit<OpContext, 'data'>): { out: OpResult; draft: StateData; commit: () => void } {
    const write = isWrite(route);
    const draft = write ? structuredClone(this.#data) : this.#data;
    const out = route.handler({ ...ctx, data: draft });
    return {
      out,
      draft,
      commit: () => {
        if (write) this.#data = draft;
      },
    };
  }

  /** A deep copy, for the state file and tests. */
  toData(): StateData {
    return structuredClone(this.#data);
  }

  /** The live data, for saving without a copy. */
  get data(): StateData {
    return this.#data;
  }
}
