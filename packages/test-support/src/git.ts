import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The author and committer of every test commit: passed per command, never read from the machine. */
export const GIT_IDENTITY = { name: 'Docugen Test', email: 'test@docugen.invalid' } as const;

/** Runs git in `cwd` with the test identity, no user or system config, and `main` as the first branch. */
export function git(cwd: string, ...args: string[]): string {
  const config = [
    `user.name=${GIT_IDENTITY.name}`,
    `user.email=${GIT_IDENTITY.email}`,
    'commit.gpgsign=false',
    'init.defaultBranch=main',
  ];
  return execFileSync('git', [...config.flatMap((c) => ['-c', c]), ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** A throw-away git repository in a new temporary directory. */
export class TempRepo {
  readonly dir: string;

  constructor(prefix = 'docugen-git-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.git('init', '-q');
  }

  git(...args: string[]): string {
    return git(this.dir, ...args);
  }

  write(path: string, text: string): this {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
    return this;
  }

  /** Stages everything and commits; returns the new commit's id. */
  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }
}

/** A working repository with one commit, cloned from a fresh local bare remote (`origin`, branch `main`). */
export function repoWithRemote(prefix = 'docugen-remote-'): { work: string; remote: string } {
  const base = mkdtempSync(join(tmpdir(), prefix));
  const remote = join(base, 'remote.git');
  const work = join(base, 'work');
  git(base, 'init', '--quiet', '--bare', remote);
  git(base, 'init', '--quiet', work);
  git(work, 'commit', '--quiet', '--allow-empty', '-m', 'root');
  git(work, 'remote', 'add', 'origin', remote);
  git(work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
  return { work, remote };
}
