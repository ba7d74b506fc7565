import { isAbsolute, normalize } from 'node:path';
import type { ChangedSecret } from '@docugen-secrets/runner';
import { publishError } from './errors.js';
import type { Git } from './git.js';

const SOPS_FILE = /\.sops\.(?:yaml|json)$/;

/**
 * The top-level-relative path of a change's file: the change names it
 * relative to the checkout root, which may be a folder below the top level
 * (`prefix`, as `git rev-parse --show-prefix` prints it). Only SOPS files
 * inside the checkout are accepted: nothing else is ever staged.
 */
export function repoPath(change: Pick<ChangedSecret, 'path' | 'secretId'>, prefix: string): string {
  const rel = normalize(change.path);
  if (isAbsolute(rel) || rel.startsWith('..') || rel.includes('\0') || !SOPS_FILE.test(rel))
    throw publishError(
      'PUBLISH_BAD_PATH',
      `the change of secret "${change.secretId}" names ${JSON.stringify(change.path)}, not a SOPS file (*.sops.yaml or *.sops.json) inside the checkout: nothing was committed`,
      { details: { secretId: change.secretId } },
    );
  return `${prefix}${rel.split('\\').join('/')}`;
}

/** Of `paths`, those whose working-tree file differs from HEAD (modified, added or untracked). */
export async function dirtyPaths(git: Git, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const out = await git.run([
    'status',
    '--porcelain=v1',
    '-z',
    '--untracked-files=all',
    '--no-renames',
    '--',
    ...paths,
  ]);
  const wanted = new Set(paths);
  return new Set(
    out
      .split('\0')
      .filter((r) => r.length > 3)
      .map((r) => r.slice(3))
      .filter((p) => wanted.has(p)),
  );
}
