import { publishError } from './errors.js';
import type { Git } from './git.js';

/** How one push ended: `rejected` = the remote moved on (fetch, replay, retry). */
export type PushResult = 'pushed' | 'up-to-date' | 'rejected';

/**
 * Pushes HEAD to `remote`'s `branch`, never forced, and reads the outcome
 * from `--porcelain`: `=` up to date, ` `/`*` pushed, `!` with "[rejected]"
 * a non-fast-forward (the remote moved on). Any other refusal (a hook, a
 * protected branch, permissions) is PUBLISH_PUSH_REFUSED; no status line at
 * all (an unreachable remote) is PUBLISH_GIT_FAILED.
 */
export async function pushHead(git: Git, remote: string, branch: string): Promise<PushResult> {
  const r = await git.attempt(['push', '--porcelain', remote, `HEAD:refs/heads/${branch}`]);
  const line = r.stdout.split('\n').find((l) => /^[ +\-*!=]\t/.test(l));
  const where = { remote, branch };
  if (line === undefined) {
    const why = r.stderr.trim().split('\n').slice(-2).join(' | ').slice(0, 300);
    throw publishError('PUBLISH_GIT_FAILED', `git push to ${remote} ${branch} failed in ${git.root}: ${why}`, {
      details: where,
    });
  }
  const flag = line[0];
  if (flag === '=') return 'up-to-date';
  if (flag === ' ' || flag === '*') return 'pushed';
  if (flag === '!' && /\[rejected\]/.test(line)) return 'rejected';
  throw publishError(
    'PUBLISH_PUSH_REFUSED',
    `the remote refused the push to ${remote} ${branch} (${line.split('\t')[2] ?? 'refused'}): check branch protection and the token's permissions, or use commit-mode pull-request`,
    { details: where },
  );
}

/** Fetches `branch` of `remote` into its remote-tracking ref; undefined when the remote has no such branch. */
export async function fetchBranch(git: Git, remote: string, branch: string): Promise<string | undefined> {
  const tracking = `refs/remotes/${remote}/${branch}`;
  const r = await git.attempt(['fetch', '--quiet', '--no-tags', remote, `+refs/heads/${branch}:${tracking}`]);
  if (r.status !== 0) {
    if (/couldn't find remote ref/i.test(r.stderr)) return undefined;
    await git.run(['fetch', '--quiet', '--no-tags', remote, `+refs/heads/${branch}:${tracking}`]);
  }
  return git.resolve(tracking);
}
