import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DocugenError } from '@docugen-secrets/core';
import type { DocugenPolicyCode } from './codes.js';

/** The one thing `check --changed` needs from version control. */
export interface GitPort {
  /**
   * Files under `paths` (absolute) that differ from revision `base`:
   * committed, staged or unstaged changes and untracked files, as absolute
   * paths in the same form as `paths`. Deleted files are included (callers
   * intersect with what exists). Throws POLICY_GIT_FAILED for an unknown revision.
   */
  changedFiles(base: string, paths: readonly string[]): Promise<string[]>;
  /**
   * `changedFiles`, plus the blob id at `base` of every file under `paths`
   * (absolute, same form; files absent at `base` have none) and where a
   * cache of this repository may be kept (inside its git dir). One git run
   * more, in parallel with the others.
   */
  changesWithBlobs?(base: string, paths: readonly string[]): Promise<BaseChanges>;
}

/** What `GitPort.changesWithBlobs` answers. */
export interface BaseChanges {
  readonly changed: readonly string[];
  /** Blob id at the base revision by absolute path; an unchanged file's content is that blob. */
  readonly blobs: ReadonlyMap<string, string>;
  /** The facts cache file's absolute path inside the git dir. */
  readonly cacheFile: string;
}

/** The facts cache's place inside the git dir (`git rev-parse --git-path`). */
export const FACTS_CACHE_GIT_PATH = 'docugen-secrets/facts-v1.json';

export type RunGit = (args: readonly string[], cwd: string) => Promise<string>;

/** Runs git without a shell; output as text, failures as POLICY_GIT_FAILED with git's first error line. */
export const runGit: RunGit = async (args, cwd) => {
  // Loaded on first use: `check` without --changed never starts git, and
  // child_process (with net, dgram and streams) is a noticeable part of start-up.
  const { execFile } = await import('node:child_process');
  return new Promise((done, fail) => {
    execFile('git', [...args], { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) {
        done(stdout);
        return;
      }
      const first = stderr.split('\n').find((l) => l.trim() !== '') ?? err.message;
      fail(
        new DocugenError<DocugenPolicyCode>('POLICY_GIT_FAILED', `git ${args[0] ?? ''} failed: ${first.trim()}`, {
          cause: err,
        }),
      );
    });
  });
};

function names(out: string): string[] {
  return out.split('\0').filter((n) => n !== '');
}

/**
 * The repository's top folder and the facts cache's path, having checked that
 * `base` names a commit: one git process when all is well (a process costs
 * more than the check of a thousand manifests); on failure, one step at a
 * time to say which went wrong.
 */
async function topAndBase(run: RunGit, cwd: string, base: string): Promise<{ top: string; gitPath: string }> {
  const verify = ['--verify', '--quiet', '--end-of-options', `${base}^{commit}`];
  const where = ['rev-parse', '--show-toplevel', '--git-path', FACTS_CACHE_GIT_PATH];
  const both = await run([...where, ...verify], cwd).catch(() => undefined);
  const [top, gitPath] = both?.split('\n') ?? [];
  if (top && gitPath) return { top: top.trim(), gitPath: resolve(cwd, gitPath.trim()) };
  const [aloneTop = '', aloneGitPath = ''] = (await run(where, cwd)).split('\n');
  const alone = { top: aloneTop.trim(), gitPath: resolve(cwd, aloneGitPath.trim()) };
  await run(['rev-parse', ...verify], cwd).catch((err: unknown) => {
    throw new DocugenError<DocugenPolicyCode>(
      'POLICY_GIT_FAILED',
      `unknown git revision "${base}" (fetch it first, e.g. git fetch origin ${base})`,
      { cause: err },
    );
  });
  return alone;
}

/**
 * Blob ids by repository-relative name from `git ls-tree -r -z` (entries
 * `<mode> blob <id>\t<name>`): plain string slicing, as this runs over every
 * manifest of the estate.
 */
function blobNames(out: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const entry of names(out)) {
    const tab = entry.indexOf('\t');
    const space = entry.lastIndexOf(' ', tab);
    if (tab < 0 || space < 0 || !entry.startsWith(' blob ', entry.indexOf(' '))) continue;
    pairs.push([entry.slice(tab + 1), entry.slice(space + 1, tab)]);
  }
  return pairs;
}

/** The real git CLI, run in `cwd`. */
export function gitCli(cwd: string, run: RunGit = runGit): GitPort {
  const changes = async (base: string, paths: readonly string[], withBlobs: boolean): Promise<BaseChanges> => {
    if (base.startsWith('-'))
      throw new DocugenError<DocugenPolicyCode>('POLICY_GIT_FAILED', `"${base}" is not a revision`);
    const { top, gitPath } = await topAndBase(run, cwd, base);
    const realCwd = await realpath(cwd);
    const toReal = (p: string): string => join(realCwd, relative(cwd, resolve(cwd, p)));
    const specs = paths.map(toReal).filter((p) => {
      const rel = relative(top, p);
      return !rel.startsWith('..') && !isAbsolute(rel);
    });
    if (specs.length === 0) return { changed: [], blobs: new Map(), cacheFile: gitPath };
    const [diff, untracked, tree] = await Promise.all([
      run(['diff', '--name-only', '--no-renames', '-z', base, '--', ...specs], top),
      run(['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', ...specs], top),
      withBlobs ? run(['ls-tree', '-r', '-z', '--full-name', base, '--', ...specs], top) : '',
    ]);
    // Names back in the caller's form; the common case (no symbolic link in cwd) without path arithmetic.
    const direct = realCwd === resolve(cwd) && sep === '/' && !top.endsWith('/');
    const back = (n: string): string => (direct ? `${top}/${n}` : join(cwd, relative(realCwd, join(top, n))));
    const changed = [...new Set([...names(diff), ...names(untracked)])];
    const blobs = new Map(blobNames(tree).map(([n, blob]) => [back(n), blob]));
    return { changed: changed.map(back), blobs, cacheFile: gitPath };
  };
  return {
    async changedFiles(base, paths) {
      return [...(await changes(base, paths, false)).changed];
    },
    changesWithBlobs: (base, paths) => changes(base, paths, true),
  };
}
