import type { GitHubClient } from '@docugen-secrets/github-client';
import { publishError } from './errors.js';

/** Where and how the rotation pull request is kept. */
export interface PullRequestTarget {
  readonly github: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  /** The protected branch the pull request merges into (e.g. `main`). */
  readonly base: string;
  /** The one rotation branch. */
  readonly branch: string;
  readonly label: string;
  readonly title: string;
}

export interface PullRequestRef {
  readonly number: number;
  readonly url: string;
  readonly created: boolean;
}

/** GitHub's body limit is 65,536 characters; earlier runs' tables are cut first. */
const BODY_LIMIT = 60_000;
const EARLIER = '\n\n---\nEarlier runs on this branch:\n\n';

/** This run's body first, then the earlier runs' (the previous body, its own "earlier" heading folded in). */
function merged(current: string, previous: string | null | undefined): string {
  if (!previous) return current;
  return `${current}${EARLIER}${previous.replace(EARLIER, '\n\n')}`.slice(0, BODY_LIMIT);
}

function failed(step: string, err: unknown, target: PullRequestTarget): Error {
  const status = (err as { status?: unknown }).status;
  return publishError(
    'PUBLISH_PULL_REQUEST_FAILED',
    `could not ${step} the rotation pull request of ${target.owner}/${target.repo} (${target.branch} → ${target.base})${typeof status === 'number' ? `: HTTP ${status}` : ''}; the commit is pushed, rerun to open it`,
    {
      cause: err,
      details: { branch: target.branch, base: target.base, ...(typeof status === 'number' ? { status } : {}) },
    },
  );
}

/** The open rotation pull request from the branch into the base, if any. */
export async function findRotationPull(
  target: PullRequestTarget,
): Promise<{ number: number; url: string; body: string | null } | undefined> {
  try {
    const { data } = await target.github.rest.pulls.list({
      owner: target.owner,
      repo: target.repo,
      head: `${target.owner}:${target.branch}`,
      base: target.base,
      state: 'open',
      per_page: 10,
    });
    const pull = data[0];
    return pull ? { number: pull.number, url: pull.html_url, body: pull.body } : undefined;
  } catch (err) {
    throw failed('find', err, target);
  }
}

/**
 * Opens the single rotation pull request, or updates the open one: a run's
 * value-free body goes first, earlier runs' bodies follow (cut to GitHub's
 * limit), and the label is (re)applied so the policy checks and reviewers
 * find it. Never a second pull request for the branch.
 */
export async function upsertRotationPull(target: PullRequestTarget, body: string): Promise<PullRequestRef> {
  const open = await findRotationPull(target);
  const where = { owner: target.owner, repo: target.repo };
  let ref: PullRequestRef;
  if (open) {
    try {
      await target.github.rest.pulls.update({ ...where, pull_number: open.number, body: merged(body, open.body) });
    } catch (err) {
      throw failed('update', err, target);
    }
    ref = { number: open.number, url: open.url, created: false };
  } else {
    try {
      const { data } = await target.github.rest.pulls.create({
        ...where,
        head: target.branch,
        base: target.base,
        title: target.title,
        body: body.slice(0, BODY_LIMIT),
      });
      ref = { number: data.number, url: data.html_url, created: true };
    } catch (err) {
      throw failed('open', err, target);
    }
  }
  try {
    await target.github.rest.issues.addLabels({ ...where, issue_number: ref.number, labels: [target.label] });
  } catch (err) {
    throw failed('label', err, target);
  }
  return ref;
}
