import { execFile } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DocugenError } from '@docugen-secrets/core';

/** Who commits to the local SOPS repository: explicit, since a fresh machine has no git identity. */
export const LOCAL_GIT_IDENTITY = { name: 'docugen-secrets (local)', email: 'docugen-secrets@localhost' } as const;

export type BackendErrorCode = 'CLI_LOCAL_REPO' | 'CLI_PROVIDER_AUTH';

function git(cwd: string, args: readonly string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile('git', [...args], { cwd }, (err, _stdout, stderr) => {
      if (!err) {
        resolvePromise();
        return;
      }
      const why = stderr.trim().split('\n').slice(-2).join(' | ').slice(0, 300);
      reject(
        new DocugenError<BackendErrorCode>(
          'CLI_LOCAL_REPO',
          `git ${args[0] ?? ''} failed in ${cwd}${why ? `: ${why}` : ''} (is git installed?)`,
          { cause: err },
        ),
      );
    });
  });
}

/**
 * Makes `dir` a git repository on first use: `main` branch, the local
 * identity and no commit signing in its own config (a developer's global
 * `commit.gpgsign` would otherwise stop every commit), and a first empty
 * commit so later commits have a parent. A repository already there is left
 * as it is. Returns whether it was created.
 */
export async function ensureLocalRepo(dir: string): Promise<boolean> {
  const exists = await access(join(dir, '.git')).then(
    () => true,
    () => false,
  );
  if (exists) return false;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await git(dir, ['init', '--quiet', '--initial-branch=main']);
  for (const [key, value] of [
    ['user.name', LOCAL_GIT_IDENTITY.name],
    ['user.email', LOCAL_GIT_IDENTITY.email],
    ['commit.gpgsign', 'false'],
  ] as const) {
    await git(dir, ['config', key, value]);
  }
  await git(dir, [
    'commit',
    '--quiet',
    '--no-verify',
    '--allow-empty',
    '-m',
    'local SOPS store (docugen-secrets): values only encrypted',
  ]);
  return true;
}
