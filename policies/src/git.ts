import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DocugenError } from '@docugen-secrets/core';
import type { DocugenPolicyCode } from './codes.js';
import { runGit, type RunGit } from './git-run.js';
import { statusChanges } from './git-status.js';

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
   * `changedFiles` for a run with a facts cache: answers at once where the
   * cache may be kept and the object id at `base` of each of `roots` (the
   * manifest folders), while the changes are still being listed, so the
   * caller can read its cache meanwhile.
   */
  atBase?(base: string, paths: readonly string[], roots: readonly string[]): Promise<BaseState>;
}

/** What `GitPort.atBase` answers. */
export interface BaseState {
  /** The facts cache file's absolute path inside the git dir. */
  readonly cacheFile: string;
  /** The object id (tree, or blob for a file) at the base revision of each root present there, by absolute path. */
  readonly objects: ReadonlyMap<string, string>;
  /** What `changedFiles` answers; rejects as it would. */
  readonly changed: Promise<readonly string[]>;
  /** The blob id at the base revision of every file under `roots` (some of the roots), by absolute path. */
  blobsUnder(roots: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

/** The facts cache's place inside the git dir (`git rev-parse --git-path`). */
export const FACTS_CACHE_GIT_PATH = 'docugen-secrets/facts-v2.json';

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

const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** Where the repository is, what `base` and HEAD are, and the object id at `base` of each root. */
interface BaseFacts {
  readonly top: string;
  readonly gitPath: string;
  readonly objects: readonly (string | undefined)[];
  /** Whether `base` is the commit checked out (then `git status` alone lists the changes). */
  readonly baseIsHead: boolean;
}

/**
 * `topAndBase` plus HEAD and the object id at `base` of each root, in one
 * process. Without `--verify` (it takes one name) and without
 * `--end-of-options` (older git prints it back): none of `base^{commit}` or
 * `base:./path` can read as an option, as `base` never starts with `-`. When
 * any of it fails (say a root that is not at `base`), `topAndBase` says what
 * went wrong and the roots go without object ids (not cached this run).
 */
async function topBaseAndObjects(run: RunGit, cwd: string, base: string, roots: readonly string[]): Promise<BaseFacts> {
  const args = ['rev-parse', '--show-toplevel', '--git-path', FACTS_CACHE_GIT_PATH, `${base}^{commit}`, 'HEAD'];
  const out = await run([...args, ...roots.map((r) => `${base}:./${r}`)], cwd).catch(() => undefined);
  const lines = out?.split('\n').map((l) => l.trim()) ?? [];
  const [top, gitPath, commit, head] = lines;
  if (top && gitPath && commit && OBJECT_ID.test(commit))
    return {
      top,
      gitPath: resolve(cwd, gitPath),
      baseIsHead: commit === head,
      objects: roots.map((_, i) => {
        const id = lines[4 + i];
        return id !== undefined && OBJECT_ID.test(id) ? id : undefined;
      }),
    };
  return { ...(await topAndBase(run, cwd, base)), objects: [], baseIsHead: false };
}

/** `git status` for `specs` (absolute): read-only (no index refresh written), untracked files listed one by one. */
function statusArgs(specs: readonly string[]): string[] {
  return [
    '--no-optional-locks',
    'status',
    '--porcelain',
    '-z',
    '--untracked-files=all',
    '--no-renames',
    '--',
    ...specs,
  ];
}

const diffArgs = (base: string, specs: readonly string[]): string[] => [
  'diff',
  '--name-only',
  '--no-renames',
  '-z',
  base,
  '--',
  ...specs,
];

/**
 * Repository-relative names of the files under `specs` that differ from
 * `base` or are untracked, from the `git status` started beside rev-parse:
 * alone when `base` is HEAD (plus `git diff HEAD` for paths status cannot
 * settle), else beside `git diff base`. Without a status answer (a spec
 * outside the repository), `git diff` and `git ls-files` as before.
 */
async function changedNames(
  run: RunGit,
  top: string,
  base: string,
  specs: readonly string[],
  status: string | undefined,
  baseIsHead: boolean,
): Promise<string[]> {
  if (specs.length === 0) return [];
  if (status === undefined) {
    const [diff, untracked] = await Promise.all([
      run(diffArgs(base, specs), top),
      run(['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', ...specs], top),
    ]);
    return [...new Set([...names(diff), ...names(untracked)])];
  }
  const s = statusChanges(status);
  if (!baseIsHead) return [...new Set([...names(await run(diffArgs(base, specs), top)), ...s.untracked])];
  const settled =
    s.unsure.length === 0
      ? ''
      : await run(
          diffArgs(
            'HEAD',
            s.unsure.map((p) => `:(top,literal)${p}`),
          ),
          top,
        );
  return [...new Set([...s.changed, ...names(settled), ...s.untracked])];
}

/** Runs `work` now but never lets its rejection go unhandled before the caller awaits it. */
function started<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined);
  return work;
}

/** The real git CLI, run in `cwd`. */
export function gitCli(cwd: string, run: RunGit = runGit): GitPort {
  const atBase = async (base: string, paths: readonly string[], roots: readonly string[]): Promise<BaseState> => {
    if (base.startsWith('-'))
      throw new DocugenError<DocugenPolicyCode>('POLICY_GIT_FAILED', `"${base}" is not a revision`);
    const realCwd = await realpath(cwd);
    const toReal = (p: string): string => join(realCwd, relative(cwd, resolve(cwd, p)));
    const rootNames = roots.map((r) => relative(realCwd, toReal(r)).split(sep).join('/'));
    const allSpecs = paths.map(toReal);
    // Started at once, beside rev-parse: each git process costs more than the check of many manifests.
    const status = allSpecs.length === 0 ? Promise.resolve('') : started(run(statusArgs(allSpecs), cwd));
    const { top, gitPath, objects, baseIsHead } = await topBaseAndObjects(run, cwd, base, rootNames);
    const inside = (p: string): boolean => {
      const rel = relative(top, p);
      return !rel.startsWith('..') && !isAbsolute(rel);
    };
    // Names back in the caller's form; the common case (no symbolic link in cwd) without path arithmetic.
    const direct = realCwd === resolve(cwd) && sep === '/' && !top.endsWith('/');
    const back = (n: string): string => (direct ? `${top}/${n}` : join(cwd, relative(realCwd, join(top, n))));
    const specs = allSpecs.filter(inside);
    const changed = status
      .catch(() => undefined)
      .then((out) => changedNames(run, top, base, specs, out, baseIsHead))
      .then((found) => found.map(back));
    const byRoot = new Map<string, string>();
    roots.forEach((r, i) => {
      const id = objects[i];
      if (id !== undefined) byRoot.set(r, id);
    });
    return {
      cacheFile: gitPath,
      objects: byRoot,
      changed: started(changed),
      async blobsUnder(under) {
        const real = under.map(toReal).filter(inside);
        if (real.length === 0) return new Map();
        const tree = await run(['ls-tree', '-r', '-z', '--full-name', base, '--', ...real], top);
        return new Map(blobNames(tree).map(([n, blob]) => [back(n), blob]));
      },
    };
  };
  return {
    async changedFiles(base, paths) {
      return [...(await (await atBase(base, paths, [])).changed)];
    },
    atBase,
  };
}
