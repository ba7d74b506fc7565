import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { commitMessage, pullRequestBody, type ChangedSecret, type PublishRequest } from '@docugen-secrets/runner';
import { git, repoWithRemote } from '@docugen-secrets/test-support';
import type { RandomSource } from '@docugen-secrets/core';

/** A fixed "random" source: every draw is the same (a mid-range jitter). */
export const FIXED_RANDOM: RandomSource = {
  bytes: (n) => new Uint8Array(n).fill(0x80),
  uuid: () => '00000000-0000-4000-8000-000000000000',
};

/** A sleep that returns at once and records what it was asked to wait. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: (ms) => (waits.push(ms), Promise.resolve()) };
}

export interface Repos {
  /** The checkout the publisher works in. */
  readonly work: string;
  /** The bare remote. */
  readonly remote: string;
  /** A second clone: "someone else" pushing in between. */
  readonly other: string;
}

/** A checkout and a second clone of a fresh bare remote whose `main` holds two SOPS files. */
export function repos(): Repos {
  const { work, remote } = repoWithRemote('publisher-');
  write(work, 'secrets/prod/a.sops.yaml', 'a: 1\n');
  write(work, 'secrets/prod/b.sops.yaml', 'b: 1\n');
  write(work, 'README.md', 'unrelated\n');
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', 'seed');
  git(work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
  git(work, 'branch', '--quiet', '--set-upstream-to=origin/main');
  const other = join(mkdtempSync(join(tmpdir(), 'publisher-other-')), 'clone');
  git(tmpdir(), 'clone', '--quiet', remote, other);
  return { work, remote, other };
}

export function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** Someone else commits `files` in the second clone and pushes to main. */
export function pushFromOther(r: Repos, files: Record<string, string>, message = 'someone else'): string {
  git(r.other, 'pull', '--quiet', '--ff-only', 'origin', 'main');
  for (const [p, t] of Object.entries(files)) write(r.other, p, t);
  git(r.other, 'add', '-A');
  git(r.other, 'commit', '--quiet', '-m', message);
  git(r.other, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
  return git(r.other, 'rev-parse', 'HEAD').trim();
}

export const change = (id: string, path = `secrets/prod/${id}.sops.yaml`): ChangedSecret => ({
  secretId: id,
  path,
  kind: 'rotated',
  versionId: `${id}-v2`,
  fingerprint: `hmac-sha256:${id}`,
});

/** A request built with the runner's own message and body builders. */
export function request(...changes: ChangedSecret[]): PublishRequest {
  const config = { trigger: 'schedule' as const, runUrl: 'https://github.example/run/7' };
  return { changes, message: (c) => commitMessage(c, config), body: (c) => pullRequestBody(c, config) };
}

/** `git -C dir …` without the test identity (reads what is there). */
export function show(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
}
