import type { PublishOutcome, PublishRequest, Publisher } from '@docugen-secrets/runner';
import type { GitHubClient } from '@docugen-secrets/github-client';
import { openCheckout, publishTo, type Checkout, type GitPublisherOptions } from './git-publisher.js';
import { fetchBranch } from './push.js';
import { findRotationPull, upsertRotationPull, type PullRequestTarget } from './pull-request.js';

/** The one branch every rotation pull request comes from. */
export const ROTATION_BRANCH = 'docugen-secrets/rotation';
export const ROTATION_LABEL = 'secret-rotation';

export interface PullRequestPublisherOptions extends Omit<GitPublisherOptions, 'branch'> {
  readonly github: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  /** The branch the pull request merges into (the protected one). */
  readonly base: string;
  /** Default {@link ROTATION_BRANCH}. */
  readonly branch?: string;
  /** Default {@link ROTATION_LABEL}. */
  readonly label?: string;
  /** Default "docugen-secrets: rotate secrets". */
  readonly title?: string;
}

/**
 * `commit-mode: pull-request` (protected branches): every run commits to
 * one stable branch, pushes it (fetch-replay-retry, never forced) and opens
 * the single labelled rotation pull request, or updates the open one. A
 * second run before the merge builds on the branch (`prepare`), so the pull
 * request collects every rotation until someone merges it.
 */
export class PullRequestPublisher implements Publisher {
  readonly #options: PullRequestPublisherOptions;
  readonly #target: PullRequestTarget;
  #checkout: Promise<Checkout> | undefined;

  constructor(options: PullRequestPublisherOptions) {
    this.#options = options;
    this.#target = {
      github: options.github,
      owner: options.owner,
      repo: options.repo,
      base: options.base,
      branch: options.branch ?? ROTATION_BRANCH,
      label: options.label ?? ROTATION_LABEL,
      title: options.title ?? 'docugen-secrets: rotate secrets',
    };
  }

  /**
   * Checks out the rotation branch before any store reads the files: the
   * remote's branch when it exists (an open pull request's work), else a new
   * one from the base. A local branch holding unpushed commits (an
   * interrupted run) is kept as it is: the push replays them.
   */
  async prepare(): Promise<void> {
    const { git, policy } = await this.#open();
    const { base, branch } = this.#target;
    const baseHead = await fetchBranch(git, policy.remote, base);
    const remote = await fetchBranch(git, policy.remote, branch);
    const local = await git.resolve(`refs/heads/${branch}`);
    const start = remote ?? baseHead;
    const unpushed =
      local !== undefined &&
      start !== undefined &&
      (await git.run(['rev-list', '--count', `${start}..${local}`])).trim() !== '0';
    if (unpushed || start === undefined) await git.run(['checkout', '--quiet', branch]);
    else await git.run(['checkout', '--quiet', '-B', branch, start]);
  }

  async publish(request: PublishRequest): Promise<PublishOutcome> {
    const checkout = await this.#open();
    const base = `refs/remotes/${checkout.policy.remote}/${this.#target.base}`;
    const r = await publishTo(checkout, this.#options, this.#target.branch, request, base);
    if (r.kind === 'conflict') return { kind: 'conflict', conflicts: r.conflicts, attempts: r.attempts };
    if (r.kind === 'nothing') {
      // A run that pushed and stopped before opening the pull request: open it now.
      const head = await this.#unmergedHead(checkout);
      if (head === undefined || (await findRotationPull(this.#target))) return { kind: 'nothing' };
      const pull = await upsertRotationPull(this.#target, request.body(request.changes));
      return this.#outcome(head, pull, r.attempts, [], []);
    }
    const pull = await upsertRotationPull(this.#target, request.body(r.committed));
    const committed = r.committed.map((c) => c.secretId);
    return this.#outcome(r.commit, pull, r.attempts, r.conflicts, committed);
  }

  /** HEAD when it holds commits the base does not (the branch has something to propose). */
  async #unmergedHead({ git, policy }: Checkout): Promise<string | undefined> {
    const head = await git.resolve('HEAD');
    const base = await git.resolve(`refs/remotes/${policy.remote}/${this.#target.base}`);
    if (head === undefined || base === undefined) return undefined;
    return (await git.attempt(['merge-base', '--is-ancestor', head, base])).status === 0 ? undefined : head;
  }

  #outcome(
    commit: string,
    pull: { number: number; url: string; created: boolean },
    attempts: number,
    conflicts: readonly string[],
    committed: readonly string[],
  ): PublishOutcome {
    return { kind: 'pull-request', commit, branch: this.#target.branch, ...pull, attempts, conflicts, committed };
  }

  #open(): Promise<Checkout> {
    this.#checkout ??= openCheckout(this.#options);
    return this.#checkout;
  }
}
