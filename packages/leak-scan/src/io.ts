/** What a scan-relative path is. Symlinks and special files are `other` and never followed. */
export type PathKind = 'file' | 'dir' | 'other' | 'missing';

/** Which content a scan reads and which lines it reports. */
export type ScanMode =
  /** Working-tree files: the given paths (folders walked), or every git-tracked file when none is given. */
  | { readonly kind: 'worktree' }
  /** Staged content (`git show :path`) of files changed in the index; only lines the staged diff adds. */
  | { readonly kind: 'staged' }
  /** Working-tree files changed since `base`; only lines added since `base` (positions in the current file). */
  | { readonly kind: 'diff'; readonly base: string };

export type DiffMode = Extract<ScanMode, { kind: 'staged' | 'diff' }>;

/**
 * The I/O port of `scanFiles`. Every path is relative to the scan root and
 * `/`-separated. `createNodeScanIo` is the real adapter (fs + git); tests may
 * pass in-memory ones.
 */
export interface ScanIo {
  stat(path: string): Promise<{ readonly kind: PathKind; readonly size: number }>;
  /** Entry names of a folder (not paths). */
  readDir(path: string): Promise<readonly string[]>;
  readFile(path: string): Promise<Uint8Array>;
  /** `git ls-files`: every tracked file under the root. */
  listTracked(): Promise<readonly string[]>;
  /** `git ls-files --others --exclude-standard`: untracked files `git add -A` would add (checked for leftover temp files). */
  listUntracked(): Promise<readonly string[]>;
  /**
   * Files added or modified in the index (`staged`) or since a base
   * (`diff`), each with the 1-based numbers of its added lines in the new content.
   */
  addedLines(mode: DiffMode): Promise<ReadonlyMap<string, readonly number[]>>;
  /** The staged content of a file (`git show :path`). */
  readStaged(path: string): Promise<Uint8Array>;
}
