import type { RandomSource } from '@docugen-secrets/core';
import type { PublishOutcome, PublishRequest, Publisher } from '@docugen-secrets/runner';
import type { BackoffOptions } from './backoff.js';
import { commitAndPush, type CommitPushed, type PushPolicy } from './commit-push.js';
import { Git, type GitIdentity } from './git.js';
import { fetchBranch } from './push.js';

/** The identity GitHub shows as the Actions bot: the default author and committer of rotation commits. */
export const GITHUB_ACTIONS_BOT: GitIdentity = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

export interface GitPublisherOptions {
  /** The checkout the SOPS store writes in (the change paths are relative to it). */
  readonly root: string;
  /** The branch pushed to (push mode; e.g. `main`). */
  readonly branch: string;
  /** Default `origin`. */
  readonly remote?: string;
  /** Author and committer; default {@link GITHUB_ACTIONS_BOT}. */
  readonly identity?: GitIdentity;
  /** The git executable; default `git` from PATH. */
  readonly git?: string;
  /** Pushes in all before PUBLISH_PUSH_RACE; default 5. */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  readonly random: RandomSource;
  /** Waits between attempts (injected: tests pass an instant or recording sleep). */
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * Told the request's paths once they are settled — pushed, or left as
   * upstream has them after a conflict — so the store forgets their open
   * change intents. Not called when the publish throws.
   */
  readonly onSettled?: (paths: readonly string[]) => Promise<void>;
}

/** The git pieces both commit modes share. */
export interface Checkout {
  readonly git: Git;
  readonly prefix: string;
  readonly policy: PushPolicy;
}

/** Opens the checkout: git runs at the top level; change paths get the checkout's prefix. */
export async function openCheckout(options: Omit<GitPublisherOptions, 'branch'>): Promise<Checkout> {
  const probe = new Git(options.root, options.identity ?? GITHUB_ACTIONS_BOT, options.git);
  const top = (await probe.run(['rev-parse', '--show-toplevel'])).trim();
  const prefix = (await probe.run(['rev-parse', '--show-prefix'])).trim();
  return {
    git: new Git(top, options.identity ?? GITHUB_ACTIONS_BOT, options.git),
    prefix,
    policy: {
      remote: options.remote ?? 'origin',
      maxAttempts: Math.max(1, options.maxAttempts ?? 5),
      backoff: options.backoff ?? {},
      random: options.random,
      sleep: options.sleep,
    },
  };
}

/** Runs one commit-and-push and tells `onSettled` about the request's files. */
export async function publishTo(
  checkout: Checkout,
  options: Pick<GitPublisherOptions, 'onSettled'>,
  branch: string,
  request: PublishRequest,
  base?: string,
): Promise<CommitPushed> {
  const result = await commitAndPush(checkout.git, checkout.policy, branch, checkout.prefix, request, base);
  await options.onSettled?.(request.changes.map((c) => c.path));
  return result;
}

/**
 * `commit-mode: push`: one commit of the changed SOPS files per run, pushed
 * to the branch with fetch-replay-retry on a rejected push (see
 * `commitAndPush`); never a force push.
 */
export class GitPublisher implements Publisher {
  readonly #options: GitPublisherOptions;
  #checkout: Promise<Checkout> | undefined;

  constructor(options: GitPublisherOptions) {
    this.#options = options;
  }

  /** Fast-forwards a checkout that is only behind the remote branch, so the run reads the latest files. */
  async prepare(): Promise<void> {
    const { git, policy } = await this.#open();
    const upstream = await fetchBranch(git, policy.remote, this.#options.branch);
    const head = await git.resolve('HEAD');
    if (upstream === undefined || head === undefined || head === upstream) return;
    const behind = (await git.attempt(['merge-base', '--is-ancestor', head, upstream])).status === 0;
    if (behind) await git.run(['reset', '--quiet', '--keep', upstream]);
  }

  async publish(request: PublishRequest): Promise<PublishOutcome> {
    const checkout = await this.#open();
    const r = await publishTo(checkout, this.#options, this.#options.branch, request);
    switch (r.kind) {
      case 'nothing':
        return { kind: 'nothing' };
      case 'conflict':
        return { kind: 'conflict', conflicts: r.conflicts, attempts: r.attempts };
      case 'pushed':
        return {
          kind: 'pushed',
          commit: r.commit,
          branch: this.#options.branch,
          attempts: r.attempts,
          conflicts: r.conflicts,
          committed: r.committed.map((c) => c.secretId),
        };
    }
  }

  #open(): Promise<Checkout> {
    this.#checkout ??= openCheckout(this.#options);
    return this.#checkout;
  }
}
