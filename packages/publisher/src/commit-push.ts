import type { RandomSource } from '@docugen-secrets/core';
import type { ChangedSecret, PublishRequest } from '@docugen-secrets/runner';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { dirtyPaths, repoPath } from './changes.js';
import { publishError } from './errors.js';
import type { Git } from './git.js';
import { fetchBranch, pushHead } from './push.js';
import { replayOnto } from './replay.js';

/** What a push loop needs besides git: where to push, and how to wait between attempts. */
export interface PushPolicy {
  readonly remote: string;
  readonly maxAttempts: number;
  readonly backoff: BackoffOptions;
  readonly random: RandomSource;
  readonly sleep: (ms: number) => Promise<void>;
}

/** How a commit-and-push ended. `committed`: the run's changes in the pushed commit. */
export type CommitPushed =
  | { readonly kind: 'nothing'; readonly attempts: number }
  | { readonly kind: 'conflict'; readonly conflicts: readonly string[]; readonly attempts: number }
  | {
      readonly kind: 'pushed';
      readonly commit: string;
      readonly attempts: number;
      readonly conflicts: readonly string[];
      readonly committed: readonly ChangedSecret[];
    };

/** Secret ids of conflicting paths (a path no change names, e.g. of an earlier run's commit, is reported as is). */
function conflictIds(paths: ReadonlySet<string>, full: ReadonlyMap<string, ChangedSecret>): string[] {
  const ids = [...paths].map((p) => full.get(p)?.secretId ?? p);
  return [...new Set(ids)].sort();
}

/**
 * Commits the request's changed files (and nothing else) as one commit with
 * the request's message, then pushes HEAD to `branch` — never forced. A
 * rejected push waits (jittered backoff), fetches, replays the local commits
 * onto the remote branch (`replayOnto`: a file changed upstream drops that
 * secret's change) and tries again, `maxAttempts` pushes in all. Unpushed
 * commits of an interrupted run are pushed too, even when this run changed
 * nothing. `prefix`: the checkout root below the top level. `base` (a ref,
 * pull-request mode): with no new commit, a HEAD the base already contains
 * has nothing to propose and is not pushed.
 */
export async function commitAndPush(
  git: Git,
  policy: PushPolicy,
  branch: string,
  prefix: string,
  request: PublishRequest,
  base?: string,
): Promise<CommitPushed> {
  const full = new Map(request.changes.map((c) => [repoPath(c, prefix), c]));
  const dirty = await dirtyPaths(git, [...full.keys()]);
  let committed = [...full].filter(([p]) => dirty.has(p)).map(([, c]) => c);
  let runCommit: string | undefined;
  if (dirty.size > 0) {
    await git.run(['add', '--', ...dirty]);
    await git.run(['commit', '--quiet', '--no-verify', '-F', '-', '--', ...dirty], request.message(committed));
    runCommit = await git.resolve('HEAD');
  }
  if (runCommit === undefined && base !== undefined && (await contained(git, base)))
    return { kind: 'nothing', attempts: 0 };
  const conflicts = new Set<string>();
  for (let attempt = 1; ; attempt++) {
    const pushed = await pushHead(git, policy.remote, branch);
    if (pushed === 'pushed') {
      const commit = (await git.resolve('HEAD')) ?? '';
      return { kind: 'pushed', commit, attempts: attempt, conflicts: conflictIds(conflicts, full), committed };
    }
    if (pushed === 'up-to-date')
      return conflicts.size > 0
        ? { kind: 'conflict', conflicts: conflictIds(conflicts, full), attempts: attempt }
        : { kind: 'nothing', attempts: attempt };
    if (attempt >= policy.maxAttempts)
      throw publishError(
        'PUBLISH_PUSH_RACE',
        `${policy.remote} ${branch} moved on before each of ${attempt} pushes from ${git.root}: the commit is kept locally and the next run pushes it`,
        { details: { remote: policy.remote, branch, attempts: attempt } },
      );
    await policy.sleep(backoffDelay(attempt, policy.random, policy.backoff));
    const upstream = await fetchBranch(git, policy.remote, branch);
    const ours = await git.resolve('HEAD');
    if (upstream === undefined || ours === undefined)
      throw publishError(
        'PUBLISH_GIT_FAILED',
        `${policy.remote} rejected the push to ${branch} and has no such branch`,
      );
    const replayed = await replayOnto(git, {
      upstream,
      ours,
      runCommit,
      message: (kept) => request.message(committed.filter((c) => kept.includes(repoPath(c, prefix)))),
    });
    for (const p of replayed.conflicts) conflicts.add(p);
    committed = committed.filter((c) => !conflicts.has(repoPath(c, prefix)));
    // Moves the branch and the files that differ; refuses (and changes nothing) if one of them has local edits.
    await git.run(['reset', '--quiet', '--keep', replayed.head]);
    runCommit = replayed.runCommitKept ? replayed.head : undefined;
  }
}

/** HEAD is `ref` or one of its ancestors. */
async function contained(git: Git, ref: string): Promise<boolean> {
  const target = await git.resolve(ref);
  if (target === undefined) return false;
  return (await git.attempt(['merge-base', '--is-ancestor', 'HEAD', target])).status === 0;
}
