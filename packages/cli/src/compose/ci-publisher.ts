import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cryptoRandom } from '@docugen-secrets/core';
import type { Publisher } from '@docugen-secrets/runner';
import type { CommandContext } from '../command.js';
import { usageError } from '../usage.js';

/** How a CI run's SOPS updates reach the repository. */
export interface CiPublisherOptions {
  /** `push`: one commit pushed to `branch`; `pull-request`: the rotation branch and its pull request into `branch`. */
  readonly mode: 'push' | 'pull-request';
  /** The checkout the SOPS files are written in (relative to the context's working directory). */
  readonly root: string;
  /** The branch pushed to, or the pull request's base. */
  readonly branch: string;
}

function ownerRepo(ctx: CommandContext): { owner: string; repo: string } {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(ctx.env['GITHUB_REPOSITORY'] ?? '');
  if (!m?.[1] || !m[2]) throw usageError('commit-mode pull-request needs GITHUB_REPOSITORY (owner/name)');
  return { owner: m[1], repo: m[2] };
}

/**
 * The publisher of a CI run (the rotator action): the git publisher of
 * `@docugen-secrets/publisher` on the workflow's checkout, committing as
 * `github-actions[bot]`, pushing with the checkout's persisted credentials
 * (fetch-replay-retry with jitter, never forced); in pull-request mode it
 * opens or updates the rotation pull request through the project's Octokit
 * (GITHUB_TOKEN / GITHUB_API_URL from the context's environment).
 */
export async function ciPublisher(ctx: CommandContext, o: CiPublisherOptions): Promise<Publisher> {
  const { GitPublisher, PullRequestPublisher } = await import('@docugen-secrets/publisher');
  const common = {
    root: resolve(ctx.cwd, o.root),
    random: cryptoRandom,
    sleep: async (ms: number) => {
      await sleep(ms);
    },
  };
  if (o.mode === 'push') return new GitPublisher({ ...common, branch: o.branch });
  const { createGitHubClient } = await import('@docugen-secrets/github-client');
  return new PullRequestPublisher({
    ...common,
    ...ownerRepo(ctx),
    github: createGitHubClient({ env: ctx.env }),
    base: o.branch,
  });
}
