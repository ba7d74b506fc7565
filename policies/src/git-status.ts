/**
 * What `git status --porcelain -z --no-renames` says about each path,
 * sorted by what `check --changed HEAD` needs: whether the working tree
 * differs from HEAD (what `git diff HEAD` lists) or the file is untracked.
 */
export interface StatusChanges {
  /** Paths (repository-relative) whose working tree surely differs from HEAD. */
  readonly changed: readonly string[];
  /** Untracked, not ignored paths (what `git ls-files --others --exclude-standard` lists). */
  readonly untracked: readonly string[];
  /**
   * Paths changed both in the index and in the working tree, or unmerged: the
   * working tree may be back at HEAD, so only `git diff HEAD` can say.
   */
  readonly unsure: readonly string[];
}

/** Unmerged states (both sides touched the path). */
const UNMERGED = new Set(['DD', 'AU', 'UD', 'UA', 'DU', 'AA', 'UU']);

/**
 * Sorts the entries of `git status --porcelain -z --no-renames` output
 * (`XY path`, X the index against HEAD, Y the working tree against the
 * index). One side unchanged means the other decides: the working tree
 * differs from HEAD. Both changed may cancel out (a staged edit reverted in
 * the working tree), so those are `unsure`.
 */
export function statusChanges(out: string): StatusChanges {
  const changed: string[] = [];
  const untracked: string[] = [];
  const unsure: string[] = [];
  for (const entry of out.split('\0')) {
    if (entry.length < 4 || entry[2] !== ' ') continue;
    const xy = entry.slice(0, 2);
    const path = entry.slice(3);
    if (xy === '??') untracked.push(path);
    else if (xy === '!!') continue;
    else if (!UNMERGED.has(xy) && (xy[0] === ' ' || xy[1] === ' ')) changed.push(path);
    else unsure.push(path);
  }
  return { changed, untracked, unsure };
}
