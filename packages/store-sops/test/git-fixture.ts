import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const IDENTITY = { name: 'Docugen Test', email: 'test@docugen.invalid' } as const;

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', `user.name=${IDENTITY.name}`, '-c', `user.email=${IDENTITY.email}`, '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
}

/** A working repository with one commit, cloned from a fresh local bare remote. */
export async function repoWithRemote(): Promise<{ work: string; remote: string }> {
  const base = await mkdtemp(join(tmpdir(), 'stores-git-'));
  const remote = join(base, 'remote.git');
  const work = join(base, 'work');
  git(base, 'init', '--quiet', '--bare', remote);
  git(base, 'init', '--quiet', work);
  git(work, 'commit', '--quiet', '--allow-empty', '-m', 'root');
  git(work, 'remote', 'add', 'origin', remote);
  git(work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
  return { work, remote };
}
