import { execFile } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { cryptoRandom } from '@docugen-secrets/core';
import type { PublishOutcome, PublishRequest, Publisher } from '@docugen-secrets/runner';
import type { CommandContext } from '../command.js';
import { LOCAL_GIT_IDENTITY } from './git-init.js';

const git = promisify(execFile);

/** A commit that reached the local remote: id and subject (value-free, our own message). */
export interface LandedCommit {
  readonly id: string;
  readonly subject: string;
}

/** The publisher of `start`, and what its last publish landed on the local remote. */
export interface LocalPublisher extends Publisher {
  /** The bare remote, relative to the working directory. */
  readonly remote: string;
  /** The commits the last publish pushed, oldest first. */
  landed(): readonly LandedCommit[];
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** Gives the local SOPS repository its bare remote (created on first use); false when there is no repository yet. */
async function ensureRemote(repo: string, remote: string): Promise<boolean> {
  if (!(await exists(join(repo, '.git')))) return false;
  if (!(await exists(remote))) {
    await mkdir(remote, { recursive: true, mode: 0o700 });
    await git('git', ['init', '--quiet', '--bare', '--initial-branch=main'], { cwd: remote });
  }
  const origin = await git('git', ['remote', 'get-url', 'origin'], { cwd: repo }).then(
    () => true,
    () => false,
  );
  // Relative, so a copy of `.local/` pushes to its own remote, not to the original's.
  if (!origin) await git('git', ['remote', 'add', 'origin', relative(repo, remote)], { cwd: repo });
  return true;
}

async function remoteHead(remote: string): Promise<string | undefined> {
  return git('git', ['rev-parse', '--verify', '--quiet', 'refs/heads/main'], { cwd: remote }).then(
    (r) => r.stdout.trim(),
    () => undefined,
  );
}

async function landedBetween(remote: string, from: string | undefined, to: string): Promise<LandedCommit[]> {
  const range = from === undefined ? [to] : [`${from}..${to}`];
  const { stdout } = await git('git', ['log', '--reverse', '--format=%H %s', ...range], { cwd: remote });
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => ({ id: l.slice(0, 40), subject: l.slice(41) }));
}

/**
 * The publisher of `start`: the local SOPS repository `.local/sops-repo`
 * pushes to a local bare remote `.local/sops-remote.git` (made on first
 * use), one commit per run, through the same git publisher as CI. The
 * store only writes (`commits: 'publisher'`); once a commit is pushed its
 * change intents are completed, and interrupted runs' files are committed by
 * the next run's store and pushed here.
 */
export async function localSopsPublisher(ctx: CommandContext, stateDir: string): Promise<LocalPublisher> {
  const { GitPublisher } = await import('@docugen-secrets/publisher');
  const { GitRepository } = await import('@docugen-secrets/store-sops');
  const repo = join(stateDir, 'sops-repo');
  const remote = join(stateDir, 'sops-remote.git');
  const journal = new GitRepository(repo);
  const inner = new GitPublisher({
    root: repo,
    branch: 'main',
    identity: LOCAL_GIT_IDENTITY,
    random: cryptoRandom,
    sleep: (ms) => sleep(ms),
    onSettled: async (paths) => {
      for (const p of paths) await journal.dropIntent(p);
    },
  });
  let landed: LandedCommit[] = [];
  return {
    remote: relative(ctx.cwd, remote),
    landed: () => landed,
    prepare: async () => {
      if (await ensureRemote(repo, remote)) await inner.prepare();
    },
    publish: async (request: PublishRequest): Promise<PublishOutcome> => {
      landed = [];
      if (!(await ensureRemote(repo, remote))) return { kind: 'nothing' }; // no SOPS secret: no repository
      const before = await remoteHead(remote);
      const outcome = await inner.publish(request);
      if (outcome.kind === 'pushed')
        landed = await landedBetween(remote, before, outcome.commit).catch(() => [{ id: outcome.commit, subject: '' }]);
      return outcome;
    },
  };
}
